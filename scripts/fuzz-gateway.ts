// Fuzzes the gateway's HTTP endpoint with malformed and random requests: it must stay up, answer JSON, and never 5xx a client error.
//
// `npm run fuzz -- --requests 100000 [--url http://host/graphql] [--seed s]`; without --url it
// starts its own gateway process (no subgraphs needed) and reports that process's memory.
import { Random } from '../simulator/generator/random.ts';
import { startGatewayProcess } from './gateway-process.ts';

export interface FuzzReport {
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: { status: number; kind: string; body: string }[];
  invalidJson: { status: number; kind: string; body: string }[];
  networkErrors: number;
  seconds: number;
}

type Case = { kind: string; method: string; headers: Record<string, string>; body?: Buffer | string; path?: string };

const FIELDS = ['customer', 'customers', 'searchCustomers', 'customerList', '__typename', '__schema', 'profile', 'orders', 'nodes', 'id', 'x'];
const TOKENS = ['{', '}', '(', ')', ':', '$', '!', '...', 'query', 'mutation', 'fragment', 'on', '@include', '"str', '123', '[', ']', '=', '#'];

function randomString(rng: Random, n: number, alphabet = 'abcdefghijklmnopqrstuvwxyz{}()[]:$!"\\ \n\t0123456789@#.,'): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

function randomQuery(rng: Random): string {
  const parts: string[] = [];
  for (let i = rng.int(1, 40); i > 0; i--) parts.push(rng.chance(0.5) ? rng.pick(FIELDS) : rng.pick(TOKENS));
  return parts.join(' ');
}

function nested(depth: number, field = 'customerList'): string {
  let q = 'id';
  for (let i = 0; i < depth; i++) q = `${field} { ${q} }`;
  return `{ ${q} }`;
}

function makeCase(rng: Random): Case {
  const json = { 'content-type': 'application/json' };
  switch (rng.int(0, 13)) {
    case 0:
      return { kind: 'random-bytes', method: 'POST', headers: json, body: Buffer.from(Array.from({ length: rng.int(0, 400) }, () => rng.int(0, 255))) };
    case 1:
      return { kind: 'truncated-json', method: 'POST', headers: json, body: JSON.stringify({ query: '{ customer(id: "x") { id } }' }).slice(0, rng.int(0, 30)) };
    case 2:
      return { kind: 'random-query', method: 'POST', headers: json, body: JSON.stringify({ query: randomQuery(rng) }) };
    case 3:
      return { kind: 'deep-nesting', method: 'POST', headers: json, body: JSON.stringify({ query: nested(rng.int(10, 200)) }) };
    case 4: {
      const aliases = Array.from({ length: rng.int(50, 2000) }, (_, i) => `a${i}: __typename`).join(' ');
      return { kind: 'alias-bomb', method: 'POST', headers: json, body: JSON.stringify({ query: `{ ${aliases} }` }) };
    }
    case 5:
      return { kind: 'wrong-content-type', method: 'POST', headers: { 'content-type': rng.pick(['text/plain', 'application/xml', 'multipart/form-data', '', 'application/json; charset=latin1']) }, body: '{"query":"{ __typename }"}' };
    case 6:
      return { kind: 'bad-variables', method: 'POST', headers: json, body: JSON.stringify({ query: 'query($id: ID!) { customer(id: $id) { id } }', variables: rng.pick([null, 5, 'x', [], { id: {} }, { id: [1, 2] }, { nope: 1 }]) }) };
    case 7:
      return { kind: 'wrong-shape', method: 'POST', headers: json, body: JSON.stringify(rng.pick([[], 5, 'query', null, { query: 5 }, { query: null }, { operationName: 7 }, { extensions: 'x' }])) };
    case 8:
      return { kind: 'unknown-operation', method: 'POST', headers: json, body: JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: rng.pick(['C', '', 'a', null]) }) };
    case 9:
      return { kind: 'invalid-utf8', method: 'POST', headers: json, body: Buffer.concat([Buffer.from('{"query":"{ __typename '), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(' }"}')]) };
    case 10:
      return { kind: 'huge-body', method: 'POST', headers: json, body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(rng.int(1_100_000, 2_000_000)) }) };
    case 11:
      return { kind: 'odd-method', method: rng.pick(['PUT', 'DELETE', 'PATCH', 'GET']), headers: rng.chance(0.5) ? { 'apollo-require-preflight': 'true' } : {}, path: `?query=${encodeURIComponent(randomQuery(rng))}` };
    case 12:
      return { kind: 'long-string', method: 'POST', headers: json, body: JSON.stringify({ query: `{ customer(id: "${randomString(rng, rng.int(1_000, 50_000))}") { id } }` }) };
    default:
      return { kind: 'garbage-text', method: 'POST', headers: json, body: randomString(rng, rng.int(1, 2_000)) };
  }
}

export async function fuzz(url: string, requests: number, options: { seed?: string; concurrency?: number } = {}): Promise<FuzzReport> {
  const rng = new Random(options.seed ?? 'fuzz');
  const report: FuzzReport = { requests, byStatus: {}, serverErrors: [], invalidJson: [], networkErrors: 0, seconds: 0 };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next++;
      const c = makeCase(rng);
      try {
        const response = await fetch(url + (c.path ?? ''), { method: c.method, headers: c.headers, body: c.method === 'GET' ? undefined : typeof c.body === 'string' || c.body === undefined ? c.body : new Uint8Array(c.body) });
        const text = await response.text();
        report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
        if (response.status >= 500) report.serverErrors.push({ status: response.status, kind: c.kind, body: text.slice(0, 300) });
        try {
          JSON.parse(text);
        } catch {
          report.invalidJson.push({ status: response.status, kind: c.kind, body: text.slice(0, 300) });
        }
      } catch {
        report.networkErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const requests = Number(arg('requests', '10000'));
  const external = arg('url', '');
  const gateway = external ? undefined : await startGatewayProcess();
  const url = external || gateway!.url;
  const rssBefore = gateway?.rssMb();
  const report = await fuzz(url, requests, { seed: arg('seed', 'fuzz'), concurrency: Number(arg('concurrency', '16')) });
  const rssAfter = gateway?.rssMb();
  const alive = gateway ? gateway.alive() : true;
  await gateway?.stop();
  console.log(`requests ${report.requests} in ${report.seconds.toFixed(1)} s; statuses ${JSON.stringify(report.byStatus)}`);
  console.log(`5xx: ${report.serverErrors.length}; invalid JSON: ${report.invalidJson.length}; network errors: ${report.networkErrors}; gateway alive: ${alive}`);
  if (rssBefore !== undefined) console.log(`gateway RSS ${rssBefore.toFixed(0)} MB → ${rssAfter!.toFixed(0)} MB`);
  console.log(JSON.stringify({ requests: report.requests, seconds: report.seconds, server_errors: report.serverErrors.length, invalid_json: report.invalidJson.length, alive, rss_before_mb: rssBefore, rss_after_mb: rssAfter }));
  process.exit(report.serverErrors.length || report.invalidJson.length || !alive ? 1 : 0);
}
