// Reads a call policy (timeout, retries, breaker) from environment settings that share a prefix, e.g. SUBGRAPH_ERP_ or LEGACY_.
import { readInt } from '../config.ts';
import { DEFAULT_BREAKER } from './breaker.ts';
import { DEFAULT_CALL_POLICY, type CallPolicySettings } from './call-policy.ts';

type Env = Record<string, string | undefined>;

/** `<prefix>TIMEOUT_MS`, `<prefix>RETRIES`, `<prefix>BREAKER_ERROR_PERCENT`, `<prefix>BREAKER_RESET_MS`, `<prefix>BREAKER_VOLUME`, `<prefix>BREAKER_WINDOW_MS`. */
export function readCallPolicy(env: Env, prefix: string, fallback: Partial<CallPolicySettings> = {}): Partial<CallPolicySettings> {
  const base = { ...DEFAULT_CALL_POLICY, ...fallback };
  const breaker = { ...DEFAULT_BREAKER, ...base.breaker };
  return {
    timeoutMs: readInt(env, `${prefix}TIMEOUT_MS`, base.timeoutMs, 1, 600_000),
    retries: readInt(env, `${prefix}RETRIES`, base.retries, 0, 5),
    breaker: {
      errorThresholdPercentage: readInt(env, `${prefix}BREAKER_ERROR_PERCENT`, breaker.errorThresholdPercentage, 1, 100),
      resetTimeoutMs: readInt(env, `${prefix}BREAKER_RESET_MS`, breaker.resetTimeoutMs, 10, 600_000),
      volumeThreshold: readInt(env, `${prefix}BREAKER_VOLUME`, breaker.volumeThreshold, 1, 100_000),
      rollingWindowMs: readInt(env, `${prefix}BREAKER_WINDOW_MS`, breaker.rollingWindowMs, 100, 600_000),
    },
  };
}
