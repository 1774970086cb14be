// Token buckets in Redis, shared by every gateway replica: one atomic Lua script per request, timed by the Redis server's clock.
import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import type { Logger } from '../../runtime/logger.ts';
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

/** How long a request waits for Redis before falling back to this process's own buckets. */
const REDIS_TIMEOUT_MS = 250;

export class RedisTokenBuckets implements TokenBuckets {
  readonly kind = 'redis' as const;
  private readonly client: ReturnType<typeof createClient>;
  private readonly fallback = new MemoryTokenBuckets();
  private readonly prefix: string;
  private readonly logger: Logger;
  private warnedAt = 0;

  constructor(url: string, prefix: string, logger: Logger) {
    this.prefix = prefix;
    this.logger = logger;
    // No offline queue: while Redis is away, requests use local buckets instead of waiting.
    this.client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) } });
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
      const reply = (await withTimeout(this.run(`${this.prefix}${key}`, settings), REDIS_TIMEOUT_MS)) as number[];
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
    try {
      if (this.client.isOpen) await this.client.close();
    } catch {
      this.client.destroy();
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]);
}
