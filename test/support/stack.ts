// Test support: start the whole system on free ports with a small simulated enterprise, and query it over HTTP.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintDevToken, type MintOptions } from '../../gateway/auth/dev-key.ts';
import { DEFAULT_DEV_KEY_FILE } from '../../gateway/policy-config.ts';
import { createLogger } from '../../runtime/logger.ts';
import { startStack, type Stack, type StackOptions } from '../../scripts/stack.ts';

export const TEST_ANCHOR = '2026-11-01T00:00:00.000Z';

export async function startTestStack(options: Partial<StackOptions> = {}): Promise<Stack> {
  const unique = randomUUID().slice(0, 8);
  return startStack({
    persons: 400,
    anchor: TEST_ANCHOR,
    mongoUri: `memory://test-${unique}`,
    erpDatabaseUrl: `pglite://erp-${unique}`,
    logger: createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent'),
    ...options,
    // Each stack audits PII reads into a file of its own, and keeps rate-limit buckets of its own
    // when REDIS_URL is set: test files run side by side, and one file's anonymous requests must
    // not spend another's bucket.
    gatewayEnv: { AUDIT_FILE: join(tmpdir(), `sv-audit-${unique}.jsonl`), RATE_LIMIT_PREFIX: `singleview-test:${unique}:rate:`, ...options.gatewayEnv },
  });
}

/** The caller tests use unless they say otherwise: a service-console user who is also a data steward. */
export const TEST_CALLER: MintOptions = {
  subject: 'test-service',
  purpose: 'service',
  scopes: ['pii:read', 'cases:read', 'orders:read', 'segments:read', 'steward'],
};

const tokens = new Map<string, Promise<string>>();

/** An Authorization header with a development token (the gateway trusts them in development mode). */
export async function authHeaders(options: MintOptions = TEST_CALLER): Promise<Record<string, string>> {
  const key = JSON.stringify(options);
  let token = tokens.get(key);
  if (!token) tokens.set(key, (token = mintDevToken(DEFAULT_DEV_KEY_FILE, { ttlSeconds: 6 * 3_600, ...options })));
  return { authorization: `Bearer ${await token}` };
}

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
}

/** POST an operation; without `headers` it goes as TEST_CALLER, with `{}` as an anonymous caller. */
export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers ?? (await authHeaders())) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

/** Sum a Prometheus counter's samples by one label, from a /metrics endpoint; `where` keeps only samples with those label values. */
export async function counterByLabel(metricsUrl: string, metric: string, label: string, where: Record<string, string> = {}): Promise<Map<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const labels = line.slice(line.indexOf('{') + 1, line.indexOf('}'));
    if (!Object.entries(where).every(([name, value]) => labels.includes(`${name}="${value}"`))) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const match = new RegExp(`${label}="([^"]*)"`).exec(labels);
    if (match) out.set(match[1], (out.get(match[1]) ?? 0) + value);
  }
  return out;
}

/** The total of a counter map from counterByLabel. */
export const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
