// Takes over the supergraph's SECURITY features: reads @authenticated/@requiresScopes/@policy and @cost/@listSize, and gives @apollo/gateway a copy it accepts.
//
// @apollo/gateway refuses a supergraph that links a SECURITY feature it does not enforce
// (`@link(url: ".../authenticated/v0.1", for: SECURITY)`). Singleview enforces those
// directives itself, in its authorization plugin, so the copy handed to the gateway links
// the same directives under Singleview's own feature URL, without `for: SECURITY`. The
// directive applications stay in that copy, which is what the authorization plugin reads
// from the schema actually in service: the schema served and the rules enforced can
// never come from two different files.
import {
  Kind,
  parse,
  print,
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type SchemaDefinitionNode,
  type SchemaExtensionNode,
} from 'graphql';

/** What one type or field demands of the caller. Lists are OR of ANDs, as in the Federation spec. */
export interface AccessRequirement {
  authenticated: boolean;
  scopes: string[][] | null;
  policies: string[][] | null;
}

/** IBM cost spec `@listSize`, by field coordinate. */
export interface ListSize {
  assumedSize: number | null;
  slicingArguments: string[];
  sizedFields: string[];
  requireOneSlicingArgument: boolean;
}

export interface SecurityDirectives {
  /** Requirements on types, which apply to every field returning the type. */
  types: Record<string, AccessRequirement>;
  /** Requirements on fields, by schema coordinate `Type.field`. */
  fields: Record<string, AccessRequirement>;
  /** `@cost(weight:)` by coordinate: `Type`, `Type.field` or `Type.field(arg:)`. */
  costs: Record<string, number>;
  listSizes: Record<string, ListSize>;
  /** The SECURITY features found, e.g. `authenticated/v0.1`. */
  features: string[];
}

export interface PreparedSupergraph {
  /** The supergraph @apollo/gateway is given. */
  gatewaySdl: string;
  directives: SecurityDirectives;
}

export class SupergraphSecurityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SupergraphSecurityError';
  }
}

const APOLLO_SPECS = 'https://specs.apollo.dev/';
/** Where Singleview re-links the SECURITY features it enforces. */
export const ENFORCED_SPECS = 'https://singleview.dev/enforced/';
const SECURITY_FEATURES = new Set(['authenticated', 'requiresScopes', 'policy']);
/** SECURITY features @apollo/gateway enforces itself: `@inaccessible` elements never reach its API schema. They stay as linked. */
const GATEWAY_ENFORCED = new Set(['inaccessible']);

interface LinkedFeature {
  feature: string;
  version: string;
  /** Directive names in this document for the spec's directives, by spec name. */
  names: Map<string, string>;
  security: boolean;
}

/**
 * Reads the security and cost directives of a supergraph and returns the copy to give
 * @apollo/gateway. Throws SupergraphSecurityError for a SECURITY feature Singleview does
 * not know how to enforce: such a schema must never be served.
 */
export function prepareSupergraph(sdl: string): PreparedSupergraph {
  const document = parse(sdl);
  const links = readLinks(document);
  for (const link of links) {
    if (link.security && !SECURITY_FEATURES.has(link.feature) && !GATEWAY_ENFORCED.has(link.feature)) {
      throw new SupergraphSecurityError(`The supergraph links the SECURITY feature "${link.feature}/${link.version}", which Singleview does not enforce`);
    }
  }
  const directives = readDirectives(document, links);
  const needsRelink = links.some((l) => l.security && SECURITY_FEATURES.has(l.feature));
  return { gatewaySdl: needsRelink ? print(relinkSecurity(document)) : sdl, directives };
}

/** The directives of a supergraph, original or as prepared for the gateway. */
export function readSecurityDirectives(sdl: string | DocumentNode): SecurityDirectives {
  const document = typeof sdl === 'string' ? parse(sdl) : sdl;
  return readDirectives(document, readLinks(document));
}

function schemaNodes(document: DocumentNode): (SchemaDefinitionNode | SchemaExtensionNode)[] {
  return document.definitions.filter(
    (d): d is SchemaDefinitionNode | SchemaExtensionNode => d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION,
  );
}

function argument(node: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return node.arguments?.find((a) => a.name.value === name)?.value;
}

function readLinks(document: DocumentNode): LinkedFeature[] {
  const out: LinkedFeature[] = [];
  for (const schema of schemaNodes(document)) {
    for (const directive of schema.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const url = argument(directive, 'url');
      if (url?.kind !== Kind.STRING) continue;
      const base = url.value.startsWith(APOLLO_SPECS) ? APOLLO_SPECS : url.value.startsWith(ENFORCED_SPECS) ? ENFORCED_SPECS : null;
      if (!base) continue;
      const [feature, version] = url.value.slice(base.length).split('/');
      const purpose = argument(directive, 'for');
      const security = purpose?.kind === Kind.ENUM && purpose.value === 'SECURITY';
      const as = argument(directive, 'as');
      const main = as?.kind === Kind.STRING ? as.value : feature;
      const names = new Map<string, string>();
      // The spec's main directive is named after the feature; the others are prefixed unless imported.
      const specDirectives = feature === 'cost' ? ['cost', 'listSize'] : [feature];
      for (const name of specDirectives) names.set(name, name === feature ? main : `${main}__${name}`);
      const imports = argument(directive, 'import');
      for (const item of imports?.kind === Kind.LIST ? imports.values : []) {
        if (item.kind === Kind.STRING) names.set(item.value.replace(/^@/, ''), item.value.replace(/^@/, ''));
        if (item.kind === Kind.OBJECT) {
          const name = item.fields.find((f) => f.name.value === 'name')?.value;
          const alias = item.fields.find((f) => f.name.value === 'as')?.value;
          if (name?.kind === Kind.STRING) names.set(name.value.replace(/^@/, ''), alias?.kind === Kind.STRING ? alias.value.replace(/^@/, '') : name.value.replace(/^@/, ''));
        }
      }
      out.push({ feature, version, names, security: security || base === ENFORCED_SPECS });
    }
  }
  return out;
}

