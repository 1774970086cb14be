// Circuit breakers (opossum) with Singleview's defaults: fail fast while a dependency is down, probe for recovery.
import CircuitBreaker from 'opossum';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSettings {
  /** Failure percentage over the rolling window that opens the breaker. */
  errorThresholdPercentage: number;
  /** How long the breaker stays open before one probe call is let through. */
  resetTimeoutMs: number;
  /** Calls needed in the window before the breaker may open at all. */
  volumeThreshold: number;
  /** Length of the rolling statistics window. */
  rollingWindowMs: number;
}

export const DEFAULT_BREAKER: BreakerSettings = {
  errorThresholdPercentage: 50,
  resetTimeoutMs: 1_000,
  volumeThreshold: 5,
  rollingWindowMs: 10_000,
};

/** The error a call gets while the breaker is open: it never reached the dependency. */
export class BreakerOpenError extends Error {
  readonly breaker: string;
  constructor(breaker: string) {
    super(`Circuit breaker "${breaker}" is open`);
    this.name = 'BreakerOpenError';
    this.breaker = breaker;
  }
}

/**
 * A breaker around `call`. Timeouts are the caller's (so that the socket is released with
 * the deadline); the breaker counts them as failures like any other rejection, except
 * those `isClientError` says were the caller's fault.
 */
export function createBreaker<A extends unknown[], R>(
  name: string,
  call: (...args: A) => Promise<R>,
  settings: BreakerSettings = DEFAULT_BREAKER,
  hooks: { onState?: (state: BreakerState) => void; isClientError?: (error: unknown) => boolean } = {},
): { fire(...args: A): Promise<R>; state(): BreakerState; shutdown(): void } {
  const breaker = new CircuitBreaker(call, {
    name,
    timeout: false,
    errorThresholdPercentage: settings.errorThresholdPercentage,
    resetTimeout: settings.resetTimeoutMs,
    volumeThreshold: settings.volumeThreshold,
    rollingCountTimeout: settings.rollingWindowMs,
    rollingCountBuckets: 10,
    errorFilter: hooks.isClientError,
  });
  const state = (): BreakerState => (breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed');
  if (hooks.onState) {
    breaker.on('open', () => hooks.onState!(state()));
    breaker.on('halfOpen', () => hooks.onState!(state()));
    breaker.on('close', () => hooks.onState!(state()));
    hooks.onState('closed');
  }
  return {
    async fire(...args: A): Promise<R> {
      try {
        return (await breaker.fire(...args)) as R;
      } catch (error) {
        if ((error as { code?: string }).code === 'EOPENBREAKER') throw new BreakerOpenError(name);
        throw error;
      }
    },
    state,
    shutdown: () => breaker.shutdown(),
  };
}
