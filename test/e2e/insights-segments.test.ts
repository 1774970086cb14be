// Segments through the gateway: `npm run segments` materializes every built-in segment, custom segments are data, members match brute force.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshSegments, type RefreshResult } from '../../scripts/segments.ts';
import type { Stack } from '../../scripts/stack.ts';
import { openDocumentDatabase } from '../../subgraphs/kit/store/open.ts';
import { authHeaders, gql, startTestStack, type GraphQLResponse } from '../support/stack.ts';

const mongoUri = `memory://insights-e2e-${randomUUID().slice(0, 8)}`;
let stack: Stack;
let url: string;
let refresh: RefreshResult;

interface Features {
  lifecycleStage: string;
  region: string | null;
  purchase: { orderCount: number };
  community: { advocate: boolean; reviews: number; referralsMade: number } | null;
  service: { openCases: number } | null;
  consent: { email: boolean; sms: boolean; push: boolean; phone: boolean };
}
interface Everyone {
  id: string;
  features: Features;
  nextBestAction: { action: string; kind: string; channel: string | null; alternatives: { kind: string; channel: string | null }[]; suppressed: { action: string }[] };
}

/** Every customer with their features, through the gateway: the brute-force side of the comparisons. */
async function everyone(): Promise<Everyone[]> {
  const out: Everyone[] = [];
  let after: string | null = null;
  for (;;) {
    const { body }: GraphQLResponse = await gql(url, `query($after: String) { customerList(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id
      features { lifecycleStage region purchase { orderCount } community { advocate reviews referralsMade } service { openCases } consent { email sms push phone } }
      nextBestAction { action kind channel alternatives { kind channel } suppressed { action } } } } }`, { after });
    expect(body.errors).toBeUndefined();
    out.push(...body.data.customerList.nodes);
    if (!body.data.customerList.pageInfo.hasNextPage) return out;
    after = body.data.customerList.pageInfo.endCursor;
  }
}

async function members(segmentId: string, first = 7): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const { body }: GraphQLResponse = await gql(url, `query($id: ID!, $first: Int, $after: String) { segment(id: $id) { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } }`, { id: segmentId, first, after });
    expect(body.errors).toBeUndefined();
    ids.push(...body.data.segment.members.nodes.map((n: { id: string }) => n.id));
    if (!body.data.segment.members.pageInfo.hasNextPage) return ids;
    after = body.data.segment.members.pageInfo.endCursor;
  }
}

const CREATE = `mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id name category size ruleText materializedAt builtIn } }`;

beforeAll(async () => {
  stack = await startTestStack({ mongoUri });
  url = stack.gateway.graphqlUrl;
  refresh = await refreshSegments({ gatewayUrl: url, headers: await authHeaders(), batchSize: 150 });
});
afterAll(() => stack?.close());

