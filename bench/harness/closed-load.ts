// Closed-loop load with autocannon: N connections, each sends its next request as soon as the last answer arrives.
import autocannon from 'autocannon';
import { summarize, type LatencySummary } from './stats.ts';

/** Builds request number i: its headers (a unique Authorization among them) and JSON body. */
export type RequestFactory = (i: number) => { headers: Record<string, string>; body: string };

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  latency: LatencySummary;
  /** Non-2xx answers, connection errors and timeouts: any of them makes the run suspect. */
  failures: number;
  /** Response bytes per request, headers included (a check that full answers kept coming). */
  bytesPerResponse: number;
}

export interface ClosedLoadOptions {
  url: string;
  connections: number;
  seconds: number;
  request: RequestFactory;
  timeoutSeconds?: number;
}

export async function closedLoad(options: ClosedLoadOptions): Promise<LoadResult> {
  let counter = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: options.timeoutSeconds ?? 30,
    method: 'POST',
    requests: [
      {
        // Called for every request: a fresh Authorization header (and body) each time.
        setupRequest: (request) => {
          const next = options.request(counter++);
          return { ...request, method: 'POST', headers: { 'content-type': 'application/json', ...next.headers }, body: next.body };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  const requests = latencies.length;
  return {
    requests,
    seconds: result.duration,
    rps: requests / result.duration,
    latency: summarize(latencies),
    failures: result.non2xx + result.errors + result.timeouts,
    bytesPerResponse: requests === 0 ? 0 : result.throughput.total / requests,
  };
}
