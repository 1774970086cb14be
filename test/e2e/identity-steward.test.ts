// Identity end to end: steward mutations and link evidence through the gateway, absorbed IDs resolving to the survivor, the merge log, and a CRM change resolved incrementally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../../scripts/stack.ts';
import { CRM_ROUTES } from '../../subgraphs/crm/adapters/rest-contract.ts';
import { authHeaders, gql, startTestStack, TEST_CALLER } from '../support/stack.ts';

let stack: Stack;
let url: string;

beforeAll(async () => {
  stack = await startTestStack();
  url = stack.gateway.graphqlUrl;
});
afterAll(() => stack?.close());

const CUSTOMER = `query($id: ID!) { customer(id: $id) {
  id formerIds systems
  profile { name { value source } email { value source } }
  sourceRecords { system id rule confidence }
  links { a { system id } b { system id } rule kind score weight status blockedBy fields { attribute level similarity } }
  orders(first: 1) { totalCount }
} }`;
const BY_SOURCE = `query($system: SourceSystem!, $id: ID!) { customerBySourceId(system: $system, id: $id) { id profile { name { value } email { value source } } sourceRecords { system id } } }`;
const RESULT = `operation { id kind actor reason status before { customerId sourceRecords { system id } } after { customerId sourceRecords { system id } } revertOf revertedBy } customers { id formerIds sourceRecords { system id } }`;

/** Customers, in ID order, with at least `records` source records and with records in `system`. */
async function customersWith(records: number, system: string, count: number): Promise<any[]> {
  const found: any[] = [];
  let after: string | null = null;
  while (found.length < count) {
    const page = await gql(url, `query($after: String) { customerList(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id sourceRecords { system id } } } }`, { after });
    const list: any = page.body.data.customerList;
    found.push(...list.nodes.filter((c: any) => c.sourceRecords.length >= records && c.sourceRecords.some((r: any) => r.system === system)));
    if (!list.pageInfo.hasNextPage) break;
    after = list.pageInfo.endCursor;
  }
  return found.slice(0, count);
}

