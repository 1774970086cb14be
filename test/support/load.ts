// Test support: a steady stream of concurrent GraphQL requests, recording each response's latency and body.
export interface Sample {
  /** When the request was sent, and when its answer was read (epoch ms). */
  at: number;
  doneAt: number;
  ms: number;
  status: number;
  body: { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
}

export interface Stream {
  samples: Sample[];
  /** Samples sent at or after `from` (epoch ms). */
  since(from: number): Sample[];
  /** Samples answered at or after `from`, whenever they were sent. */
  stop(): Promise<void>;
}

export function startStream(url: string, request: () => { query: string; variables?: Record<string, unknown> }, headers: Record<string, string>, concurrency = 6): Stream {
  const samples: Sample[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      const started = performance.now();
      const at = Date.now();
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(request()) });
        const body = (await response.json()) as Sample['body'];
        samples.push({ at, doneAt: Date.now(), ms: performance.now() - started, status: response.status, body });
      } catch (error) {
        samples.push({ at, doneAt: Date.now(), ms: performance.now() - started, status: 0, body: { errors: [{ message: String(error) }] } });
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    samples,
    since: (from) => samples.filter((s) => s.at >= from),
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait until `check` holds, polling; returns how long it took, or throws after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}
