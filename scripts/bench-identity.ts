// Times identity resolution: full runs at 100k, 300k and 1M source records (engine alone and through the store), and incremental ingest of single records.
//
//   npm run bench:identity                          # the simulator's records (default), 100k, 300k, 1M
//   npm run bench:identity -- --data synthetic 100000 300000
//
// Each size runs in a fresh process, and generating the records is not timed. The last line is one JSON object.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDocumentDatabase } from '../subgraphs/kit/store/open.ts';
import { openIdentityStore } from '../subgraphs/identity/adapters/document-store.ts';
import { IdentityGraph } from '../subgraphs/identity/identity-graph.ts';
import { toSourceRecord } from '../subgraphs/identity/ingest/source-records.ts';
import { CUSTOMER_RESOLUTION, resolveAll } from '../subgraphs/identity/resolution-service.ts';
import { syntheticCustomers } from '../subgraphs/identity/resolution/evaluation/synthetic.ts';
import { resolve } from '../subgraphs/identity/resolution/resolve.ts';
import type { SourceRecord } from '../subgraphs/identity/resolution/types.ts';
import type { SourceRecordDoc } from '../subgraphs/identity/model.ts';
import { generateEnterprise } from '../simulator/generator/index.ts';
import { JsonClient } from '../runtime/json-client.ts';
import { createLogger } from '../runtime/logger.ts';
import { serveSubgraph } from '../subgraphs/kit/service.ts';
import { createIdentitySubgraph } from '../subgraphs/identity/index.ts';
import { nativeRecords } from '../simulator/identity-feed.ts';

const DEFAULT_SIZES = [100_000, 300_000, 1_000_000];
/** Source records per simulated person (measured: 273,634 records for 100,000 persons). */
const RECORDS_PER_PERSON = 2.74;
const ANCHOR = '2026-11-01T00:00:00.000Z';

type Data = 'generated' | 'synthetic';

interface FullRun {
  records: number;
  /** The engine alone: records in, clusters out. */
  seconds: number;
  /** `npm run resolve`'s path: read from a memory store, resolve, write the graph. */
  storeSeconds: number;
  storeTimings: Record<string, number>;
  generateSeconds: number;
  links: number;
  clusters: number;
  timings: Record<string, number>;
}

/** The simulator's records, as ingest stores them, for about `size` source records. */
function generatedDocs(size: number): SourceRecordDoc[] {
  const data = generateEnterprise({ persons: Math.max(1, Math.round(size / RECORDS_PER_PERSON)), anchor: ANCHOR });
  return Object.entries(nativeRecords(data)).flatMap(([system, natives]) => natives.map((native) => toSourceRecord(system as 'crm', native as Record<string, unknown>, ANCHOR)));
}

function engineRecord(doc: SourceRecordDoc): SourceRecord {
  return { system: doc.system, id: doc.nativeId, updatedAt: doc.updatedAt ?? undefined, fields: doc.fields };
}

function recordsOf(data: Data, size: number): SourceRecord[] {
  return data === 'synthetic' ? syntheticCustomers(size).records : generatedDocs(size).map(engineRecord);
}

/** One size in this process: generate, then time the engine alone. */
function runEngine(data: Data, size: number): Omit<FullRun, 'storeSeconds' | 'storeTimings'> {
  let started = performance.now();
  const records = recordsOf(data, size);
  const generateSeconds = (performance.now() - started) / 1000;
  // The generator's garbage is collected now, not charged to the run (children run with --expose-gc).
  globalThis.gc?.();
  started = performance.now();
  const result = resolve(records, CUSTOMER_RESOLUTION);
  const seconds = (performance.now() - started) / 1000;
  return { records: result.stats.records, seconds, generateSeconds, links: result.stats.mergedLinks, clusters: result.stats.clusters, timings: result.stats.timings };
}

/** One size in this process: load the records into a memory store (not timed), then time `npm run resolve`'s path. */
async function runStore(data: Data, size: number): Promise<Pick<FullRun, 'storeSeconds' | 'storeTimings'>> {
  const store = await openIdentityStore(await openDocumentDatabase(`memory://bench-${size}`, 'singleview_identity'));
  await store.putSourceRecords(data === 'synthetic' ? syntheticCustomers(size).records.map((r) => toDoc(r)) : generatedDocs(size));
  globalThis.gc?.();
  const { summary } = await resolveAll(store);
  return { storeSeconds: summary.seconds, storeTimings: { read: summary.timings.read, graph: summary.timings.graph, write: summary.timings.write } };
}

function toDoc(record: SourceRecord): SourceRecordDoc {
  const fields: SourceRecordDoc['fields'] = {};
  for (const [name, value] of Object.entries(record.fields)) fields[name] = value ?? null;
  return { _id: `${record.system}:${record.id}`, system: record.system as 'crm', nativeId: record.id, updatedAt: record.updatedAt ?? null, fields, search: { email: [], phone: [], name: [] }, ingestedAt: ANCHOR };
}

interface IncrementalRun {
  records: number;
  /** IdentityGraph.ingest of one record: engine upsert plus the store reads and writes (memory store). */
  ingest: { median: number; p95: number; max: number };
  /** The engine's upsert alone. */
  upsert: { median: number; p95: number; max: number };
  /** POST /ingest/records of one native CRM contact to a running identity subgraph, answered (keep-alive HTTP). */
  http: { median: number; p95: number; max: number };
  /** Heap held once the graph and its index are built (MB). */
  heapMB: number;
}

/**
 * A graph over `size` simulated records in a memory store, then `count` single-record ingests, as
 * the CRM pushes them: half changed contacts (a new email), half new contacts of known persons.
 */
