// Governance plugin: consent per purpose, per customer, at read time. Marketing and partner callers get a customer's PII only where that customer consented.
//
// Enforced in the gateway, after execution: for callers whose purpose needs consent, the
// operation is rewritten before planning to also fetch each customer's consents (CRM
// `consents`, membership `memberships { <flag> }`) as hidden fields. They ride in the same
// entity fetches as the rest of the query, so consent costs no extra round trip and is
// read at the same moment as the data it governs. Callers whose purpose needs no consent
// (service, sales, steward) pay nothing. See gateway/README.md for the rules.
import type { GraphQLFormattedError } from 'graphql';
import type { FieldSite } from '../operation/analysis.ts';
import { mapStringLeaves, type CustomerScope, type ResponsePath } from '../operation/result-walk.ts';
import type { ConsentPurpose, PiiKind } from '../policy-defaults.ts';
import { PolicyCode } from '../policy-error.ts';
import type { GovernancePlugin } from './hooks.ts';

interface CrmConsent {
  purpose: string;
  channel: string | null;
  granted: boolean;
}

export interface ConsentState {
  /** Both systems answered: without them, nothing is consented (fail closed). */
  available: boolean;
  /** A purpose-wide refusal is on record in some system. */
  refused: boolean;
  crm: CrmConsent[];
  flags: boolean[];
}

const CONSENTS = 'consents';
const MEMBERSHIPS = 'memberships';
const NOTE = 'consent';

/** Reads a customer's consent to one purpose from what the CRM and the loyalty desk recorded. */
export function consentState(purpose: ConsentPurpose, crm: unknown, memberships: unknown): ConsentState {
  const available = Array.isArray(crm) && (purpose.membershipFlag === null || Array.isArray(memberships));
  const statements = Array.isArray(crm) ? (crm as CrmConsent[]).filter((c) => c && c.purpose === purpose.crmPurpose) : [];
  const flags =
    purpose.membershipFlag && Array.isArray(memberships)
      ? (memberships as Record<string, unknown>[]).flatMap((m) => (m && typeof m[purpose.membershipFlag!] === 'boolean' ? [m[purpose.membershipFlag!] as boolean] : []))
      : [];
  const refused = flags.includes(false) || statements.some((c) => c.channel === null && c.granted === false);
  return { available, refused, crm: statements, flags };
}

/**
 * Whether the customer's consent covers one kind of PII:
 * - nothing when the consent could not be read or was refused purpose-wide;
 * - a kind bound to contact channels (email → EMAIL) follows the CRM's statements for those
 *   channels when there are any (one grant suffices), else a membership grant;
 * - any other kind needs one grant anywhere (a membership flag, or a CRM grant on any channel).
 */
export function consents(state: ConsentState, purpose: ConsentPurpose, kind: PiiKind): boolean {
  if (!state.available || state.refused) return false;
  const channels = purpose.channels[kind];
  if (channels) {
    const bound = state.crm.filter((c) => c.channel !== null && channels.includes(c.channel));
    if (bound.length) return bound.some((c) => c.granted);
    return state.flags.includes(true) || state.crm.some((c) => c.channel === null && c.granted);
  }
  return state.flags.includes(true) || state.crm.some((c) => c.granted);
}

export function consentPlugin(purposes: Record<string, ConsentPurpose>): GovernancePlugin {
  return {
    name: 'consent',
    onOperation({ principal, analysis, plan }) {
      const purpose = principal.purpose ? purposes[principal.purpose] : undefined;
      if (!purpose || analysis.customers.length === 0) return;
      const piiLeft = analysis.pii.some((site) => !isRemoved(site, plan.removed));
      if (!piiLeft && !purpose.hideRefused) return;
      plan.customerFields.set(CONSENTS, 'consents { purpose channel granted }');
      if (purpose.membershipFlag) plan.customerFields.set(MEMBERSHIPS, `memberships { ${purpose.membershipFlag} }`);
    },
    onResult(stage) {
      const name = stage.principal.purpose;
      const purpose = name ? purposes[name] : undefined;
      if (!purpose || !name || !stage.plan.customerFields.has(CONSENTS)) return;
      const withheld = new Map<CustomerScope, Set<string>>();
      stage.onCustomer((scope) => {
        const state = consentState(purpose, scope.object[stage.hiddenAlias(CONSENTS)], scope.object[stage.hiddenAlias(MEMBERSHIPS)]);
        scope.notes.set(NOTE, state);
        // A customer who refused (or whose consent cannot be read) is not there for this purpose.
        return !(purpose.hideRefused && (state.refused || !state.available));
      });
      stage.onPii((value, site: FieldSite, scope, _path: ResponsePath) => {
        const state = scope?.notes.get(NOTE) as ConsentState | undefined;
        if (state && consents(state, purpose, site.pii!)) return value;
        if (scope) {
          const fields = withheld.get(scope) ?? new Set<string>();
          fields.add(site.coordinate);
          withheld.set(scope, fields);
        }
        return site.nullable ? null : mapStringLeaves(value, site, () => '***');
      });
      stage.after(() => {
        for (const [scope, fields] of withheld) {
          const state = scope.notes.get(NOTE) as ConsentState;
          const error: GraphQLFormattedError = {
            message: state.available
              ? `Personal data withheld: the customer has not consented to ${name}`
              : `Personal data withheld: the customer's consent to ${name} could not be verified`,
            path: scope.path,
            extensions: { code: PolicyCode.CONSENT_REQUIRED, purpose: name, withheld: [...fields].sort(), consent: state.available ? (state.refused ? 'refused' : 'not-granted') : 'unavailable' },
          };
          stage.errors.push(error);
        }
      });
    },
  };
}

function isRemoved(site: FieldSite, removed: ReadonlySet<FieldSite>): boolean {
  for (let s: FieldSite | null = site; s; s = s.parent) if (removed.has(s)) return true;
  return false;
}
