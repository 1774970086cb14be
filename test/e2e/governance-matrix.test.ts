// Who sees what, through the real gateway over HTTP: every consumer role against PII, case notes, orders, segments and a steward mutation, for customers with and without consent.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../runtime/logger.ts';
import type { Stack } from '../../scripts/stack.ts';
import { findConsentCustomers, MATRIX, persisted, post, writeGovernanceFixture, type ConsentCustomers, type GovernanceFixture } from '../support/governance.ts';
import { authHeaders, startTestStack } from '../support/stack.ts';

const run = promisify(execFile);
type Row = 'anonymous' | 'service' | 'sales' | 'marketing' | 'partner' | 'steward';
type Column = keyof typeof MATRIX;
type Which = 'consenting' | 'refusing';

let stack: Stack;
let url: string;
let fixture: GovernanceFixture;
let customers: ConsentCustomers;
const logs: string[] = [];
let logsFrom = 0;
const secrets = new Set<string>();

async function headersFor(row: Row): Promise<Record<string, string>> {
  if (row === 'anonymous') return {};
  if (row === 'partner') return { 'x-api-key': fixture.partnerKey };
  const headers = await authHeaders({ role: row });
  secrets.add(headers.authorization.slice('Bearer '.length));
  return headers;
}

async function cell(row: Row, column: Column, which: Which) {
  const id = customers[which].id;
  const variables = column === 'stewardMutation' ? { id, other: customers.unrecorded.id } : { id };
  // Partners run safelisted operations only: the same operations, by id.
  const body = row === 'partner' ? persisted(MATRIX[column], variables) : JSON.stringify({ query: MATRIX[column], variables });
  return post(url, body, await headersFor(row));
}

const unauthorizedAt = (body: any, path: (string | number)[]) =>
  body.errors?.find((e: any) => e.extensions?.code === 'UNAUTHORIZED_FIELD_OR_TYPE' && JSON.stringify(e.path) === JSON.stringify(path));

beforeAll(async () => {
  fixture = writeGovernanceFixture();
  secrets.add(fixture.partnerKey);
  stack = await startTestStack({ gatewayEnv: fixture.env, logger: createLogger('test', 'debug', { write: (line: string) => void logs.push(line) }) });
  url = stack.gateway.graphqlUrl;
  customers = await findConsentCustomers(url);
  logsFrom = logs.length;
}, 180_000);
afterAll(() => stack?.close());

const ROWS: Row[] = ['anonymous', 'service', 'sales', 'marketing', 'partner', 'steward'];
const WHICH: Which[] = ['consenting', 'refusing'];

describe.each(ROWS)('%s', (row) => {
  it.each(WHICH)('PII (profile.email) of a %s customer', async (which) => {
    const { status, body } = await cell(row, 'pii', which);
    const email = customers[which].profile.email!.value;
    if (row === 'anonymous') {
      expect(status).toBe(401);
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      return;
    }
    expect(status).toBe(200);
    const consentPurpose = row === 'marketing' || row === 'partner';
    if (!consentPurpose || which === 'consenting') {
      expect(body.data.customer.profile.email.value).toBe(email);
      expect(body.errors).toBeUndefined();
    } else if (row === 'marketing') {
      expect(body.data.customer.id).toBe(customers.refusing.id);
      expect(body.data.customer.profile.email).toBeNull();
      expect(body.errors).toEqual([
        expect.objectContaining({ path: ['customer'], extensions: expect.objectContaining({ code: 'CONSENT_REQUIRED', purpose: 'marketing', withheld: ['Profile.email'] }) }),
      ]);
    } else {
      // A partner never sees a customer who refused partner sharing: not even that they exist.
      expect(body.data.customer).toBeNull();
      expect(JSON.stringify(body)).not.toContain(customers.refusing.id);
    }
  });

  it.each(WHICH)('case notes of a %s customer', async (which) => {
    const { status, body } = await cell(row, 'caseNotes', which);
    if (row === 'anonymous') return expect(status).toBe(401);
    expect(status).toBe(200);
    if (row === 'partner' && which === 'refusing') return expect(body.data.customer).toBeNull();
    const cases = body.data.customer.cases;
    if (row === 'service') {
      expect(cases.some((c: { notes: unknown[] }) => c.notes.length > 0)).toBe(true);
      expect(body.errors).toBeUndefined();
    } else if (row === 'sales') {
      // Sales sees the cases, not their notes: the notes are null, with the error's path on them.
      expect(cases.length).toBeGreaterThan(0);
      expect(cases.every((c: { id: string; notes: unknown }) => c.id && c.notes === null)).toBe(true);
      expect(unauthorizedAt(body, ['customer', 'cases', '@', 'notes'])).toBeDefined();
    } else {
      expect(cases).toBeNull();
      expect(unauthorizedAt(body, ['customer', 'cases'])).toBeDefined();
      expect(body.data.customer.id).toBe(customers[which].id);
    }
  });

  it.each(WHICH)('orders of a %s customer', async (which) => {
    const { status, body } = await cell(row, 'orders', which);
    if (row === 'anonymous') return expect(status).toBe(401);
    expect(status).toBe(200);
    if (row === 'partner' && which === 'refusing') return expect(body.data.customer).toBeNull();
    if (row === 'marketing' || row === 'partner') {
      expect(body.data.customer.orders).toBeNull();
      expect(unauthorizedAt(body, ['customer', 'orders'])).toBeDefined();
    } else {
      expect(body.data.customer.orders.totalCount).toBe(customers[which].orders!.totalCount);
      expect(body.errors).toBeUndefined();
    }
  });

  it.each(WHICH)('segments of a %s customer', async (which) => {
    const { status, body } = await cell(row, 'segments', which);
    if (row === 'anonymous') return expect(status).toBe(401);
    expect(status).toBe(200);
    if (row === 'partner' && which === 'refusing') return expect(body.data.customer).toBeNull();
    if (row === 'partner') {
      expect(body.data.customer.segments).toBeNull();
      expect(unauthorizedAt(body, ['customer', 'segments'])).toBeDefined();
    } else {
      expect(Array.isArray(body.data.customer.segments)).toBe(true);
      expect(body.errors).toBeUndefined();
    }
  });
});

