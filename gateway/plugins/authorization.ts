// Governance plugin: enforces @authenticated, @requiresScopes and @policy from the supergraph, with the Apollo Router's semantics.
//
// Unauthorized fields are taken out of the operation before it is planned (so no subgraph
// is asked for them), come back as null, and each carries an UNAUTHORIZED_FIELD_OR_TYPE
// error with its path (`@` marks list positions). A non-null field that cannot be returned
// nulls its nearest nullable ancestor, as GraphQL null propagation would. The rest of the
// query runs. An operation with nothing left to run is refused: 401 for an anonymous
// caller, 403 otherwise. Decisions are cached per document and per grant (scopes + purpose).
import type { GraphQLFormattedError } from 'graphql';
import type { Principal } from '../auth/principal.ts';
import type { FieldSite } from '../operation/analysis.ts';
import type { NamedPolicy } from '../policy-defaults.ts';
import { PolicyCode, policyError } from '../policy-error.ts';
import type { AccessRequirement, SecurityDirectives } from '../supergraph/security.ts';
import type { GovernancePlugin } from './hooks.ts';

export type DenialReason = 'authentication' | 'scopes' | 'policy';

export class PolicyEvaluator {
  private readonly named: Record<string, NamedPolicy>;

  constructor(named: Record<string, NamedPolicy>) {
    this.named = named;
  }

  /** A policy is `purpose:<name>`, or a name defined in the policy file. */
  knows(policy: string): boolean {
    return policy.startsWith('purpose:') || policy in this.named;
  }

  holds(policy: string, principal: Principal): boolean {
    if (principal.kind === 'anonymous') return false;
    if (policy.startsWith('purpose:')) return principal.purpose === policy.slice('purpose:'.length);
    const rule = this.named[policy];
    if (!rule) return false;
    if (rule.purposes && !(principal.purpose && rule.purposes.includes(principal.purpose))) return false;
    return !rule.scopes || rule.scopes.every((s) => principal.scopes.has(s));
  }

  check(requirement: AccessRequirement, principal: Principal): DenialReason | null {
    if (requirement.authenticated && principal.kind === 'anonymous') return 'authentication';
    if (requirement.scopes && !requirement.scopes.some((all) => all.every((s) => principal.scopes.has(s)))) {
      return principal.kind === 'anonymous' ? 'authentication' : 'scopes';
    }
    if (requirement.policies && !requirement.policies.some((all) => all.every((p) => this.holds(p, principal)))) {
      return principal.kind === 'anonymous' ? 'authentication' : 'policy';
    }
    return null;
  }
}

export interface AuthorizationDecision {
  denied: { site: FieldSite; reason: DenialReason }[];
  /** Where the nulls land: the denied sites, or their nearest nullable ancestors. */
  removed: Set<FieldSite>;
  /** Nothing can be returned: every root field is gone, or a null reached the root. */
  nothingAuthorized: boolean;
}

export function decide(sites: FieldSite[], roots: FieldSite[], principal: Principal, evaluator: PolicyEvaluator): AuthorizationDecision {
  const denied: AuthorizationDecision['denied'] = [];
  const removed = new Set<FieldSite>();
  let reachedRoot = false;
  for (const site of sites) {
    let reason: DenialReason | null = null;
    for (const requirement of site.requirements) {
      reason = evaluator.check(requirement, principal);
      if (reason) break;
    }
    if (!reason) continue;
    // A denied ancestor already takes this field with it.
    let covered = false;
    for (let a = site.parent; a && !covered; a = a.parent) covered = removed.has(a);
    if (covered) continue;
    denied.push({ site, reason });
    let target: FieldSite | null = site;
    while (target && !target.nullable) target = target.parent;
    if (!target) reachedRoot = true;
    else removed.add(target);
  }
  const nothingAuthorized = reachedRoot || (roots.length > 0 && roots.every((r) => removed.has(r)));
  return { denied, removed, nothingAuthorized };
}

export function collectPolicies(directives: SecurityDirectives): Set<string> {
  const out = new Set<string>();
  for (const requirement of [...Object.values(directives.types), ...Object.values(directives.fields)]) {
    for (const all of requirement.policies ?? []) for (const p of all) out.add(p);
  }
  return out;
}

export function authorizationPlugin(named: Record<string, NamedPolicy>): GovernancePlugin {
  const evaluator = new PolicyEvaluator(named);
  return {
    name: 'authorization',
    onSchema(directives) {
      const unknown = [...collectPolicies(directives)].filter((p) => !evaluator.knows(p));
      if (unknown.length) throw new Error(`The supergraph uses @policy names no configured rule evaluates: ${unknown.join(', ')}`);
    },
    onOperation(stage) {
      const { analysis, principal } = stage;
      if (analysis.guarded.length === 0) return;
      const key = `authz:${principal.grantKey}`;
      let decision = analysis.memo.get(key) as AuthorizationDecision | undefined;
      if (!decision) analysis.memo.set(key, (decision = decide(analysis.guarded, analysis.roots, principal, evaluator)));
      if (decision.denied.length === 0) return;
      const errors: GraphQLFormattedError[] = decision.denied.map(({ site, reason }) => ({
        message: 'Unauthorized field or type',
        path: site.path,
        extensions: { code: PolicyCode.UNAUTHORIZED_FIELD_OR_TYPE, reason },
      }));
      if (decision.nothingAuthorized) {
        const anonymous = principal.kind === 'anonymous';
        throw policyError(
          anonymous ? PolicyCode.UNAUTHENTICATED : PolicyCode.UNAUTHORIZED_FIELD_OR_TYPE,
          anonymous ? 'Authentication required: nothing in this operation is available to anonymous callers' : 'Not authorized: nothing in this operation is available to this caller',
          anonymous ? 401 : 403,
          { unauthorizedPaths: errors.map((e) => e.path) },
          anonymous ? { 'www-authenticate': 'Bearer realm="singleview"' } : {},
        );
      }
      for (const site of decision.removed) stage.plan.removed.add(site);
      stage.errors.push(...errors);
    },
  };
}
