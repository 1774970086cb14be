// The compiled result shaping against @apollo/gateway's own, on the same operations and on generated, often malformed, subgraph data.
import { createRequire } from 'node:module';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, operationFromDocument, type FieldSelection, type Operation, type SelectionSet, type Type } from '@apollo/federation-internals';
import fc from 'fast-check';
import { parse } from 'graphql';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Random } from '../../simulator/generator/random.ts';
import { activeResultShaping, apolloComputeResponse, useResultShaping } from './install.ts';
import { computeResponse } from './result-shaping.ts';

const schema = buildSchema(`
  type Query {
    me: User
    users: [User!]!
    node(id: ID!): Node
    search: [SearchResult]
    numbers: [[Int!]]
    tags: [String!]
    status: Status
    rating: Float
    flag: Boolean!
    json: JSON
    toString: String
    constructor: Int
  }
  scalar JSON
  enum Status { ACTIVE INACTIVE }
  interface Node { id: ID! }
  type User implements Node { id: ID! name: String! email: String friends: [User!] status: Status reviews: [Review] }
  type Review implements Node { id: ID! body: String score: Int! author: User! }
  type Product implements Node { id: ID! price: Float! }
  union SearchResult = User | Product | Review
`);

const QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  directivesAndAliases: {
    query: `query($withEmail: Boolean!, $skipFriends: Boolean = false) {
      me { id name email @include(if: $withEmail) friends @skip(if: $skipFriends) { id name } ... on User { name status } t: __typename }
      users { id reviews { score author { name } } } }`,
    variables: { withEmail: true },
  },
  directivesOff: {
    query: `query($withEmail: Boolean!, $skipFriends: Boolean = false) { me { id email @include(if: $withEmail) friends @skip(if: $skipFriends) { id } } }`,
    variables: { withEmail: false, skipFriends: true },
  },
  abstractTypes: {
    query: `{ search { __typename ... on User { id name } ... on Product { id price } ... on Node { id } ... on Review { body author { ... on User { name } } } }
      node(id: "1") { id __typename ... on Review { body score } ... on User @skip(if: true) { name } } }`,
  },
  leaves: { query: `{ numbers tags status rating flag json toString constructor __typename kind: __typename }` },
  mergedSelections: { query: `{ a: me { n: name } b: me { id } me { friends { id } } me { friends { name status } } ... on Query { me { id } } }` },
  prototypeNames: { query: `{ me { __proto__: name hasOwnProperty: id valueOf: __typename toString: email constructor: friends { id } } toString constructor }` },
  introspection: { query: `{ __schema { queryType { name } } me { id } __type(name: "User") { name } }` },
};

function operation(name: string): Operation {
  return operationFromDocument(schema, parse(QUERIES[name].query), { validate: true });
}

const TYPENAMES = ['User', 'Review', 'Product', 'Query', 'Node', 'SearchResult', 'String', 'Nope', 42];

/**
 * Subgraph-like data for a selection set, keyed by response name as the gateway merges it:
 * mostly well-formed, sometimes with nulls, missing fields, wrong leaf values, unknown or
 * non-object __typename, wrong shapes (an object for a list) and extra fields.
 */
function dataFor(set: SelectionSet, rng: Random, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // As JSON.parse makes them: own properties, even for names such as __proto__.
  const put = (name: string, value: unknown) => Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  if (rng.chance(0.6)) out.__typename = rng.chance(0.8) ? rng.pick(TYPENAMES.slice(0, 3)) : rng.pick(TYPENAMES);
  if (rng.chance(0.2)) out.extra = 'planner key';
  const visit = (s: SelectionSet) => {
    for (const selection of s.selections()) {
      if (selection.kind === 'FragmentSelection') {
        visit(selection.selectionSet);
        continue;
      }
      const field = selection.element;
      const name = field.responseName();
      if (field.name.startsWith('__')) {
        if (rng.chance(0.3)) put(name, rng.pick(TYPENAMES));
        continue;
      }
      const roll = rng.float();
      if (roll < 0.05) continue;
      put(name, roll < 0.12 ? null : valueFor(field.definition.type!, (selection as FieldSelection).selectionSet, rng, depth));
    }
  };
  visit(set);
  return out;
}

function valueFor(type: Type, set: SelectionSet | undefined, rng: Random, depth: number): unknown {
  if (type.kind === 'NonNullType') return rng.chance(0.06) ? null : valueFor(type.ofType, set, rng, depth);
  if (type.kind === 'ListType') {
    if (rng.chance(0.03)) return { notA: 'list' };
    return Array.from({ length: rng.int(0, 3) }, () => (rng.chance(0.08) ? null : valueFor(type.ofType, set, rng, depth + 1)));
  }
  if (set) return depth > 4 || rng.chance(0.05) ? null : dataFor(set, rng, depth + 1);
  const wrong = rng.chance(0.12);
  switch (type.name) {
    case 'Int':
      return wrong ? rng.pick([1.5, '3', 1e21, Number.NaN, true]) : rng.int(-1000, 999);
    case 'Float':
      return wrong ? rng.pick(['1.5', Infinity, false]) : rng.float() * 100;
    case 'Boolean':
      return wrong ? 'true' : rng.chance(0.5);
    case 'ID':
      return wrong ? rng.pick([true, 2.5, {}]) : rng.chance(0.5) ? `id-${rng.int(0, 99)}` : rng.int(0, 99);
    case 'Status':
      return wrong ? 'DELETED' : rng.pick(['ACTIVE', 'INACTIVE']);
    case 'JSON':
      return { any: ['thing', 1] };
    default:
      return wrong ? 7 : `text ${rng.int(0, 99)}`;
  }
}