describe('masked PII for an internal app with pii:masked', () => {
  it('sees every PII value masked, the rest in clear', async () => {
    const c = customers.consenting;
    const { body } = await post(url, JSON.stringify({ query: 'query Masked($id: ID!) { customer(id: $id) { id profile { email { value source } phone { value } name { value } } orders(first: 1) { totalCount } } }', variables: { id: c.id } }), await headersFor('analyst' as Row));
    const profile = body.data.customer.profile;
    const [local, domain] = c.profile.email!.value.split('@');
    expect(profile.email.value).toBe(`${local[0]}***@${domain}`);
    expect(profile.email.source).toBeTruthy();
    if (c.profile.phone) {
      expect(profile.phone.value).not.toBe(c.profile.phone.value);
      expect(profile.phone.value.replace(/\D/g, '').slice(-4)).toBe(c.profile.phone.value.replace(/\D/g, '').slice(-4));
    }
    expect(profile.name.value).not.toBe(c.profile.name!.value);
    expect(body.data.customer.orders.totalCount).toBe(c.orders!.totalCount);
  });
});

describe('steward mutation', () => {
  it.each(ROWS)('as %s, on a customer with and one without consent', async (row) => {
    for (const which of WHICH) {
      const { status, body } = await cell(row, 'stewardMutation', which);
      if (row === 'anonymous') {
        expect(status).toBe(401);
      } else if (row === 'steward') {
        expect(status).toBe(200);
        expect(body.errors?.filter((e: any) => ['UNAUTHORIZED_FIELD_OR_TYPE', 'UNAUTHENTICATED'].includes(e.extensions?.code)) ?? []).toEqual([]);
        expect(body.data.preventMatch).toBeDefined();
      } else {
        // Refused before planning: the identity subgraph never sees it.
        expect(status).toBe(403);
        expect(body.errors[0].extensions.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
        expect(body.data).toBeUndefined();
      }
    }
  });
});

describe('audit', () => {
  const auditOf = async (customerId: string) => {
    const { stdout } = await run(process.execPath, ['scripts/audit.ts', '--customer', customerId, '--json'], { env: { ...process.env, AUDIT_FILE: fixture.auditFile, AUDIT_MONGODB_URI: '' } });
    return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  };

  it('`npm run audit -- --customer ID` lists who saw the customer\'s PII, for what purpose, which fields, through which operation', async () => {
    let records: any[] = [];
    for (let i = 0; i < 20 && !records.some((r) => r.caller === 'partner:acme-cards'); i++) {
      records = await auditOf(customers.consenting.id);
      if (!records.some((r) => r.caller === 'partner:acme-cards')) await new Promise((r) => setTimeout(r, 100));
    }
    const callers = new Set(records.map((r) => r.caller));
    for (const role of ['service', 'sales', 'marketing', 'steward']) expect(callers).toContain(`jwt:singleview-dev|dev-${role}`);
    expect(callers).toContain('partner:acme-cards');
    const marketing = records.find((r) => r.caller === 'jwt:singleview-dev|dev-marketing');
    expect(marketing).toMatchObject({ purpose: 'marketing', operation: 'MatrixPii', fields: ['Profile.email'], masked: false });
    expect(Date.parse(marketing.at)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(records.find((r) => r.caller === 'jwt:singleview-dev|dev-analyst')).toMatchObject({ masked: true });
  });

  it('records no read where the PII was withheld', async () => {
    const callers = new Set((await auditOf(customers.refusing.id)).map((r) => r.caller));
    expect(callers).toContain('jwt:singleview-dev|dev-service');
    expect(callers).not.toContain('partner:acme-cards');
    expect(callers).not.toContain('jwt:singleview-dev|dev-marketing');
  });
});

describe('logs', () => {
  it('never carry a token, an API key or a PII value, during all the reads above', () => {
    const text = logs.slice(logsFrom).join('');
    expect(text.length).toBeGreaterThan(1_000); // the gateway did log every request
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const which of ['consenting', 'refusing', 'unrecorded'] as const) {
      const { profile } = customers[which];
      for (const value of [profile.email?.value, profile.name?.value, profile.phone?.value]) if (value) expect(text).not.toContain(value);
    }
  });
});
