// A retry budget (as in Finagle and Envoy): retries may add at most a fixed share of traffic, so they cannot amplify an outage.

export interface RetryBudgetSettings {
  /** Retries allowed per request made, e.g. 0.1 = at most 10% extra load. */
  ratio: number;
  /** Retries always allowed per second, so that a quiet service can still retry. */
  minPerSecond: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetSettings = { ratio: 0.1, minPerSecond: 2 };

export class RetryBudget {
  private readonly settings: RetryBudgetSettings;
  private tokens: number;
  private lastRefill = Date.now();

  constructor(settings: RetryBudgetSettings = DEFAULT_RETRY_BUDGET) {
    this.settings = settings;
    this.tokens = settings.minPerSecond;
  }

  /** Every first attempt deposits `ratio` of a retry. */
  recordRequest(): void {
    this.refill();
    this.tokens = Math.min(this.tokens + this.settings.ratio, this.cap());
  }

  /** Take one retry from the budget; false when it is spent. */
  tryRetry(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(): void {
    const now = Date.now();
    const seconds = (now - this.lastRefill) / 1000;
    if (seconds <= 0) return;
    this.lastRefill = now;
    this.tokens = Math.min(this.tokens + seconds * this.settings.minPerSecond, this.cap());
  }

  /** Unused budget does not pile up into a retry storm later. */
  private cap(): number {
    return Math.max(this.settings.minPerSecond, 10);
  }
}
