// Fault injection under a steady stream of customer-360 queries: partial data while a source is down, and recovery without restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/stack.ts';
import { sampleQuery } from '../../scripts/sample.ts';
import { openDocumentDatabase } from '../../subgraphs/kit/store/open.ts';
import { inDatabase } from '../support/backends.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { mongo } from '../support/services.ts';
import { percentile, sleep, startStream, waitFor, type Sample } from '../support/load.ts';
import { authHeaders, gql, startTestStack } from '../support/stack.ts';

/** The request deadline: what a client waits at most. A subgraph fetch gets less, so the rest of the plan fits. */
const REQUEST_TIMEOUT_MS = 1_000;
const SUBGRAPH_TIMEOUT_MS = 800;

let stack: Stack;
let erpProxy: FaultProxy;
let ids: string[];
let headers: Record<string, string>;

const request = () => ({ query: sampleQuery, variables: { id: ids[Math.floor(Math.random() * ids.length)] } });
const complete = (s: Sample) => s.status === 200 && !s.body.errors && !!s.body.data?.customer;

beforeAll(async () => {
  stack = await startTestStack({
    persons: 300,
    gatewayEnv: { SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS), REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
    // The gateway reaches the ERP subgraph through a proxy that can make it hang.
    gatewaySubgraphUrl: async (name, url) => {
      if (name !== 'erp') return url;
      erpProxy = await startFaultProxy(Number(new URL(url).port));
      return erpProxy.url('http', '/graphql');
    },
  });
  headers = await authHeaders();
  const { body } = await gql(stack.gateway.graphqlUrl, `{ customerList(first: 100) { nodes { id systems } } }`);
  // Customers every system knows, so that each outage touches every request.
  ids = body.data.customerList.nodes.filter((c: { systems: string[] }) => c.systems.length === 4).map((c: { id: string }) => c.id);
  expect(ids.length).toBeGreaterThan(5);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await erpProxy?.close();
});

function partialWithErpErrors(s: Sample, codes: string[]): boolean {
  if (s.status !== 200 || !s.body.data?.customer?.profile) return false;
  const errors = s.body.errors ?? [];
  if (errors.length === 0) return false;
  // Every error is about an ERP field: asked for, or required from the ERP by insights.
  return errors.every((e) => codes.includes(e.extensions?.code) && e.extensions?.subgraph === 'erp' && e.path?.[0] === 'customer' && e.path.length === 2);
}

