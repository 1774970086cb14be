// The live identity graph of one process: an in-memory engine index over the store, through which ingest and steward changes resolve incrementally.
import type { Logger } from '../../runtime/logger.ts';
import type { CustomerDoc, CustomerSnapshot, SourceRecordDoc } from './model.ts';
import type { IdentityStore } from './source.ts';
import { reconcileClusterIds, type Cluster, type IdAssignment, type IdentityIndex, type IncrementalChange, type ResolutionConfig } from './resolution/index.ts';
import { buildGraph, formerIdsOf, toLinkDoc } from './graph-builder.ts';
import { CUSTOMER_RESOLUTION, resolveAll, snapshotsOf, toEngineRecord, type FullResolutionOptions, type ResolutionSummary } from './resolution-service.ts';

export interface IngestOutcome {
  accepted: number;
  /** `incremental`: resolved against the graph now; `deferred`: stored for the next full resolution. */
  resolution: 'incremental' | 'deferred';
  /** The customers that hold the ingested records (incremental only), in request order. */
  customers: (string | null)[];
}

/**
 * One writer per process: every change (ingest, steward operation, full resolution) runs alone,
 * in arrival order. The index is built by a full resolution: eagerly at start when the store holds
 * a resolved graph, or by the first full resolution of a fresh store. Until then ingested records
 * are only stored (deferred).
 *
 * Several processes writing one store each keep their own index and do not see each other's
 * changes until they rebuild (restart or full resolution): run the writes (ingest, steward
 * mutations, resolution) on one instance, and scale the reads out.
 */
export class IdentityGraph {
  readonly store: IdentityStore;
  private readonly config: ResolutionConfig;
  private readonly logger: Logger | undefined;
  private index: IdentityIndex | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(store: IdentityStore, options: { config?: ResolutionConfig; logger?: Logger } = {}) {
    this.store = store;
    this.config = options.config ?? CUSTOMER_RESOLUTION;
    this.logger = options.logger;
  }

  /** Runs `work` after every change queued before it, alone. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Rebuilds the index when the store already holds a resolved graph. That is a full resolution,
   * which also repairs whatever a crash left half-written and completes pending merge-log entries.
   */
  start(): Promise<void> {
    return this.exclusive(async () => {
      await this.ensureIndex();
    }).catch((error: unknown) => this.logger?.error({ err: error }, 'identity graph: rebuilding the index failed'));
  }

  /** Full resolution of every stored record; the index is kept for incremental changes. */
  resolveAll(options: Omit<FullResolutionOptions, 'keepIndex'> = {}): Promise<ResolutionSummary> {
    return this.exclusive(async () => {
      this.index = null;
      const { summary, index } = await resolveAll(this.store, { ...options, keepIndex: true }, this.config);
      this.index = index ?? null;
      return summary;
    });
  }

  /** Stores new or changed records and, once the graph has been resolved, resolves them against it. */
  ingest(docs: SourceRecordDoc[], resolveNow = true): Promise<IngestOutcome> {
    return this.exclusive(async () => {
      await this.store.putSourceRecords(docs);
      const index = resolveNow ? await this.ensureIndex() : null;
      if (index === null) return { accepted: docs.length, resolution: 'deferred', customers: [] };
      let holders: Map<string, CustomerDoc>;
      try {
        const changes = docs.map((doc) => index.upsert(toEngineRecord(doc)));
        holders = await this.persist(changes, docs.map((doc) => doc._id));
      } catch (error) {
        this.invalidate();
        throw error;
      }
      return { accepted: docs.length, resolution: 'incremental', customers: docs.map((doc) => holders.get(doc._id)?._id ?? null) };
    });
  }

  /** Drops the index after a failed change: the next change rebuilds it from the store and the merge log. */
  invalidate(): void {
    this.index = null;
  }

  /** The index, built by a full resolution if the store holds a resolved graph; null for a graph never resolved. */
  async ensureIndex(): Promise<IdentityIndex | null> {
    if (this.index !== null) return this.index;
    if ((await this.store.countCustomers()) === 0) return null;
    const { summary, index } = await resolveAll(this.store, { keepIndex: true }, this.config);
    this.logger?.info({ records: summary.records, customers: summary.customers, written: summary.written, seconds: summary.seconds }, 'identity graph: index rebuilt');
    this.index = index ?? null;
    return this.index;
  }

