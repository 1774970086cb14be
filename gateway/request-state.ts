// What the gateway tracks about one request besides its GraphQL context: id, deadline, degraded sources, subgraph timings.
import { randomUUID } from 'node:crypto';
import type { FailureReason } from '../runtime/resilience/call-policy.ts';
import { contextSlot } from './context-slot.ts';

export interface DegradedSource {
  /** A subgraph ("erp"), or a legacy system behind a healthy subgraph ("crm" reported by the crm subgraph). */
  source: string;
  kind: 'subgraph' | 'legacy-system';
  reason: FailureReason;
}

export interface RequestState {
  id: string;
  startedAt: number;
  /** Epoch ms after which no subgraph call is started or waited for. */
  deadline: number;
  degraded: Map<string, DegradedSource>;
  /** Each subgraph fetch: start and end (performance.now() ms), for the overhead measurement and Server-Timing. */
  fetches: { subgraph: string; start: number; end: number }[];
}

export function createRequestState(requestTimeoutMs: number, incomingId?: string): RequestState {
  const startedAt = Date.now();
  return {
    id: incomingId && /^[\w.-]{1,64}$/.test(incomingId) ? incomingId : randomUUID(),
    startedAt,
    deadline: startedAt + requestTimeoutMs,
    degraded: new Map(),
    fetches: [],
  };
}

/** The request state rides on the GraphQL context object, out of the way of policy plugins. */
const slot = contextSlot<RequestState>('singleview.requestState');

export const attachRequestState = slot.attach;
export const requestStateOf = slot.of;

export function noteDegraded(state: RequestState | undefined, source: DegradedSource): void {
  if (!state) return;
  const key = `${source.kind}:${source.source}`;
  if (!state.degraded.has(key)) state.degraded.set(key, source);
}

/**
 * Milliseconds during which at least one subgraph fetch was in flight: the request's
 * critical path through the subgraphs. The rest of the request's time is the gateway's own.
 */
export function timeInSubgraphs(fetches: RequestState['fetches']): number {
  if (fetches.length === 0) return 0;
  const sorted = [...fetches].sort((a, b) => a.start - b.start);
  let covered = 0;
  let from = sorted[0].start;
  let to = sorted[0].end;
  for (const fetch of sorted.slice(1)) {
    if (fetch.start > to) {
      covered += to - from;
      from = fetch.start;
    }
    to = Math.max(to, fetch.end);
  }
  return covered + (to - from);
}
