// Load that reads every answer: open loop at a fixed rate, or closed loop at full speed, each answer checked for errors.
//
// Fixed rates: request i is due at start + i/rate, whatever the answers before it, and its
// latency counts from that due time (no coordinated omission). autocannon's overallRate /
// connectionRate is not used for this: its limiter hands each connection its whole
// per-second budget at the top of every second, so "200 req/s" would arrive in bursts.
// Every answer is read: a 200 whose body carries GraphQL errors (a timeout, an open
// breaker) is a failure, with its extensions.code as the reason.
import { Pool } from 'undici';
import type { RequestFactory } from './closed-load.ts';
import { timingFromBody, timingFromHeader, type GatewayTiming } from './gateway-timing.ts';
import { summarize, type LatencySummary } from './stats.ts';

export interface CheckedLoadResult {
  sent: number;
  /** Answers received (failed ones included) before the end of the run. */
  completed: number;
  achievedRps: number;
  latency: LatencySummary;
  /** Non-2xx answers, transport errors, answers carrying GraphQL errors, and requests unanswered at the end. */
  failures: number;
  /** Requests still unanswered after the drain: the target could not keep up. */
  unanswered: number;
  /** Why requests failed: HTTP status, transport error, or the GraphQL errors' extensions.code. */
  failureReasons: Record<string, number>;
  /** The gateway's own timing, for the answers that carried one. */
  timings: GatewayTiming[];
}

/** Sends requests on a keep-alive pool and records what comes back. */
class Recorder {
  readonly pool: Pool;
  readonly path: string;
  readonly latencies: number[] = [];
  readonly timings: GatewayTiming[] = [];
  readonly failureReasons: Record<string, number> = {};
  /** Requests in flight: request number → due time. */
  readonly pending = new Map<number, number>();
  readonly request: RequestFactory;
  failures = 0;
  sent = 0;
  finished = false;

  constructor(url: string, connections: number, request: RequestFactory) {
    const parsed = new URL(url);
    this.path = parsed.pathname;
    this.request = request;
    this.pool = new Pool(parsed.origin, { connections, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
  }

  private fail(reason: string): void {
    this.failures++;
    this.failureReasons[reason] = (this.failureReasons[reason] ?? 0) + 1;
  }

  /** Send request i, due at `due` (performance.now() time); resolves when it is answered or failed. */
  async send(i: number, due: number): Promise<void> {
    const { headers, body } = this.request(i);
    this.sent++;
    this.pending.set(i, due);
    try {
      const response = await this.pool.request({ path: this.path, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const text = await response.body.text();
      if (this.finished) return;
      this.latencies.push(performance.now() - due);
      if (response.statusCode !== 200) this.fail(`HTTP ${response.statusCode}`);
      else if (text.includes('"errors"')) this.fail(graphQLErrorCodes(text));
      const timing = timingFromHeader(response.headers['server-timing']) ?? (text.includes('"timing"') ? timingFromBody(JSON.parse(text)) : undefined);
      if (timing) this.timings.push(timing);
    } catch {
      if (this.finished) return;
      this.latencies.push(performance.now() - due);
      this.fail('transport error');
    } finally {
      this.pending.delete(i);
    }
  }

  /** Wait for answers in flight up to the deadline; what is still unanswered failed, and was at least that slow. */
  async finish(start: number, drainSeconds: number): Promise<CheckedLoadResult> {
    const deadline = performance.now() + drainSeconds * 1_000;
    while (this.pending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.finished = true;
    const now = performance.now();
    const completed = this.latencies.length;
    const unanswered = this.pending.size;
    for (const due of this.pending.values()) this.latencies.push(now - due);
    await this.pool.destroy();
    return {
      sent: this.sent,
      completed,
      achievedRps: completed / ((now - start) / 1_000),
      latency: summarize(this.latencies),
      failures: this.failures + unanswered,
      unanswered,
      failureReasons: unanswered > 0 ? { ...this.failureReasons, unanswered } : { ...this.failureReasons },
      timings: this.timings,
    };
  }
}

export interface PacedLoadOptions {
  url: string;
  rate: number;
  seconds: number;
  request: RequestFactory;
  /** Keep-alive connections the sender may open (requests queue when all are busy). */
  connections?: number;
  /** After the last request is due, how long answers may still arrive (default: the run's length, at least 2 s). */
  drainSeconds?: number;
}

export interface PacedLoadResult extends CheckedLoadResult {
  rate: number;
}

/** Open loop: `rate` evenly spaced requests per second for `seconds`. */
export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const recorder = new Recorder(options.url, options.connections ?? 128, options.request);
  const total = Math.round(options.rate * options.seconds);
  const interval = 1_000 / options.rate;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        void recorder.send(next, start + next * interval);
        next++;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  return { rate: options.rate, ...(await recorder.finish(start, options.drainSeconds ?? Math.max(2, options.seconds))) };
}

/** Closed loop: `connections` clients, each sending its next request when the last is answered, for `seconds`. */
export async function saturatingLoad(options: { url: string; connections: number; seconds: number; request: RequestFactory }): Promise<CheckedLoadResult> {
  const recorder = new Recorder(options.url, options.connections, options.request);
  const start = performance.now();
  const end = start + options.seconds * 1_000;
  let next = 0;
  const client = async () => {
    while (performance.now() < end) await recorder.send(next++, performance.now());
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  // Every client waited for its last answer, so nothing is pending.
  return recorder.finish(start, 0);
}

/** The distinct extensions.code values of an answer's GraphQL errors, e.g. "UPSTREAM_TIMEOUT". */
function graphQLErrorCodes(text: string): string {
  try {
    const errors = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
    return [...new Set(errors.map((e) => e.extensions?.code ?? 'no code'))].sort().join('+') || 'errors';
  } catch {
    return 'unparsable answer';
  }
}
