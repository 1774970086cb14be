// The optional entity cache through the whole system: a repeated customer-360 fetches less, answers the same, and a steward can drop entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/stack.ts';
import { findSampleCustomer, sampleQuery } from '../../scripts/sample.ts';
import { post } from '../support/governance.ts';
import { authHeaders, counterByLabel, gql, startTestStack, total } from '../support/stack.ts';

let stack: Stack;
let customerId: string;
beforeAll(async () => {
  stack = await startTestStack({ persons: 150, gatewayEnv: { GATEWAY_ENTITY_CACHE_TTL_MS: '600000' } });
  customerId = await findSampleCustomer(stack.gateway.graphqlUrl, await authHeaders());
});
afterAll(() => stack?.close());

const fetchesBySubgraph = () => counterByLabel(`${stack.gateway.url}/metrics`, 'singleview_subgraph_fetch_duration_seconds_count', 'subgraph');
const entityLookups = () => counterByLabel(`${stack.gateway.url}/metrics`, 'singleview_gateway_cache_total', 'result', { cache: 'entities' });
const invalidate = async (body: unknown, headers?: Record<string, string>) =>
  post(`${stack.gateway.url}/cache/entities/invalidate`, JSON.stringify(body), headers ?? (await authHeaders()));

describe('entity cache (GATEWAY_ENTITY_CACHE_TTL_MS)', () => {
  it('answers a repeated customer-360 the same, with entity fetches served from the cache', async () => {
    const first = await gql(stack.gateway.graphqlUrl, sampleQuery, { id: customerId });
    expect(first.body.errors).toBeUndefined();
    const before = await fetchesBySubgraph();
    const second = await gql(stack.gateway.graphqlUrl, sampleQuery, { id: customerId });
    const after = await fetchesBySubgraph();
    expect(second.body).toEqual(first.body);
    // Only the root fetch (identity's customer lookup) still goes out: every entity is cached.
    expect(total(after) - total(before)).toBe(1);
    expect((await entityLookups()).get('hit')).toBeGreaterThan(0);
  });

  it('lets a steward drop a customer\'s entries, after which they are fetched again', async () => {
    await gql(stack.gateway.graphqlUrl, sampleQuery, { id: customerId });
    const dropped = await invalidate({ typename: 'Customer', id: customerId });
    expect(dropped.status).toBe(200);
    expect(dropped.body.enabled).toBe(true);
    expect(dropped.body.invalidated).toBeGreaterThan(0);
    const before = await fetchesBySubgraph();
    await gql(stack.gateway.graphqlUrl, sampleQuery, { id: customerId });
    const after = await fetchesBySubgraph();
    expect(total(after) - total(before)).toBeGreaterThan(1);
    expect((await invalidate({})).body.invalidated).toBeGreaterThan(0);
  });

  it('refuses anonymous callers, callers without the steward scope, and malformed requests, with clear errors', async () => {
    const anonymous = await invalidate({}, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].message).toContain('Authentication required');
    const badToken = await invalidate({}, { authorization: 'Bearer not-a-token' });
    expect(badToken.status).toBe(401);
    expect(badToken.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // The authentication policy's own challenge, as on /graphql, says why the token failed.
    expect(badToken.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const reader = await invalidate({}, await authHeaders({ subject: 'reader', purpose: 'service', scopes: ['pii:read'] }));
    expect(reader.status).toBe(403);
    expect(reader.body.errors[0].message).toContain('"steward" scope');
    const unknownField = await invalidate({ customer: customerId });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0].message).toContain('unknown field "customer"');
    const get = await fetch(`${stack.gateway.url}/cache/entities/invalidate`);
    expect(get.status).toBe(405);
  });
});
