// One call policy for every remote dependency: timeout within a deadline, budgeted retries of idempotent calls, a breaker.
import { BreakerOpenError, createBreaker, DEFAULT_BREAKER, type BreakerSettings, type BreakerState } from './breaker.ts';
import { DEFAULT_RETRY_BUDGET, RetryBudget, type RetryBudgetSettings } from './retry-budget.ts';

export type FailureReason = 'timeout' | 'breaker_open' | 'error';

export interface CallPolicySettings {
  timeoutMs: number;
  /** Extra attempts for an idempotent call that failed (within the retry budget and the deadline). */
  retries: number;
  breaker: BreakerSettings;
  retryBudget: RetryBudgetSettings;
}

export const DEFAULT_CALL_POLICY: CallPolicySettings = {
  timeoutMs: 2_000,
  retries: 1,
  breaker: DEFAULT_BREAKER,
  retryBudget: DEFAULT_RETRY_BUDGET,
};

export interface CallObserver {
  onState?(dependency: string, state: BreakerState): void;
  onRetry?(dependency: string): void;
  onFailure?(dependency: string, reason: FailureReason): void;
}

export class CallTimeoutError extends Error {
  constructor(dependency: string, ms: number) {
    super(`"${dependency}" did not answer within ${ms} ms`);
    this.name = 'CallTimeoutError';
  }
}

export function failureReason(error: unknown): FailureReason {
  if (error instanceof BreakerOpenError) return 'breaker_open';
  if (error instanceof CallTimeoutError) return 'timeout';
  const e = error as { name?: string; code?: string; timedOut?: boolean } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.timedOut || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  return 'error';
}

/**
 * Calls one dependency under a timeout, budgeted retries and a circuit breaker.
 *
 * `timeoutMs` bounds the whole call, retries included, and never reaches past the caller's
 * deadline: a retry only uses time the first attempt left (a refused connection fails in
 * a millisecond and is worth retrying; a hung one spends the budget and is not retried).
 * Each attempt gets an AbortSignal that fires when that time is up.
 */
export class CallPolicy {
  readonly dependency: string;
  private readonly settings: CallPolicySettings;
  private readonly budget: RetryBudget;
  private readonly breaker: ReturnType<typeof createBreaker<[() => Promise<unknown>], unknown>>;
  private readonly observer: CallObserver;

  constructor(dependency: string, settings: Partial<CallPolicySettings> = {}, observer: CallObserver = {}) {
    this.dependency = dependency;
    this.settings = { ...DEFAULT_CALL_POLICY, ...settings };
    this.budget = new RetryBudget(this.settings.retryBudget);
    this.observer = observer;
    this.breaker = createBreaker(dependency, (attempt: () => Promise<unknown>) => attempt(), this.settings.breaker, {
      onState: (state) => observer.onState?.(dependency, state),
    });
  }

  state(): BreakerState {
    return this.breaker.state();
  }

  async run<T>(call: (signal: AbortSignal) => Promise<T>, options: { idempotent: boolean; deadline?: number }): Promise<T> {
    this.budget.recordRequest();
    const until = Math.min(Date.now() + this.settings.timeoutMs, options.deadline ?? Infinity);
    for (let attempt = 0; ; attempt++) {
      const timeoutMs = Math.max(1, until - Date.now());
      try {
        return (await this.breaker.fire(() => withTimeout(this.dependency, timeoutMs, call))) as T;
      } catch (error) {
        const reason = failureReason(error);
        const canRetry =
          options.idempotent &&
          reason !== 'breaker_open' &&
          attempt < this.settings.retries &&
          until - Date.now() > 10 &&
          this.budget.tryRetry();
        if (!canRetry) {
          this.observer.onFailure?.(this.dependency, reason);
          throw error;
        }
        this.observer.onRetry?.(this.dependency);
      }
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

async function withTimeout<T>(dependency: string, ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new CallTimeoutError(dependency, ms));
      reject(new CallTimeoutError(dependency, ms));
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
