// Keeps every cluster worker's entity cache in step: an invalidation in one worker (the route, a mutation) reaches the others.
//
// Each gateway worker (GATEWAY_WORKERS, one per CPU in production) holds its own cache, and
// an HTTP request or a mutation reaches only one of them. The worker that drops entries
// tells the primary over the cluster IPC channel, and the primary relays the message to
// every other worker, which drops the same entries. Without a cluster this does nothing.
import cluster from 'node:cluster';
import type { InvalidationTarget } from './entity-cache.ts';

const MESSAGE_TYPE = 'singleview:entity-cache:invalidate';

interface InvalidationMessage {
  type: typeof MESSAGE_TYPE;
  target: InvalidationTarget;
}

const isInvalidation = (message: unknown): message is InvalidationMessage =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === MESSAGE_TYPE;

/** The IPC side of a worker process (`process` in a cluster worker). */
export interface WorkerChannel {
  send?(message: unknown): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** This process's channel to the cluster primary: only a cluster worker has one (a test runner's IPC is not it). */
export function workerChannel(): WorkerChannel | undefined {
  return cluster.isWorker ? process : undefined;
}

/**
 * In a worker: calls `drop` for invalidations other workers made, and returns the function
 * that tells the others about one made here. Outside a cluster (no IPC channel) it tells no one.
 */
export function shareInvalidations(channel: WorkerChannel | undefined, drop: (target: InvalidationTarget) => void): (target: InvalidationTarget) => void {
  const send = channel?.send?.bind(channel);
  if (!channel || !send) return () => {};
  channel.on('message', (message) => {
    if (isInvalidation(message)) drop(message.target);
  });
  return (target) => void send({ type: MESSAGE_TYPE, target } satisfies InvalidationMessage);
}

/** A cluster worker as the primary sees it. */
interface PeerWorker {
  send(message: unknown): unknown;
}

/** In the primary: relays one worker's invalidation to every other worker. */
export function relayInvalidation(from: PeerWorker, message: unknown, workers: Iterable<PeerWorker | undefined>): void {
  if (!isInvalidation(message)) return;
  for (const worker of workers) if (worker && worker !== from) worker.send(message);
}
