// Full resolution: read every source record from the identity store, resolve them with the engine, write the graph back.
import type { CustomerDoc } from './model.ts';
import type { IdentityStore } from './source.ts';
import { bundledConfig, reconcileClusterIds, resolve, type ResolutionConfig, type SourceRecord } from './resolution/index.ts';
import { buildGraph, evidenceByRecord, type RecordMeta } from './graph-builder.ts';

export interface ResolutionSummary {
  records: number;
  links: number;
  customers: number;
  /** Customers written because they are new or changed. */
  written: number;
  aliases: number;
  removed: number;
  mergesBlocked: Record<string, number>;
  seconds: number;
}

export const CUSTOMER_RESOLUTION: ResolutionConfig = bundledConfig('customer');

export async function resolveAll(store: IdentityStore, onProgress?: (phase: string, done: number) => void): Promise<ResolutionSummary> {
  const started = performance.now();
  const records: SourceRecord[] = [];
  const meta = new Map<string, RecordMeta>();
  for await (const page of store.scanSourceRecords(5_000)) {
    for (const doc of page) {
      records.push({ system: doc.system, id: doc.nativeId, updatedAt: doc.updatedAt ?? undefined, fields: doc.fields });
      meta.set(doc._id, { _id: doc._id, system: doc.system, nativeId: doc.nativeId });
    }
    onProgress?.('read', records.length);
  }
  // The graph as it stands: which customer holds each record today.
  const previous = new Map<string, CustomerDoc>();
  const previousIdOf = new Map<string, string>();
  for await (const page of store.scanCustomers(5_000)) {
    for (const doc of page) {
      previous.set(doc._id, doc);
      for (const record of doc.records) previousIdOf.set(record.key, doc._id);
    }
  }
  const result = resolve(records, CUSTOMER_RESOLUTION);
  onProgress?.('resolved', records.length);
  // Unified IDs survive re-runs: a cluster keeps the ID most of its records already had.
  const assignments = reconcileClusterIds(result.clusters, (key) => previousIdOf.get(key));
  const live = new Set(assignments.map((a) => a.id));
  const graph = buildGraph(result.clusters, assignments, evidenceByRecord(result.links), meta, previous, new Date().toISOString());
  await store.writeGraph({ customers: graph.changed, aliases: graph.aliases });
  const removed = await store.deleteCustomers([...previous.keys()].filter((id) => !live.has(id)));
  onProgress?.('written', records.length);
  return {
    records: records.length,
    links: result.links.filter((l) => l.status === 'merged').length,
    customers: graph.customers.length,
    written: graph.changed.length,
    aliases: graph.aliases.length,
    removed,
    mergesBlocked: result.stats.guards.mergesBlocked,
    seconds: (performance.now() - started) / 1000,
  };
}
