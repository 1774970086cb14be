// Rewrites an operation before planning: removes unauthorized fields and adds the hidden fields the policies need (ids, consents).
import { Kind, parse, visit, type DocumentNode, type FieldNode, type SelectionSetNode } from 'graphql';
import type { FieldSite, OperationAnalysis } from './analysis.ts';

export interface RewritePlan {
  /** Sites whose fields are taken out of the operation (and put back as null in the result). */
  removed: Set<FieldSite>;
  /** Hidden fields added under every Customer selection, by alias suffix: e.g. `id` → `_sv0_id: id`. */
  customerFields: Map<string, string>;
}

export function emptyPlan(): RewritePlan {
  return { removed: new Set(), customerFields: new Map() };
}

export function planIsEmpty(plan: RewritePlan): boolean {
  return plan.removed.size === 0 && plan.customerFields.size === 0;
}

export function planKey(plan: RewritePlan): string {
  const removed = [...plan.removed].map((s) => s.id).sort((a, b) => a - b).join(',');
  return `${removed}|${[...plan.customerFields.keys()].sort().join(',')}`;
}

/** The alias under which the gateway reads a hidden field: the document's hidden prefix and the suffix. */
export function hiddenAlias(analysis: OperationAnalysis, suffix: string): string {
  return `${analysis.hiddenPrefix}${suffix}`;
}

export const PLACEHOLDER_SUFFIX = 't';

function hiddenField(alias: string, selection: string): FieldNode {
  const document = parse(`{ ${alias}: ${selection} }`, { noLocation: true });
  const operation = document.definitions[0];
  if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('unreachable');
  return operation.selectionSet.selections[0] as FieldNode;
}

/** The rewritten document, cached on the analysis by the plan's key. */
export function rewriteOperation(analysis: OperationAnalysis, plan: RewritePlan): { document: DocumentNode; key: string } {
  const key = `rewrite:${planKey(plan)}`;
  const cached = analysis.memo.get(key) as DocumentNode | undefined;
  if (cached) return { document: cached, key };
  const removedNodes = new Set<FieldNode>();
  for (const site of plan.removed) for (const node of site.nodes) removedNodes.add(node);
  const customerNodes = new Set<FieldNode>();
  for (const site of analysis.customers) for (const node of site.nodes) customerNodes.add(node);
  const extra = [...plan.customerFields].map(([suffix, selection]) => hiddenField(hiddenAlias(analysis, suffix), selection));
  const placeholder = hiddenField(hiddenAlias(analysis, PLACEHOLDER_SUFFIX), '__typename');

  const source: DocumentNode = { kind: Kind.DOCUMENT, definitions: [analysis.operation, ...analysis.fragments.values()] };
  const edited = visit(source, {
    Field: {
      enter(node) {
        if (removedNodes.has(node)) return null;
        if (extra.length && node.selectionSet && customerNodes.has(node)) {
          return { ...node, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, ...extra] } };
        }
        return undefined;
      },
    },
    SelectionSet: {
      leave(node: SelectionSetNode) {
        return node.selections.length === 0 ? { ...node, selections: [placeholder] } : undefined;
      },
    },
  });
  const document = pruneUnused(edited);
  analysis.memo.set(key, document);
  return { document, key };
}

/** Drops fragments no longer spread and variables no longer used, which planners reject. */
function pruneUnused(document: DocumentNode): DocumentNode {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return document;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const reachable = new Set<string>();
  const variables = new Set<string>();
  const scan = (node: unknown) =>
    visit(node as DocumentNode, {
      VariableDefinition: () => false,
      Variable(v) {
        variables.add(v.name.value);
      },
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (reachable.has(name)) return;
        reachable.add(name);
        const fragment = fragments.get(name);
        if (fragment) scan(fragment);
      },
    });
  scan(operation);
  const definitions = [
    { ...operation, variableDefinitions: operation.variableDefinitions?.filter((v) => variables.has(v.variable.name.value)) },
    ...[...fragments.values()].filter((f) => reachable.has(f.name.value)),
  ];
  return { kind: Kind.DOCUMENT, definitions };
}
