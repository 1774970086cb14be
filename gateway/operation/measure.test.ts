// Operation shape and cost: measured the way the limits plugin enforces them, fragments counted wherever they are spread.
import { buildSchema, parse, printSchema, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costEstimator, estimateCost } from './cost.ts';
import { countTokens, measureOperation, selectOperation } from './measure.ts';

const measure = (text: string) => {
  const document = parse(text);
  return measureOperation(document, selectOperation(document, undefined)!, countTokens(text, 100_000)!);
};

describe('measureOperation', () => {
  it('counts depth, height, root fields, aliases and directives', () => {
    const m = measure('query Q($s: Boolean!) { a: customer(id: "1") { id profile { name { value } } } b: customer(id: "2") @include(if: $s) { id } }');
    expect(m).toMatchObject({ depth: 4, rootFields: 2, aliases: 2, directives: 1 });
    expect(m.height).toBe(7);
  });

  it('counts a fragment each time it is spread, in linear time even when fragments double each other', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Customer { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const text = `{ customer(id: "1") { ...F0 } }\n${fragments}\nfragment F${levels} on Customer { id }`;
    const started = performance.now();
    const m = measure(text);
    expect(performance.now() - started).toBeLessThan(200);
    expect(m.height).toBe(1 + 2 ** levels);
  });

  it('does not count introspection subtrees, but counts their tokens', () => {
    const m = measure('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }');
    expect(m.depth).toBe(0);
    expect(m.tokens).toBeGreaterThan(20);
  });

  it('stops counting tokens past the cap', () => {
    expect(countTokens('{ a b c d e f g h }', 3)).toBe(4);
    expect(countTokens('{ "unterminated', 100)).toBeNull();
  });
});

const schema = buildSchema(`
  type Query { customers(ids: [ID!]!): [Customer]! customerList(first: Int = 20): CustomerConnection! search(first: Int): [Customer!]! }
  type Mutation { merge(a: ID!): Customer }
  type CustomerConnection { nodes: [Customer!]! totalCount: Int! }
  type Customer { id: ID! orders(first: Int = 10): OrderConnection notes: [String!] }
  type OrderConnection { nodes: [Order!]! }
  type Order { id: ID! total: Int }
`);
const costDirectives = {
  costs: { 'Customer.notes': 3 },
  listSizes: {
    'Query.customerList': { assumedSize: null, slicingArguments: ['first'], sizedFields: ['nodes'], requireOneSlicingArgument: false },
    'Customer.orders': { assumedSize: null, slicingArguments: ['first'], sizedFields: ['nodes'], requireOneSlicingArgument: false },
    'Query.search': { assumedSize: 50, slicingArguments: ['first'], sizedFields: [], requireOneSlicingArgument: false },
  },
};
const cost = (text: string, variables: Record<string, unknown> = {}) => {
  const document = parse(text);
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
  return estimateCost(schema, costDirectives, selectOperation(document, undefined) as OperationDefinitionNode, fragments, variables);
};

describe('estimateCost (IBM cost spec)', () => {
  it('multiplies by slicing arguments, through sized fields, and from variables', () => {
    // connection 1 + 20 nodes x (customer 1 + orders connection 1 + 5 orders x 1)
    expect(cost('{ customerList(first: 20) { nodes { id orders(first: 5) { nodes { id } } } } }')).toBe(1 + 20 * (1 + 1 + 5));
    expect(cost('query($n: Int) { customerList(first: $n) { nodes { id } } }', { n: 100 })).toBe(1 + 100);
    // the argument's default when none is given
    expect(cost('{ customerList { nodes { id } } }')).toBe(1 + 20);
  });

  it('uses @cost weights, assumed sizes, and the length of a list argument', () => {
    expect(cost('{ search { id notes } }')).toBe(50 * (1 + 10 * 3));
    expect(cost('query($ids: [ID!]!) { customers(ids: $ids) { id } }', { ids: ['a', 'b', 'c'] })).toBe(3);
    expect(cost('mutation { merge(a: "x") { id } }')).toBe(10 + 1);
  });

  it('counts a fragment where it is spread', () => {
    expect(cost('{ customerList(first: 4) { nodes { ...C } } } fragment C on Customer { orders(first: 2) { nodes { id } } }')).toBe(1 + 4 * (1 + 1 + 2));
  });
});

describe('costEstimator', () => {
  const operationOf = (text: string) => {
    const document = parse(text);
    return { operation: selectOperation(document, undefined) as OperationDefinitionNode, fragments: new Map() };
  };

  it('costs an operation without variables once per schema, and one with variables per request', () => {
    const estimate = costEstimator();
    const fixed = operationOf('{ customerList(first: 20) { nodes { id } } }');
    expect(estimate(schema, costDirectives, fixed.operation, fixed.fragments, {})).toBe(21);
    // The cache answers for the same operation node: a changed directive map is not read again.
    expect(estimate(schema, { costs: {}, listSizes: {} }, fixed.operation, fixed.fragments, {})).toBe(21);
    // A new schema (a reloaded supergraph) is costed afresh.
    const reloaded = buildSchema(printSchema(schema));
    expect(estimate(reloaded, { costs: {}, listSizes: {} }, fixed.operation, fixed.fragments, {})).not.toBe(21);

    const sized = operationOf('query($n: Int) { customerList(first: $n) { nodes { id } } }');
    expect(estimate(schema, costDirectives, sized.operation, sized.fragments, { n: 5 })).toBe(6);
    expect(estimate(schema, costDirectives, sized.operation, sized.fragments, { n: 50 })).toBe(51);
    const listed = operationOf('query($id: ID!) { customers(ids: [$id, "b"]) { id } }');
    expect(estimate(schema, costDirectives, listed.operation, listed.fragments, { id: 'a' })).toBe(2);
  });
});
