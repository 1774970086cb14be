// Incremental resolution: an in-memory index built by one full run, then one record (or steward action) at a time.
import { ClusterState, MERGED, REDUNDANT } from './cluster-state.ts';
import { IntColumn } from './growable.ts';
import { compareKeys, makeCluster, runFullResolution } from './resolve.ts';
import { STEWARD_RULE, type Resolver } from './resolver.ts';
import { LinkStore } from './link-store.ts';
import { ReferenceIndex } from './reference-index.ts';
import { StewardConstraints } from './steward-constraints.ts';
import type { Cluster, Link, ResolutionConfig, ResolutionResult, ResolveOptions, SourceRecord } from './types.ts';

/** What one incremental change did to the graph. */
export interface IncrementalChange {
  /** Links found for the changed record (or made by the steward action), with their outcome. */
  links: Link[];
  /** The clusters the change touched, as they were before (their members may since have moved). */
  before: Cluster[];
  /** Those records' clusters now. */
  after: Cluster[];
  /** For upserts: the cluster that now holds the record. */
  cluster?: Cluster;
  /** Merges refused by a guard during the change, per guard. */
  mergesBlocked: Record<string, number>;
}

/** Tags of a build's steward constraints, parallel to `options.neverMerge` and `options.forceMerge`. */
export interface ConstraintTags {
  neverMerge?: (string | undefined)[];
  forceMerge?: (string | undefined)[];
}

const NO_CLUSTER = -1;
/** The most rows one change re-clusters through links (see `connected`). */
const MAX_COMPONENT_ROWS = 10_000;

export class IdentityIndex {
  private readonly resolver: Resolver;
  private readonly links: LinkStore;
  /** Row → cluster number; clusters by number. */
  private readonly clusterOfRow = new IntColumn();
  private readonly clusters = new Map<number, Cluster>();
  private readonly clusterRows = new Map<number, number[]>();
  private nextCluster = 0;
  private readonly constraints = new StewardConstraints();
  private readonly references: ReferenceIndex;

  private constructor(resolver: Resolver) {
    this.resolver = resolver;
    this.references = new ReferenceIndex(resolver);
    this.links = new LinkStore(resolver);
  }

  /** Builds the index with one full resolution of `records`; the full run's result is returned beside it. */
  static build(
    records: Iterable<SourceRecord>,
    config: ResolutionConfig,
    options: ResolveOptions = {},
    tags: ConstraintTags = {},
  ): { index: IdentityIndex; result: ResolutionResult } {
    const run = runFullResolution(records, config, options);
    const index = new IdentityIndex(run.resolver);
    (options.neverMerge ?? []).forEach((constraint, i) => index.constraints.addNeverMerge(constraint, tags.neverMerge?.[i]));
    const { links, clustering } = run;
    const table = run.resolver.table;
    // Forced pairs (as rows, smaller first) → the tags that force them.
    const forcedTags = new Map<number, string[]>();
    (options.forceMerge ?? []).forEach(([keyA, keyB], i) => {
      const rowA = table.rowOf.get(keyA);
      const rowB = table.rowOf.get(keyB);
      const tag = tags.forceMerge?.[i];
      if (rowA === undefined || rowB === undefined || tag === undefined) return;
      const pair = Math.min(rowA, rowB) * table.rows + Math.max(rowA, rowB);
      forcedTags.set(pair, [...(forcedTags.get(pair) ?? []), tag]);
    });
    for (let i = 0; i < links.a.length; i++) {
      const id = index.links.add(links.a[i], links.b[i], links.rule[i], links.pattern[i]);
      index.links.setOutcome(id, clustering.blockedBy.get(i) ?? (clustering.status[i] === 0 ? MERGED : REDUNDANT));
      if (links.rule[i] !== STEWARD_RULE) continue;
      const pair = links.a[i] * table.rows + links.b[i];
      // One link per forced pair, in the order of `options.forceMerge`: each takes the next tag.
      const tag = forcedTags.get(pair)?.shift();
      if (tag !== undefined) index.constraints.addForced(id, tag);
    }
    for (let row = 0; row < table.rows; row++) index.clusterOfRow.push(NO_CLUSTER);
    for (const cluster of run.result.clusters) {
      const rows = cluster.members.map((key) => table.rowOf.get(key)!);
      index.store(cluster, rows);
    }
    return { index, result: run.result };
  }

  get records(): number {
    return this.resolver.table.rowOf.size;
  }

  /** The cluster that holds a record key, if it is indexed. */
  clusterOf(recordKey: string): Cluster | undefined {
    const row = this.resolver.table.rowOf.get(recordKey);
    return row === undefined ? undefined : this.clusters.get(this.clusterOfRow.data[row]);
  }

