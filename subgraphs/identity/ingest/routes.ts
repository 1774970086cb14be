// HTTP routes behind which the identity graph serves other subgraphs and the legacy systems: key lookups, ingest and resolution.
import { HttpError, jsonRoute, oneOf, stringArray } from '../../../runtime/json-route.ts';
import type { RouteHandler } from '../../../runtime/http-server.ts';
import { SOURCE_SYSTEMS, recordKey } from '../../kit/source-system.ts';
import type { IdentityGraph } from '../identity-graph.ts';
import { toSourceRecord } from './source-records.ts';

export function identityRoutes(graph: IdentityGraph): Record<string, RouteHandler> {
  const store = graph.store;
  return {
    /** Unified IDs → native keys in one system. Merged-away IDs resolve to the survivor's keys. */
    '/keys/by-customer': jsonRoute(async (body) => {
      const system = oneOf(body, 'system', SOURCE_SYSTEMS);
      const ids = stringArray(body, 'customerIds');
      const found = await store.customersById(ids);
      const customers: Record<string, { customerId: string; nativeIds: string[] } | null> = {};
      for (const id of ids) {
        const doc = found.get(id);
        customers[id] = doc ? { customerId: doc._id, nativeIds: doc.records.filter((r) => r.system === system).map((r) => r.id) } : null;
      }
      return { customers };
    }),

    /** Native keys in one system → unified IDs. */
    '/keys/by-source': jsonRoute(async (body) => {
      const system = oneOf(body, 'system', SOURCE_SYSTEMS);
      const nativeIds = stringArray(body, 'nativeIds');
      const byKey = await store.customerIdsByRecordKey(nativeIds.map((id) => recordKey(system, id)));
      const customers: Record<string, string | null> = {};
      for (const id of nativeIds) customers[id] = byKey.get(recordKey(system, id)) ?? null;
      return { customers };
    }),

    /**
     * Legacy systems push new or changed records here, in their native shape. Once the graph has
     * been resolved, each record is resolved against it at once (incremental); `"resolve": false`
     * only stores them, for a bulk load followed by /ingest/resolve.
     */
    '/ingest/records': jsonRoute(async (body) => {
      const system = oneOf(body, 'system', SOURCE_SYSTEMS);
      const { records, resolve } = body as { records?: unknown; resolve?: unknown };
      if (!Array.isArray(records) || !records.every((r) => r !== null && typeof r === 'object')) {
        throw new HttpError(400, 'BAD_REQUEST', '"records" must be an array of objects');
      }
      if (resolve !== undefined && typeof resolve !== 'boolean') throw new HttpError(400, 'BAD_REQUEST', '"resolve" must be true or false');
      const now = new Date().toISOString();
      const docs = records.map((r) => toSourceRecord(system, r as Record<string, unknown>, now));
      return graph.ingest(docs, resolve !== false);
    }),

    /** Run a full resolution over every stored record (with the steward's constraints in force). */
    '/ingest/resolve': jsonRoute(async () => graph.resolveAll()),
  };
}
