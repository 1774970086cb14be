// Token buckets in Redis: two instances (as two replicas would) share one bucket; without Redis each falls back to its own.
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
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

/**
 * A Redis that connects and then hangs: it answers every command with +OK except the
 * token-bucket script (EVALSHA / EVAL), which it never answers.
 */
async function hangingRedis(): Promise<{ url: string; scripts: () => number; close: () => Promise<void> }> {
  let scripts = 0;
  const server: Server = createServer((socket) => {
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const command = nextCommand(buffer);
        if (!command) return;
        buffer = buffer.slice(command.length);
        if (command.name === 'EVALSHA' || command.name === 'EVAL') scripts++;
        else socket.write('+OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    scripts: () => scripts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One complete RESP command (an array of bulk strings) at the start of the buffer: its name and length, or null. */
function nextCommand(buffer: string): { name: string; length: number } | null {
  let at = buffer.indexOf('\r\n');
  if (!buffer.startsWith('*') || at === -1) return null;
  const count = Number(buffer.slice(1, at));
  at += 2;
  let name = '';
  for (let i = 0; i < count; i++) {
    const end = buffer.indexOf('\r\n', at);
    if (end === -1) return null;
    const size = Number(buffer.slice(at + 1, end));
    if (buffer.length < end + 2 + size + 2) return null;
    if (i === 0) name = buffer.slice(end + 2, end + 2 + size).toUpperCase();
    at = end + 2 + size + 2;
  }
  return { name, length: at };
}

describe('RedisTokenBuckets with a Redis that hangs', () => {
  it('waits for it only until the breaker opens, then limits per process at once', async () => {
    const redisServer = await hangingRedis();
    const buckets = new RedisTokenBuckets(redisServer.url, 'x:', logger);
    try {
      expect(await buckets.ready()).toBe(true);
      const settings = { capacity: 3, refillPerSecond: 0.01 };
      const started = performance.now();
      const results = [];
      for (let i = 0; i < 20; i++) results.push((await buckets.take('c', settings)).allowed);
      const elapsed = performance.now() - started;
      // Every answer came from the local buckets, which still limit.
      expect(results).toEqual([true, true, true, ...Array(17).fill(false)]);
      // Only the first few requests reached Redis and waited 250 ms each; 20 waits would be 5 s.
      expect(redisServer.scripts()).toBeGreaterThanOrEqual(1);
      expect(redisServer.scripts()).toBeLessThanOrEqual(6);
      expect(elapsed).toBeLessThan(2_500);
    } finally {
      await buckets.close();
      await redisServer.close();
    }
  });
});
