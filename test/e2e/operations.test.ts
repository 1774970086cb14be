// Operating the system: health and readiness on every process, structured request logs, and graceful shutdown.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../runtime/logger.ts';
import type { Stack } from '../../scripts/stack.ts';
import { findSampleCustomer, sampleQuery } from '../../scripts/sample.ts';
import { authHeaders, gql, startTestStack } from '../support/stack.ts';

const lines: Record<string, any>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
    done();
  },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startTestStack({ persons: 150, logger: createLogger('test', 'info', sink) });
});
afterAll(() => stack?.close());

describe('health and readiness', () => {
  it('answers /healthz and /readyz on the gateway and every subgraph', async () => {
    const gateway = (await (await fetch(`${stack.gateway.url}/readyz`)).json()) as { status: string; supergraph: { hash: string }; subgraphs: Record<string, { reachable: boolean; breaker: string }> };
    expect(gateway.status).toBe('ready');
    expect(gateway.supergraph.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(gateway.subgraphs).sort()).toEqual(['channel', 'crm', 'erp', 'identity', 'insights', 'membership']);
    for (const s of Object.values(gateway.subgraphs)) expect(s).toEqual({ reachable: true, breaker: 'closed' });
    expect((await fetch(`${stack.gateway.url}/healthz`)).status).toBe(200);
    for (const subgraph of Object.values(stack.subgraphs)) {
      expect((await fetch(`${subgraph.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${subgraph.url}/readyz`);
      expect(ready.status, subgraph.name).toBe(200);
    }
  });

  it('reports a subgraph whose legacy system is down as not ready, and the gateway as still ready', async () => {
    await stack.enterprise.crm.stop();
    try {
      const crm = await fetch(`${stack.subgraphs.crm.url}/readyz`);
      expect(crm.status).toBe(503);
      expect(((await crm.json()) as { checks: Record<string, string> }).checks['crm-api']).toBe('unreachable');
      expect((await fetch(`${stack.gateway.url}/readyz`)).status).toBe(200);
    } finally {
      await stack.enterprise.crm.start();
    }
  });
});

describe('request logs', () => {
  it('writes one JSON line per request with request id, operation, duration and outcome', async () => {
    const id = await findSampleCustomer(stack.gateway.graphqlUrl);
    lines.length = 0;
    const response = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', ...(await authHeaders()) },
      body: JSON.stringify({ query: sampleQuery, variables: { id } }),
    });
    expect(response.headers.get('x-request-id')).toBe('req-42');
    const timing = /gateway;dur=([\d.]+), subgraphs;dur=([\d.]+), overhead;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
    expect(timing).not.toBeNull();
    const [total, subgraphs, overhead] = timing!.slice(1).map(Number);
    expect(subgraphs).toBeGreaterThan(0);
    expect(Math.abs(total - subgraphs - overhead)).toBeLessThan(0.02);
    await response.json();
    const line = lines.find((l) => l.msg === 'graphql request' && l.requestId === 'req-42');
    expect(line).toMatchObject({ operation: 'Customer360', outcome: 'ok', status: 200 });
    expect(typeof line!.ms).toBe('number');
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then refuses new ones', async () => {
    const id = await findSampleCustomer(stack.gateway.graphqlUrl);
    // Slow the CRM so that the request is still in flight when shutdown begins.
    stack.enterprise.crm.setLatency(300);
    const inFlight = gql(stack.gateway.graphqlUrl, sampleQuery, { id });
    await new Promise((r) => setTimeout(r, 100));
    const closing = stack.gateway.close();
    const { status, body } = await inFlight;
    await closing;
    stack.enterprise.crm.setLatency(0);
    expect(status).toBe(200);
    expect(body.data.customer.cases).not.toBeNull();
    await expect(fetch(stack.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).rejects.toThrow();
  });
});
