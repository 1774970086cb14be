// Token buckets in Redis, shared by every gateway replica: one atomic Lua script per request, timed by the Redis server's clock.
import { createHash } from 'node:crypto';
import type * as Redis from '@redis/client';
import type { Logger } from '../../runtime/logger.ts';
import { loadOptional } from '../../runtime/optional-module.ts';
import { CallPolicy } from '../../runtime/resilience/call-policy.ts';
import type { RateLimitSettings } from '../policy-defaults.ts';
import { MemoryTokenBuckets, type TakeResult, type TokenBuckets } from './token-bucket.ts';

const TAKE = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
else
  tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
end
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
elseif rate > 0 then
  wait = math.max(1, math.ceil((1 - tokens) / rate))
else
  wait = 3600
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
local ttl = 60000
if rate > 0 then ttl = math.ceil(capacity / rate * 1000) + 1000 end
redis.call('PEXPIRE', KEYS[1], ttl)
return { allowed, wait, math.floor(tokens) }
`;
const TAKE_SHA = createHash('sha1').update(TAKE).digest('hex');

/**
 * How long a request waits for Redis before it falls back to this process's own buckets. No
 * retry (taking a token is not idempotent); after repeated failures the breaker sends requests
 * to the fallback at once, so a Redis that hangs costs a few requests 250 ms, not every one.
 */
const REDIS_CALL_POLICY = { timeoutMs: 250, retries: 0 };
/** How long close() lets pending replies arrive before it cuts the connection. */
const CLOSE_GRACE_MS = 500;

export class RedisTokenBuckets implements TokenBuckets {
  readonly kind = 'redis' as const;
  private readonly client: ReturnType<typeof Redis.createClient>;
  private readonly fallback = new MemoryTokenBuckets();
  private readonly policy = new CallPolicy('redis-rate-limit', REDIS_CALL_POLICY);
  private readonly prefix: string;
  private readonly logger: Logger;
  private warnedAt = 0;

  constructor(url: string, prefix: string, logger: Logger) {
    this.prefix = prefix;
    this.logger = logger;
    // No offline queue: while Redis is away, requests use local buckets instead of waiting.
    // The driver loads with the first Redis bucket: a gateway without REDIS_URL never loads it.
    this.client = loadOptional<typeof Redis>('@redis/client').createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) } });
    this.client.on('error', (error: Error) => this.warn(error));
    this.client.connect().catch((error: Error) => this.warn(error));
  }

  /** Resolves once connected (for tests and start-up checks); never rejects. */
  async ready(timeoutMs = 2_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.client.isReady && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.client.isReady;
  }

  async take(key: string, settings: RateLimitSettings): Promise<TakeResult> {
    if (!this.client.isReady) return this.fallback.takeNow(key, settings);
    try {
      const reply = (await this.policy.run(() => this.run(`${this.prefix}${key}`, settings), { idempotent: false })) as number[];
      return { allowed: reply[0] === 1, retryAfterSeconds: Number(reply[1]), remaining: Number(reply[2]) };
    } catch (error) {
      this.warn(error as Error);
      return this.fallback.takeNow(key, settings);
    }
  }

  private async run(key: string, settings: RateLimitSettings): Promise<unknown> {
    const options = { keys: [key], arguments: [String(settings.capacity), String(settings.refillPerSecond)] };
    try {
      return await this.client.evalSha(TAKE_SHA, options);
    } catch (error) {
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      return this.client.eval(TAKE, options);
    }
  }

  private warn(error: Error): void {
    if (Date.now() - this.warnedAt < 30_000) return;
    this.warnedAt = Date.now();
    this.logger.warn({ reason: error.message }, 'rate-limit store (Redis) unavailable: limiting per process until it is back');
  }

  async close(): Promise<void> {
    this.policy.shutdown();
    if (!this.client.isOpen) return;
    // A graceful close waits for the replies in flight, which a hanging Redis never sends: give it a moment, then cut the connection.
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      this.client.close().then(() => true, () => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (!closed) this.client.destroy();
  }
}
