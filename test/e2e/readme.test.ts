// The README's sample request, exactly as written, against the system as `npm start` builds it (default scale and seed).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/stack.ts';
import { SAMPLE_AUTH_HEADER, sampleQuery } from '../../scripts/sample.ts';
import { authHeaders, startTestStack } from '../support/stack.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function blockAfter(marker: string): string {
  const at = readme.indexOf(`<!-- ${marker} -->`);
  expect(at, `README has no <!-- ${marker} --> block`).toBeGreaterThan(-1);
  const match = /```\w*\n([\s\S]*?)```/.exec(readme.slice(at));
  return match![1];
}

const curl = blockAfter('sample-request');
const body = /<<'JSON'\n([\s\S]*?)\nJSON/.exec(curl)![1];
const squash = (q: string) => q.replace(/\s+/g, ' ').trim();

let stack: Stack;
beforeAll(async () => {
  // npm start's defaults: 5,000 persons, the default seed, today's date.
  stack = await startTestStack({ persons: 5_000, anchor: undefined });
}, 180_000);
afterAll(() => stack?.close());

describe('README', () => {
  it('shows the same query in the GraphQL block, the curl command and the start banner', () => {
    expect(squash(blockAfter('sample-query'))).toBe(squash(sampleQuery));
    expect(squash(JSON.parse(body).query)).toBe(squash(sampleQuery));
    // The customer is read as an authenticated service-console user, with a development token.
    expect(curl).toContain(SAMPLE_AUTH_HEADER);
  });

  it('sample request returns data from every subgraph', async () => {
    const response = await fetch(stack.gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(await authHeaders({ role: 'service' })) }, body });
    const result = (await response.json()) as { data: { customer: any }; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    const c = result.data.customer;
    expect(c).not.toBeNull();
    expect(c.systems).toEqual(['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL']);
    expect(c.profile.name.source).toBeTruthy();
    expect(c.cases.length).toBeGreaterThan(0);
    expect(c.orders.nodes.length).toBeGreaterThan(0);
    expect(c.membership.tier).toBeTruthy();
    expect(c.touchpoints.nodes.length).toBeGreaterThan(0);
    expect(c.journey.systems.length).toBeGreaterThanOrEqual(3);
    expect(c.lifecycle.stage).toBeTruthy();
    expect(c.segments.length).toBeGreaterThan(0);
  });
});
