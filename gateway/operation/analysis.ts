// What an operation selects, once per document: a tree of field sites with their access rules, PII kinds and customer positions.
//
// Built once per parsed document (Apollo's document store hands back the same DocumentNode
// for the same query, so a WeakMap keyed by it is the cache) and shared by every request
// that sends the document; per-caller decisions are cached on it by grant key.
import {
  Kind,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { PiiKind } from '../policy-defaults.ts';
import type { AccessRequirement, SecurityDirectives } from '../supergraph/security.ts';

/** One field in the operation's response shape: every FieldNode with this response key under one parent site. */
export interface FieldSite {
  id: number;
  key: string;
  name: string;
  coordinate: string;
  namedType: string;
  nullable: boolean;
  /** The field's type is a list (possibly non-null); lists of lists count as one level here. */
  list: boolean;
  /** Items of the list may be null. */
  itemNullable: boolean;
  leafIsString: boolean;
  nodes: FieldNode[];
  children: FieldSite[];
  parent: FieldSite | null;
  /** Response keys from the root, `@` standing for list positions. */
  path: (string | '@')[];
  /** Rules from the field and from the type it returns (all must hold). */
  requirements: AccessRequirement[];
  pii: PiiKind | null;
  customer: boolean;
}

export interface OperationAnalysis {
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
  roots: FieldSite[];
  sites: FieldSite[];
  guarded: FieldSite[];
  pii: FieldSite[];
  customers: FieldSite[];
  /** Aliases the gateway may add without colliding with the client's. */
  hiddenPrefix: string;
  /** Per-caller results cached on the analysis, by a key the caller decides. */
  memo: Map<string, unknown>;
}

export interface AnalysisContext {
  schema: GraphQLSchema;
  directives: SecurityDirectives;
  piiKindOf(coordinate: string): PiiKind | null;
  customerType: string;
}

export function analyzeOperation(ctx: AnalysisContext, document: DocumentNode, operation: OperationDefinitionNode): OperationAnalysis {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const rootType = ctx.schema.getRootType(operation.operation);
  const analysis: OperationAnalysis = {
    operation,
    fragments,
    roots: [],
    sites: [],
    guarded: [],
    pii: [],
    customers: [],
    hiddenPrefix: hiddenPrefixFor(document),
    memo: new Map(),
  };
  if (!rootType) return analysis;
  let nextId = 0;

  const collect = (type: GraphQLCompositeType, selectionSet: SelectionSetNode, into: Map<string, { type: GraphQLCompositeType; nodes: FieldNode[] }>, visiting: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = `${type.name}.${selection.alias?.value ?? selection.name.value}`;
        const entry = into.get(key);
        if (entry) entry.nodes.push(selection);
        else into.set(key, { type, nodes: [selection] });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const conditioned = selection.typeCondition ? ctx.schema.getType(selection.typeCondition.name.value) : type;
        if (conditioned && isCompositeType(conditioned)) collect(conditioned, selection.selectionSet, into, visiting);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        const conditioned = ctx.schema.getType(fragment.typeCondition.name.value);
        if (!conditioned || !isCompositeType(conditioned)) continue;
        visiting.add(fragment.name.value);
        collect(conditioned, fragment.selectionSet, into, visiting);
        visiting.delete(fragment.name.value);
      }
    }
  };

  const build = (type: GraphQLCompositeType, selectionSets: SelectionSetNode[], parent: FieldSite | null): FieldSite[] => {
    const grouped = new Map<string, { type: GraphQLCompositeType; nodes: FieldNode[] }>();
    for (const set of selectionSets) collect(type, set, grouped, new Set());
    const out: FieldSite[] = [];
    for (const { type: parentType, nodes } of grouped.values()) {
      const name = nodes[0].name.value;
      if (name.startsWith('__')) continue; // __typename and introspection: never guarded, never PII
      if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
      const field = parentType.getFields()[name];
      if (!field) continue;
      const named = getNamedType(field.type);
      const coordinate = `${parentType.name}.${name}`;
      const requirements: AccessRequirement[] = [];
      const onField = ctx.directives.fields[coordinate];
      const onType = ctx.directives.types[named.name];
      if (onField) requirements.push(onField);
      if (onType) requirements.push(onType);
      const shape = shapeOf(field.type);
      const site: FieldSite = {
        id: nextId++,
        key: nodes[0].alias?.value ?? name,
        name,
        coordinate,
        namedType: named.name,
        nullable: !isNonNullType(field.type),
        list: shape.list,
        itemNullable: shape.itemNullable,
        leafIsString: named.name === 'String',
        nodes,
        children: [],
        parent,
        path: parent ? [...parent.path, ...(parent.list ? ['@' as const] : []), nodes[0].alias?.value ?? name] : [nodes[0].alias?.value ?? name],
        requirements,
        pii: ctx.piiKindOf(coordinate),
        customer: named.name === ctx.customerType,
      };
      analysis.sites.push(site);
      if (requirements.length) analysis.guarded.push(site);
      if (site.pii) analysis.pii.push(site);
      if (site.customer) analysis.customers.push(site);
      if (isCompositeType(named)) {
        const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
        site.children = build(named, sets, site);
      }
      out.push(site);
    }
    return out;
  };

  analysis.roots = build(rootType, [operation.selectionSet], null);
  return analysis;
}

function shapeOf(type: GraphQLOutputType): { list: boolean; itemNullable: boolean } {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (!isListType(inner)) return { list: false, itemNullable: true };
  return { list: true, itemNullable: !isNonNullType(inner.ofType) };
}

/** A prefix no alias or field name in the document starts with. */
function hiddenPrefixFor(document: DocumentNode): string {
  const text = JSON.stringify(document, (key, value) => (key === 'loc' ? undefined : value));
  let n = 0;
  while (text.includes(`"_sv${n}_`)) n++;
  return `_sv${n}_`;
}

/** Analyses cached by document, then by operation name. */
export class AnalysisCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, OperationAnalysis>>();
  private readonly ctx: AnalysisContext;

  constructor(ctx: AnalysisContext) {
    this.ctx = ctx;
  }

  get context(): AnalysisContext {
    return this.ctx;
  }

  analysisOf(document: DocumentNode, operation: OperationDefinitionNode): OperationAnalysis {
    let forDocument = this.byDocument.get(document);
    if (!forDocument) this.byDocument.set(document, (forDocument = new Map()));
    const key = operation.name?.value ?? '';
    let analysis = forDocument.get(key);
    if (!analysis) forDocument.set(key, (analysis = analyzeOperation(this.ctx, document, operation)));
    return analysis;
  }
}
