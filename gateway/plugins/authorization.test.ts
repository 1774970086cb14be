// Router semantics, unit by unit: which fields a caller loses, where the nulls land, and the operation the planner then receives.
import { buildSchema, parse, print, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { anonymousPrincipal, grantKey, type Principal } from '../auth/principal.ts';
import { AnalysisCache } from '../operation/analysis.ts';
import { walkResult } from '../operation/result-walk.ts';
import { emptyPlan, rewriteOperation } from '../operation/rewrite.ts';
import { DEFAULT_CONSUMERS } from '../policy-defaults.ts';
import type { ConsumerProfile } from '../policy-config.ts';
import type { SecurityDirectives } from '../supergraph/security.ts';
import { decide, PolicyEvaluator } from './authorization.ts';

const schema = buildSchema(`
  type Query { customer(id: ID!): Customer customers(ids: [ID!]!): [Customer]! ping: String }
  type Customer { id: ID! profile: Profile! cases: [Case!] segments: [String!] }
  type Profile { name: String email: String }
  type Case { id: ID! subject: String! notes: [String!]! }
`);
const directives: SecurityDirectives = {
  types: { Customer: { authenticated: true, scopes: null, policies: null } },
  fields: {
    'Profile.email': { authenticated: false, scopes: [['pii:read'], ['pii:masked']], policies: null },
    'Customer.cases': { authenticated: false, scopes: [['cases:read']], policies: null },
    'Case.notes': { authenticated: false, scopes: null, policies: [['purpose:service']] },
    'Customer.segments': { authenticated: false, scopes: [['segments:read']], policies: null },
  },
  costs: {},
  listSizes: {},
  features: [],
};
const profile: ConsumerProfile = { name: 'default', freeText: true, operations: null, limits: DEFAULT_CONSUMERS.default.limits, rateLimit: null };
const caller = (scopes: string[], purpose: string | null): Principal => ({
  kind: 'token', id: 'jwt:t|u', subject: 'u', scopes: new Set(scopes), purpose, profile, expiresAt: null, grantKey: grantKey(true, new Set(scopes), purpose),
});
const cache = new AnalysisCache({ schema, directives, customerType: 'Customer', piiKindOf: (c) => (c === 'Profile.email' ? 'email' : null) });
const analyze = (text: string) => {
  const document = parse(text);
  return cache.analysisOf(document, document.definitions[0] as OperationDefinitionNode);
};
const evaluator = new PolicyEvaluator({});

describe('authorization decisions', () => {
  const query = '{ customer(id: "1") { id profile { name email } cases { subject notes } segments } ping }';

  it('takes a sales caller\'s case notes away and nulls the nearest nullable field, with the path of the field denied', () => {
    const analysis = analyze(query);
    const decision = decide(analysis.guarded, analysis.roots, caller(['pii:read', 'cases:read', 'segments:read'], 'sales'), evaluator);
    expect(decision.denied.map((d) => [d.site.path.join('.'), d.reason])).toEqual([['customer.cases.@.notes', 'policy']]);
    // notes is [String!]! inside [Case!]: the null lands on `cases`, the nearest nullable field.
    expect([...decision.removed].map((s) => s.coordinate)).toEqual(['Customer.cases']);
    expect(decision.nothingAuthorized).toBe(false);
  });

  it('lets a service caller keep everything', () => {
    const analysis = analyze(query);
    const decision = decide(analysis.guarded, analysis.roots, caller(['pii:read', 'cases:read', 'segments:read'], 'service'), evaluator);
    expect(decision.denied).toEqual([]);
  });

  it('refuses an anonymous caller everything that reaches a customer, and says nothing is authorized when that is all there is', () => {
    const anonymous = anonymousPrincipal(profile);
    const mixed = analyze(query);
    const decision = decide(mixed.guarded, mixed.roots, anonymous, evaluator);
    expect(decision.denied.map((d) => d.reason)).toEqual(['authentication']);
    expect(decision.nothingAuthorized).toBe(false); // `ping` is still there
    const only = analyze('{ customer(id: "1") { id } }');
    expect(decide(only.guarded, only.roots, anonymous, evaluator).nothingAuthorized).toBe(true);
    // a non-null root field that must go takes the whole response with it
    const list = analyze('{ customers(ids: ["1"]) { id } ping }');
    expect(decide(list.guarded, list.roots, anonymous, evaluator).nothingAuthorized).toBe(true);
  });

  it('rewrites the operation without the removed fields, keeps an emptied object with a placeholder, and puts nulls back', () => {
    const analysis = analyze('query Q($id: ID!, $s: Boolean!) { customer(id: $id) { profile { email @include(if: $s) } segments } }');
    const decision = decide(analysis.guarded, analysis.roots, caller([], 'sales'), evaluator);
    const plan = emptyPlan();
    for (const site of decision.removed) plan.removed.add(site);
    plan.customerFields.set('id', 'id');
    const { document } = rewriteOperation(analysis, plan);
    const text = print(document).replace(/\s+/g, ' ');
    expect(text).toBe('query Q($id: ID!) { customer(id: $id) { profile { _sv0_t: __typename } _sv0_id: id } }');
    const data = { customer: { profile: { _sv0_t: 'Profile' }, _sv0_id: '1' } };
    walkResult(data, analysis.roots, { removed: plan.removed, hiddenPrefix: analysis.hiddenPrefix, stripHidden: true, customer: [], pii: [] });
    expect(data).toEqual({ customer: { profile: { email: null }, segments: null } });
  });

  it('caches decisions and rewrites on the document', () => {
    const document = parse('{ customer(id: "1") { id } }');
    const op = document.definitions[0] as OperationDefinitionNode;
    expect(cache.analysisOf(document, op)).toBe(cache.analysisOf(document, op));
  });
});
