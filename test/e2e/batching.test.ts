// No N+1: a gateway query over 50 customers makes at most one call per legacy system per entity type, and as many as over 5.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerListQuery } from '../../scripts/sample.ts';
import type { Stack } from '../../scripts/stack.ts';
import { counterByLabel, gql, startTestStack } from '../support/stack.ts';

const LIST_QUERY = customerListQuery();

const JOURNEY_QUERY = `query Journeys($ids: [ID!]!) {
  customers(ids: $ids) { id journey(first: 10) { totalCount nodes { at system type } } lifecycle { stage } segments { name } }
}`;

let stack: Stack;
let ids: string[];

/** Legacy calls made by every subgraph while `work` runs, as `subgraph/system/operation` → count. */
async function legacyCalls(work: () => Promise<unknown>): Promise<Map<string, number>> {
  const read = async () => {
    const all = new Map<string, number>();
    for (const subgraph of Object.values(stack.subgraphs)) {
      const text = await (await fetch(`${subgraph.url}/metrics`)).text();
      for (const line of text.split('\n')) {
        if (!line.startsWith('singleview_legacy_calls_total{')) continue;
        const system = /system="([^"]+)"/.exec(line)![1];
        const operation = /operation="([^"]+)"/.exec(line)![1];
        all.set(`${subgraph.name}/${system}/${operation}`, Number(line.slice(line.lastIndexOf(' ') + 1)));
      }
    }
    return all;
  };
  const before = await read();
  await work();
  const after = await read();
  const delta = new Map<string, number>();
  for (const [key, value] of after) if (value - (before.get(key) ?? 0) > 0) delta.set(key, value - (before.get(key) ?? 0));
  return delta;
}

beforeAll(async () => {
  stack = await startTestStack();
  const { body } = await gql(stack.gateway.graphqlUrl, `{ customerList(first: 100) { nodes { id systems } } }`);
  // Prefer customers many systems know, so that every subgraph has work to do.
  ids = body.data.customerList.nodes
    .sort((a: { systems: string[] }, b: { systems: string[] }) => b.systems.length - a.systems.length)
    .slice(0, 50)
    .map((c: { id: string }) => c.id);
});
afterAll(() => stack?.close());

describe('batched legacy calls', () => {
  it('makes at most one call per legacy system per entity type for 50 customers', async () => {
    expect(ids).toHaveLength(50);
    const calls = await legacyCalls(async () => {
      const { body } = await gql(stack.gateway.graphqlUrl, LIST_QUERY, { ids });
      expect(body.errors).toBeUndefined();
      expect(body.data.customers.filter((c: { orders: { totalCount: number } }) => c.orders.totalCount > 0).length).toBeGreaterThan(10);
    });
    expect(calls.size).toBeGreaterThan(10);
    // Every legacy system was actually reached.
    const systems = new Set([...calls.keys()].map((k) => k.split('/')[1]));
    for (const system of ['identity-store', 'crm-api', 'erp-db', 'loyalty-db', 'channel-db']) expect(systems).toContain(system);
    // The identity graph is read once, for the customers themselves: their records (the native
    // keys) travel in the references the gateway sends the legacy subgraphs, so none of them
    // asks identity's key service.
    expect(systems).not.toContain('identity');
    for (const [operation, count] of calls) expect({ operation, count }).toEqual({ operation, count: 1 });
  });

  it('resolves a reference without identity records through the key service, to the same data', async () => {
    const crm = stack.subgraphs.crm.graphqlUrl;
    const { body: fromGateway } = await gql(stack.gateway.graphqlUrl, `query($id: ID!) { customer(id: $id) { sourceRecords { system id } } }`, { id: ids[0] });
    const records = fromGateway.data.customer.sourceRecords;
    expect(records.some((r: { system: string }) => r.system === 'CRM')).toBe(true);
    const entities = async (representation: Record<string, unknown>) => {
      const response = await fetch(crm, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { contacts { id } } } }`, variables: { r: [representation] } }),
      });
      return (await response.json()) as { data?: { _entities: { contacts: { id: string }[] }[] }; errors?: unknown[] };
    };
    const withRecords = await legacyCalls(async () => {
      const answer = await entities({ __typename: 'Customer', id: ids[0], sourceRecords: records });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!._entities[0].contacts.map((c) => c.id).sort()).toEqual(records.filter((r: { system: string }) => r.system === 'CRM').map((r: { id: string }) => r.id).sort());
    });
    expect([...withRecords.keys()].some((k) => k.split('/')[1] === 'identity')).toBe(false);
    let bare: Awaited<ReturnType<typeof entities>> | undefined;
    const without = await legacyCalls(async () => (bare = await entities({ __typename: 'Customer', id: ids[0] })));
    expect(bare!.data!._entities[0].contacts.map((c) => c.id).sort()).toEqual(records.filter((r: { system: string }) => r.system === 'CRM').map((r: { id: string }) => r.id).sort());
    expect([...without.keys()].filter((k) => k.split('/')[1] === 'identity')).toHaveLength(1);
  });

  it('makes as many legacy calls for 50 customers as for 5, journeys included', async () => {
    const run = (subset: string[]) => legacyCalls(() => gql(stack.gateway.graphqlUrl, JOURNEY_QUERY, { ids: subset }));
    const five = await run(ids.slice(0, 5));
    const fifty = await run(ids);
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    expect(total(fifty)).toBe(total(five));
    // One call per entity type per system: segments also require consents, preferences, receivables and recent products.
    expect(total(fifty)).toBeLessThan(25);
  });
});

export { counterByLabel };