  /**
   * Writes what incremental changes did: the customers that now hold every record they touched,
   * with IDs carried over, aliases for absorbed IDs, and the removal of customers left empty.
   * Returns the customer that holds each touched record.
   */
  async persist(changes: readonly IncrementalChange[], extraKeys: readonly string[] = []): Promise<Map<string, CustomerDoc>> {
    const index = this.index!;
    const touched = new Set<string>(extraKeys);
    for (const change of changes) for (const cluster of [...change.before, ...change.after]) for (const key of cluster.members) touched.add(key);
    const clusters = new Map<string, Cluster>();
    for (const key of touched) {
      const cluster = index.clusterOf(key);
      if (cluster !== undefined) clusters.set(cluster.anchor, cluster);
    }
    const current = [...clusters.values()].sort((x, y) => (x.anchor < y.anchor ? -1 : x.anchor > y.anchor ? 1 : 0));
    const previousIdOf = await this.store.customerIdsByRecordKey([...new Set([...touched, ...current.flatMap((c) => c.members)])]);
    const previousIds = [...new Set(previousIdOf.values())];
    const previous = await this.store.customersById(previousIds);
    const assignments = await this.assignIds(current, previousIdOf, previous);
    const links = new Map(current.map((cluster) => [cluster.id, index.linksOf(cluster.members).map(toLinkDoc)]));
    const graph = buildGraph({ clusters: current, assignments, links, previous, now: new Date().toISOString() });
    const live = new Set(assignments.map((a) => a.id));
    await this.store.writeGraph({ customers: graph.changed, links: graph.changedLinks, aliases: graph.aliases, removed: previousIds.filter((id) => !live.has(id)) });
    const holders = new Map<string, CustomerDoc>();
    for (const customer of graph.customers) for (const record of customer.records) holders.set(record.key, customer);
    return holders;
  }

  /**
   * Unified IDs for the clusters a change touched, carried over from the store. A new name is
   * checked against the store (customers and aliases), so that no ID is ever handed to a second
   * customer; a taken one is replaced by a numbered variant.
   */
  private async assignIds(clusters: Cluster[], previousIdOf: Map<string, string>, previous: Map<string, CustomerDoc>): Promise<IdAssignment[]> {
    const previousIds = new Set(previousIdOf.values());
    const taken = new Set(previousIds);
    for (const doc of previous.values()) for (const former of doc.formerIds) taken.add(former);
    const live = new Set<string>();
    const formerIdOf = formerIdsOf(previous.values());
    for (;;) {
      const assignments = reconcileClusterIds(clusters, (key) => previousIdOf.get(key), {
        formerIdOf: (key) => formerIdOf.get(key),
        taken: (id) => taken.has(id),
        live: (id) => live.has(id),
      });
      // New names must be free in the store; a revived former ID may be an alias, never another customer.
      const fresh = assignments.filter((a) => !previousIds.has(a.id));
      const found = fresh.length === 0 ? new Map<string, CustomerDoc>() : await this.store.customersById(fresh.map((a) => a.id));
      const conflicts = fresh.filter((a) => found.has(a.id) && (!a.revived || found.get(a.id)!._id === a.id));
      if (conflicts.length === 0) return assignments;
      for (const { id } of conflicts) {
        taken.add(id);
        if (found.get(id)!._id === id) live.add(id);
      }
    }
  }

  /** Applies a steward's change to the index and writes it; returns the customers that hold `keys` now. */
  async applySteward(keys: readonly string[], change: (index: IdentityIndex) => IncrementalChange): Promise<CustomerSnapshot[]> {
    const index = await this.ensureIndex();
    if (index === null) throw new Error('identity graph: not resolved yet');
    const holders = await this.persist([change(index)], keys);
    return snapshotsOf(keys, (key) => holders.get(key));
  }
}
