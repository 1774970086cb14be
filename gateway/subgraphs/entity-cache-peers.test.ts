// Invalidations cross cluster workers: one worker's drop reaches every other worker through the primary, and nothing else is relayed.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EntityCache, type InvalidationTarget } from './entity-cache.ts';
import { relayInvalidation, shareInvalidations } from './entity-cache-peers.ts';

/** A worker's IPC channel: what it sends goes to the primary; what the primary sends arrives as 'message'. */
class FakeWorker extends EventEmitter {
  private readonly primary: (from: FakeWorker, message: unknown) => void;
  constructor(primary: (from: FakeWorker, message: unknown) => void) {
    super();
    this.primary = primary;
  }
  send(message: unknown) {
    this.primary(this, message);
    return true;
  }
  /** The primary's handle on this worker: delivers a message to it. */
  readonly handle = { send: (message: unknown) => this.emit('message', structuredClone(message)) };
}

describe('entity cache invalidation across workers', () => {
  it('drops the same entries in every worker, once each', () => {
    const workers: FakeWorker[] = [];
    const primary = (from: FakeWorker, message: unknown) => relayInvalidation(from.handle, message, workers.map((w) => w.handle));
    const dropped: InvalidationTarget[][] = [[], [], []];
    const share = [0, 1, 2].map((i) => {
      const worker = new FakeWorker(primary);
      workers.push(worker);
      return shareInvalidations(worker, (target) => dropped[i].push(target));
    });
    share[1]({ typename: 'Customer', id: 'c1' });
    expect(dropped).toEqual([[{ typename: 'Customer', id: 'c1' }], [], [{ typename: 'Customer', id: 'c1' }]]);
  });

  it('relays nothing but invalidations, and shares nothing outside a cluster', () => {
    const received: unknown[] = [];
    relayInvalidation({ send: () => {} }, { type: 'other' }, [{ send: (m) => received.push(m) }]);
    expect(received).toEqual([]);
    const alone = new EventEmitter();
    expect(() => shareInvalidations(alone, () => {})({})).not.toThrow();
  });

  it('tells the peers what the cache drops, and drops a peer\'s invalidation locally without echoing it', () => {
    const told: InvalidationTarget[] = [];
    const cache = new EntityCache({ ttlMs: 60_000, maxBytes: 1_000_000, subgraphs: null });
    cache.sharesInvalidationsWith((target) => told.push(target));
    cache.invalidate({ subgraph: 'crm' });
    cache.dropLocal({ subgraph: 'erp' });
    expect(told).toEqual([{ subgraph: 'crm' }]);
  });
});
