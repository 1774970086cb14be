// The gateway's HTTP surface under hostile input: GraphQL-over-HTTP conformance, clear 4xx errors, and a 10,000-request fuzz run.
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../../gateway/auth/dev-key.ts';
import { DEFAULT_DEV_KEY_FILE } from '../../gateway/policy-config.ts';
import { fuzz } from '../../scripts/fuzz-gateway.ts';
import { startGatewayProcess } from '../../scripts/gateway-process.ts';
import { freePort } from '../../scripts/free-port.ts';

let gateway: Awaited<ReturnType<typeof startGatewayProcess>>;
let token: string;


beforeAll(async () => {
  const nowhere = `http://127.0.0.1:${await freePort()}/graphql`;
  const env: Record<string, string> = { SINGLEVIEW_ENV: 'development', LOG_LEVEL: 'warn' };
  for (const name of ['IDENTITY', 'CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL', 'INSIGHTS']) env[`SUBGRAPH_${name}_URL`] = nowhere;
  gateway = await startGatewayProcess(env);
  token = await mintDevToken(DEFAULT_DEV_KEY_FILE, { role: 'service', subject: 'http-hardening' });
}, 60_000);
afterAll(() => gateway?.stop());

async function post(body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body: body as BodyInit });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] } };
}

describe('GraphQL over HTTP', () => {
  it('passes every MUST of the graphql-http server audit', async () => {
    const authorized: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), authorization: `Bearer ${token}` } });
    const results = await auditServer({ url: gateway.url, fetchFn: authorized });
    const failures = results.filter((r) => r.status === 'error');
    expect(failures.map((f) => `${f.id} ${f.name}: ${"reason" in f ? f.reason : ""}`)).toEqual([]);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(50);
  });
});

describe('hostile input', () => {
  const cases: { name: string; body: string | Uint8Array; headers?: Record<string, string>; status: number; code: string }[] = [
    { name: 'malformed JSON', body: '{"query": "{ __typename }"', status: 400, code: 'BAD_REQUEST' },
    { name: 'a wrong content type', body: '{"query":"{ __typename }"}', headers: { 'content-type': 'text/plain' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'a missing query', body: '{"variables":{}}', status: 400, code: 'BAD_REQUEST' },
    { name: 'invalid variables', body: JSON.stringify({ query: 'query($id: ID!) { customer(id: $id) { id } }', variables: { id: { nested: true } } }), status: 400, code: 'BAD_USER_INPUT' },
    { name: 'a huge body', body: JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(2_000_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    { name: 'an unknown operation name', body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }), status: 400, code: 'BAD_REQUEST' },
    { name: 'several operations and no name', body: JSON.stringify({ query: 'query A { __typename } query B { __typename }' }), status: 400, code: 'BAD_REQUEST' },
    { name: 'bytes that are not UTF-8', body: new Uint8Array([...Buffer.from('{"query":"{ '), 0xc3, 0x28, 0xff, ...Buffer.from(' }"}')]), status: 400, code: 'BAD_REQUEST' },
    { name: 'a syntax error', body: JSON.stringify({ query: '{ customer(id: ) }' }), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
    { name: 'an unknown field', body: JSON.stringify({ query: '{ nope }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  ];
  for (const c of cases) {
    it(`answers ${c.name} with ${c.status} ${c.code}`, async () => {
      const { status, json, text } = await post(c.body, c.headers);
      expect(status).toBe(c.status);
      expect(json.errors?.[0]?.extensions?.code).toBe(c.code);
      expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|stacktrace/);
    });
  }

  it('refuses a 50-deep query and a 1,000-alias bomb with errors that name the limit', async () => {
    let deep = 'id';
    for (let i = 0; i < 50; i++) deep = `customerList { nodes { ${deep} } }`;
    const depth = await post(JSON.stringify({ query: `{ ${deep} }` }));
    expect(depth.status).toBeGreaterThanOrEqual(400);
    expect(depth.status).toBeLessThan(500);
    expect(depth.text).toMatch(/depth/i);
    const aliases = Array.from({ length: 1_000 }, (_, i) => `a${i}: __typename`).join(' ');
    const bomb = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(bomb.status).toBeGreaterThanOrEqual(400);
    expect(bomb.status).toBeLessThan(500);
    // Refused by whichever limit it breaks first (aliases or selected fields); the error names it.
    expect(bomb.text).toMatch(/alias|field/i);
    expect(bomb.text).toMatch(/limit|maximum|exceed/i);
  });
});

describe('fuzzing', () => {
  it('survives 10,000 malformed and random requests: no 5xx, always JSON, memory bounded', async () => {
    const before = gateway.rssMb();
    const report = await fuzz(gateway.url, 10_000, { seed: 'ci', concurrency: 16 });
    expect(gateway.alive()).toBe(true);
    expect(report.networkErrors).toBe(0);
    expect(report.serverErrors).toEqual([]);
    expect(report.invalidJson).toEqual([]);
    // Huge bodies are refused before they are buffered; what remains is heap headroom, not growth per request.
    expect(gateway.rssMb() - before).toBeLessThan(250);
    const health = await fetch(gateway.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
  }, 180_000);
});