  /** Adds a new record or replaces a changed one, and re-resolves only the clusters it can touch. */
  upsert(record: SourceRecord): IncrementalChange {
    const resolver = this.resolver;
    const table = resolver.table;
    const key = `${record.system}:${record.id}`;
    const oldRow = table.rowOf.get(key);
    const touched = new Set<number>();
    if (oldRow !== undefined) {
      touched.add(this.clusterOfRow.data[oldRow]);
      this.references.forget(oldRow);
    }
    const row = table.append(record);
    this.clusterOfRow.push(NO_CLUSTER);
    for (const block of resolver.blocks) block.append(row);

    const candidates = new Map<number, number>(); // other row → reference rule (or -1)
    for (const block of resolver.blocks) {
      const offsets = block.rowBlocks.offsets.data;
      const items = block.rowBlocks.items.data;
      for (let e = offsets[row]; e < offsets[row + 1]; e++) {
        if (block.isOversized(items[e])) continue;
        block.forEachMember(items[e], (other) => {
          if (other !== row && table.alive[other] === 1 && this.comparable(row, other) && !candidates.has(other)) candidates.set(other, -1);
        });
      }
    }
    this.references.admit(row, key, record.id, candidates);
    const newLinks: number[] = [];
    for (const [other, referenceRule] of candidates) {
      const [rowA, rowB] = table.keys[row] < table.keys[other] ? [row, other] : [other, row];
      const pattern = resolver.codec.encode(rowA, rowB);
      let rule = resolver.classify(pattern).rule;
      if (referenceRule >= 0) rule = rule < 0 ? referenceRule : Math.min(rule, referenceRule);
      if (rule < 0) continue;
      newLinks.push(this.links.add(rowA, rowB, rule, pattern));
      touched.add(this.clusterOfRow.data[other]);
    }
    const change = this.recluster(touched, [row], newLinks);
    change.cluster = this.clusters.get(this.clusterOfRow.data[row]);
    return change;
  }

  /** Removes a record (deleted at its source); its cluster is re-resolved without it. */
  remove(recordKey: string): IncrementalChange {
    const table = this.resolver.table;
    const row = table.rowOf.get(recordKey);
    if (row === undefined) return { links: [], before: [], after: [], mergesBlocked: {} };
    this.references.forget(row);
    const cluster = this.clusterOfRow.data[row];
    table.retire(row);
    return this.recluster(new Set([cluster]), [], []);
  }

  /**
   * Steward: these records (or groups of records) must never share a cluster. `tag` names the
   * operation, so that `release(tag)` can undo it; a tag already in force is not added twice.
   */
  preventMatch(sideA: string | string[], sideB: string | string[], tag?: string): IncrementalChange {
    if (this.constraints.has(tag)) return { links: [], before: [], after: [], mergesBlocked: {} };
    this.constraints.addNeverMerge([sideA, sideB], tag);
    return this.recluster(this.clustersOfKeys([...[sideA].flat(), ...[sideB].flat()]), [], []);
  }

  /** Steward: takes one record out of its cluster (and keeps it out). */
  unmerge(recordKey: string, tag?: string): IncrementalChange {
    const cluster = this.clusterOf(recordKey);
    if (cluster === undefined || cluster.members.length === 1) return { links: [], before: [], after: [], mergesBlocked: {} };
    return this.preventMatch(recordKey, cluster.members.filter((member) => member !== recordKey), tag);
  }

  /** Steward: merges the clusters of two records, past identifier limits (a never-merge still wins). */
  forceMerge(recordKeyA: string, recordKeyB: string, tag?: string): IncrementalChange {
    return this.forceMergeAll([[recordKeyA, recordKeyB]], tag);
  }

  /** Steward: forces every pair at once (one operation), as `forceMerge` does one. */
  forceMergeAll(pairs: ReadonlyArray<readonly [string, string]>, tag?: string): IncrementalChange {
    if (this.constraints.has(tag)) return { links: [], before: [], after: [], mergesBlocked: {} };
    const table = this.resolver.table;
    const links: number[] = [];
    const keys: string[] = [];
    for (const [recordKeyA, recordKeyB] of pairs) {
      const rowA = table.rowOf.get(recordKeyA);
      const rowB = table.rowOf.get(recordKeyB);
      if (rowA === undefined || rowB === undefined || rowA === rowB) continue;
      const [first, second] = recordKeyA < recordKeyB ? [rowA, rowB] : [rowB, rowA];
      const link = this.links.add(first, second, STEWARD_RULE, this.resolver.codec.encode(first, second));
      this.constraints.addForced(link, tag);
      links.push(link);
      keys.push(recordKeyA, recordKeyB);
    }
    if (links.length === 0) return { links: [], before: [], after: [], mergesBlocked: {} };
    return this.recluster(this.clustersOfKeys(keys), [], links);
  }

  /** Steward: undoes every constraint an operation added (`tag`), and re-clusters the records it held. */
  release(tag: string): IncrementalChange {
    const released = this.constraints.release(tag);
    const keys: string[] = released.neverMerge.flatMap(([sideA, sideB]) => [...[sideA].flat(), ...[sideB].flat()]);
    for (const link of released.links) {
      this.links.retire(link);
      keys.push(this.resolver.table.keys[this.links.a.data[link]], this.resolver.table.keys[this.links.b.data[link]]);
    }
    return this.recluster(this.clustersOfKeys(keys), [], []);
  }

