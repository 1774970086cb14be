// Sibling entity fetches to one subgraph at one path, sent as one request: what Apollo's planner keeps apart when their @requires differ.
//
// Apollo's query planner gives every distinct set of @requires inputs its own fetch group,
// even when the fetches go to the same subgraph, at the same path, in the same parallel
// step. The product's customer-360 query makes three such fetches to insights (lifecycle,
// segments and journey each require different fields), so each request paid three HTTP
// exchanges, three subgraph executions and three copies of the shared inputs. This module
// rewrites such a group, once per plan, into one fetch: its `requires` is the originals'
// selections one after the other (a representation is their merge), its operation selects
// every original's fields in one `_entities` call, and it keeps the originals. At run time
// (plan-executor.ts) the merged request is sent only when every original would have sent a
// representation for exactly the same entities, so that the subgraph sees the same inputs
// per entity as Apollo's plan would give it; otherwise the originals run as planned.
import type { FetchNode, FlattenNode, PlanNode, QueryPlan } from '@apollo/query-planner';
import { Kind, parse, print, type DefinitionNode, type DocumentNode, type FieldNode, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';

/** A fetch that stands for several of the plan's own; `merged` holds them, in plan order. */
export interface MergedFetchNode extends FetchNode {
  merged: FetchNode[];
}

export const isMergedFetch = (node: FetchNode): node is MergedFetchNode => Array.isArray((node as Partial<MergedFetchNode>).merged);

const rewritten = new WeakMap<QueryPlan, QueryPlan>();
let enabled = true;

/** GATEWAY_FETCH_MERGING: on by default; off runs every plan exactly as Apollo's planner made it. Process-wide. */
export function useFetchMerging(on: boolean): void {
  enabled = on;
}

/** The plan with mergeable sibling fetches merged; the same object when there are none or merging is off. Kept per plan object. */
export function withMergedFetches(plan: QueryPlan): QueryPlan {
  if (!enabled) return plan;
  let result = rewritten.get(plan);
  if (!result) {
    const node = plan.node && plan.node.kind !== 'Subscription' ? rewrite(plan.node) : plan.node;
    result = node === plan.node ? plan : { ...plan, node };
    rewritten.set(plan, result);
  }
  return result;
}

function rewrite(node: PlanNode): PlanNode {
  switch (node.kind) {
    case 'Sequence': {
      const nodes = node.nodes.map(rewrite);
      return nodes.every((n, i) => n === node.nodes[i]) ? node : { ...node, nodes };
    }
    case 'Parallel': {
      const nodes = mergeSiblings(node.nodes.map(rewrite));
      return nodes.length === node.nodes.length && nodes.every((n, i) => n === node.nodes[i]) ? node : nodes.length === 1 ? nodes[0] : { ...node, nodes };
    }
    case 'Condition': {
      const ifClause = node.ifClause && rewrite(node.ifClause);
      const elseClause = node.elseClause && rewrite(node.elseClause);
      return ifClause === node.ifClause && elseClause === node.elseClause ? node : { ...node, ifClause, elseClause };
    }
    default:
      return node;
  }
}

/** Flatten → Fetch siblings that may become one: entity fetches of a query, without rewrites or @defer. */
function mergeKey(node: PlanNode): string | undefined {
  if (node.kind !== 'Flatten' || node.node.kind !== 'Fetch') return undefined;
  const fetch = node.node;
  if (!fetch.requires || fetch.operationKind !== 'query' || fetch.hasDefers || fetch.inputRewrites?.length || fetch.outputRewrites?.length || fetch.contextRewrites?.length) return undefined;
  return `${fetch.serviceName}\u0000${node.path.join('\u0000')}`;
}

function mergeSiblings(nodes: PlanNode[]): PlanNode[] {
  const groups = new Map<string, FlattenNode[]>();
  for (const node of nodes) {
    const key = mergeKey(node);
    if (key) groups.set(key, [...(groups.get(key) ?? []), node as FlattenNode]);
  }
  const replaced = new Map<PlanNode, PlanNode | null>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const fetch = mergeFetches(group.map((flatten) => flatten.node as FetchNode));
    if (!fetch) continue;
    group.forEach((flatten, i) => replaced.set(flatten, i === 0 ? { ...flatten, node: fetch } : null));
  }
  if (replaced.size === 0) return nodes;
  return nodes.flatMap((node) => {
    const replacement = replaced.get(node);
    return replacement === undefined ? [node] : replacement === null ? [] : [replacement];
  });
}

/** One fetch selecting every original's fields, or undefined when their operations cannot be combined safely. */
function mergeFetches(fetches: FetchNode[]): MergedFetchNode | undefined {
  const documents = fetches.map((fetch) => fetch.operationDocumentNode ?? parse(fetch.operation));
  const operations: OperationDefinitionNode[] = [];
  const others = new Map<string, DefinitionNode>();
  for (const document of documents) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
      else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        const existing = others.get(definition.name.value);
        if (existing && print(existing) !== print(definition)) return undefined;
        others.set(definition.name.value, definition);
      } else return undefined;
    }
  }
  if (operations.length !== fetches.length) return undefined;
  const entities = operations.map(entitiesField);
  if (entities.some((field) => !field)) return undefined;
  const variables = new Map<string, VariableDefinitionNode>();
  for (const operation of operations) {
    for (const definition of operation.variableDefinitions ?? []) {
      const existing = variables.get(definition.variable.name.value);
      if (existing && print(existing) !== print(definition)) return undefined;
      variables.set(definition.variable.name.value, definition);
    }
  }
  const [first] = operations;
  const field = entities[0]!;
  const operation: OperationDefinitionNode = {
    ...first,
    variableDefinitions: [...variables.values()],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [{ ...field, selectionSet: { kind: Kind.SELECTION_SET, selections: entities.flatMap((f) => f!.selectionSet!.selections) } }],
    },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...others.values()] };
  return {
    ...fetches[0],
    id: undefined,
    variableUsages: [...new Set(fetches.flatMap((fetch) => fetch.variableUsages ?? []))],
    requires: fetches.flatMap((fetch) => fetch.requires!),
    operation: print(document),
    operationDocumentNode: document,
    merged: fetches,
  };
}

/** The operation's one root field, when it is `_entities(representations: $representations)` with nothing else beside it. */
function entitiesField(operation: OperationDefinitionNode): FieldNode | undefined {
  const [field, ...rest] = operation.selectionSet.selections;
  if (rest.length || field?.kind !== Kind.FIELD || field.name.value !== '_entities' || field.alias || !field.selectionSet) return undefined;
  return field;
}
