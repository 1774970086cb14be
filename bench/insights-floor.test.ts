// bench:insights' floors: the output floor's SDL loses only the replayed fields' @requires, and both floor gateways answer as the real one.
import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, readSubgraphEntries } from '../schema/composition.ts';
import { createLogger } from '../runtime/logger.ts';
import type { Stack } from '../scripts/stack.ts';
import { authHeaders, startTestStack } from '../test/support/stack.ts';
import { QUERIES, startFloors, timedPost, withoutRequires, type Post } from './insights-floor.ts';

const field = (sdl: string, type: string, name: string) => sdl.slice(sdl.indexOf(`type ${type} `)).split('\n').find((line) => new RegExp(`^\\s*${name}[(:]`).test(line))!;

describe('withoutRequires', () => {
  const sdl = `type Customer @key(fields: "id") { id: ID! log: String @external
    journey: String @requires(fields: "log") @shareable
    stage: String @requires(fields: "log") }
  type Other { journey: String @requires(fields: "x") }`;
  const out = print(withoutRequires(parse(sdl), ['journey']));

  it("takes @requires off the named Customer fields and keeps their other directives", () => {
    expect(out).toMatch(/journey: String @shareable\n/);
  });

  it('leaves other Customer fields and other types alone', () => {
    expect(out).toMatch(/stage: String @requires\(fields: "log"\)/);
    expect(out).toMatch(/type Other \{\n {2}journey: String @requires\(fields: "x"\)/);
    expect(out).toMatch(/log: String @external/);
  });

  it("makes insights' real SDL compose without the measured fields' inputs", () => {
    const entries = readSubgraphEntries();
    const insights = entries.find((e) => e.name === 'insights')!;
    const typeDefs = withoutRequires(parse(readFileSync(insights.schemaFile, 'utf8')), ['journey', 'segments', 'nextBestAction']);
    const sdl = print(typeDefs);
    for (const name of ['journey', 'segments', 'nextBestAction']) expect(field(sdl, 'Customer', name)).not.toMatch(/@requires\(/);
    expect(field(sdl, 'Customer', 'journeyStage')).toMatch(/@requires\(/);
    expect(() => composeSupergraph(entries.map((e) => (e === insights ? { name: e.name, url: e.url, typeDefs } : e)))).not.toThrow();
  });
});

describe('the floor gateways', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  const post: Post = async (...args) => timedPost(stack.gateway.graphqlUrl, await authHeaders())(...args);

  it('answer the measured query exactly as the real gateway does, with and without the inputs', async () => {
    const { data } = await post('{ customerList(first: 30) { nodes { id systems } } }', {});
    const ids = data.customerList.nodes.filter((c: { systems: string[] }) => c.systems.length >= 3).map((c: { id: string }) => c.id).slice(0, 10);
    expect(ids.length).toBeGreaterThan(3);
    // startFloors compares each floor's answer with the real one and throws on a difference.
    const floors = await startFloors(stack, ids, post, createLogger('test', 'silent'));
    try {
      const real = await post(QUERIES.withInsights, { ids });
      expect(real.data.customers.some((c: { journey: { totalCount: number } }) => c.journey.totalCount > 0)).toBe(true);
      for (const floor of Object.values(floors)) expect((await post(QUERIES.withInsights, { ids }, floor.graphqlUrl)).data).toEqual(real.data);
    } finally {
      for (const floor of Object.values(floors)) await floor.close();
    }
  });
});
