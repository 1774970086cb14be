// Test support for governance: a policy file with a partner key, a manifest of test operations, and customers chosen by their recorded consents.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newApiKey } from '../../gateway/auth/api-keys.ts';
import { MANIFEST_FORMAT, operationId } from '../../gateway/plugins/persisted-operations.ts';
import { DEFAULT_MANIFEST } from '../../gateway/policy-config.ts';
import { gql } from './stack.ts';

/** The matrix's columns, as operations (also safelisted for the partner row). */
export const MATRIX = {
  pii: 'query MatrixPii($id: ID!) { customer(id: $id) { id profile { email { value } } } }',
  caseNotes: 'query MatrixCaseNotes($id: ID!) { customer(id: $id) { id cases(first: 3) { id notes { text } } } }',
  orders: 'query MatrixOrders($id: ID!) { customer(id: $id) { id orders(first: 3) { totalCount } } }',
  segments: 'query MatrixSegments($id: ID!) { customer(id: $id) { id segments { name } } }',
  stewardMutation: 'mutation MatrixPreventMatch($id: ID!, $other: ID!) { preventMatch(a: { customerId: $id }, b: { customerId: $other }, reason: "governance test") { operation { id } } }',
} as const;

export interface GovernanceFixture {
  dir: string;
  policyFile: string;
  manifestFile: string;
  partnerKey: string;
  /** A second partner allowed only the shipped PartnerCustomer operation, with a tiny burst. */
  burstyPartnerKey: string;
  auditFile: string;
  env: Record<string, string>;
}

export function writeGovernanceFixture(extra: { policy?: Record<string, unknown> } = {}): GovernanceFixture {
  const dir = mkdtempSync(join(tmpdir(), 'sv-governance-'));
  const partner = newApiKey();
  const bursty = newApiKey();
  const manifestFile = join(dir, 'matrix-operations.json');
  writeFileSync(
    manifestFile,
    JSON.stringify({
      format: MANIFEST_FORMAT,
      version: 1,
      operations: Object.values(MATRIX).map((body) => ({ id: operationId(body), name: /(?:query|mutation) (\w+)/.exec(body)![1], type: body.startsWith('mutation') ? 'mutation' : 'query', body })),
    }),
  );
  const policyFile = join(dir, 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({
      partners: [
        {
          id: 'acme-cards',
          keyHash: partner.keyHash,
          scopes: ['pii:read'],
          purpose: 'partner',
          rateLimit: { capacity: 200, refillPerSecond: 100 },
          operations: ['PartnerCustomer', 'PartnerCustomerByMembership', ...Object.values(MATRIX).map((b) => /(?:query|mutation) (\w+)/.exec(b)![1])],
        },
        { id: 'bursty', keyHash: bursty.keyHash, scopes: ['pii:read'], purpose: 'partner', rateLimit: { capacity: 3, refillPerSecond: 0.2 }, operations: ['PartnerCustomer'] },
      ],
      ...extra.policy,
    }),
  );
  const auditFile = join(dir, 'audit.jsonl');
  return {
    dir,
    policyFile,
    manifestFile,
    partnerKey: partner.key,
    burstyPartnerKey: bursty.key,
    auditFile,
    env: { GATEWAY_POLICY_FILE: policyFile, PERSISTED_OPERATIONS_MANIFESTS: `${DEFAULT_MANIFEST},${manifestFile}`, AUDIT_FILE: auditFile },
  };
}

/** A persisted-operation request body, as Apollo Client's persisted-queries link sends it. */
export function persisted(body: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: operationId(body) } } });
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

interface Candidate {
  id: string;
  systems: string[];
  consents: { purpose: string; channel: string | null; granted: boolean }[] | null;
  memberships: { marketingConsent: boolean; partnerSharingConsent: boolean }[] | null;
  profile: { email: { value: string } | null; name: { value: string } | null; phone: { value: string } | null };
  cases: { notes: unknown[] | null }[] | null;
  orders: { totalCount: number } | null;
}

export interface ConsentCustomers {
  /** Granted marketing by email and partner sharing in the CRM, and both at the loyalty desk. */
  consenting: Candidate;
  /** Refused marketing by email and partner sharing in the CRM, and both at the loyalty desk. */
  refusing: Candidate;
  /** Known to neither the CRM nor the loyalty desk: no consent recorded either way. */
  unrecorded: Candidate;
}

/** Customers picked from what the systems recorded, read as a service user (the expectations come from the data, not from the gateway's rules). */
export async function findConsentCustomers(url: string): Promise<ConsentCustomers> {
  const crm = (c: Candidate, purpose: string, channel: string | null) => c.consents?.find((x) => x.purpose === purpose && x.channel === channel)?.granted;
  const complete = (c: Candidate) => !!c.profile.email && (c.cases?.some((k) => (k.notes?.length ?? 0) > 0) ?? false) && (c.orders?.totalCount ?? 0) > 0;
  const found: Partial<ConsentCustomers> = {};
  let after: string | null = null;
  for (let page = 0; page < 10 && !(found.consenting && found.refusing && found.unrecorded); page++) {
    const { body }: { body: any } = await gql(
      url,
      `query Candidates($after: String) { customerList(first: 100, after: $after) { pageInfo { endCursor hasNextPage } nodes {
        id systems consents { purpose channel granted } memberships { marketingConsent partnerSharingConsent }
        profile { email { value } name { value } phone { value } } cases(first: 5) { notes { text } } orders(first: 1) { totalCount } } } }`,
      { after },
    );
    for (const c of body.data.customerList.nodes as Candidate[]) {
      const members = c.memberships ?? [];
      if (!found.consenting && complete(c) && members.length > 0 && crm(c, 'MARKETING', 'EMAIL') === true && crm(c, 'PARTNER_SHARING', null) === true && members.every((m) => m.marketingConsent && m.partnerSharingConsent)) {
        found.consenting = c;
      }
      if (!found.refusing && complete(c) && members.length > 0 && crm(c, 'MARKETING', 'EMAIL') === false && crm(c, 'PARTNER_SHARING', null) === false && members.every((m) => !m.marketingConsent && !m.partnerSharingConsent)) {
        found.refusing = c;
      }
      if (!found.unrecorded && c.profile.email && !c.systems.includes('CRM') && !c.systems.includes('MEMBERSHIP')) found.unrecorded = c;
    }
    if (!body.data.customerList.pageInfo.hasNextPage) break;
    after = body.data.customerList.pageInfo.endCursor;
  }
  if (!found.consenting || !found.refusing || !found.unrecorded) throw new Error(`The simulated enterprise has no customer for: ${Object.entries({ consenting: found.consenting, refusing: found.refusing, unrecorded: found.unrecorded }).filter(([, v]) => !v).map(([k]) => k).join(', ')}`);
  return found as ConsentCustomers;
}
