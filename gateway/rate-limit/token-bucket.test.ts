// The token bucket's arithmetic (shared with the Redis script): burst, refill, Retry-After.
import { describe, expect, it } from 'vitest';
import { takeFrom } from './token-bucket.ts';

describe('token bucket', () => {
  it('allows a burst of `capacity`, then refuses with the seconds until a token is back', () => {
    const settings = { capacity: 3, refillPerSecond: 0.5 };
    let bucket;
    const results = [];
    for (let i = 0; i < 4; i++) {
      const taken = takeFrom(bucket, settings, 1_000);
      bucket = taken.bucket;
      results.push(taken.result);
    }
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3].retryAfterSeconds).toBe(2);
    // two seconds later one token is back
    expect(takeFrom(bucket, settings, 3_000).result.allowed).toBe(true);
  });

  it('never holds more than its capacity', () => {
    const { bucket } = takeFrom({ tokens: 0, at: 0 }, { capacity: 2, refillPerSecond: 100 }, 60_000);
    expect(bucket.tokens).toBe(1);
  });
});
