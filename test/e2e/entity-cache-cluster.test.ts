// With two cluster workers, each with its own entity cache, an invalidation sent to one worker empties the other too.
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../runtime/logger.ts';
import { findSampleCustomer, sampleQuery } from '../../scripts/sample.ts';
import { startSubgraphStack, type SubgraphStack } from '../../scripts/stack.ts';
import { startGatewayProcess, type GatewayProcess } from '../../scripts/gateway-process.ts';
import { authHeaders, counterByLabel, TEST_ANCHOR, total } from '../support/stack.ts';

const WORKERS = 2;
let stack: SubgraphStack;
let gateway: GatewayProcess;
let customerId: string;

/** POST on a connection of its own, so that the cluster hands each request to the next worker in turn. */
async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const url = new URL(path, gateway.url);
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...(await authHeaders()) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Calls the CRM subgraph made to the legacy CRM: each customer-360 fetched, not served from a cache, adds some. */
const crmCalls = async () => total(await counterByLabel(`${stack.subgraphs.crm.url}/metrics`, 'singleview_legacy_calls_total', 'system'));

/** The legacy calls that `rounds` customer-360 requests cause, one per connection (so each worker gets its share). */
async function callsFor(rounds: number): Promise<number> {
  const before = await crmCalls();
  for (let i = 0; i < rounds; i++) {
    const answer = await post('/graphql', { query: sampleQuery, variables: { id: customerId } });
    expect(answer.json.errors).toBeUndefined();
  }
  return (await crmCalls()) - before;
}

beforeAll(async () => {
  stack = await startSubgraphStack({ persons: 150, anchor: TEST_ANCHOR, mongoUri: 'memory://entity-cache-cluster', erpDatabaseUrl: 'pglite://entity-cache-cluster', logger: createLogger('test', 'silent') });
  const dir = mkdtempSync(join(tmpdir(), 'sv-entity-cache-'));
  const env: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: 'info',
    GATEWAY_WORKERS: String(WORKERS),
    GATEWAY_ENTITY_CACHE_TTL_MS: '600000',
    SUPERGRAPH_WATCH: 'false',
    AUDIT_FILE: join(dir, 'audit.jsonl'),
  };
  for (const subgraph of Object.values(stack.subgraphs)) env[`SUBGRAPH_${subgraph.name.toUpperCase()}_URL`] = subgraph.graphqlUrl;
  gateway = await startGatewayProcess(env, WORKERS);
  customerId = await findSampleCustomer(gateway.url, await authHeaders());
}, 120_000);

afterAll(async () => {
  gateway?.child.kill('SIGTERM');
  await stack?.close();
});

describe('entity cache with cluster workers', () => {
  it('drops entries in every worker when one of them is asked to', async () => {
    // Warm both workers: each fetches the customer once, then serves it from its cache.
    const warming = await callsFor(4 * WORKERS);
    expect(warming).toBeGreaterThan(0);
    expect(await callsFor(4 * WORKERS)).toBe(0);

    const dropped = await post('/cache/entities/invalidate', { typename: 'Customer', id: customerId });
    expect(dropped.status).toBe(200);
    expect(dropped.json.invalidated).toBeGreaterThan(0);
    // Every worker fetches again, as many calls as warming took: one worker alone would make half.
    expect(await callsFor(4 * WORKERS)).toBe(warming);
    expect(await callsFor(4 * WORKERS)).toBe(0);
  }, 60_000);
});
