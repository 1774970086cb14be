// Reads the gateway's own timing of a request, to compute its overhead: total time minus the slowest subgraph fetch.
//
// The contract (the gateway may implement either; the header wins):
//   server-timing: gateway;dur=12.4, subgraph-max;dur=10.9   (what gateway/plugins/observability.ts sends;
//                  `total` and `fetch` are accepted for the same, or overhead;dur=1.5 directly)
//   { "extensions": { "timing": { "totalMs": 12.4, "fetchMs": 10.9 } } }   (or { "overheadMs": 1.5 })
// total = from request received to response ready, in the gateway; fetch = the slowest
// subgraph fetch of the request (the definition; a gateway may report its critical
// path of sequential fetches instead, as long as the README says which).

export interface GatewayTiming {
  overheadMs: number;
  totalMs?: number;
  fetchMs?: number;
}

export function timingFromHeader(header: string | string[] | undefined): GatewayTiming | undefined {
  if (header === undefined) return undefined;
  const metrics = new Map<string, number>();
  for (const entry of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith('dur='));
    if (name && dur) metrics.set(name.trim(), Number(dur.slice(4)));
  }
  return fromParts(metrics.get('overhead'), metrics.get('gateway') ?? metrics.get('total'), metrics.get('subgraph-max') ?? metrics.get('fetch'));
}

export function timingFromBody(body: unknown): GatewayTiming | undefined {
  const timing = (body as { extensions?: { timing?: Record<string, unknown> } } | null)?.extensions?.timing;
  if (!timing) return undefined;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return fromParts(num(timing.overheadMs), num(timing.totalMs), num(timing.fetchMs));
}

function fromParts(overhead: number | undefined, total: number | undefined, fetch: number | undefined): GatewayTiming | undefined {
  if (overhead !== undefined && Number.isFinite(overhead)) return { overheadMs: overhead, totalMs: total, fetchMs: fetch };
  if (total !== undefined && fetch !== undefined && Number.isFinite(total) && Number.isFinite(fetch)) {
    return { overheadMs: total - fetch, totalMs: total, fetchMs: fetch };
  }
  return undefined;
}
