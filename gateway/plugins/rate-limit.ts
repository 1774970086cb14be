// Governance plugin: a token bucket per client (API key or JWT subject), in memory or in Redis (REDIS_URL); over the limit is HTTP 429 with Retry-After.
import type { Logger } from '../../runtime/logger.ts';
import type { PolicyConfig } from '../policy-config.ts';
import { PolicyCode, policyError } from '../policy-error.ts';
import { RedisTokenBuckets } from '../rate-limit/redis-bucket.ts';
import { MemoryTokenBuckets, type TokenBuckets } from '../rate-limit/token-bucket.ts';
import type { GovernancePlugin } from './hooks.ts';

export function createTokenBuckets(config: PolicyConfig, logger: Logger): TokenBuckets {
  return config.redisUrl ? new RedisTokenBuckets(config.redisUrl, config.rateLimitPrefix, logger) : new MemoryTokenBuckets();
}

export function rateLimitPlugin(buckets: TokenBuckets): GovernancePlugin {
  return {
    name: 'rate-limit',
    async onRequest({ governance }) {
      const { principal } = governance;
      const settings = principal.profile.rateLimit;
      if (!settings) return;
      const taken = await buckets.take(principal.id, settings);
      if (taken.allowed) return;
      throw policyError(
        PolicyCode.RATE_LIMITED,
        `Rate limit exceeded: at most ${settings.capacity} requests at once and ${settings.refillPerSecond} per second; retry in ${taken.retryAfterSeconds} s`,
        429,
        { retryAfterSeconds: taken.retryAfterSeconds },
        { 'retry-after': String(taken.retryAfterSeconds) },
      );
    },
    close: () => buckets.close(),
  };
}
