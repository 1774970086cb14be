// Who is calling and what they may do: the principal every policy plugin decides on.
import type { ConsumerProfile } from '../policy-config.ts';

export type PrincipalKind = 'anonymous' | 'token' | 'api-key';

export interface Principal {
  kind: PrincipalKind;
  /** Stable id for rate limits and audit: `anonymous`, `jwt:<issuer>|<subject>` or `partner:<id>`. Never a secret. */
  id: string;
  /** The JWT subject or the partner id. */
  subject: string | null;
  scopes: ReadonlySet<string>;
  /** Why the caller reads data: service, sales, marketing, partner, steward, ... */
  purpose: string | null;
  /** The consumer profile the caller was matched to: limits, rate limit, persisted operations. */
  profile: ConsumerProfile;
  /** Epoch seconds after which a token principal is no longer valid. */
  expiresAt: number | null;
  /**
   * Everything authorization decisions depend on, as one string: principals with the same
   * key get the same decisions, so decisions are cached by it.
   */
  grantKey: string;
}

export function grantKey(authenticated: boolean, scopes: ReadonlySet<string>, purpose: string | null): string {
  return `${authenticated ? 'a' : '-'}|${[...scopes].sort().join(' ')}|${purpose ?? ''}`;
}

export function anonymousPrincipal(profile: ConsumerProfile, clientAddress?: string): Principal {
  const scopes = new Set<string>();
  return {
    kind: 'anonymous',
    id: clientAddress ? `anonymous:${clientAddress}` : 'anonymous',
    subject: null,
    scopes,
    purpose: null,
    profile,
    expiresAt: null,
    grantKey: grantKey(false, scopes, null),
  };
}