function stringLists(value: ConstValueNode | undefined): string[][] {
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []));
}

function strings(value: ConstValueNode | undefined): string[] {
  return value?.kind === Kind.LIST ? value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [];
}

function intValue(value: ConstValueNode | undefined): number | null {
  return value?.kind === Kind.INT ? Number(value.value) : null;
}

function readDirectives(document: DocumentNode, links: LinkedFeature[]): SecurityDirectives {
  const name = (feature: string, directive: string) => links.find((l) => l.feature === feature)?.names.get(directive);
  const authenticated = name('authenticated', 'authenticated');
  const requiresScopes = name('requiresScopes', 'requiresScopes');
  const policy = name('policy', 'policy');
  const cost = name('cost', 'cost');
  const listSize = name('cost', 'listSize');
  const out: SecurityDirectives = {
    types: {},
    fields: {},
    costs: {},
    listSizes: {},
    features: links.filter((l) => l.security).map((l) => `${l.feature}/${l.version}`),
  };

  const requirementOf = (directives: readonly ConstDirectiveNode[] | undefined): AccessRequirement | null => {
    let requirement: AccessRequirement | null = null;
    const get = () => (requirement ??= { authenticated: false, scopes: null, policies: null });
    for (const d of directives ?? []) {
      const n = d.name.value;
      if (n === authenticated) get().authenticated = true;
      else if (n === requiresScopes) get().scopes = [...(get().scopes ?? []), ...stringLists(argument(d, 'scopes'))];
      else if (n === policy) get().policies = [...(get().policies ?? []), ...stringLists(argument(d, 'policies'))];
    }
    return requirement;
  };
  const costOf = (directives: readonly ConstDirectiveNode[] | undefined): number | null => {
    const d = directives?.find((x) => x.name.value === cost);
    return d ? intValue(argument(d, 'weight')) : null;
  };

  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.SCALAR_TYPE_DEFINITION &&
      definition.kind !== Kind.ENUM_TYPE_DEFINITION &&
      definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION
    ) {
      continue;
    }
    const typeName = definition.name.value;
    const typeRequirement = requirementOf(definition.directives);
    if (typeRequirement) out.types[typeName] = typeRequirement;
    const typeCost = costOf(definition.directives);
    if (typeCost !== null) out.costs[typeName] = typeCost;
    if (definition.kind === Kind.SCALAR_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      const requirement = requirementOf(field.directives);
      if (requirement) out.fields[coordinate] = requirement;
      const weight = costOf(field.directives);
      if (weight !== null) out.costs[coordinate] = weight;
      const size = field.directives?.find((d) => d.name.value === listSize);
      if (size) {
        const requireOne = argument(size, 'requireOneSlicingArgument');
        out.listSizes[coordinate] = {
          assumedSize: intValue(argument(size, 'assumedSize')),
          slicingArguments: strings(argument(size, 'slicingArguments')),
          sizedFields: strings(argument(size, 'sizedFields')),
          requireOneSlicingArgument: requireOne?.kind === Kind.BOOLEAN ? requireOne.value : true,
        };
      }
      if ('arguments' in field) {
        for (const arg of field.arguments ?? []) {
          const argCost = costOf(arg.directives);
          if (argCost !== null) out.costs[`${coordinate}(${arg.name.value}:)`] = argCost;
        }
      }
    }
  }
  return out;
}

/** The same document with every SECURITY link re-pointed at Singleview's enforced feature URL. */
function relinkSecurity(document: DocumentNode): DocumentNode {
  const relink = (directive: ConstDirectiveNode): ConstDirectiveNode => {
    if (directive.name.value !== 'link') return directive;
    const url = argument(directive, 'url');
    const purpose = argument(directive, 'for');
    if (url?.kind !== Kind.STRING || purpose?.kind !== Kind.ENUM || purpose.value !== 'SECURITY') return directive;
    const feature = /\/([^/]+)\/v[\d.]+$/.exec(url.value)?.[1];
    if (feature && GATEWAY_ENFORCED.has(feature)) return directive;
    const args: ConstArgumentNode[] = (directive.arguments ?? [])
      .filter((a) => a.name.value !== 'for')
      .map((a) =>
        a.name.value === 'url' ? { ...a, value: { kind: Kind.STRING, value: ENFORCED_SPECS + url.value.slice(APOLLO_SPECS.length) } } : a,
      );
    return { ...directive, arguments: args };
  };
  return {
    ...document,
    definitions: document.definitions.map((d) =>
      d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION ? { ...d, directives: d.directives?.map(relink) } : d,
    ),
  };
}
