// Singleview's query-plan executor against @apollo/gateway's own, on the same plans and the same generated, often malformed, subgraph answers.
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, LocalGraphQLDataSource, buildOperationContext, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleQuery } from '../../scripts/sample.ts';
import { Random } from '../../simulator/generator/random.ts';
import { answer, semanticAnswer } from '../../test/support/subgraph-answers.ts';
import { planExecutorSeam, type ExecuteQueryPlan } from './apollo-seams.ts';
import { isMergedFetch, useFetchMerging, withMergedFetches } from './fetch-merging.ts';
import { activePlanExecutor, usePlanExecutor } from './install.ts';
import { executeQueryPlan, operationOf } from './plan-executor.ts';

const apolloExecutor = planExecutorSeam.apollo;

/** A small federation with the plan shapes the product's own supergraph lacks: @requires through a union, @provides, a plan-level @include. */
const SUBGRAPHS = {
  accounts: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
    type Query { me: User users: [User!]! }
    type User @key(fields: "id") { id: ID! name: String username: String @shareable }`,
  products: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int attachments: [Attachment] }
    union Attachment = Photo | Video
    type Photo @shareable { url: String size: Int }
    type Video @shareable { url: String length: Int }`,
  inventory: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@shareable"])
    type Product @key(fields: "upc") { upc: String! price: Int @external weight: Int @external attachments: [Attachment] @external
      inStock: Boolean shippingEstimate: Int @requires(fields: "price weight")
      packaging: String @requires(fields: "attachments { ... on Photo { size } ... on Video { length } }") }
    union Attachment = Photo | Video
    type Photo @shareable { url: String size: Int }
    type Video @shareable { url: String length: Int }`,
  reviews: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@provides", "@external", "@shareable"])
    type Review @key(fields: "id") { id: ID! body: String rating: Int! author: User @provides(fields: "username") product: Product }
    type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
    type Product @key(fields: "upc") { upc: String! reviews: [Review] topReview: Review }`,
};