describe('identity resolution end to end', () => {
  it('shows the evidence of every link of a customer: rule, compared fields, per-field similarity and score', async () => {
    const [customer] = await customersWith(3, 'CRM', 1);
    const { body } = await gql(url, CUSTOMER, { id: customer.id });
    expect(body.errors).toBeUndefined();
    const links = body.data.customer.links;
    const merged = links.filter((l: any) => l.status === 'MERGED');
    // n records are held together by n - 1 merging links.
    expect(merged).toHaveLength(body.data.customer.sourceRecords.length - 1);
    for (const link of merged) {
      expect(link.rule).toBeTruthy();
      expect(link.score).toBeGreaterThan(0);
      expect(link.fields.length).toBeGreaterThan(0);
      for (const field of link.fields) {
        expect(field.level).toMatch(/^(exact|close|similar|oneEdit|else)$/);
        expect(field.similarity).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('merges two customers through the gateway; the absorbed ID resolves to the survivor, with its orders; revert splits them again', async () => {
    const [first, second] = await customersWith(2, 'ERP', 2);
    const merge = await gql(url, `mutation($ids: [ID!]!) { mergeCustomers(ids: $ids, reason: "duplicate found by the service desk") { ${RESULT} } }`, { ids: [second.id, first.id] });
    expect(merge.body.errors).toBeUndefined();
    const result = merge.body.data.mergeCustomers;
    expect(result.customers).toHaveLength(1);
    const survivor = result.customers[0];
    expect([first.id, second.id]).toContain(survivor.id);
    const absorbed = survivor.id === first.id ? second.id : first.id;
    expect(survivor.formerIds).toContain(absorbed);
    expect(survivor.sourceRecords).toHaveLength(first.sourceRecords.length + second.sourceRecords.length);
    expect(result.operation).toMatchObject({ kind: 'MERGE', reason: 'duplicate found by the service desk', status: 'APPLIED', revertedBy: null });
    expect(result.operation.before.map((c: any) => c.customerId).sort()).toEqual([first.id, second.id].sort());

    // The absorbed ID still resolves, to the survivor, and every subgraph serves it (the ERP orders of both).
    const old = await gql(url, CUSTOMER, { id: absorbed });
    expect(old.body.errors).toBeUndefined();
    expect(old.body.data.customer.id).toBe(survivor.id);
    expect(old.body.data.customer.links.some((l: any) => l.kind === 'STEWARD' && l.rule === 'steward-merge')).toBe(true);
    const ordersOf = async (id: string) => (await gql(url, CUSTOMER, { id })).body.data.customer.orders.totalCount;
    expect(await ordersOf(absorbed)).toBe(await ordersOf(survivor.id));

    // The merge log lists it for either ID.
    const log = await gql(url, `query($id: ID) { mergeLog(customerId: $id, first: 5) { nodes { id kind } } }`, { id: absorbed });
    expect(log.body.data.mergeLog.nodes.map((n: any) => n.id)).toContain(result.operation.id);

    // Undo: two customers again, the absorbed ID back on its own records.
    const revert = await gql(url, `mutation($id: ID!) { revertStewardOperation(id: $id, reason: "not the same person after all") { ${RESULT} } }`, { id: result.operation.id });
    expect(revert.body.errors).toBeUndefined();
    expect(revert.body.data.revertStewardOperation.operation).toMatchObject({ kind: 'REVERT', revertOf: result.operation.id });
    expect(revert.body.data.revertStewardOperation.customers.map((c: any) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect((await gql(url, CUSTOMER, { id: absorbed })).body.data.customer.id).toBe(absorbed);
    const entry = await gql(url, `query { mergeLog(first: 5) { nodes { id revertedBy } } }`);
    expect(entry.body.data.mergeLog.nodes.find((n: any) => n.id === result.operation.id).revertedBy).toBe(revert.body.data.revertStewardOperation.operation.id);
  });

  it('unmerges a source record and prevents a match; bad requests name their argument', async () => {
    const [customer] = await customersWith(3, 'MEMBERSHIP', 1);
    const member = customer.sourceRecords.find((r: any) => r.system === 'MEMBERSHIP');
    const unmerge = await gql(url, `mutation($id: ID!) { unmergeSourceRecord(system: MEMBERSHIP, id: $id, reason: "card lent to a relative") { ${RESULT} } }`, { id: member.id });
    expect(unmerge.body.errors).toBeUndefined();
    const { customers } = unmerge.body.data.unmergeSourceRecord;
    expect(customers).toHaveLength(2);
    const own = (await gql(url, BY_SOURCE, { system: 'MEMBERSHIP', id: member.id })).body.data.customerBySourceId;
    expect(own.sourceRecords).toEqual([{ system: 'MEMBERSHIP', id: member.id }]);
    expect(own.id).not.toBe(customer.id);
    expect((await gql(url, CUSTOMER, { id: customer.id })).body.data.customer.sourceRecords).toHaveLength(customer.sourceRecords.length - 1);
    // A merge of the two is refused while the unmerge stands.
    const refused = await gql(url, `mutation($ids: [ID!]!) { mergeCustomers(ids: $ids, reason: "x") { customers { id } } }`, { ids: [customer.id, own.id] });
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'ids' });

    const [x, y] = (await customersWith(1, 'CRM', 12)).slice(10);
    const prevent = await gql(url, `mutation($a: ID!, $b: ID!) { preventMatch(a: { customerId: $a }, b: { customerId: $b }, reason: "different people") { ${RESULT} } }`, { a: x.id, b: y.id });
    expect(prevent.body.data.preventMatch.operation.kind).toBe('PREVENT_MATCH');
    const bad = await gql(url, `mutation { preventMatch(a: { customerId: "cus_x", record: { system: CRM, id: "1" } }, b: { customerId: "cus_y" }, reason: "r") { customers { id } } }`);
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'a' });
    const noReason = await gql(url, `mutation($ids: [ID!]!) { mergeCustomers(ids: $ids, reason: "  ") { customers { id } } }`, { ids: [x.id, y.id] });
    expect(noReason.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'reason' });
  });

  it('records the actor from the x-singleview-actor header', async () => {
    const [p, q] = (await customersWith(1, 'CHANNEL', 22)).slice(20);
    const identity = stack.subgraphs.identity.graphqlUrl;
    const mutation = `mutation($a: ID!, $b: ID!) { preventMatch(a: { customerId: $a }, b: { customerId: $b }, reason: "audit") { operation { actor } } }`;
    const withHeader = await gql(identity, mutation, { a: p.id, b: q.id }, { 'x-singleview-actor': 'jane.doe@steward' });
    expect(withHeader.body.data.preventMatch.operation.actor).toBe('jane.doe@steward');
    const [r, s] = (await customersWith(1, 'CHANNEL', 24)).slice(22);
    const without = await gql(identity, mutation, { a: r.id, b: s.id });
    expect(without.body.data.preventMatch.operation.actor).toBe('unknown');
  });

  it('through the gateway, records the authenticated caller as the actor, whatever header the client sends', async () => {
    const [p, q] = (await customersWith(1, 'CHANNEL', 26)).slice(24);
    const mutation = `mutation($a: ID!, $b: ID!) { preventMatch(a: { customerId: $a }, b: { customerId: $b }, reason: "gateway actor") { operation { actor } } }`;
    const spoofed = await gql(url, mutation, { a: p.id, b: q.id }, { ...(await authHeaders()), 'x-singleview-actor': 'someone-else' });
    expect(spoofed.body.errors).toBeUndefined();
    const actor: string = spoofed.body.data.preventMatch.operation.actor;
    expect(actor).not.toBe('someone-else');
    expect(actor).toContain(TEST_CALLER.subject!);
  });

  it('a contact changed through the CRM API is pushed to identity and resolved at once: the customer reflects it', async () => {
    const [customer] = await customersWith(2, 'CRM', 1);
    const crmId = customer.sourceRecords.find((r: any) => r.system === 'CRM').id;
    const contacts = `${stack.enterprise.crm.url}${CRM_ROUTES.contacts}`;
    const current = (await (await fetch(`${contacts}?ids=${crmId}`)).json()) as { records: any[] };
    const changed = { ...current.records[0], email: 'changed.address.e2e@naver.com' };
    const saved = await fetch(contacts, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(changed) });
    expect(saved.status).toBe(200);
    // The newest record wins the golden email (mostRecent), and the contact stays with its customer.
    const after = (await gql(url, BY_SOURCE, { system: 'CRM', id: crmId })).body.data.customerBySourceId;
    expect(after.id).toBe(customer.id);
    expect(after.profile.email).toEqual({ value: 'changed.address.e2e@naver.com', source: 'CRM' });
    expect((await gql(url, `query($email: String) { searchCustomers(email: $email) { id } }`, { email: 'CHANGED.address.e2e@naver.com' })).body.data.searchCustomers).toEqual([{ id: customer.id }]);

    // A new contact with the same name and email joins the same customer.
    const created = { ...changed, contactId: 'C9999001', mobile: null, phone: null, membershipNo: null };
    expect((await fetch(contacts, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(created) })).status).toBe(200);
    const joined = (await gql(url, BY_SOURCE, { system: 'CRM', id: 'C9999001' })).body.data.customerBySourceId;
    expect(joined.id).toBe(customer.id);
    expect(joined.sourceRecords).toContainEqual({ system: 'CRM', id: 'C9999001' });
  });
});
