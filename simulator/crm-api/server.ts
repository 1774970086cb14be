// The simulated legacy CRM: a REST/JSON API (v1) over generated data, with an API key, call counters and fault injection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CRM_MAX_IDS_PER_CALL, CRM_ROUTES } from '../../subgraphs/crm/adapters/rest-contract.ts';
import type { CrmData } from '../generator/types.ts';

export interface CrmApiOptions {
  port?: number;
  apiKey?: string;
  /** Called with each changed contact, e.g. to push it to the identity graph. */
  onContactChanged?: (contact: CrmData['contacts'][number]) => Promise<void>;
}

export interface CrmApi {
  url: string;
  port: number;
  /** Requests served, by route path. */
  calls: Map<string, number>;
  /** Answer every request after this many milliseconds (0 = no delay). */
  setLatency(ms: number): void;
  /** Stop listening (the CRM is down) and start again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

function index<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export async function startCrmApi(data: CrmData, options: CrmApiOptions = {}): Promise<CrmApi> {
  const contacts = new Map(data.contacts.map((c) => [c.contactId, c]));
  const users = new Map(data.users.map((u) => [u.userId, u]));
  const casesById = new Map(data.cases.map((c) => [c.caseId, c]));
  const byContact = {
    [CRM_ROUTES.cases]: index(data.cases, (c) => c.contactId),
    [CRM_ROUTES.opportunities]: index(data.opportunities, (o) => o.contactId),
    [CRM_ROUTES.consents]: index(data.consents, (c) => c.contactId),
    [CRM_ROUTES.activities]: index(data.activities, (a) => a.contactId),
  } as Record<string, Map<string, unknown[]>>;
  const calls = new Map<string, number>();
  let latency = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const payload = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://crm.local');
    calls.set(url.pathname, (calls.get(url.pathname) ?? 0) + 1);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (options.apiKey && req.headers['x-api-key'] !== options.apiKey) return send(res, 401, { error: 'invalid API key' });
    const list = (name: string) => (url.searchParams.get(name) ?? '').split(',').filter(Boolean);
    const ids = list('ids');
    const contactIds = list('contactIds');
    if (ids.length > CRM_MAX_IDS_PER_CALL || contactIds.length > CRM_MAX_IDS_PER_CALL) {
      return send(res, 400, { error: `at most ${CRM_MAX_IDS_PER_CALL} ids per call` });
    }
    if (req.method === 'POST' && url.pathname === CRM_ROUTES.contacts) return upsertContact(req, res);
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
    switch (url.pathname) {
      case CRM_ROUTES.contacts:
        if (url.searchParams.has('ids')) return send(res, 200, { records: ids.map((id) => contacts.get(id)).filter(Boolean) });
        return listContacts(url, res);
      case CRM_ROUTES.users:
        // Without ids: the whole (small) user directory.
        if (!url.searchParams.has('ids')) return send(res, 200, { records: [...users.values()] });
        return send(res, 200, { records: ids.map((id) => users.get(id)).filter(Boolean) });
      case CRM_ROUTES.cases:
        if (url.searchParams.has('ids')) return send(res, 200, { records: ids.map((id) => casesById.get(id)).filter(Boolean) });
        return send(res, 200, { records: contactIds.flatMap((id) => byContact[url.pathname].get(id) ?? []) });
      case CRM_ROUTES.opportunities:
      case CRM_ROUTES.consents:
      case CRM_ROUTES.activities:
        return send(res, 200, { records: contactIds.flatMap((id) => byContact[url.pathname].get(id) ?? []) });
      default:
        return send(res, 404, { error: 'no such resource' });
    }
  }

  /** Full extraction, as a CDC or batch job would page through it. */
  function listContacts(url: URL, res: http.ServerResponse) {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 500) || 500, 5_000);
    const cursor = url.searchParams.get('cursor') ?? '';
    const all = [...contacts.keys()].sort();
    const start = cursor ? all.findIndex((id) => id > cursor) : 0;
    const page = start === -1 ? [] : all.slice(start, start + limit);
    send(res, 200, { records: page.map((id) => contacts.get(id)), nextCursor: page.length === limit ? page[page.length - 1] : null });
  }

  async function upsertContact(req: http.IncomingMessage, res: http.ServerResponse) {
    let body = '';
    for await (const chunk of req) body += chunk;
    let contact: CrmData['contacts'][number];
    try {
      contact = JSON.parse(body);
    } catch {
      return send(res, 400, { error: 'invalid JSON' });
    }
    if (!contact?.contactId || !contact.fullName) return send(res, 400, { error: 'contactId and fullName are required' });
    contact.updatedAt = new Date().toISOString();
    contacts.set(contact.contactId, contact);
    await options.onContactChanged?.(contact);
    send(res, 200, { record: contact });
  }

  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: 'internal error' }));
  });
  let port = options.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    setLatency: (ms) => (latency = ms),
    stop,
    start: listen,
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
