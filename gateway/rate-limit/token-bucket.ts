// Token buckets per client: the port, and the in-memory implementation (one process; Redis shares buckets between replicas).
import { LRUCache } from 'lru-cache';
import type { RateLimitSettings } from '../policy-defaults.ts';

export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until one token is back (when refused). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface TokenBuckets {
  readonly kind: 'memory' | 'redis';
  take(key: string, settings: RateLimitSettings): Promise<TakeResult>;
  close(): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Refill by elapsed time, then take one token if there is one: the same arithmetic as the Redis script. */
export function takeFrom(bucket: Bucket | undefined, settings: RateLimitSettings, now: number): { bucket: Bucket; result: TakeResult } {
  const { capacity, refillPerSecond } = settings;
  let tokens = bucket ? Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) * refillPerSecond) / 1000) : capacity;
  let allowed = false;
  let retryAfterSeconds = 0;
  if (tokens >= 1) {
    tokens -= 1;
    allowed = true;
  } else {
    retryAfterSeconds = refillPerSecond > 0 ? Math.max(1, Math.ceil((1 - tokens) / refillPerSecond)) : 3_600;
  }
  return { bucket: { tokens, at: now }, result: { allowed, retryAfterSeconds, remaining: Math.floor(tokens) } };
}

export class MemoryTokenBuckets implements TokenBuckets {
  readonly kind = 'memory' as const;
  private readonly buckets = new LRUCache<string, Bucket>({ max: 100_000 });

  async take(key: string, settings: RateLimitSettings): Promise<TakeResult> {
    return this.takeNow(key, settings);
  }

  takeNow(key: string, settings: RateLimitSettings): TakeResult {
    const { bucket, result } = takeFrom(this.buckets.get(key), settings, Date.now());
    this.buckets.set(key, bucket);
    return result;
  }

  async close(): Promise<void> {}
}
