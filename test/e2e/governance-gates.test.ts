// What is refused before anything runs: partners off the safelist, operations over their limits (no subgraph called), clients over their rate, and HTTP hygiene in both environments.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { readManifest } from '../../gateway/plugins/persisted-operations.ts';
import { DEFAULT_MANIFEST } from '../../gateway/policy-config.ts';
import { createLogger } from '../../runtime/logger.ts';
import type { Stack } from '../../scripts/stack.ts';
import { findConsentCustomers, persisted, post, writeGovernanceFixture, type ConsentCustomers, type GovernanceFixture } from '../support/governance.ts';
import { authHeaders, gql, startTestStack } from '../support/stack.ts';

/** Counts the HTTP requests the gateway sends to each subgraph, and forwards them. */
async function countingProxy(target: string): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer(async (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
    const upstream = await fetch(target, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    count: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let stack: Stack;
let url: string;
let fixture: GovernanceFixture;
let customers: ConsentCustomers;
const proxies: Awaited<ReturnType<typeof countingProxy>>[] = [];
const subgraphCalls = () => proxies.reduce((n, p) => n + p.count(), 0);
const shipped = new Map(readManifest(DEFAULT_MANIFEST).map((op) => [op.name, op]));
const ORIGIN = 'https://console.singleview.test';

beforeAll(async () => {
  fixture = writeGovernanceFixture();
  stack = await startTestStack({
    gatewayEnv: { ...fixture.env, CORS_ORIGINS: ORIGIN, MAX_BODY_BYTES: '20000' },
    gatewaySubgraphUrl: async (_name, target) => {
      const proxy = await countingProxy(target);
      proxies.push(proxy);
      return proxy.url;
    },
  });
  url = stack.gateway.graphqlUrl;
  customers = await findConsentCustomers(url);
}, 180_000);
afterAll(async () => {
  await stack?.close();
  await Promise.all(proxies.map((p) => p.close()));
});

describe('partners: persisted operations only', () => {
  const partner = () => ({ 'x-api-key': fixture.partnerKey });

  it('runs a safelisted operation and gets the data without PII when the customer never consented', async () => {
    const op = shipped.get('PartnerCustomer')!;
    const { status, body } = await post(url, persisted(op.body, { id: customers.unrecorded.id }), partner());
    expect(status).toBe(200);
    const c = body.data.customer;
    expect(c.id).toBe(customers.unrecorded.id);
    expect(c.profile).toEqual({ name: null, email: null, phone: null });
    expect(c.lifecycle.stage).toBeTruthy();
    expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONSENT_REQUIRED', purpose: 'partner', consent: 'not-granted' }) })]);
    expect(JSON.stringify(body)).not.toContain(customers.unrecorded.profile.email!.value);
  });

  it('gets PII where the customer consented to partner sharing', async () => {
    const op = shipped.get('PartnerCustomer')!;
    const { body } = await post(url, persisted(op.body, { id: customers.consenting.id }), partner());
    expect(body.data.customer.profile.email.value).toBe(customers.consenting.profile.email!.value);
  });

  it('is refused free text, even the text of a safelisted operation', async () => {
    for (const query of ['{ customer(id: "x") { id } }', shipped.get('PartnerCustomer')!.body]) {
      const { status, body } = await post(url, JSON.stringify({ query, variables: { id: customers.consenting.id } }), partner());
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
      expect(body.errors[0].message).toMatch(/persisted operations only/);
    }
  });

  it('is refused an unknown operation id, and one that is not on its own list', async () => {
    const unknown = await post(url, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), partner());
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const notListed = await post(url, persisted(shipped.get('PartnerCustomers')!.body, { ids: [customers.consenting.id] }), { 'x-api-key': fixture.burstyPartnerKey });
    expect(notListed.status).toBe(403);
    expect(notListed.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('is refused with a wrong key', async () => {
    const { status, body } = await post(url, persisted(shipped.get('PartnerCustomer')!.body, { id: 'x' }), { 'x-api-key': `${fixture.partnerKey}x` });
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('gets 429 with Retry-After over its rate limit', async () => {
    const body = persisted(shipped.get('PartnerCustomer')!.body, { id: customers.unrecorded.id });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await post(url, body, { 'x-api-key': fixture.burstyPartnerKey });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    // A burst of 3 (one already spent above, refused requests count too), then refused until tokens come back.
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThanOrEqual(1);
    expect(firstLimited).toBeLessThanOrEqual(3);
    expect(statuses.slice(0, firstLimited).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});

describe('internal callers', () => {
  it('may send free text, and use automatic persisted queries', async () => {
    const query = `query Apq($id: ID!) { customer(id: $id) { id systems } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const headers = await authHeaders();
    const miss = await post(url, JSON.stringify({ extensions, variables: { id: customers.consenting.id } }), headers);
    expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await post(url, JSON.stringify({ query, extensions, variables: { id: customers.consenting.id } }), headers);
    expect(register.body.data.customer.id).toBe(customers.consenting.id);
    const hit = await post(url, JSON.stringify({ extensions, variables: { id: customers.consenting.id } }), headers);
    expect(hit.body.data.customer.id).toBe(customers.consenting.id);
  });
});

describe('operation limits, before any subgraph is called', () => {
  it('refuses an alias bomb (1,000 aliases) and a depth-50 query without a single subgraph call', async () => {
    const bomb = `query Bomb($id: ID!) { customer(id: $id) { ${Array.from({ length: 1_000 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    const deep = `query Deep { ${'customer(id: "x") { '.repeat(1)}${'profile { '.repeat(48)}name${' }'.repeat(49)} }`;
    const before = subgraphCalls();
    const aliases = await gql(url, bomb, { id: customers.consenting.id });
    const depth = await gql(url, deep);
    expect(subgraphCalls()).toBe(before);
    expect(aliases.status).toBe(400);
    expect(aliases.body.errors![0].extensions).toMatchObject({ code: 'MAX_ALIASES_LIMIT', limit: 'maxAliases', measured: 1_000, max: 50 });
    expect(aliases.body.errors![0].message).toMatch(/aliases 1000 exceeds the limit of 50/);
    expect(depth.status).toBe(400);
    expect(depth.body.errors![0].extensions).toMatchObject({ code: 'MAX_DEPTH_LIMIT', limit: 'maxDepth', measured: 50 });
    // The counter does count: the same customer, asked for plainly, reaches the subgraphs.
    const plain = await gql(url, `query Plain($id: ID!) { customer(id: $id) { id systems } }`, { id: customers.consenting.id });
    expect(plain.body.data.customer.id).toBe(customers.consenting.id);
    expect(subgraphCalls()).toBeGreaterThan(before);
  });

  it('refuses an operation whose estimated cost is over the limit, naming the cost', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `cus_${i}`);
    const before = subgraphCalls();
    const { status, body } = await gql(url, `query Costly($ids: [ID!]!) { customers(ids: $ids) { orders(first: 100) { nodes { lines { sku } } } } }`, { ids });
    expect(subgraphCalls()).toBe(before);
    expect(status).toBe(400);
    expect(body.errors![0].extensions).toMatchObject({ code: 'COST_ESTIMATED_TOO_EXPENSIVE', limit: 'maxCost', max: 100_000 });
    expect(body.errors![0].extensions!.measured).toBeGreaterThan(100_000);
  });
});

describe('metrics', () => {
  it('counts policy refusals by error code and the verified-token cache lookups', async () => {
    const read = async () => {
      const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
      const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      return {
        unauthenticated: value('singleview_gateway_rejections_total{code="UNAUTHENTICATED"}'),
        aliases: value('singleview_gateway_rejections_total{code="MAX_ALIASES_LIMIT"}'),
        tokenHits: value('singleview_gateway_cache_total{cache="verified_tokens",result="hit"}'),
      };
    };
    const before = await read();
    await post(url, JSON.stringify({ query: '{ __typename }' }), { 'x-api-key': 'sv_wrong_key' });
    const headers = await authHeaders();
    await gql(url, `{ __typename }`, {}, headers);
    const bomb = await gql(url, `query Bomb { customer(id: "x") { ${Array.from({ length: 1_000 }, (_, i) => `a${i}: id`).join(' ')} } }`, {}, headers);
    expect(bomb.body.errors![0].extensions!.code).toBe('MAX_ALIASES_LIMIT');
    const after = await read();
    expect(after.unauthenticated).toBe(before.unauthenticated + 1);
    expect(after.aliases).toBe(before.aliases + 1);
    expect(after.tokenHits).toBeGreaterThanOrEqual(before.tokenHits + 2);
  });
});

describe('HTTP hygiene', () => {
  it('answers CORS preflights for configured origins only', async () => {
    const preflight = (origin: string) =>
      fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const allowed = await preflight(ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const response = await fetch(url, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json', ...(await authHeaders()) }, body: '{"query":"{ __typename }"}' });
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('prevents CSRF: a simple GET without a preflight header is refused', async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });

  it('refuses a body over the size limit', async () => {
    const { status } = await post(url, JSON.stringify({ query: `{ __typename ${' '.repeat(30_000)} }` }), await authHeaders());
    expect(status).toBe(413);
  });

  it('offers introspection and field suggestions in development', async () => {
    const introspection = await gql(url, '{ __schema { queryType { name } } }');
    expect(introspection.body.data.__schema.queryType.name).toBe('Query');
    const typo = await gql(url, '{ customr(id: "x") { id } }');
    expect(typo.body.errors![0].message).toMatch(/Did you mean/);
  });
});

describe('production', () => {
  let gateway: RunningGateway;
  let jwks: http.Server;
  let sign: (claims: Record<string, unknown>, options?: { audience?: string; expiresIn?: number }) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'ES256', use: 'sig' };
    jwks = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    sign = (claims, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'test-1' })
        .setIssuer('https://idp.singleview.test')
        .setAudience(options.audience ?? 'singleview-api')
        .setSubject('agent-7')
        .setIssuedAt(now - 60)
        .setExpirationTime(now + (options.expiresIn ?? 600))
        .sign(privateKey);
    };
    const env: Record<string, string> = {
      ...fixture.env,
      SINGLEVIEW_ENV: 'production',
      PORT: '0',
      SUPERGRAPH_WATCH: 'false',
      JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      JWT_ISSUER: 'https://idp.singleview.test',
      JWT_AUDIENCE: 'singleview-api',
      JWT_CLOCK_SKEW_SECONDS: '5',
    };
    for (const [name, subgraph] of Object.entries(stack.subgraphs)) env[`SUBGRAPH_${name.toUpperCase()}_URL`] = subgraph.graphqlUrl;
    gateway = await startGateway(readGatewayConfig(env), createLogger('production-gateway', 'silent'));
  });
  afterAll(async () => {
    await gateway?.close();
    jwks?.close();
  });

  it('accepts tokens from the configured issuer, by its JWKS URL, with their scopes and purpose', async () => {
    const token = await sign({ scope: 'pii:read orders:read', purpose: 'service' });
    const { status, body } = await gql(gateway.graphqlUrl, 'query P($id: ID!) { customer(id: $id) { profile { email { value } } orders(first: 1) { totalCount } } }', { id: customers.consenting.id }, { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    expect(body.data.customer.profile.email.value).toBe(customers.consenting.profile.email!.value);
  });

  it('refuses expired tokens, tokens for another audience, and development tokens', async () => {
    const expired = await sign({ scope: 'pii:read' }, { expiresIn: -60 });
    const otherAudience = await sign({ scope: 'pii:read' }, { audience: 'another-api' });
    const dev = (await authHeaders()).authorization;
    const reasons: string[] = [];
    for (const authorization of [`Bearer ${expired}`, `Bearer ${otherAudience}`, dev]) {
      const { status, body } = await gql(gateway.graphqlUrl, '{ __typename }', {}, { authorization });
      expect(status).toBe(401);
      reasons.push(body.errors![0].message);
    }
    expect(reasons).toEqual(['Authentication failed: token expired', 'Authentication failed: token claim "aud" is not valid here', 'Authentication failed: token issuer is not trusted']);
  });

  it('turns introspection and field suggestions off', async () => {
    const token = `Bearer ${await sign({ scope: 'pii:read', purpose: 'service' })}`;
    const introspection = await gql(gateway.graphqlUrl, '{ __schema { queryType { name } } }', {}, { authorization: token });
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors![0].message).toMatch(/introspection/i);
    const typo = await gql(gateway.graphqlUrl, '{ customr(id: "x") { id } }', {}, { authorization: token });
    expect(typo.body.errors![0].message).not.toMatch(/Did you mean/);
  });
});
