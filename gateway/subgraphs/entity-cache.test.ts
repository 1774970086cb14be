// The entity cache through a real data source and a real HTTP subgraph: only misses are fetched, order and error paths kept, TTL and invalidation honoured.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../metrics.ts';
import { SubgraphDataSource } from './datasource.ts';
import { EntityCache, readInvalidationTarget } from './entity-cache.ts';

const ENTITIES = 'query Q__crm__1($representations:[_Any!]!,$first:Int){_entities(representations:$representations){...on Customer{name cases(first:$first){id}}}}';

/** What the subgraph was asked, per request: the ids of the representations it received. */
let asked: string[][] = [];
let answered = 0;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const { query, variables } = JSON.parse(text) as { query: string; variables: { representations?: { id: string }[] } };
      res.setHeader('content-type', 'application/json');
      if (!query.includes('_entities')) return res.end(JSON.stringify({ data: { customerList: { totalCount: ++answered } } }));
      const ids = variables.representations!.map((r) => r.id);
      asked.push(ids);
      answered++;
      const errors = ids.flatMap((id, j) => (id === 'bad' ? [{ message: 'CRM record unreadable', path: ['_entities', j, 'name'] }] : []));
      const data = { _entities: ids.map((id) => (id === 'gone' ? null : { name: id === 'bad' ? null : `name of ${id}`, cases: [{ id: `case-${id}` }], answer: answered })) };
      res.end(JSON.stringify(errors.length ? { data, errors } : { data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  asked = [];
});

function source(cache: EntityCache) {
  return new SubgraphDataSource({ name: 'crm', url, policy: { retries: 0 }, metrics: createGatewayMetrics(), entityCache: cache });
}
const customers = (...ids: string[]) => ids.map((id) => ({ __typename: 'Customer', id }));
const fetchEntities = (ds: SubgraphDataSource, representations: object[], first = 3, query = ENTITIES) =>
  ds.process({ request: { query, variables: { representations, first } }, context: {} } as unknown as GraphQLDataSourceProcessOptions);
const newCache = (ttlMs = 60_000, subgraphs: string[] | null = null) => new EntityCache({ ttlMs, maxBytes: 1_000_000, subgraphs });

describe('entity cache', () => {
  it('fetches only the representations it has not seen, and answers in the order asked', async () => {
    const ds = source(newCache());
    const first = await fetchEntities(ds, customers('a', 'b'));
    const second = await fetchEntities(ds, customers('c', 'a', 'b'));
    expect(asked).toEqual([['a', 'b'], ['c']]);
    const names = (second.data as { _entities: { name: string; answer: number }[] })._entities.map((e) => e.name);
    expect(names).toEqual(['name of c', 'name of a', 'name of b']);
    // a and b are the first answer's, parsed again: equal, not the same objects.
    const cached = (second.data as { _entities: object[] })._entities[1];
    expect(cached).toEqual((first.data as { _entities: object[] })._entities[0]);
    expect(cached).not.toBe((first.data as { _entities: object[] })._entities[0]);
    const again = await fetchEntities(ds, customers('a', 'b', 'c'));
    expect(asked).toHaveLength(2);
    expect(again.errors).toBeUndefined();
  });

  it('keeps what the gateway merges into an answer out of the cache', async () => {
    const ds = source(newCache());
    const first = await fetchEntities(ds, customers('m'));
    ((first.data as { _entities: Record<string, unknown>[] })._entities[0]).name = 'changed by a later merge';
    const second = await fetchEntities(ds, customers('m'));
    expect((second.data as { _entities: { name: string }[] })._entities[0].name).toBe('name of m');
  });

  it('renumbers error paths to the positions asked for, and caches neither errors nor nulls', async () => {
    const ds = source(newCache());
    await fetchEntities(ds, customers('x'));
    const mixed = await fetchEntities(ds, customers('x', 'bad', 'gone', 'y'));
    expect(asked).toEqual([['x'], ['bad', 'gone', 'y']]);
    expect(mixed.errors?.map((e) => e.path)).toEqual([['_entities', 1, 'name']]);
    expect((mixed.data as { _entities: unknown[] })._entities.map((e) => (e as { name?: string } | null)?.name ?? null)).toEqual(['name of x', null, null, 'name of y']);
    await fetchEntities(ds, customers('bad', 'gone', 'y'));
    expect(asked[2]).toEqual(['bad', 'gone']);
  });

  it('keys entries by the fetch: other variables or another selection are other entries', async () => {
    const ds = source(newCache());
    await fetchEntities(ds, customers('v'), 3);
    await fetchEntities(ds, customers('v'), 5);
    await fetchEntities(ds, customers('v'), 3, ENTITIES.replace('name ', 'name email '));
    expect(asked).toEqual([['v'], ['v'], ['v']]);
  });

  it('forgets entries after the TTL', async () => {
    const ds = source(newCache(40));
    await fetchEntities(ds, customers('t'));
    await fetchEntities(ds, customers('t'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    await fetchEntities(ds, customers('t'));
    expect(asked).toEqual([['t'], ['t']]);
  });

  it('drops entries by type and id, by subgraph, or all', async () => {
    const cache = newCache();
    const ds = source(cache);
    await fetchEntities(ds, [...customers('i1', 'i2'), { __typename: 'Order', id: 'i1' }]);
    expect(cache.invalidate({ typename: 'Customer', id: 'i1' })).toBe(1);
    await fetchEntities(ds, customers('i1', 'i2'));
    expect(asked[1]).toEqual(['i1']);
    expect(cache.invalidate({ subgraph: 'erp' })).toBe(0);
    expect(cache.invalidate({ typename: 'Order' })).toBe(1);
    expect(cache.invalidate({})).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('drops a subgraph\'s entries when a mutation goes through it', async () => {
    const cache = newCache();
    const ds = source(cache);
    await fetchEntities(ds, customers('w1', 'w2'));
    expect(cache.size).toBe(2);
    await ds.process({ request: { query: 'mutation { merge(a: "w1") { id } }', variables: {} }, context: {} } as unknown as GraphQLDataSourceProcessOptions);
    expect(cache.size).toBe(0);
  });

  it('leaves other queries and uncovered subgraphs alone', async () => {
    const cache = newCache(60_000, ['erp']);
    const ds = source(cache);
    await fetchEntities(ds, customers('u'));
    await fetchEntities(ds, customers('u'));
    expect(asked).toEqual([['u'], ['u']]);
    const all = source(newCache());
    const list = (query: string) => all.process({ request: { query, variables: {} }, context: {} } as unknown as GraphQLDataSourceProcessOptions);
    const one = await list('{ customerList { totalCount } }');
    const two = await list('{ customerList { totalCount } }');
    expect(one.data).not.toEqual(two.data);
  });
});

describe('readInvalidationTarget', () => {
  it('accepts subgraph, typename and id, and nothing else', () => {
    expect(readInvalidationTarget(undefined)).toEqual({});
    expect(readInvalidationTarget({ typename: 'Customer', id: 'c1' })).toEqual({ typename: 'Customer', id: 'c1' });
    expect(() => readInvalidationTarget({ key: 'x' })).toThrow('unknown field "key"');
    expect(() => readInvalidationTarget({ id: 7 })).toThrow('"id" must be a non-empty string');
    expect(() => readInvalidationTarget(['Customer'])).toThrow('must be a JSON object');
  });
});
