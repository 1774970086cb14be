// Estimates an operation's cost by the IBM GraphQL cost spec: type and field weights from @cost, list sizes from @listSize.
//
// Objects cost 1 and scalars 0 unless @cost says otherwise; a list multiplies what it holds
// by its size: the largest slicing argument given (`first: 50`), else the spec's assumedSize,
// else `defaultListSize`. One Singleview extension: a list without @listSize whose field has
// a single list argument (`customers(ids: [...])`) is as long as that argument. Each root
// mutation field adds 10, as the spec suggests. Introspection costs nothing.
import {
  Kind,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { SecurityDirectives } from '../supergraph/security.ts';

export interface CostOptions {
  defaultListSize: number;
  mutationCost: number;
}

export const DEFAULT_COST_OPTIONS: CostOptions = { defaultListSize: 10, mutationCost: 10 };

interface Sized {
  fields: string[];
  size: number;
}

type CostDirectives = Pick<SecurityDirectives, 'costs' | 'listSizes'>;

export function estimateCost(
  schema: GraphQLSchema,
  directives: CostDirectives,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  options: CostOptions = DEFAULT_COST_OPTIONS,
): number {
  return costOf(schema, directives, operation, fragments, variables, options).cost;
}

/**
 * `estimateCost`, remembered per operation for operations whose cost reads no variable.
 * Apollo Server hands every request with the same text the same parsed document, so a
 * repeated operation is costed once per schema; one whose list sizes come from variables
 * (`first: $n`, `ids: $ids`) is costed per request.
 */
export function costEstimator(options: CostOptions = DEFAULT_COST_OPTIONS) {
  const known = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; cost: number }>();
  return (schema: GraphQLSchema, directives: CostDirectives, operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, variables: Record<string, unknown>): number => {
    const hit = known.get(operation);
    if (hit?.schema === schema) return hit.cost;
    const { cost, readsVariables } = costOf(schema, directives, operation, fragments, variables, options);
    if (!readsVariables) known.set(operation, { schema, cost });
    return cost;
  };
}

function costOf(
  schema: GraphQLSchema,
  directives: CostDirectives,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  options: CostOptions,
): { cost: number; readsVariables: boolean } {
  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0, readsVariables: false };
  const memo = new Map<string, number>();
  let readsVariables = false;

  const argument = (node: FieldNode, field: GraphQLField<unknown, unknown>, name: string): unknown => {
    const given = node.arguments?.find((a) => a.name.value === name)?.value;
    if (given) {
      readsVariables ||= hasVariable(given);
      return valueOf(given, variables);
    }
    return field.args.find((a) => a.name === name)?.defaultValue;
  };

  const listSize = (node: FieldNode, field: GraphQLField<unknown, unknown>, coordinate: string): { size: number; sized: Sized | null } => {
    const spec = directives.listSizes[coordinate];
    let size: number | null = null;
    if (spec) {
      for (const name of spec.slicingArguments) {
        const value = argument(node, field, name);
        if (typeof value === 'number') size = Math.max(size ?? 0, value);
      }
      size ??= spec.assumedSize ?? options.defaultListSize;
      if (spec.sizedFields.length) return { size: 1, sized: { fields: spec.sizedFields, size } };
      return { size, sized: null };
    }
    const listArguments = field.args.filter((a) => isListType(isNonNullType(a.type) ? a.type.ofType : a.type));
    if (listArguments.length === 1) {
      const value = argument(node, field, listArguments[0].name);
      if (Array.isArray(value)) return { size: value.length, sized: null };
    }
    return { size: options.defaultListSize, sized: null };
  };

  const costOfSet = (type: GraphQLCompositeType, set: SelectionSetNode, sized: Sized | null): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const conditioned = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (conditioned && isCompositeType(conditioned)) total += costOfSet(conditioned, selection.selectionSet, sized);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const conditioned = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !conditioned || !isCompositeType(conditioned)) continue;
        const key = `${fragment.name.value}|${sized ? `${sized.size}:${sized.fields.join(',')}` : ''}`;
        let cost = memo.get(key);
        if (cost === undefined) {
          memo.set(key, 0); // a cycle (invalid anyway) costs nothing more
          cost = costOfSet(conditioned, fragment.selectionSet, sized);
          memo.set(key, cost);
        }
        total += cost;
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__') || (!isObjectType(type) && !isInterfaceType(type))) continue;
      const field = type.getFields()[name];
      if (!field) continue;
      const named = getNamedType(field.type);
      const coordinate = `${type.name}.${name}`;
      const weight = directives.costs[coordinate] ?? directives.costs[named.name] ?? (isCompositeType(named) ? 1 : 0);
      let argumentsCost = 0;
      for (const arg of selection.arguments ?? []) argumentsCost += directives.costs[`${coordinate}(${arg.name.value}:)`] ?? 0;
      let multiplier = 1;
      let childSized: Sized | null = null;
      const isList = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
      if (sized && isList && sized.fields.includes(name)) multiplier = sized.size;
      else if (isList || directives.listSizes[coordinate]) {
        const estimate = listSize(selection, field, coordinate);
        multiplier = isList ? estimate.size : 1;
        childSized = estimate.sized;
      }
      const children = selection.selectionSet && isCompositeType(named) ? costOfSet(named, selection.selectionSet, childSized) : 0;
      total += argumentsCost + multiplier * (weight + children);
    }
    return total;
  };

  const base = operation.operation === 'mutation' ? options.mutationCost * rootFieldCount(operation.selectionSet, fragments) : 0;
  const cost = base + costOfSet(root, operation.selectionSet, null);
  return { cost, readsVariables };
}

function hasVariable(node: ValueNode): boolean {
  if (node.kind === Kind.VARIABLE) return true;
  if (node.kind === Kind.LIST) return node.values.some(hasVariable);
  if (node.kind === Kind.OBJECT) return node.fields.some((field) => hasVariable(field.value));
  return false;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  return valueFromASTUntyped(node, variables);
}

function rootFieldCount(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let n = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) n += s.name.value.startsWith('__') ? 0 : 1;
    else if (s.kind === Kind.INLINE_FRAGMENT) n += rootFieldCount(s.selectionSet, fragments, seen);
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const f = fragments.get(s.name.value);
      if (f) n += rootFieldCount(f.selectionSet, fragments, seen);
    }
  }
  return n;
}