describe('segments through the gateway', () => {
  it('npm run segments materializes every built-in segment for every customer', async () => {
    const { body } = await gql(url, `{ customerList(first: 1) { totalCount } segments { id builtIn category size materializedAt } }`);
    expect(refresh.customers).toBe(body.data.customerList.totalCount);
    const builtIns = body.data.segments.filter((s: { builtIn: boolean }) => s.builtIn);
    expect(new Set(builtIns.map((s: { category: string }) => s.category))).toEqual(new Set(['LIFECYCLE', 'RFM', 'CHURN', 'CHANNEL']));
    expect(builtIns.every((s: { materializedAt: string | null }) => s.materializedAt !== null)).toBe(true);
    // Each customer is on exactly one rung of the ladder.
    const ladder = builtIns.filter((s: { category: string }) => s.category === 'LIFECYCLE');
    expect(ladder.reduce((n: number, s: { size: number }) => n + s.size, 0)).toBe(refresh.customers);
  });

  it('completes a refresh idempotently: a retried completion returns the run, an unknown run is an error', async () => {
    const COMPLETE = `mutation($id: ID!) { completeSegmentRefresh(id: $id) { id status customers } }`;
    const again = await gql(url, COMPLETE, { id: refresh.runId });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.completeSegmentRefresh).toEqual({ id: refresh.runId, status: 'COMPLETED', customers: refresh.customers });
    const unknown = await gql(url, COMPLETE, { id: 'run_nonexistent' });
    expect(unknown.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('names no refresh run'), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('places generated customers in all six stages of the fan-first ladder', async () => {
    const { body } = await gql(url, `{ segments(category: LIFECYCLE) { id size } }`);
    expect(body.data.segments.map((s: { id: string }) => s.id)).toEqual(['prospect', 'potential', 'new', 'rookie', 'true_fan', 'very_important_fan'].map((s) => `lifecycle:${s}`));
    for (const s of body.data.segments) expect({ id: s.id, populated: s.size > 0 }).toEqual({ id: s.id, populated: true });
  });

  it('evaluates a segment created by mutation at once, explains it, and its members match a brute-force evaluation', async () => {
    const rule = { lifecycleStage: { $in: ['ROOKIE', 'TRUE_FAN', 'VERY_IMPORTANT_FAN'] }, region: { $in: ['Seoul', 'Gyeonggi'] }, 'service.openCases': { $gte: 1 } };
    const created = await gql(url, CREATE, { input: { name: 'Fans around Seoul with an open case', rule } });
    expect(created.body.errors).toBeUndefined();
    const segment = created.body.data.createSegment;
    expect(segment).toMatchObject({ category: 'CUSTOM', builtIn: false });
    expect(segment.materializedAt).not.toBeNull();
    const all = await everyone();
    const expected = all
      .filter((c) => ['ROOKIE', 'TRUE_FAN', 'VERY_IMPORTANT_FAN'].includes(c.features.lifecycleStage) && ['Seoul', 'Gyeonggi'].includes(c.features.region ?? '') && (c.features.service?.openCases ?? 0) >= 1)
      .map((c) => c.id)
      .sort();
    expect(expected.length).toBeGreaterThan(2);
    expect(segment.size).toBe(expected.length);
    expect(await members(segment.id)).toEqual(expected);
    // Customer.segments evaluates it right away, with the clauses that matched.
    const { body } = await gql(url, `query($ids: [ID!]!) { customers(ids: $ids) { id segments { segmentId reason clauses { field actual matched } } } }`, { ids: [expected[0], all.find((c) => !expected.includes(c.id))!.id] });
    const [member, outsider] = body.data.customers;
    const match = member.segments.find((s: { segmentId: string }) => s.segmentId === segment.id);
    expect(match.clauses.map((c: { field: string; matched: boolean }) => [c.field, c.matched])).toEqual([['lifecycleStage', true], ['region', true], ['service.openCases', true]]);
    expect(match.reason).toMatch(/service\.openCases ≥ 1 \(is \d+\)/);
    expect(outsider.segments.some((s: { segmentId: string }) => s.segmentId === segment.id)).toBe(false);
  });

  it('rejects a malformed rule, an unknown field and an unsafe construct with a clear error, and stores nothing', async () => {
    const before = (await gql(url, `{ segments { id } }`)).body.data.segments.length;
    const cases = [
      { rule: '{"lifecycleStage": "TRUE_FAN"', problem: 'MALFORMED_RULE', message: /not valid JSON/ },
      { rule: { $or: { lifecycleStage: 'NEW' } }, problem: 'MALFORMED_RULE', message: /"\$or" needs a non-empty array/ },
      { rule: { 'purchase.ordercount': { $gte: 2 } }, problem: 'UNKNOWN_FIELD', message: /unknown field "purchase.ordercount" \(did you mean "purchase.orderCount"\?\)/ },
      { rule: { $where: 'this.purchase.orderCount > 1' }, problem: 'UNSAFE_OPERATOR', message: /"\$where", which would run code/ },
      { rule: { 'purchase.orderCount': { $expr: { $gt: ['$purchase.orderCount', 1] } } }, problem: 'UNSAFE_OPERATOR', message: /"\$expr"/ },
      { rule: { region: { $regex: '^S' } }, problem: 'UNSUPPORTED_OPERATOR', message: /"\$regex"/ },
      { rule: { lifecycleStage: 'SUPERFAN' }, problem: 'INVALID_VALUE', message: /no value "SUPERFAN"/ },
    ];
    for (const c of cases) {
      const { body } = await gql(url, CREATE, { input: { name: `Rejected ${c.problem}`, rule: c.rule } });
      expect(body.data).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.rule', problem: c.problem });
      expect(body.errors![0].message).toMatch(c.message);
    }
    const after = (await gql(url, `{ segments { id name } }`)).body.data.segments;
    expect(after.length).toBe(before);
    expect(after.some((s: { name: string }) => s.name.startsWith('Rejected'))).toBe(false);
  });

  it('updates and deletes custom segments, re-evaluating them; built-in ones cannot change', async () => {
    const created = (await gql(url, CREATE, { input: { name: 'Big spenders', rule: { 'purchase.totalSpend': { $gte: 1_000_000 } } } })).body.data.createSegment;
    const all = await everyone();
    const updated = await gql(url, `mutation($id: ID!, $rule: JSON) { updateSegment(id: $id, input: { rule: $rule, name: "Buyers" }) { name size } }`, { id: created.id, rule: { 'purchase.orderCount': { $gte: 1 } } });
    expect(updated.body.data.updateSegment).toEqual({ name: 'Buyers', size: all.filter((c) => c.features.purchase.orderCount >= 1).length });
    const duplicate = await gql(url, CREATE, { input: { name: 'buyers', rule: { region: 'Busan' } } });
    expect(duplicate.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.name' });
    const builtIn = await gql(url, `mutation { deleteSegment(id: "lifecycle:new") }`);
    expect(builtIn.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
    expect((await gql(url, `mutation($id: ID!) { deleteSegment(id: $id) }`, { id: created.id })).body.data.deleteSegment).toBe(created.id);
    expect((await gql(url, `query($id: ID!) { segment(id: $id) { id } }`, { id: created.id })).body.data.segment).toBeNull();
  });

  it('computes engagement metrics over a segment that match the members’ features', async () => {
    const all = await everyone();
    const fans = all.filter((c) => c.features.lifecycleStage === 'TRUE_FAN');
    const { body } = await gql(url, `{ engagementMetrics(segmentId: "lifecycle:true_fan") { segmentId members activeMembers par bar averageReviews purchasers advocates } all: engagementMetrics { members } }`);
    const m = body.data.engagementMetrics;
    expect(m.members).toBe(fans.length);
    expect(m.purchasers).toBe(fans.filter((c) => c.features.purchase.orderCount > 0).length);
    expect(m.advocates).toBe(fans.filter((c) => c.features.community?.advocate).length);
    expect(m.par).toBeCloseTo(m.purchasers / m.members, 4);
    expect(m.bar).toBeCloseTo(m.advocates / m.members, 4);
    expect(m.averageReviews).toBeCloseTo(fans.reduce((n, c) => n + (c.features.community?.reviews ?? 0), 0) / fans.length, 2);
    expect(m.activeMembers).toBeGreaterThan(0);
    expect(m.activeMembers).toBeLessThanOrEqual(m.members);
    expect(body.data.all.members).toBe(all.length);
  });

  it('never proposes a marketing action on a channel the customer has not consented to', async () => {
    const all = await everyone();
    let marketing = 0;
    let suppressed = 0;
    for (const c of all) {
      const offered = [c.nextBestAction, ...c.nextBestAction.alternatives].filter((a) => a.kind === 'MARKETING');
      marketing += offered.length;
      if (c.nextBestAction.suppressed.length) suppressed++;
      for (const a of offered) expect({ id: c.id, channel: a.channel, consented: a.channel ? c.features.consent[a.channel.toLowerCase() as keyof Features['consent']] : false }).toEqual({ id: c.id, channel: a.channel, consented: true });
    }
    expect(marketing).toBeGreaterThan(50);
    expect(suppressed).toBeGreaterThan(0);
  });

  it('re-materializes a customer incrementally when their data changes', async () => {
    const referrers = (await gql(url, CREATE, { input: { name: 'Referrers', rule: { 'community.referralsMade': { $gte: 1 } } } })).body.data.createSegment;
    const all = await everyone();
    const target = all.find((c) => c.features.community && c.features.community.referralsMade === 0)!;
    expect(await members(referrers.id, 100)).not.toContain(target.id);
    const { body } = await gql(url, `query($id: ID!) { customer(id: $id) { sourceRecords { system id } } }`, { id: target.id });
    const memberNo = body.data.customer.sourceRecords.find((r: { system: string }) => r.system === 'MEMBERSHIP').id;
    // The loyalty system records a referral.
    const loyalty = await openDocumentDatabase(mongoUri, 'loyalty');
    const activity = { _id: `CA-e2e-${randomUUID().slice(0, 8)}`, memberNo, kind: 'REFERRAL', at: new Date().toISOString(), title: 'Referred a friend', rating: null, productCode: null, converted: true };
    await loyalty.collection('communityActivities').insertMany([activity]);
    // The next time anyone looks at the customer, the membership follows.
    const seen = await gql(url, `query($id: ID!) { customer(id: $id) { segments { segmentId } } }`, { id: target.id });
    expect(seen.body.data.customer.segments.map((s: { segmentId: string }) => s.segmentId)).toContain(referrers.id);
    expect(await members(referrers.id, 100)).toContain(target.id);
    await loyalty.collection('communityActivities').deleteMany({ _id: activity._id });
    await gql(url, `query($id: ID!) { customer(id: $id) { segments { segmentId } } }`, { id: target.id });
    expect(await members(referrers.id, 100)).not.toContain(target.id);
  });
});
