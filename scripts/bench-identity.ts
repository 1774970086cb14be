// Times full identity resolution at 100k, 300k and 1M synthetic records, and incremental upserts against a built index.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundledConfig } from '../subgraphs/identity/resolution/config.ts';
import { syntheticCustomers } from '../subgraphs/identity/resolution/evaluation/synthetic.ts';
import { IdentityIndex } from '../subgraphs/identity/resolution/incremental.ts';
import { resolve } from '../subgraphs/identity/resolution/resolve.ts';

const DEFAULT_SIZES = [100_000, 300_000, 1_000_000];

interface FullRun {
  records: number;
  seconds: number;
  generateSeconds: number;
  links: number;
  clusters: number;
  timings: Record<string, number>;
}

/** One size in this process: generate, then time `resolve` alone. */
function runFull(size: number): FullRun {
  let started = performance.now();
  const { records } = syntheticCustomers(size);
  const generateSeconds = (performance.now() - started) / 1000;
  const config = bundledConfig('customer');
  started = performance.now();
  const result = resolve(records, config);
  const seconds = (performance.now() - started) / 1000;
  return { records: result.stats.records, seconds, generateSeconds, links: result.stats.links, clusters: result.stats.clusters, timings: result.stats.timings };
}

/** Builds an index over `size` records, then upserts `count` records (half new persons' records, half changed ones). */
function runIncremental(size: number, count: number): { records: number; median: number; p95: number; max: number } {
  const { records } = syntheticCustomers(size + count, 7);
  const base = records.slice(0, size);
  const { index } = IdentityIndex.build(base, bundledConfig('customer'));
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const record =
      i % 2 === 0
        ? records[size + i]
        : { ...base[(i * 7919) % size], updatedAt: '2026-01-01T00:00:00Z', fields: { ...base[(i * 7919) % size].fields, postcode: '06236' } };
    const started = performance.now();
    index.upsert(record);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { records: index.records, median: at(0.5), p95: at(0.95), max: latencies[latencies.length - 1] };
}

function child(args: string[]): unknown {
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--max-old-space-size=16384', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`bench child ${args.join(' ')} failed with status ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const args = process.argv.slice(2);
if (args[0] === '--child-full') {
  console.log(JSON.stringify(runFull(Number(args[1]))));
} else if (args[0] === '--child-incremental') {
  console.log(JSON.stringify(runIncremental(Number(args[1]), Number(args[2]))));
} else {
  // Each size runs in a fresh process so that one run's heap does not slow the next.
  const sizes = args.length > 0 ? args.map(Number) : DEFAULT_SIZES;
  console.log('records    resolve(s)  per 100k(s)  links      clusters   (generate s)  phases ms');
  const runs: FullRun[] = [];
  for (const size of sizes) {
    const run = child(['--child-full', String(size)]) as FullRun;
    runs.push(run);
    console.log(
      `${String(run.records).padEnd(10)} ${run.seconds.toFixed(2).padStart(9)}  ${((run.seconds / run.records) * 1e5).toFixed(2).padStart(11)}  ` +
        `${String(run.links).padEnd(10)} ${String(run.clusters).padEnd(10)} ${run.generateSeconds.toFixed(1).padStart(8)}      ${JSON.stringify(run.timings)}`,
    );
  }
  const incremental = child(['--child-incremental', '100000', '2000']) as { records: number; median: number; p95: number; max: number };
  console.log(
    `incremental upsert over ${incremental.records} records: median ${incremental.median.toFixed(2)} ms, p95 ${incremental.p95.toFixed(2)} ms, max ${incremental.max.toFixed(2)} ms`,
  );
  console.log(JSON.stringify({ full: runs.map(({ records, seconds }) => ({ records, seconds: Math.round(seconds * 100) / 100 })), incremental }));
}
