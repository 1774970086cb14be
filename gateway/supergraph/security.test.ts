// The supergraph's security directives are read, and the copy for @apollo/gateway loads where the original is refused.
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ENFORCED_SPECS, prepareSupergraph, readSecurityDirectives, SupergraphSecurityError } from './security.ts';

const accounts = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes", "@policy", "@cost", "@listSize"])
type Query {
  customer(id: ID!): Customer @authenticated
  customers(first: Int = 5): [Customer!] @listSize(slicingArguments: ["first"], requireOneSlicingArgument: false)
}
type Customer @key(fields: "id") @authenticated { id: ID! email: String @requiresScopes(scopes: [["pii:read"], ["pii:masked"]]) }
type Mutation { merge(a: ID!): Boolean @requiresScopes(scopes: [["steward"]]) }`;
const cases = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@policy"])
type Customer @key(fields: "id") { id: ID! notes: [String!] @policy(policies: [["purpose:service"]]) }`;

function supergraph(): string {
  const result = composeServices([
    { name: 'accounts', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(accounts) },
    { name: 'cases', url: 'http://127.0.0.1:2/graphql', typeDefs: parse(cases) },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

async function loads(sdl: string): Promise<true | string> {
  const gateway = new ApolloGateway({ supergraphSdl: sdl, logger: { debug() {}, info() {}, warn() {}, error() {} } });
  try {
    await gateway.load();
    await gateway.stop();
    return true;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('prepareSupergraph', () => {
  it('reads every authorization and cost directive, by type and by field', () => {
    const { directives } = prepareSupergraph(supergraph());
    expect(directives.features.sort()).toEqual(['authenticated/v0.1', 'policy/v0.1', 'requiresScopes/v0.1']);
    expect(directives.types.Customer).toEqual({ authenticated: true, scopes: null, policies: null });
    expect(directives.fields['Query.customer'].authenticated).toBe(true);
    expect(directives.fields['Customer.email'].scopes).toEqual([['pii:read'], ['pii:masked']]);
    expect(directives.fields['Customer.notes'].policies).toEqual([['purpose:service']]);
    expect(directives.fields['Mutation.merge'].scopes).toEqual([['steward']]);
    expect(directives.listSizes['Query.customers']).toEqual({ assumedSize: null, slicingArguments: ['first'], sizedFields: [], requireOneSlicingArgument: false });
  });

  it('gives @apollo/gateway a copy it loads, which still carries the same directives', async () => {
    const original = supergraph();
    expect(await loads(original)).toMatch(/is for: SECURITY but is unsupported/);
    const { gatewaySdl, directives } = prepareSupergraph(original);
    expect(gatewaySdl).not.toMatch(/for: SECURITY/);
    expect(gatewaySdl).toContain(`${ENFORCED_SPECS}authenticated/v0.1`);
    expect(await loads(gatewaySdl)).toBe(true);
    // The plugin reads the rules back from the schema in service: nothing is lost in the copy.
    expect(readSecurityDirectives(gatewaySdl)).toEqual(directives);
  });

  it('refuses a SECURITY feature it cannot enforce rather than serve it unenforced', () => {
    const sdl = supergraph().replace(
      '@link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)',
      '@link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)\n  @link(url: "https://specs.apollo.dev/rowLevelSecurity/v0.1", for: SECURITY)',
    );
    expect(() => prepareSupergraph(sdl)).toThrow(SupergraphSecurityError);
  });

  it('leaves a supergraph without SECURITY features as it is', () => {
    const plain = composeServices([{ name: 'only', url: 'http://127.0.0.1:1/graphql', typeDefs: parse('type Query { hello: String }') }]).supergraphSdl!;
    const prepared = prepareSupergraph(plain);
    expect(prepared.gatewaySdl).toBe(plain);
    expect(prepared.directives.features).toEqual([]);
  });
});
