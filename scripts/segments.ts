// `npm run segments`: re-materializes every customer's segment membership through the gateway, with a progress bar.
//
// The features come through Federation: the script pages through `customerList` for the
// unified IDs and asks the gateway for `customers(ids) { segments }` in batches. The
// insights subgraph computes each customer's features from the other subgraphs' fields
// (@requires) and writes the snapshot through. Around the pass, startSegmentRefresh and
// completeSegmentRefresh let insights remove customers that no longer exist and recompute
// the RFM quintile cut points. The last line printed is one JSON object with the figures.
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import { mintDevToken } from '../gateway/auth/dev-key.ts';
import { DEFAULT_DEV_KEY_FILE } from '../gateway/policy-config.ts';
import { PolicyCode } from '../gateway/policy-error.ts';
import { SUBGRAPH_FAILURE_CODES } from '../gateway/subgraphs/partial-response.ts';
import { ErrorCode } from '../subgraphs/kit/errors.ts';
import { readInt, readString } from '../runtime/config.ts';

export interface RefreshOptions {
  gatewayUrl: string;
  /** Customers per `customers(ids:)` request (the gateway's entry point takes up to 500). */
  batchSize?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  headers?: Record<string, string>;
  onProgress?: (done: number, total: number) => void;
}

export interface RefreshResult {
  runId: string;
  customers: number;
  removed: number;
  rescored: number;
  seconds: number;
  evaluateSeconds: number;
  finalizeSeconds: number;
  segments: { id: string; name: string; size: number }[];
}

interface GraphQLBody<T> {
  data?: T;
  errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[];
}

const LIST_PAGE = 100;
/**
 * Attempts per request: a page can time out at the gateway on a busy machine (a legacy system's
 * breaker opens for a second); it is asked again after 0.25, 0.5, 1, 2, 4, 8 and 8 s.
 */
const RETRIES = 8;
const backoffMs = (attempt: number) => Math.min(8_000, 250 * 2 ** (attempt - 1));
/** Failures that may pass (a subgraph or legacy system down or slow, a full gateway); any other error ends the run at once. */
const TRANSIENT = new Set([...SUBGRAPH_FAILURE_CODES, ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.UPSTREAM_TIMEOUT, PolicyCode.RATE_LIMITED, PolicyCode.GATEWAY_OVERLOADED]);

export async function refreshSegments(options: RefreshOptions): Promise<RefreshResult> {
  const batchSize = options.batchSize ?? 250;
  const concurrency = options.concurrency ?? 2;
  const post = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(options.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLBody<T>;
      if (!body.errors?.length && body.data) return body.data;
      const transient = body.errors?.every((e) => TRANSIENT.has(e.extensions?.code ?? '')) ?? response.status >= 500;
      if (!transient || attempt >= RETRIES) throw new Error(`gateway answered with errors: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  };

  const started = performance.now();
  const { startSegmentRefresh: run } = await post<{ startSegmentRefresh: { id: string } }>(`mutation { startSegmentRefresh { id } }`);

  // The listing and the evaluation overlap: each full batch of IDs is evaluated while the next page is listed.
  let done = 0;
  let total = 0;
  const inFlight = new Set<Promise<void>>();
  const evaluate = async (ids: string[]) => {
    await post(`query Evaluate($ids: [ID!]!) { customers(ids: $ids) { id segments { segmentId } } }`, { ids });
    done += ids.length;
    options.onProgress?.(done, total);
  };
  const dispatch = async (ids: string[]) => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const job = evaluate(ids).finally(() => inFlight.delete(job));
    inFlight.add(job);
  };
  let pending: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { customerList: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string }[] } } = await post(
      `query List($first: Int!, $after: String) { customerList(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`,
      { first: LIST_PAGE, after },
    );
    total = page.customerList.totalCount;
    pending.push(...page.customerList.nodes.map((n) => n.id));
    while (pending.length >= batchSize) await dispatch(pending.splice(0, batchSize));
    if (!page.customerList.pageInfo.hasNextPage) break;
    after = page.customerList.pageInfo.endCursor;
  }
  if (pending.length) await dispatch(pending);
  pending = [];
  await Promise.all(inFlight);
  const evaluated = performance.now();

  await post(`mutation Complete($id: ID!) { completeSegmentRefresh(id: $id) { status } }`, { id: run.id });
  let final: { status: string; customers: number; removed: number; rescored: number; error: string | null };
  for (;;) {
    const { segmentRefresh } = await post<{ segmentRefresh: typeof final }>(`query Run($id: ID) { segmentRefresh(id: $id) { status customers removed rescored error } }`, { id: run.id });
    final = segmentRefresh;
    if (final.status === 'COMPLETED') break;
    if (final.status === 'FAILED') throw new Error(`segment refresh ${run.id} failed: ${final.error}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const finished = performance.now();
  const { segments } = await post<{ segments: RefreshResult['segments'] }>(`{ segments { id name size } }`);
  return {
    runId: run.id,
    customers: final.customers,
    removed: final.removed,
    rescored: final.rescored,
    seconds: round((finished - started) / 1000),
    evaluateSeconds: round((evaluated - started) / 1000),
    finalizeSeconds: round((finished - evaluated) / 1000),
    segments,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * GATEWAY_AUTHORIZATION is sent as the Authorization header. Without it the script signs a
 * data-steward development token with this machine's development key, which the gateway
 * trusts only in development mode (as `npm run token` does).
 */
async function authorizationHeader(): Promise<string> {
  return (
    readString(process.env, 'GATEWAY_AUTHORIZATION') ??
    `Bearer ${await mintDevToken(process.env.DEV_KEY_FILE ?? DEFAULT_DEV_KEY_FILE, { role: 'steward', subject: 'npm-run-segments', ttlSeconds: 3_600 })}`
  );
}

async function main(): Promise<void> {
  const gatewayUrl = readString(process.env, 'GATEWAY_URL') ?? 'http://127.0.0.1:4000/graphql';
  const authorization = await authorizationHeader();
  const bar = new cliProgress.SingleBar(
    { format: 'segments |{bar}| {percentage}% | {value}/{total} customers | {duration_formatted} | ETA {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5_000, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let barStarted = false;
  const result = await refreshSegments({
    gatewayUrl,
    batchSize: readInt(process.env, 'SEGMENTS_BATCH', 250, 1, 500),
    concurrency: readInt(process.env, 'SEGMENTS_CONCURRENCY', 2, 1, 16),
    headers: { authorization },
    onProgress(done, total) {
      if (!barStarted) {
        bar.start(total, 0);
        barStarted = true;
      }
      bar.setTotal(Math.max(total, done));
      bar.update(done);
    },
  });
  if (barStarted) bar.stop();
  const width = Math.max(...result.segments.map((s) => s.name.length));
  for (const s of result.segments) console.error(`  ${s.name.padEnd(width)}  ${s.size.toLocaleString('en-US').padStart(8)}`);
  console.error(`Materialized ${result.segments.length} segments for ${result.customers.toLocaleString('en-US')} customers in ${result.seconds} s (evaluation ${result.evaluateSeconds} s, finalization ${result.finalizeSeconds} s; ${result.removed} removed, ${result.rescored} re-scored).`);
  console.log(JSON.stringify({ customers: result.customers, segments: result.segments.length, seconds: result.seconds, evaluateSeconds: result.evaluateSeconds, finalizeSeconds: result.finalizeSeconds, removed: result.removed, rescored: result.rescored, runId: result.runId }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(`npm run segments failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
