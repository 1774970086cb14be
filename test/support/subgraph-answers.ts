// Generated subgraph answers for a federation fetch: for comparing two executors on the same, often malformed, data.
//
// `answer` derives everything from the request it answers (two executors sending the same
// request get the same answer); `semanticAnswer` answers entity fetches field by field from
// each entity's key (what a real subgraph does), so merged and separate fetches compare.
import {
  Kind,
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { Random } from '../../simulator/generator/random.ts';

/** Leaf values, mostly valid for their type, sometimes not (the executor passes leaves through; the shaping judges them). */
function leaf(type: GraphQLOutputType, rng: Random): unknown {
  const named = getNamedType(type);
  if (rng.chance(0.05)) return rng.pick([true, 7, 'text', {}]);
  if (isEnumType(named)) return rng.pick(named.getValues()).value;
  switch (named.name) {
    case 'Int':
      return rng.int(0, 2_000);
    case 'Float':
      return rng.float() * 100;
    case 'Boolean':
      return rng.chance(0.5);
    case 'DateTime':
      return new Date(Date.UTC(2026, rng.int(0, 11), rng.int(1, 28))).toISOString();
    case 'EventLog':
      return [['2026-01-01T00:00:00.000Z', 'ORDER_PLACED', null, 'Placed', 'o-1', 'Order', 'o-1']];
    default:
      return `${named.name.toLowerCase()}-${rng.int(0, 9)}`;
  }
}

/** A value for `type` along a fetch's selection set, with nulls, missing fields and wrong shapes mixed in. */
function valueFor(type: GraphQLOutputType, set: SelectionSetNode | undefined, ctx: { schema: GraphQLSchema; doc: DocumentNode; rng: Random }, depth: number): unknown {
  const { rng } = ctx;
  if (isNonNullType(type)) return rng.chance(0.03) ? null : valueFor(type.ofType, set, ctx, depth);
  if (rng.chance(0.05)) return null;
  if (isListType(type)) {
    if (rng.chance(0.02)) return { not: 'a list' };
    return Array.from({ length: rng.int(0, 3) }, () => valueFor(type.ofType, set, ctx, depth + 1));
  }
  if (!set) return leaf(type, rng);
  if (depth > 6) return null;
  const named = getNamedType(type);
  const concrete = isAbstractType(named) ? rng.pick(ctx.schema.getPossibleTypes(named)) : (named as GraphQLObjectType);
  if (rng.chance(0.03)) return rng.pick([null, 'not an object', [objectFor(concrete, set, ctx, depth)]]);
  return objectFor(concrete, set, ctx, depth);
}

function objectFor(type: GraphQLObjectType, set: SelectionSetNode, ctx: { schema: GraphQLSchema; doc: DocumentNode; rng: Random }, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (selections: SelectionSetNode) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT
            ? selection
            : ctx.doc.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition && ctx.schema.getType(fragment.typeCondition.name.value);
        if (!condition || condition === type || (isAbstractType(condition) && ctx.schema.isSubType(condition, type))) walk(fragment.selectionSet);
        continue;
      }
      const name = selection.alias?.value ?? selection.name.value;
      if (selection.name.value === '__typename') {
        out[name] = ctx.rng.chance(0.97) ? type.name : 'Unknown';
        continue;
      }
      const field = type.getFields()[selection.name.value];
      if (!field || ctx.rng.chance(0.03)) continue;
      out[name] = valueFor(field.type, selection.selectionSet, ctx, depth + 1);
    }
  };
  walk(set);
  return out;
}

/** A subgraph answer for one fetch, derived only from what was sent (so both executors get the same answer to the same request). */
export function answer(schema: GraphQLSchema, query: string, variables: Record<string, unknown>, rng: Random) {
  const doc = parse(query);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const ctx = { schema, doc, rng };
  const errors = rng.chance(0.12) ? [{ message: 'subgraph says no', path: rng.chance(0.7) ? ['_entities', rng.int(0, 3), 'name'] : undefined, extensions: rng.chance(0.5) ? { code: 'BAD' } : undefined }] : undefined;
  const roll = rng.float();
  if (roll < 0.03) return { errors: [{ message: 'whole fetch failed' }] };
  if (roll < 0.05) return { data: null, errors };
  const field = operation.selectionSet.selections[0];
  if (field.kind === Kind.FIELD && field.name.value === '_entities') {
    const representations = variables.representations as { __typename: string }[];
    if (roll < 0.07) return { data: { _entities: representations.slice(1) }, errors };
    if (roll < 0.08) return { data: { _entities: 'nope' } };
    const entities = representations.map((r) => (rng.chance(0.06) ? null : objectFor(schema.getType(r.__typename) as GraphQLObjectType, field.selectionSet!, ctx, 0)));
    entities.forEach((entity, i) => {
      if (entity && rng.chance(0.05)) delete entity.__typename;
      // A subgraph that echoes what it was sent: lists the entity already holds then merge element by element.
      if (entity && rng.chance(0.15)) {
        for (const [key, value] of Object.entries(representations[i])) {
          if (Array.isArray(value)) entity[key] = value.map((item, n) => (rng.chance(0.8) ? { echoed: n } : n));
          else if (key !== '__typename' && typeof value === 'string' && rng.chance(0.3)) entity[key] = { echoed: key };
        }
      }
    });
    return { data: { _entities: entities }, errors };
  }
  const root = operation.operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
  return { data: objectFor(root, operation.selectionSet, ctx, 0), errors };
}

/**
 * An answer that depends on each entity and field, not on the request they arrive in: what a
 * real subgraph gives, and what lets merged and separate fetches be compared. Entity fetches
 * are answered field by field from the entity's key; no whole-request failures.
 */
export function semanticAnswer(schema: GraphQLSchema, query: string, variables: Record<string, unknown>, seed: string) {
  const doc = parse(query);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const field = operation.selectionSet.selections[0];
  if (field.kind !== Kind.FIELD || field.name.value !== '_entities') return answer(schema, query, variables, new Random(`${seed}:${query}:${JSON.stringify(variables)}`));
  const errors: { message: string; path: (string | number)[] }[] = [];
  const entities = (variables.representations as Record<string, string>[]).map((representation, i) => {
    const entityKey = `${seed}:${representation.__typename}:${representation.id ?? representation.upc ?? representation.number}`;
    if (new Random(`${entityKey}:null`).chance(0.05)) return null;
    const type = schema.getType(representation.__typename) as GraphQLObjectType;
    const out: Record<string, unknown> = { __typename: type.name };
    for (const fragment of field.selectionSet!.selections) {
      if (fragment.kind !== Kind.INLINE_FRAGMENT || fragment.typeCondition?.name.value !== type.name) continue;
      for (const selection of fragment.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD || selection.name.value === '__typename') continue;
        const name = selection.alias?.value ?? selection.name.value;
        const rng = new Random(`${entityKey}:${name}`);
        if (rng.chance(0.08)) {
          errors.push({ message: `no ${name}`, path: ['_entities', i, name] });
          out[name] = null;
        } else out[name] = valueFor(type.getFields()[selection.name.value].type, selection.selectionSet, { schema, doc, rng }, 1);
      }
    }
    return out;
  });
  return { data: { _entities: entities }, errors: errors.length ? errors : undefined };
}
