// Full resolution: read every source record from the identity store, resolve them with the steward's constraints, write the graph back.
import type { CustomerDoc, CustomerSnapshot, MergeLogDoc, SourceRecordDoc } from './model.ts';
import type { IdentityStore } from './source.ts';
import {
  bundledConfig,
  IdentityIndex,
  reconcileClusterIds,
  resolve,
  type ResolutionConfig,
  type ResolutionResult,
  type SourceRecord,
} from './resolution/index.ts';
import { buildGraph, formerIdsOf, linksByCluster } from './graph-builder.ts';
import { constraintsFromLog } from './steward/constraints.ts';

export interface ResolutionSummary {
  records: number;
  /** Links that joined two records' clusters. */
  links: number;
  customers: number;
  /** Customers written because they are new or changed. */
  written: number;
  aliases: number;
  removed: number;
  /** Merges refused by a guard, per guard (identifier limits, system limits, never-merge). */
  mergesBlocked: Record<string, number>;
  /** Steward operations in force, fed to the engine as constraints. */
  stewardOperations: number;
  seconds: number;
  /** Milliseconds per phase: read, the engine's own phases, write. */
  timings: Record<string, number>;
}

export type ResolutionPhase = 'read' | 'resolve' | 'write';

export interface FullResolutionOptions {
  /** Called as work advances: records read, then the engine run, then customers written. */
  onProgress?: (phase: ResolutionPhase, done: number, total: number) => void;
  /** Keep the engine's in-memory index, for incremental resolution afterwards. */
  keepIndex?: boolean;
}

export const CUSTOMER_RESOLUTION: ResolutionConfig = bundledConfig('customer');
const READ_BATCH = 5_000;
const WRITE_BATCH = 5_000;

/** The engine's view of a stored source record. */
export function toEngineRecord(doc: SourceRecordDoc): SourceRecord {
  return { system: doc.system, id: doc.nativeId, updatedAt: doc.updatedAt ?? undefined, fields: doc.fields };
}

/**
 * Resolves every stored record at once. Unified IDs carry over from the graph as it stands, the
 * steward's operations in force are constraints, only changed customers are written, and merge-log
 * entries left pending by a crash are completed.
 */
export async function resolveAll(
  store: IdentityStore,
  options: FullResolutionOptions = {},
  config: ResolutionConfig = CUSTOMER_RESOLUTION,
): Promise<{ summary: ResolutionSummary; index?: IdentityIndex }> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const progress = options.onProgress ?? (() => {});
  const total = await store.countSourceRecords();
  const records: SourceRecord[] = [];
  for await (const page of store.scanSourceRecords(READ_BATCH)) {
    for (const doc of page) records.push(toEngineRecord(doc));
    progress('read', records.length, total);
  }
  // The graph as it stands: which customer holds each record today.
  const previous = new Map<string, CustomerDoc>();
  const previousIdOf = new Map<string, string>();
  for await (const page of store.scanCustomers(READ_BATCH)) {
    for (const doc of page) {
      previous.set(doc._id, doc);
      for (const record of doc.records) previousIdOf.set(record.key, doc._id);
    }
  }
  const log = await store.allLogEntries();
  const steward = constraintsFromLog(log);
  timings.read = Math.round(performance.now() - started);

  progress('resolve', 0, 1);
  let result: ResolutionResult;
  let index: IdentityIndex | undefined;
  if (options.keepIndex) ({ index, result } = IdentityIndex.build(records, config, steward.options, steward.tags));
  else result = resolve(records, config, steward.options);
  records.length = 0;
  progress('resolve', 1, 1);
  Object.assign(timings, result.stats.timings);

  let clock = performance.now();
  // Unified IDs survive re-runs: a cluster keeps the ID most of its records already had.
  // IDs the store has, as customers or as aliases (former IDs): never handed to another customer.
  const used = new Set(previous.keys());
  for (const doc of previous.values()) for (const former of doc.formerIds) used.add(former);
  const formerIdOf = formerIdsOf(previous.values());
  const assignments = reconcileClusterIds(result.clusters, (key) => previousIdOf.get(key), {
    formerIdOf: (key) => formerIdOf.get(key),
    taken: (id) => used.has(id),
    live: (id) => previous.has(id),
  });
  const live = new Set(assignments.map((a) => a.id));
  const links = linksByCluster(result.links, (key) => result.clusterOf.get(key));
  const graph = buildGraph({ clusters: result.clusters, assignments, links, previous, now: new Date().toISOString() });
  const removed = [...previous.keys()].filter((id) => !live.has(id));
  timings.graph = Math.round(performance.now() - clock);
  clock = performance.now();
  await store.writeGraph({ customers: [], aliases: graph.aliases });
  for (let i = 0; i < graph.changed.length; i += WRITE_BATCH) {
    await store.writeGraph({ customers: graph.changed.slice(i, i + WRITE_BATCH), links: graph.changedLinks.slice(i, i + WRITE_BATCH), aliases: [] });
    progress('write', Math.min(i + WRITE_BATCH, graph.changed.length), graph.changed.length);
  }
  await store.writeGraph({ customers: [], aliases: [], removed });
  progress('write', graph.changed.length, graph.changed.length);
  const holder = new Map<string, CustomerDoc>();
  for (const customer of graph.customers) for (const record of customer.records) holder.set(record.key, customer);
  await completePending(store, log, (key) => holder.get(key));
  timings.write = Math.round(performance.now() - clock);

  return {
    summary: {
      records: result.stats.records,
      links: result.stats.mergedLinks,
      customers: graph.customers.length,
      written: graph.changed.length,
      aliases: graph.aliases.length,
      removed: removed.length,
      mergesBlocked: result.stats.guards.mergesBlocked,
      stewardOperations: steward.inForce.size,
      seconds: (performance.now() - started) / 1000,
      timings,
    },
    index,
  };
}

/** The record keys a merge-log entry is about: its customers' records and its constraints' keys. */
export function keysOfEntry(entry: Pick<MergeLogDoc, 'before' | 'constraints'>): string[] {
  const keys = new Set<string>();
  for (const customer of entry.before) for (const key of customer.records) keys.add(key);
  for (const { a, b } of entry.constraints.neverMerge) for (const key of [...a, ...b]) keys.add(key);
  for (const { a, b } of entry.constraints.forceMerge) for (const key of [a, b]) keys.add(key);
  return [...keys];
}

/** The customers that now hold these records, as a log entry records them. */
export function snapshotsOf(keys: Iterable<string>, holderOf: (key: string) => Pick<CustomerDoc, '_id' | 'records'> | undefined): CustomerSnapshot[] {
  const byId = new Map<string, CustomerSnapshot>();
  for (const key of keys) {
    const holder = holderOf(key);
    if (holder && !byId.has(holder._id)) byId.set(holder._id, { id: holder._id, records: holder.records.map((r) => r.key).sort() });
  }
  return [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Marks entries a crash left pending as applied, with the customers that hold their records now. */
export async function completePending(
  store: IdentityStore,
  log: readonly MergeLogDoc[],
  holderOf: (key: string) => Pick<CustomerDoc, '_id' | 'records'> | undefined,
): Promise<number> {
  const pending = log.filter((entry) => entry.status === 'pending');
  const now = new Date().toISOString();
  for (const entry of pending) {
    const target = entry.target === undefined ? undefined : log.find((other) => other._id === entry.target);
    const keys = keysOfEntry(entry).concat(target ? keysOfEntry(target) : []);
    await store.markLogApplied(entry._id, snapshotsOf(keys, holderOf), now);
  }
  return pending.length;
}