async function runIncremental(size: number, count: number): Promise<IncrementalRun> {
  const docs = generatedDocs(size);
  const store = await openIdentityStore(await openDocumentDatabase('memory://bench-incremental', 'singleview_identity'));
  await store.putSourceRecords(docs);
  const graph = new IdentityGraph(store);
  await graph.resolveAll();
  const contacts = docs.filter((doc) => doc.system === 'crm');
  const change = (i: number, prefix: string) => {
    const base = contacts[(i * 7919) % contacts.length];
    return {
      contactId: i % 2 === 0 ? base.nativeId : `${prefix}${String(i).padStart(7, '0')}`,
      fullName: base.fields.name,
      email: i % 2 === 0 ? `changed.${prefix}${i}@naver.com` : base.fields.email,
      mobile: Array.isArray(base.fields.phone) ? base.fields.phone[0] : base.fields.phone,
      updatedAt: new Date().toISOString(),
    };
  };
  const ingest: number[] = [];
  const upsert: number[] = [];
  const index = (await graph.ensureIndex())!;
  globalThis.gc?.();
  const heapMB = Math.round(process.memoryUsage().heapUsed / 1e6);
  for (let i = 0; i < count; i++) {
    const doc = toSourceRecord('crm', change(i, 'CB'), new Date().toISOString());
    let started = performance.now();
    await graph.ingest([doc]);
    ingest.push(performance.now() - started);
    // The engine alone, on the same change once more (an idempotent re-upsert).
    started = performance.now();
    index.upsert(engineRecord(doc));
    upsert.push(performance.now() - started);
  }
  // The same through HTTP: the identity subgraph serving this store, as the CRM's push reaches it.
  const definition = await createIdentitySubgraph({ mongoUri: 'memory://bench-incremental', logger: createLogger('bench', 'silent') });
  const running = await serveSubgraph(definition, { port: 0, logger: createLogger('bench', 'silent') });
  const client = new JsonClient(running.url, { timeoutMs: 600_000 });
  const http: number[] = [];
  try {
    await client.post('/ingest/resolve', {});
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await client.post('/ingest/records', { system: 'crm', records: [change(i, 'CH')] });
      http.push(performance.now() - started);
    }
  } finally {
    await client.close();
    await running.close();
  }
  return { records: index.records, ingest: quantiles(ingest), upsert: quantiles(upsert), http: quantiles(http), heapMB };
}

function quantiles(latencies: number[]): { median: number; p95: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return { median: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]) };
}

function child(args: string[]): unknown {
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--max-old-space-size=16384', '--expose-gc', script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`bench child ${args.join(' ')} failed with status ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const args = process.argv.slice(2);
if (args[0] === '--child-engine') {
  console.log(JSON.stringify(runEngine(args[1] as Data, Number(args[2]))));
} else if (args[0] === '--child-store') {
  console.log(JSON.stringify(await runStore(args[1] as Data, Number(args[2]))));
} else if (args[0] === '--child-incremental') {
  console.log(JSON.stringify(await runIncremental(Number(args[1]), Number(args[2]))));
} else {
  const dataAt = args.indexOf('--data');
  const data: Data = dataAt >= 0 ? (args[dataAt + 1] as Data) : 'generated';
  if (data !== 'generated' && data !== 'synthetic') throw new Error(`--data must be generated or synthetic, got ${data}`);
  const sizes = args.filter((arg, i) => /^\d+$/.test(arg) && (dataAt < 0 || i !== dataAt + 1)).map(Number);
  console.log(`data: ${data === 'generated' ? "the simulator's records (as ingest maps them)" : "the engine's synthetic records"}; each size in a fresh process`);
  console.log('records    engine(s)  per 100k(s)  store path(s)  links      clusters   (generate s)  engine phases ms');
  const runs: FullRun[] = [];
  for (const size of sizes.length > 0 ? sizes : DEFAULT_SIZES) {
    const run = { ...(child(['--child-engine', data, String(size)]) as FullRun), ...(child(['--child-store', data, String(size)]) as FullRun) };
    runs.push(run);
    console.log(
      `${String(run.records).padEnd(10)} ${run.seconds.toFixed(2).padStart(9)}  ${((run.seconds / run.records) * 1e5).toFixed(2).padStart(11)}  ${run.storeSeconds.toFixed(2).padStart(13)}  ` +
        `${String(run.links).padEnd(10)} ${String(run.clusters).padEnd(10)} ${run.generateSeconds.toFixed(1).padStart(8)}      ${JSON.stringify(run.timings)} store ${JSON.stringify(run.storeTimings)}`,
    );
  }
  const incremental = child(['--child-incremental', '100000', '2000']) as IncrementalRun;
  console.log(
    `incremental over ${incremental.records} records, 2,000 single-record ingests: ` +
      `ingest (engine + store) median ${incremental.ingest.median} ms, p95 ${incremental.ingest.p95} ms, max ${incremental.ingest.max} ms; ` +
      `engine upsert median ${incremental.upsert.median} ms, p95 ${incremental.upsert.p95} ms; ` +
      `HTTP POST /ingest/records median ${incremental.http.median} ms, p95 ${incremental.http.p95} ms; heap with the index ${incremental.heapMB} MB`,
  );
  console.log(
    JSON.stringify({
      data,
      full: runs.map(({ records, seconds, storeSeconds }) => ({ records, seconds: Math.round(seconds * 100) / 100, storeSeconds: Math.round(storeSeconds * 100) / 100 })),
      incremental,
    }),
  );
}