  /** Every live link that touches one of these records, with its status: the evidence a steward reviews. */
  linksOf(recordKeys: readonly string[]): Link[] {
    const table = this.resolver.table;
    const ids = new Set<number>();
    for (const key of recordKeys) {
      const row = table.rowOf.get(key);
      if (row === undefined) continue;
      for (const id of this.links.of(row)) if (table.alive[this.links.other(id, row)] === 1) ids.add(id);
    }
    return [...ids].sort((x, y) => x - y).map((id) => this.links.materialize(id));
  }

  private clustersOfKeys(keys: string[]): Set<number> {
    const clusters = new Set<number>();
    for (const key of keys) {
      const row = this.resolver.table.rowOf.get(key);
      if (row !== undefined) clusters.add(this.clusterOfRow.data[row]);
    }
    return clusters;
  }

  private comparable(rowA: number, rowB: number): boolean {
    const systems = this.resolver.table.systems.data;
    return this.resolver.mode !== 'link' || systems[rowA] !== systems[rowB];
  }

  private store(cluster: Cluster, rows: number[]): number {
    const number = this.nextCluster++;
    this.clusters.set(number, cluster);
    this.clusterRows.set(number, rows);
    for (const row of rows) this.clusterOfRow.data[row] = number;
    return number;
  }

  /**
   * The touched clusters, grown to every cluster a live link reaches from them (merged, redundant
   * or blocked). Links never cross such a connected part of the link graph, so re-clustering it
   * strongest first gives exactly what a full run gives (with the same model and caps). A part
   * larger than MAX_COMPONENT_ROWS stops growing: beyond it, the next full run catches up.
   */
  private connected(touched: Set<number>, extraRows: number[]): Set<number> {
    const table = this.resolver.table;
    const result = new Set(touched);
    const frontier: number[] = [...extraRows];
    for (const number of touched) frontier.push(...(this.clusterRows.get(number) ?? []));
    for (let visited = 0; frontier.length > 0 && visited < MAX_COMPONENT_ROWS; visited++) {
      const row = frontier.pop()!;
      if (table.alive[row] !== 1) continue;
      for (const id of this.links.of(row)) {
        const other = this.links.other(id, row);
        const cluster = this.clusterOfRow.data[other];
        if (table.alive[other] !== 1 || cluster === NO_CLUSTER || result.has(cluster)) continue;
        result.add(cluster);
        frontier.push(...this.clusterRows.get(cluster)!);
      }
    }
    return result;
  }

  /**
   * Re-clusters the members of the touched clusters (plus `extraRows`) from the links among them,
   * strongest first with the guards, exactly as the full run orders them.
   */
  private recluster(seeds: Set<number>, extraRows: number[], newLinks: number[]): IncrementalChange {
    const resolver = this.resolver;
    const table = resolver.table;
    const touched = this.connected(seeds, extraRows);
    const before: Cluster[] = [];
    const rows: number[] = [];
    for (const number of touched) {
      const cluster = this.clusters.get(number);
      if (cluster === undefined) continue;
      before.push(cluster);
      for (const row of this.clusterRows.get(number)!) if (table.alive[row] === 1) rows.push(row);
      this.clusters.delete(number);
      this.clusterRows.delete(number);
    }
    for (const row of extraRows) if (!rows.includes(row)) rows.push(row);
    rows.sort((x, y) => compareKeys(table.keys[x], table.keys[y]));
    const local = new Map(rows.map((row, index) => [row, index]));
    const linkIds = new Set<number>();
    for (const row of rows) {
      for (const id of this.links.of(row)) if (local.has(this.links.other(id, row))) linkIds.add(id);
    }
    const ordered = [...linkIds];
    const { a, b, rule, pattern } = this.links;
    const strength = (id: number) => rule.data[id] * 2 - resolver.classify(pattern.data[id]).probability;
    ordered.sort(
      (x, y) =>
        strength(x) - strength(y) ||
        local.get(a.data[x])! - local.get(a.data[y])! ||
        local.get(b.data[x])! - local.get(b.data[y])!,
    );
    const state = new ClusterState(rows, table, resolver.guardSpec(this.constraints.neverMergeList), (x, y) => x < y);
    const outcomes = new Map<number, string>();
    const mergesBlocked: Record<string, number> = {};
    for (const id of ordered) {
      const outcome = state.union(local.get(a.data[id])!, local.get(b.data[id])!, rule.data[id] === STEWARD_RULE);
      outcomes.set(id, outcome);
      this.links.setOutcome(id, outcome);
      if (outcome !== MERGED && outcome !== REDUNDANT) mergesBlocked[outcome] = (mergesBlocked[outcome] ?? 0) + 1;
    }
    const groups = new Map<number, number[]>();
    rows.forEach((row, index) => {
      const root = state.find(index);
      const group = groups.get(root);
      if (group === undefined) groups.set(root, [row]);
      else group.push(row);
    });
    const after: Cluster[] = [];
    for (const group of groups.values()) {
      const cluster = makeCluster(resolver, group);
      this.store(cluster, group);
      after.push(cluster);
    }
    const links = newLinks.filter((id) => outcomes.has(id)).map((id) => this.links.materialize(id));
    return { links, before, after, mergesBlocked };
  }
}
