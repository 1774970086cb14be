// Token buckets in Redis: two instances (as two replicas would) share one bucket; without Redis each falls back to its own.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../runtime/logger.ts';
import { redis } from '../../test/support/services.ts';
import { RedisTokenBuckets } from './redis-bucket.ts';

const server = redis();
const logger = createLogger('test', 'silent');

describe.skipIf(!server.url)('RedisTokenBuckets', () => {
  const prefix = `singleview-test:${randomUUID()}:`;
  const a = new RedisTokenBuckets(server.url!, prefix, logger);
  const b = new RedisTokenBuckets(server.url!, prefix, logger);
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('shares one bucket between instances', async () => {
    expect(await a.ready()).toBe(true);
    expect(await b.ready()).toBe(true);
    const settings = { capacity: 3, refillPerSecond: 0.01 };
    const results = [];
    for (const buckets of [a, b, a, b, a]) results.push(await buckets.take('client-1', settings));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results[3].retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // another client has a bucket of its own
    expect((await b.take('client-2', settings)).allowed).toBe(true);
  });
});

describe('RedisTokenBuckets without Redis', () => {
  it('limits per process instead of failing or waiting', async () => {
    const buckets = new RedisTokenBuckets('redis://127.0.0.1:1', 'x:', logger);
    const started = performance.now();
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await buckets.take('c', { capacity: 2, refillPerSecond: 0.01 })).allowed);
    expect(results).toEqual([true, true, false]);
    expect(performance.now() - started).toBeLessThan(1_000);
    await buckets.close();
  });
});
