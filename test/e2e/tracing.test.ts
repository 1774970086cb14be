// One trace per request: the gateway's request and fetch spans, each subgraph's server span and its legacy calls, linked by W3C trace context.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTracing } from '../../runtime/tracing.ts';
import type { Stack } from '../../scripts/stack.ts';
import { findSampleCustomer, sampleQuery } from '../../scripts/sample.ts';
import { authHeaders, gql, startTestStack } from '../support/stack.ts';

const exporter = new InMemorySpanExporter();
let stack: Stack;

beforeAll(async () => {
  setupTracing({ exporter });
  stack = await startTestStack({ persons: 150 });
});
afterAll(() => stack?.close());

describe('tracing', () => {
  it('links gateway, subgraph and legacy-call spans in one trace', async () => {
    const id = await findSampleCustomer(stack.gateway.graphqlUrl);
    exporter.reset();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { body } = await gql(stack.gateway.graphqlUrl, sampleQuery, { id }, { ...(await authHeaders()), traceparent });
    expect(body.data.customer).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
    const named = (prefix: string) => spans.filter((s) => s.name.startsWith(prefix));
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    const [http] = named('gateway.http');
    expect(http, spans.map((s) => s.name).join(', ')).toBeDefined();
    // The client's trace context is honoured: the gateway's span continues the caller's trace.
    expect(parentOf(http)).toBe('00f067aa0ba902b7');
    const fetches = named('gateway.fetch');
    expect(fetches.length).toBeGreaterThanOrEqual(5);
    const subgraphSpans = named('subgraph ');
    expect(new Set(subgraphSpans.map((s) => s.name))).toEqual(new Set(['subgraph identity', 'subgraph crm', 'subgraph erp', 'subgraph membership', 'subgraph channel', 'subgraph insights']));
    // Each subgraph span is the child of one of the gateway's fetch spans.
    const fetchIds = new Set(fetches.map((s) => s.spanContext().spanId));
    for (const span of subgraphSpans) expect(fetchIds.has(parentOf(span)!), span.name).toBe(true);
    const legacy = named('legacy ');
    for (const system of ['crm', 'erp', 'membership', 'channel']) expect(legacy.some((s) => s.name.startsWith(`legacy ${system}.`)), system).toBe(true);
  });

  it('keeps PII and secrets out of span attributes', async () => {
    const id = await findSampleCustomer(stack.gateway.graphqlUrl);
    exporter.reset();
    const auth = await authHeaders();
    const { body } = await gql(stack.gateway.graphqlUrl, sampleQuery, { id }, auth);
    const email: string = body.data.customer.profile.email.value;
    const text = JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes, s.events]));
    expect(text).not.toContain(auth.authorization.slice('Bearer '.length));
    expect(text).not.toContain(email);
  });
});