function composed(): string {
  const result = composeServices(Object.entries(SUBGRAPHS).map(([name, sdl]) => ({ name, url: `http://127.0.0.1:1/${name}`, typeDefs: parse(sdl) })));
  if (!result.supergraphSdl) throw new Error(`composition failed: ${result.errors?.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

const TOY_QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  entityChains: {
    query: `{ topProducts { upc name inStock shippingEstimate packaging reviews { id body rating author { id username name reviews { body product { name price } } } } } me { name reviews { rating } } }`,
  },
  includedFetch: { query: `query($withReviews: Boolean!) { topProducts(first: 3) { name reviews @include(if: $withReviews) { body author { name } } } }`, variables: { withReviews: true } },
  excludedFetch: { query: `query($withReviews: Boolean!) { topProducts(first: 3) { name reviews @include(if: $withReviews) { body author { name } } } }`, variables: { withReviews: false } },
  prototypeNames: { query: `{ topProducts { constructor: topReview { body } toString: name hasOwnProperty: inStock } }` },
  aliasesAndTypename: { query: `{ a: topProducts { __typename p: price s: shippingEstimate } b: users { n: name __typename } }` },
};
const PRODUCT_QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  customer360: { query: sampleQuery, variables: { id: 'c-1' } },
  customerList: {
    query: `query($ids: [ID!]!) { customers(ids: $ids) { id profile { name { value } } orders(first: 2) { nodes { id total { amount } invoice { status } } }
      membership { tier } touchpoints(first: 2) { nodes { channel } } journey(first: 3) { nodes { at system summary } } segments { name reason } nextBestAction { action reason } } }`,
    variables: { ids: ['c-1', 'c-2', 'c-3'] },
  },
};

interface Fixture {
  planner: QueryPlanner;
  supergraph: Supergraph;
  schema: GraphQLSchema;
}
function fixture(sdl: string): Fixture {
  const supergraph = Supergraph.build(sdl, { supportedFeatures: null });
  return { planner: new QueryPlanner(supergraph), supergraph, schema: supergraph.schema.toGraphQLJSSchema() };
}

const planOf = (fx: Fixture, query: string) => fx.planner.buildQueryPlan(operationFromDocument(fx.supergraph.apiSchema(), parse(query)));

type Outcome = { calls: string[]; json?: string; errors?: unknown[]; threw?: string };

/** Parsed once per query, as Apollo Server's document store does: the executor keeps its operation object per document. */
const documents = new Map<string, DocumentNode>();
const documentOf = (query: string) => documents.get(query) ?? documents.set(query, parse(query)).get(query)!;

async function run(executor: ExecuteQueryPlan, fx: Fixture, plan: QueryPlan, query: string, variables: Record<string, unknown> | undefined, seed: number, semantic = false): Promise<Outcome> {
  const calls: string[] = [];
  const serviceMap: Record<string, GraphQLDataSource> = {};
  for (const subgraph of fx.supergraph.subgraphs()) {
    serviceMap[subgraph.name] = {
      async process(options: { request: { query?: string; variables?: Record<string, unknown> } }) {
        const key = `${subgraph.name} ${options.request.query} ${JSON.stringify(options.request.variables)}`;
        calls.push(key);
        const rng = new Random(`${seed}:${key}`);
        for (let i = rng.int(0, 4); i > 0; i--) await null;
        if (semantic) return semanticAnswer(fx.schema, options.request.query!, options.request.variables ?? {}, `${seed}:${subgraph.name}`);
        return answer(fx.schema, options.request.query!, options.request.variables ?? {}, rng);
      },
    } as unknown as GraphQLDataSource;
  }
  const operationContext = buildOperationContext({ schema: fx.schema, operationDocument: documentOf(query) });
  const requestContext = { request: { variables }, context: {}, metrics: {}, logger: console };
  try {
    const result = await executor(plan, serviceMap, requestContext as never, operationContext as never, fx.schema, fx.supergraph.apiSchema());
    const describe = (e: { message: string; path?: unknown; extensions?: { code?: unknown; serviceName?: unknown }; constructor: { name: string } }) => ({
      kind: e.constructor.name,
      message: e.message,
      path: e.path,
      code: e.extensions?.code,
      service: e.extensions?.serviceName,
    });
    const completion = result.extensions?.valueCompletion as Parameters<typeof describe>[0][] | undefined;
    return { calls, json: JSON.stringify({ data: result.data, valueCompletion: completion?.map(describe) }), errors: (result.errors as never[] | undefined)?.map(describe) };
  } catch (error) {
    return { calls, threw: String(error) };
  }
}

function kinds(node: PlanNode | undefined, into = new Set<string>()): Set<string> {
  if (!node) return into;
  into.add(node.kind);
  if ('nodes' in node) node.nodes.forEach((n) => kinds(n, into));
  if (node.kind === 'Flatten') kinds(node.node, into);
  if (node.kind === 'Condition') [node.ifClause, node.elseClause].forEach((n) => kinds(n, into));
  return into;
}

const SUITES: [string, () => string, typeof TOY_QUERIES][] = [
  ['a composed test federation', composed, TOY_QUERIES],
  ["the product's supergraph", () => readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'), PRODUCT_QUERIES],
];

describe("Singleview's plan executor", () => {
  // Exactly Apollo's fetches: merging is tested on its own below.
  beforeAll(() => useFetchMerging(false));
  afterAll(() => {
    usePlanExecutor('singleview');
    useFetchMerging(true);
  });

  for (const [suite, sdl, queries] of SUITES) {
    describe(suite, () => {
      const fx = fixture(sdl());
      for (const [name, { query, variables }] of Object.entries(queries)) {
        it(`sends the same fetches and answers the same as @apollo/gateway's: ${name}`, async () => {
          const plan = planOf(fx, query);
          for (let seed = 0; seed < 150; seed++) {
            const ours = await run(executeQueryPlan, fx, plan, query, variables, seed);
            const theirs = await run(apolloExecutor, fx, plan, query, variables, seed);
            expect(ours, `seed ${seed}`).toEqual(theirs);
          }
        });
      }
    });
  }

  it('covers what it claims: entity chains, @requires, a plan-level condition in both branches, errors and nulls', async () => {
    const fx = fixture(composed());
    const plan = (q: string) => planOf(fx, q);
    expect([...kinds(plan(TOY_QUERIES.entityChains.query).node as PlanNode)]).toEqual(expect.arrayContaining(['Sequence', 'Parallel', 'Flatten', 'Fetch']));
    expect(kinds(plan(TOY_QUERIES.includedFetch.query).node as PlanNode).has('Condition')).toBe(true);
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, seed) => run(executeQueryPlan, fx, plan(TOY_QUERIES.entityChains.query), TOY_QUERIES.entityChains.query, undefined, seed)));
    expect(outcomes.some((o) => o.errors?.some((e) => (e as { service?: string }).service))).toBe(true);
    expect(outcomes.some((o) => !o.errors && o.json?.includes('"shippingEstimate"'))).toBe(true);
  });

  it('keeps one operation object per document and schema, and builds another when the fragments differ', () => {
    const fx = fixture(composed());
    const apiSchema = fx.supergraph.apiSchema();
    const document = parse('query Q { topProducts { ...F } } fragment F on Product { name }');
    const context = buildOperationContext({ schema: fx.schema, operationDocument: document });
    const first = operationOf(apiSchema, context as never);
    // Identity compared as booleans: a failing toBe would pretty-print a whole schema.
    expect(operationOf(apiSchema, buildOperationContext({ schema: fx.schema, operationDocument: document }) as never) === first).toBe(true);
    const otherFragment = parse('fragment F on Product { upc }').definitions[0];
    const rewritten = { ...document, definitions: [document.definitions[0], otherFragment] };
    const second = operationOf(apiSchema, buildOperationContext({ schema: fx.schema, operationDocument: rewritten }) as never);
    expect(second === first).toBe(false);
    expect(second.toString()).toContain('upc');
    expect(operationOf(fixture(composed()).supergraph.apiSchema(), context as never) === first).toBe(false);
  });

  it('builds representations as plain objects, which serialize fast', async () => {
    const fx = fixture(composed());
    const query = '{ topProducts { shippingEstimate } }';
    const plan = planOf(fx, query);
    const sent: unknown[] = [];
    const serviceMap = {
      products: { process: async () => ({ data: { topProducts: [{ __typename: 'Product', upc: 'p1', price: 10, weight: 4 }] } }) },
      inventory: {
        process: async (options: { request: { variables: { representations: unknown[] } } }) => {
          sent.push(...options.request.variables.representations);
          return { data: { _entities: [{ shippingEstimate: 2 }] } };
        },
      },
    };
    const operationContext = buildOperationContext({ schema: fx.supergraph.apiSchema().toGraphQLJSSchema(), operationDocument: parse(query) });
    const result = await executeQueryPlan(plan, serviceMap as never, { request: {}, context: {}, metrics: {} } as never, operationContext as never, fx.schema, fx.supergraph.apiSchema());
    expect(result).toEqual({ data: { topProducts: [{ shippingEstimate: 2 }] } });
    expect(sent).toEqual([{ __typename: 'Product', upc: 'p1', price: 10, weight: 4 }]);
    expect(Object.getPrototypeOf(sent[0])).toBe(Object.prototype);
  });

  it('is what a real ApolloGateway runs, and can be switched back to Apollo’s', async () => {
    usePlanExecutor('apollo');
    expect(activePlanExecutor()).toBe('apollo');
    usePlanExecutor('singleview');
    expect(activePlanExecutor()).toBe('singleview');

    const typeDefs = parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Query { hello: Greeting } type Greeting @key(fields: "id") { id: ID! text: String! }`);
    const subgraph = buildSubgraphSchema({ typeDefs, resolvers: { Query: { hello: () => ({ id: 'g1', text: 'hi' }) } } });
    const { supergraphSdl } = composeServices([{ name: 'only', url: 'http://127.0.0.1:1/graphql', typeDefs }]);
    const gateway = new ApolloGateway({ supergraphSdl: supergraphSdl!, buildService: () => new LocalGraphQLDataSource(subgraph) });
    const server = new ApolloServer({ gateway });
    await server.start();
    // The gateway reads the function from the module object at each call: a spy installed there sees the request.
    const spy = vi.fn(executeQueryPlan);
    try {
      planExecutorSeam.use(spy);
      const hello = async () => {
        const response = await server.executeOperation({ query: '{ hello { text } }' });
        return response.body.kind === 'single' && response.body.singleResult.data;
      };
      expect(await hello()).toEqual({ hello: { text: 'hi' } });
      expect(spy).toHaveBeenCalledTimes(1);
      usePlanExecutor('apollo');
      expect(await hello()).toEqual({ hello: { text: 'hi' } });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      usePlanExecutor('singleview');
      await server.stop();
    }
  });
});

describe('sibling fetch merging', () => {
  const fx = fixture(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
  const fetches = (node: PlanNode | undefined, into: FetchNode[] = []): FetchNode[] => {
    if (!node) return into;
    if (node.kind === 'Fetch') into.push(node);
    if ('nodes' in node) node.nodes.forEach((n) => fetches(n, into));
    if (node.kind === 'Flatten') fetches(node.node, into);
    return into;
  };

  it("sends customer-360's three insights fetches as one, selecting all their fields, and leaves the plan alone when off", () => {
    const plan = planOf(fx, PRODUCT_QUERIES.customer360.query);
    const insights = fetches(plan.node as PlanNode).filter((f) => f.serviceName === 'insights');
    expect(insights.length).toBe(3);
    const merged = fetches(withMergedFetches(plan).node as PlanNode).filter((f) => f.serviceName === 'insights');
    expect(merged.length).toBe(1);
    expect(isMergedFetch(merged[0]) && merged[0].merged).toEqual(insights);
    for (const name of ['lifecycle', 'segments', 'journey']) expect(merged[0].operation).toContain(name);
    expect(merged[0].requires).toEqual(insights.flatMap((f) => f.requires));
    expect(withMergedFetches(plan)).toBe(withMergedFetches(plan));
    useFetchMerging(false);
    try {
      expect(withMergedFetches(plan)).toBe(plan);
    } finally {
      useFetchMerging(true);
    }
  });

  for (const [name, { query, variables }] of Object.entries(PRODUCT_QUERIES)) {
    it(`answers as Apollo's separate fetches do, merged or not: ${name}`, async () => {
      const plan = planOf(fx, query);
      let merged = 0;
      let separate = 0;
      for (let seed = 0; seed < 120; seed++) {
        const ours = await run(executeQueryPlan, fx, plan, query, variables, seed, true);
        const theirs = await run(apolloExecutor, fx, plan, query, variables, seed, true);
        const sorted = (o: Outcome) => ({ json: o.json, threw: o.threw, errors: o.errors?.map((e) => JSON.stringify(e)).sort() });
        expect(sorted(ours), `seed ${seed}`).toEqual(sorted(theirs));
        const calls = (o: Outcome) => o.calls.filter((c) => c.startsWith('insights ')).length;
        if (calls(ours) < calls(theirs)) merged++;
        else if (calls(theirs) > 0) separate++;
      }
      // Both paths ran: one request when every original had the same entities, the originals when not.
      expect(merged).toBeGreaterThan(10);
      expect(separate).toBeGreaterThan(0);
    });
  }
});