describe('fault injection', () => {
  it('keeps answering with partial data when the ERP subgraph dies, and recovers within 2 s of its restart', async () => {
    const stream = startStream(stack.gateway.graphqlUrl, request, headers);
    let erpDown = false;
    try {
      await sleep(500);
      const killedAt = Date.now();
      await stack.stopSubgraph('erp');
      erpDown = true;
      await sleep(1_500);
      const during = stream.since(killedAt + 100);
      expect(during.length).toBeGreaterThan(20);
      for (const s of during) expect(partialWithErpErrors(s, ['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_CIRCUIT_OPEN']), JSON.stringify([s.status, s.body.data?.customer?.id, s.body.errors?.map((e) => [e.path, e.extensions?.code])])).toBe(true);
      expect(during.at(-1)!.body.extensions?.degradedSources).toContainEqual(expect.objectContaining({ source: 'erp', kind: 'subgraph' }));
      expect(percentile(during.map((s) => s.ms), 95)).toBeLessThan(REQUEST_TIMEOUT_MS + 50);
      const restartedAt = Date.now();
      await stack.startSubgraph('erp');
      erpDown = false;
      await waitFor(async () => stream.since(restartedAt).some(complete), 2_000);
      expect(Date.now() - restartedAt).toBeLessThan(2_000);
    } finally {
      await stream.stop();
      // A failed assertion above must not leave the ERP down for the tests after this one.
      if (erpDown) await stack.startSubgraph('erp');
    }
    expect(stream.samples.every((s) => s.status === 200)).toBe(true);
  });

  it('times out a hanging ERP within the configured budget and still answers', async () => {
    const stream = startStream(stack.gateway.graphqlUrl, request, headers);
    try {
      await sleep(300);
      const hungAt = Date.now();
      erpProxy.setMode('blackhole');
      await sleep(3_500);
      const during = stream.since(hungAt + 50).filter((s) => s.doneAt < Date.now());
      // Each request waits out the ERP timeout, so six clients make a few requests a second.
      expect(during.length).toBeGreaterThanOrEqual(8);
      for (const s of during) expect(partialWithErpErrors(s, ['SUBGRAPH_TIMEOUT', 'SUBGRAPH_CIRCUIT_OPEN']), JSON.stringify([s.status, s.body.data?.customer?.id, s.body.errors?.map((e) => [e.path, e.extensions?.code])])).toBe(true);
      expect(percentile(during.map((s) => s.ms), 95)).toBeLessThan(REQUEST_TIMEOUT_MS + 50);
      const restoredAt = Date.now();
      erpProxy.setMode('pass');
      await waitFor(async () => stream.since(restoredAt).some(complete), 2_000);
      expect(Date.now() - restoredAt).toBeLessThan(2_000);
    } finally {
      erpProxy.setMode('pass');
      await stream.stop();
    }
  });

  it('keeps answering when the legacy CRM behind a healthy subgraph stops, naming it as degraded', async () => {
    const stream = startStream(stack.gateway.graphqlUrl, request, headers);
    try {
      await sleep(300);
      const stoppedAt = Date.now();
      await stack.enterprise.crm.stop();
      await sleep(1_500);
      const during = stream.since(stoppedAt + 100);
      expect(during.length).toBeGreaterThan(10);
      for (const s of during) {
        expect(s.status).toBe(200);
        expect(s.body.data?.customer?.orders).toBeTruthy();
        expect(s.body.extensions?.degradedSources).toContainEqual(expect.objectContaining({ source: 'crm', kind: 'legacy-system' }));
      }
      const restartedAt = Date.now();
      await stack.enterprise.crm.start();
      await waitFor(async () => stream.since(restartedAt).some(complete), 2_000);
      expect(Date.now() - restartedAt).toBeLessThan(2_000);
    } finally {
      await stream.stop();
    }
  });

  it('shows the subgraph error counter rising in valid Prometheus text', async () => {
    const metrics = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    const erpErrors = [...metrics.matchAll(/^singleview_subgraph_fetch_errors_total\{[^}]*subgraph="erp"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(erpErrors).toBeGreaterThan(0);
    expect(metrics).toMatch(/singleview_subgraph_breaker_state\{[^}]*subgraph="erp",state="closed"\} 1/);
  });
});

describe.skipIf(!mongo().url)('fault injection on MongoDB', () => {
  let mongoStack: Stack;
  let mongoProxy: FaultProxy;
  let mongoIds: string[];
  let auth: Record<string, string>;
  const database = `sv_faults_${Date.now().toString(36)}`;

  beforeAll(async () => {
    const server = new URL(mongo().url!.replace(/^mongodb:/, 'http:'));
    mongoProxy = await startFaultProxy(Number(server.port), server.hostname);
    // Loyalty and channel data sit behind the proxy; the identity graph stays in memory so that customers still resolve.
    mongoStack = await startTestStack({
      persons: 120,
      mongoUri: inDatabase(mongoProxy.url('mongodb', '/'), database),
      subgraphEnv: { IDENTITY_MONGODB_URI: `memory://faults-${database}` },
    });
    auth = await authHeaders();
    const { body } = await gql(mongoStack.gateway.graphqlUrl, `{ customerList(first: 100) { nodes { id systems } } }`);
    mongoIds = body.data.customerList.nodes.filter((c: { systems: string[] }) => c.systems.includes('MEMBERSHIP') && c.systems.includes('CHANNEL')).map((c: { id: string }) => c.id);
  }, 180_000);
  afterAll(async () => {
    mongoProxy?.setMode('pass');
    await mongoStack?.close();
    const db = await openDocumentDatabase(inDatabase(mongo().url!, database), database);
    await db.drop();
    await db.close();
    await mongoProxy?.close();
  });

  it('answers without the loyalty and channel data while MongoDB is unreachable, and recovers within 2 s', async () => {
    expect(mongoIds.length).toBeGreaterThan(3);
    // FerretDB on SQLite scans whole collections: two clients are load enough here.
    const stream = startStream(mongoStack.gateway.graphqlUrl, () => ({ query: sampleQuery, variables: { id: mongoIds[Math.floor(Math.random() * mongoIds.length)] } }), auth, 2);
    try {
      await sleep(1_000);
      const cutAt = Date.now();
      mongoProxy.setMode('refuse');
      // Requests caught mid-flight wait out their timeouts; then the breakers open and answers come fast.
      await waitFor(async () => stream.since(cutAt + 100).length >= 3, 20_000);
      const during = stream.since(cutAt + 100);
      for (const s of during) {
        expect(s.status).toBe(200);
        expect(s.body.data?.customer?.orders).toBeTruthy();
        expect(s.body.data?.customer?.membership).toBeNull();
        const degraded = (s.body.extensions?.degradedSources ?? []).map((d: { source: string }) => d.source);
        expect(degraded).toEqual(expect.arrayContaining(['membership', 'channel']));
      }
      const restoredAt = Date.now();
      mongoProxy.setMode('pass');
      await waitFor(async () => stream.since(restoredAt).some(complete), 10_000).catch(() => {});
      expect(Date.now() - restoredAt, JSON.stringify(stream.since(restoredAt - 3000).map((s) => [s.at - restoredAt, Math.round(s.ms), (s.body.errors ?? []).map((e) => `${e.extensions?.subgraph ?? e.extensions?.system}:${e.extensions?.reason}`).join(',')]))).toBeLessThan(2_000);
    } finally {
      mongoProxy.setMode('pass');
      await stream.stop();
    }
  });
});
