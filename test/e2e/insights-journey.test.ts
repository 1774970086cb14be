// The journey through the gateway: events from all four systems in time order, exact paging, filters, and source entities expanded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/stack.ts';
import { findSampleCustomer } from '../../scripts/sample.ts';
import { gql, startTestStack, type GraphQLResponse } from '../support/stack.ts';

let stack: Stack;
let url: string;
let customerId: string;

beforeAll(async () => {
  stack = await startTestStack();
  url = stack.gateway.graphqlUrl;
  customerId = await findSampleCustomer(url);
});
afterAll(() => stack?.close());

interface JourneyNode {
  at: string;
  system: string;
  type: string;
  channel: string | null;
  summary: string;
  sourceId: string | null;
  source: Record<string, any> | null;
}

const PAGE = `query Page($id: ID!, $first: Int, $after: String, $systems: [SourceSystem!], $types: [String!], $since: DateTime, $until: DateTime) {
  customer(id: $id) {
    journey(first: $first, after: $after, systems: $systems, types: $types, since: $since, until: $until) {
      totalCount systems windows { system events oldestAt truncated }
      pageInfo { hasNextPage endCursor }
      nodes {
        at system type channel summary sourceId
        source {
          __typename
          ... on Order { id placedAt total { amount currency } }
          ... on Invoice { id amount { amount } }
          ... on Case { id subject }
          ... on Contact { id }
          ... on Membership { number tier }
          ... on Touchpoint { id channel action }
        }
      }
    }
  }
}`;

async function allEvents(variables: Record<string, unknown>, first: number): Promise<{ nodes: JourneyNode[]; totalCount: number; pages: number }> {
  const nodes: JourneyNode[] = [];
  let after: string | null = null;
  let totalCount = 0;
  let pages = 0;
  for (let guard = 0; guard < 500; guard++) {
    const { body }: GraphQLResponse = await gql(url, PAGE, { id: customerId, first, after, ...variables });
    expect(body.errors).toBeUndefined();
    const journey: { totalCount: number; nodes: JourneyNode[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = body.data.customer.journey;
    totalCount = journey.totalCount;
    nodes.push(...journey.nodes);
    pages++;
    if (!journey.pageInfo.hasNextPage) break;
    after = journey.pageInfo.endCursor;
  }
  return { nodes, totalCount, pages };
}

const keyOf = (e: JourneyNode) => JSON.stringify([e.at, e.system, e.type, e.sourceId, e.summary]);

describe('journey through the gateway', () => {
  it('merges events from all four systems, newest first, and paging with after returns each exactly once', async () => {
    const { nodes, totalCount, pages } = await allEvents({}, 7);
    expect(pages).toBeGreaterThan(3);
    expect(nodes.length).toBe(totalCount);
    expect(new Set(nodes.map(keyOf)).size).toBe(totalCount);
    expect(new Set(nodes.map((e) => e.system))).toEqual(new Set(['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL']));
    const times = nodes.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // The same events, in the same order, whatever the page size.
    const big = await allEvents({}, 100);
    expect(big.nodes.map(keyOf)).toEqual(nodes.map(keyOf));
  });

  it('holds exactly the events each system contributes', async () => {
    const { body } = await gql(url, `query($id: ID!) { customer(id: $id) { crmEvents { at } erpEvents { at } membershipEvents { at } channelEvents { at } journey(first: 1) { totalCount windows { system events truncated } } } }`, { id: customerId });
    const c = body.data.customer;
    const counts = { CRM: c.crmEvents.length, ERP: c.erpEvents.length, MEMBERSHIP: c.membershipEvents.length, CHANNEL: c.channelEvents.length };
    expect(c.journey.totalCount).toBe(counts.CRM + counts.ERP + counts.MEMBERSHIP + counts.CHANNEL);
    for (const w of c.journey.windows) expect(w.events).toBe(counts[w.system as keyof typeof counts]);
  });

  it('expands each event source in the subgraph that owns it', async () => {
    const { nodes } = await allEvents({}, 100);
    const byType = (type: string) => nodes.filter((e) => e.type === type);
    for (const e of byType('ORDER_PLACED')) {
      expect(e.source).toMatchObject({ __typename: 'Order', id: e.sourceId, placedAt: e.at });
      expect(e.source!.total.amount).toBeGreaterThan(0);
    }
    for (const e of byType('CASE_OPENED')) expect(e.summary).toContain(`"${e.source!.subject}"`);
    for (const e of nodes.filter((x) => x.system === 'CHANNEL')) expect(e.source).toMatchObject({ __typename: 'Touchpoint', id: e.sourceId, channel: e.channel });
    for (const e of nodes.filter((x) => x.system === 'MEMBERSHIP')) expect(e.source!.__typename).toBe('Membership');
    expect(nodes.some((e) => e.source?.__typename === 'Membership' && e.source.tier)).toBe(true);
    expect(byType('ORDER_PLACED').length).toBeGreaterThan(0);
    expect(byType('CASE_OPENED').length).toBeGreaterThan(0);
  });

  it('filters by system, type and time window', async () => {
    const erp = await allEvents({ systems: ['ERP'] }, 50);
    expect(erp.nodes.length).toBeGreaterThan(0);
    expect(erp.nodes.every((e) => e.system === 'ERP')).toBe(true);
    const orders = await allEvents({ types: ['ORDER_PLACED'] }, 50);
    expect(orders.nodes.every((e) => e.type === 'ORDER_PLACED')).toBe(true);
    const all = await allEvents({}, 100);
    const middle = all.nodes[Math.floor(all.nodes.length / 2)].at;
    const older = await allEvents({ until: middle }, 100);
    const newer = await allEvents({ since: middle }, 100);
    expect(older.totalCount + newer.totalCount).toBe(all.totalCount);
    expect(older.nodes.every((e) => e.at < middle) && newer.nodes.every((e) => e.at >= middle)).toBe(true);
  });

  it('gives the journey stage with the events that justify it', async () => {
    const { body } = await gql(url, `query($id: ID!) { customer(id: $id) { journeyStage { stage reason evidence { at type summary } } features { journeyStage purchase { orderCount } } } }`, { id: customerId });
    const { journeyStage, features } = body.data.customer;
    expect(journeyStage.stage).toBe(features.journeyStage);
    expect(journeyStage.reason.length).toBeGreaterThan(10);
    expect(journeyStage.evidence.length).toBeGreaterThan(0);
    const types = journeyStage.evidence.map((e: { type: string }) => e.type);
    if (journeyStage.stage === 'RETENTION' || journeyStage.stage === 'PURCHASE') expect(types).toContain('ORDER_PLACED');
    if (journeyStage.stage === 'ADVOCACY') expect(types.every((t: string) => ['REFERRAL', 'REVIEW', 'COMMUNITY_POST'].includes(t))).toBe(true);
  });

  it('rejects a foreign cursor and a bad time with BAD_USER_INPUT naming the argument', async () => {
    const bad = await gql(url, PAGE, { id: customerId, after: 'bm90LWEtY3Vyc29y' });
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    const time = await gql(url, PAGE, { id: customerId, since: 'last tuesday' });
    expect(time.body.errors?.[0]).toMatchObject({ path: ['customer', 'journey'], extensions: { code: 'BAD_USER_INPUT', argumentName: 'since' } });
  });
});