/** What a shaping produced, comparable across implementations: the JSON (key order included) and each error's message, path and code. */
function outcome(shape: (input: never) => unknown, op: Operation, variables: Record<string, unknown> | undefined, input: unknown) {
  try {
    const { data, errors } = shape({ operation: op, variables, input, introspectionHandling: (f: FieldSelection) => ({ introspected: f.element.responseName() }) } as never) as {
      data: unknown;
      errors: { message: string; path?: readonly (string | number)[]; extensions: Record<string, unknown> }[];
    };
    return { json: JSON.stringify(data), errors: errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })) };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

const apollo = apolloComputeResponse() as (input: never) => unknown;

describe('compiled result shaping', () => {
  afterAll(() => useResultShaping('compiled'));

  for (const name of Object.keys(QUERIES)) {
    it(`matches @apollo/gateway on generated data: ${name}`, () => {
      const op = operation(name);
      const { variables } = QUERIES[name];
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const input = dataFor(op.selectionSet, new Random(`shaping:${seed}`), 0);
          expect(outcome(computeResponse as never, op, variables, input)).toEqual(outcome(apollo, op, variables, input));
        }),
        { numRuns: 400 },
      );
    });
  }

  it('shapes one operation object with different variables as Apollo does (compiled sets that read variables are per request)', () => {
    const op = operation('directivesAndAliases');
    const input = dataFor(op.selectionSet, new Random('shaping:variables'), 0);
    for (const variables of [{ withEmail: true }, { withEmail: false, skipFriends: true }, { withEmail: true, skipFriends: false }, { withEmail: false }]) {
      expect(outcome(computeResponse as never, op, variables, input)).toEqual(outcome(apollo, op, variables, input));
    }
  });

  it('shapes well-formed data into the client selection only, in its order', () => {
    const op = operation('directivesAndAliases');
    const input = { me: { __typename: 'User', email: 'e', id: 'u1', name: 'Ann', status: 'ACTIVE', friends: [], key: 'planner' }, users: [] };
    const { data, errors } = computeResponse({ operation: op, variables: { withEmail: true }, input, introspectionHandling: () => null });
    expect(JSON.stringify(data)).toBe('{"me":{"id":"u1","name":"Ann","email":"e","friends":[],"status":"ACTIVE","t":"User"},"users":[]}');
    expect(errors).toEqual([]);
  });

  it('bubbles a null in a non-null field to the nearest nullable parent, with one error', () => {
    const op = operation('directivesAndAliases');
    const input = { me: { id: 'u1', name: null, friends: [] }, users: [{ id: 'u2', reviews: [{ score: 5, author: { name: 'Bo' } }] }] };
    const { data, errors } = computeResponse({ operation: op, variables: { withEmail: false }, input, introspectionHandling: () => null });
    expect(data).toEqual({ me: null, users: [{ id: 'u2', reviews: [{ score: 5, author: { name: 'Bo' } }] }] });
    expect(errors.map((e) => [e.message, e.path])).toEqual([['Cannot return null for non-nullable field User.name.', ['me', 'name']]]);
  });

  it('is what the gateway executor calls, and can be switched back to Apollo’s', async () => {
    useResultShaping('apollo');
    expect(activeResultShaping()).toBe('apollo');
    useResultShaping('compiled');
    expect(activeResultShaping()).toBe('compiled');

    const typeDefs = parse('type Query { hello: Greeting } type Greeting { text: String! internal: Int }');
    const subgraph = buildSubgraphSchema({ typeDefs, resolvers: { Query: { hello: () => ({ text: 'hi', internal: 1 }) } } });
    const { supergraphSdl } = composeServices([{ name: 'only', url: 'http://127.0.0.1:1/graphql', typeDefs }]);
    const gateway = new ApolloGateway({ supergraphSdl: supergraphSdl!, buildService: () => new LocalGraphQLDataSource(subgraph) });
    const server = new ApolloServer({ gateway });
    await server.start();
    // The executor reads the function from the module object at each call: a spy put there sees the request.
    const shaping = createRequire(import.meta.url)('@apollo/gateway/dist/resultShaping.js') as { computeResponse: (...args: unknown[]) => unknown };
    const spy = vi.spyOn(shaping, 'computeResponse');
    try {
      const response = await server.executeOperation({ query: '{ hello { text } }' });
      expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({ hello: { text: 'hi' } });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
      await server.stop();
    }
  });
});
