// One query through the gateway returns a customer's data from every subgraph; lookups, bad input and a down system behave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/stack.ts';
import { findSampleCustomer, sampleQuery } from '../../scripts/sample.ts';
import { gql, startTestStack } from '../support/stack.ts';

let stack: Stack;
let url: string;
let customerId: string;

beforeAll(async () => {
  stack = await startTestStack();
  url = stack.gateway.graphqlUrl;
  customerId = await findSampleCustomer(url);
});
afterAll(() => stack?.close());

describe('customer 360 through the gateway', () => {
  it('returns data from all six subgraphs for a customer known to all four systems', async () => {
    const { status, body } = await gql(url, sampleQuery, { id: customerId });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const c = body.data.customer;
    expect(c.id).toBe(customerId);
    expect(c.systems).toEqual(['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL']);
    // identity: golden profile with provenance
    expect(c.profile.name.value).toBeTruthy();
    expect(['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL']).toContain(c.profile.name.source);
    expect(new Set(c.sourceRecords.map((r: { system: string }) => r.system))).toEqual(new Set(['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL']));
    // crm, erp, membership, channel
    expect(c.cases.length).toBeGreaterThan(0);
    expect(c.orders.totalCount).toBeGreaterThan(0);
    expect(c.orders.nodes[0].total.currency).toBe('KRW');
    expect(c.membership.number).toMatch(/^M\d{8}$/);
    expect(['BASIC', 'SILVER', 'GOLD', 'VIP']).toContain(c.membership.tier);
    expect(typeof c.membership.points).toBe('number');
    expect(c.touchpoints.nodes.length).toBeGreaterThan(0);
    // insights: a journey across at least three systems, in time order, and a lifecycle segment
    expect(c.journey.systems.length).toBeGreaterThanOrEqual(3);
    const times = c.journey.nodes.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(c.lifecycle.stage).toMatch(/^(PROSPECT|POTENTIAL|NEW|ROOKIE|TRUE_FAN|VERY_IMPORTANT_FAN)$/);
    expect(c.segments.some((s: { name: string }) => s.name.startsWith('Lifecycle: '))).toBe(true);
  });

  it('finds the same customer from a CRM contact id and from a membership number', async () => {
    const { body } = await gql(url, `query($id: ID!) { customer(id: $id) { sourceRecords { system id } } }`, { id: customerId });
    const records: { system: string; id: string }[] = body.data.customer.sourceRecords;
    const crmId = records.find((r) => r.system === 'CRM')!.id;
    const memberNo = records.find((r) => r.system === 'MEMBERSHIP')!.id;
    const lookup = `query($system: SourceSystem!, $id: ID!) { customerBySourceId(system: $system, id: $id) { id } }`;
    const fromCrm = await gql(url, lookup, { system: 'CRM', id: crmId });
    const fromMembership = await gql(url, lookup, { system: 'MEMBERSHIP', id: memberNo });
    expect(fromCrm.body.data.customerBySourceId.id).toBe(customerId);
    expect(fromMembership.body.data.customerBySourceId.id).toBe(customerId);
  });

  it('pages through orders with after, returning every order exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let guard = 0; guard < 100; guard++) {
      const page: Awaited<ReturnType<typeof gql<any>>> = await gql<any>(url, `query($id: ID!, $after: String) { customer(id: $id) { orders(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } }`, { id: customerId, after });
      const orders = page.body.data.customer.orders;
      total = orders.totalCount;
      seen.push(...orders.nodes.map((o: { id: string }) => o.id));
      if (!orders.pageInfo.hasNextPage) break;
      after = orders.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('gives null for an unknown customer id', async () => {
    const { status, body } = await gql(url, `{ customer(id: "cus_doesnotexist") { id profile { name { value } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.customer).toBeNull();
  });

  it('hides the internal event logs insights requires: clients cannot select them', async () => {
    for (const field of ['crmEventLog', 'erpEventLog', 'membershipEventLog', 'channelEventLog']) {
      const { status, body } = await gql(url, `query($id: ID!) { customer(id: $id) { id ${field} } }`, { id: customerId });
      expect(status).toBe(400);
      expect(body.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors![0]!.message).toContain(`"${field}"`);
    }
  });

  it('rejects first: -1 with BAD_USER_INPUT naming the argument', async () => {
    const { body } = await gql(url, `query($id: ID!) { customer(id: $id) { id orders(first: -1) { totalCount } } }`, { id: customerId });
    const error = body.errors!.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
    expect(error).toBeDefined();
    expect(error!.message).toContain('"first"');
    expect(error!.path).toEqual(['customer', 'orders']);
    expect(body.data.customer.id).toBe(customerId);
  });

  it('answers with everything else when the legacy CRM is down, with errors on the CRM fields only', async () => {
    await stack.enterprise.crm.stop();
    try {
      const { status, body } = await gql(url, sampleQuery, { id: customerId });
      expect(status).toBe(200);
      const c = body.data.customer;
      expect(c.cases).toBeNull();
      expect(c.orders.totalCount).toBeGreaterThan(0);
      expect(c.membership.tier).toBeTruthy();
      expect(c.profile.name.value).toBeTruthy();
      // The journey still comes back, from the systems that answered.
      expect(c.journey.systems).not.toContain('CRM');
      expect(c.journey.systems).toContain('ERP');
      expect(body.errors!.length).toBeGreaterThan(0);
      // Errors point at the CRM's fields: the ones asked for, and the events the journey required.
      expect(body.extensions?.degradedSources).toEqual([{ source: 'crm', kind: 'legacy-system', reason: 'error' }]);
      for (const error of body.errors!) {
        expect(['cases', 'crmEvents', 'crmEventLog', 'serviceSummary', 'consents']).toContain(error.path?.[1]);
        expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
        expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
      }
    } finally {
      await stack.enterprise.crm.start();
    }
    // The CRM breaker probes again after its reset time: full data is back within 2 s.
    const deadline = Date.now() + 2_000;
    let recovered = await gql(url, sampleQuery, { id: customerId });
    while (recovered.body.errors && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      recovered = await gql(url, sampleQuery, { id: customerId });
    }
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data.customer.cases.length).toBeGreaterThan(0);
  });
});
