// Incremental resolution: an in-memory index built by one full run, then one record (or steward action) at a time.
import { ClusterState, MERGED, REDUNDANT } from './cluster-state.ts';
import { IntColumn } from './growable.ts';
import { compareKeys, makeCluster, runFullResolution } from './resolve.ts';
import { STEWARD_RULE, type Resolver } from './resolver.ts';
import type { Cluster, Link, NeverMergeConstraint, ResolutionConfig, ResolutionResult, ResolveOptions, SourceRecord } from './types.ts';

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

const NO_CLUSTER = -1;

export class IdentityIndex {
  private readonly resolver: Resolver;
  private readonly linkA = new IntColumn();
  private readonly linkB = new IntColumn();
  private readonly linkRule = new IntColumn();
  private readonly linkPattern = new IntColumn();
  /** Row → ids of the links that touch it. */
  private readonly rowLinks: (number[] | undefined)[] = [];
  /** Row → cluster number; clusters by number. */
  private readonly clusterOfRow = new IntColumn();
  private readonly clusters = new Map<number, Cluster>();
  private readonly clusterRows = new Map<number, number[]>();
  private nextCluster = 0;
  private readonly neverMerge: NeverMergeConstraint[];
  /** Per reference rule: normalized target id → row, and reference value → rows that hold it. */
  private readonly referenceTargets = new Map<number, Map<string, number>>();
  private readonly referrers = new Map<number, Map<string, Set<number>>>();

  private constructor(resolver: Resolver, neverMerge: NeverMergeConstraint[]) {
    this.resolver = resolver;
    this.neverMerge = neverMerge;
  }

  /** Builds the index with one full resolution of `records`; the full run's result is returned beside it. */
  static build(
    records: Iterable<SourceRecord>,
    config: ResolutionConfig,
    options: ResolveOptions = {},
  ): { index: IdentityIndex; result: ResolutionResult } {
    const run = runFullResolution(records, config, options);
    const index = new IdentityIndex(run.resolver, [...(options.neverMerge ?? [])]);
    const { links } = run;
    for (let i = 0; i < links.a.length; i++) index.addLink(links.a[i], links.b[i], links.rule[i], links.pattern[i]);
    const table = run.resolver.table;
    for (let row = 0; row < table.rows; row++) index.clusterOfRow.push(NO_CLUSTER);
    for (const cluster of run.result.clusters) {
      const rows = cluster.members.map((key) => table.rowOf.get(key)!);
      index.store(cluster, rows);
    }
    run.resolver.rules.forEach((rule, r) => {
      if (rule.reference === undefined) return;
      index.referenceTargets.set(r, run.resolver.referenceIndex(rule));
      const referrers = new Map<string, Set<number>>();
      for (let row = 0; row < table.rows; row++) index.addReferrer(referrers, r, row);
      index.referrers.set(r, referrers);
    });
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
      this.forgetReferrer(oldRow);
    }
    const row = table.append(record);
    this.clusterOfRow.push(NO_CLUSTER);
    for (const block of resolver.blocks) block.append(row);
    this.rememberReferrer(row);

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
    for (const [r, targets] of this.referenceTargets) {
      const rule = resolver.rules[r];
      for (const target of resolver.referenceTargets(row, rule, targets)) strongestReference(candidates, target, r);
      if (key.startsWith(`${rule.reference!.targetSystem}:`)) {
        const normalized = table.attributes[rule.reference!.attribute].normalize(record.id);
        if (normalized !== null) {
          targets.set(normalized.key, row);
          for (const referrer of this.referrers.get(r)!.get(normalized.key) ?? []) {
            if (referrer !== row && table.alive[referrer] === 1) strongestReference(candidates, referrer, r);
          }
        }
      }
    }
    const newLinks: number[] = [];
    for (const [other, referenceRule] of candidates) {
      const [rowA, rowB] = table.keys[row] < table.keys[other] ? [row, other] : [other, row];
      const pattern = resolver.codec.encode(rowA, rowB);
      let rule = resolver.classify(pattern).rule;
      if (referenceRule >= 0) rule = rule < 0 ? referenceRule : Math.min(rule, referenceRule);
      if (rule < 0) continue;
      newLinks.push(this.addLink(rowA, rowB, rule, pattern));
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
    this.forgetReferrer(row);
    const cluster = this.clusterOfRow.data[row];
    table.retire(row);
    return this.recluster(new Set([cluster]), [], []);
  }

  /** Steward: these records (or groups of records) must never share a cluster. */
  preventMatch(sideA: string | string[], sideB: string | string[]): IncrementalChange {
    this.neverMerge.push([sideA, sideB]);
    return this.recluster(this.clustersOfKeys([...[sideA].flat(), ...[sideB].flat()]), [], []);
  }

  /** Steward: takes one record out of its cluster (and keeps it out). */
  unmerge(recordKey: string): IncrementalChange {
    const cluster = this.clusterOf(recordKey);
    if (cluster === undefined || cluster.members.length === 1) return { links: [], before: [], after: [], mergesBlocked: {} };
    return this.preventMatch(recordKey, cluster.members.filter((member) => member !== recordKey));
  }

  /** Steward: merges the clusters of two records, past identifier limits (a never-merge still wins). */
  forceMerge(recordKeyA: string, recordKeyB: string): IncrementalChange {
    const table = this.resolver.table;
    const rowA = table.rowOf.get(recordKeyA);
    const rowB = table.rowOf.get(recordKeyB);
    if (rowA === undefined || rowB === undefined || rowA === rowB) return { links: [], before: [], after: [], mergesBlocked: {} };
    const [first, second] = recordKeyA < recordKeyB ? [rowA, rowB] : [rowB, rowA];
    const link = this.addLink(first, second, STEWARD_RULE, this.resolver.codec.encode(first, second));
    return this.recluster(this.clustersOfKeys([recordKeyA, recordKeyB]), [], [link]);
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

  private addLink(rowA: number, rowB: number, rule: number, pattern: number): number {
    const id = this.linkA.length;
    this.linkA.push(rowA);
    this.linkB.push(rowB);
    this.linkRule.push(rule);
    this.linkPattern.push(pattern);
    for (const row of [rowA, rowB]) {
      const list = this.rowLinks[row];
      if (list === undefined) this.rowLinks[row] = [id];
      else list.push(id);
    }
    return id;
  }

  private store(cluster: Cluster, rows: number[]): number {
    const number = this.nextCluster++;
    this.clusters.set(number, cluster);
    this.clusterRows.set(number, rows);
    for (const row of rows) this.clusterOfRow.data[row] = number;
    return number;
  }

  /**
   * Re-clusters the members of the touched clusters (plus `extraRows`) from the links among them,
   * strongest first with the guards, exactly as the full run orders them.
   */
  private recluster(touched: Set<number>, extraRows: number[], newLinks: number[]): IncrementalChange {
    const resolver = this.resolver;
    const table = resolver.table;
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
      for (const id of this.rowLinks[row] ?? []) {
        if (local.has(this.linkA.data[id]) && local.has(this.linkB.data[id])) linkIds.add(id);
      }
    }
    const ordered = [...linkIds];
    const strength = (id: number) => this.linkRule.data[id] * 2 - resolver.classify(this.linkPattern.data[id]).probability;
    ordered.sort(
      (x, y) =>
        strength(x) - strength(y) ||
        local.get(this.linkA.data[x])! - local.get(this.linkA.data[y])! ||
        local.get(this.linkB.data[x])! - local.get(this.linkB.data[y])!,
    );
    const state = new ClusterState(rows, table, resolver.guardSpec(this.neverMerge), (x, y) => x < y);
    const outcomes = new Map<number, string>();
    const mergesBlocked: Record<string, number> = {};
    for (const id of ordered) {
      const outcome = state.union(local.get(this.linkA.data[id])!, local.get(this.linkB.data[id])!, this.linkRule.data[id] === STEWARD_RULE);
      outcomes.set(id, outcome);
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
    const links = newLinks
      .filter((id) => outcomes.has(id))
      .map((id) => {
        const outcome = outcomes.get(id)!;
        const status = outcome === MERGED || outcome === REDUNDANT ? outcome : 'blocked';
        return resolver.link(this.linkA.data[id], this.linkB.data[id], this.linkRule.data[id], this.linkPattern.data[id], status, status === 'blocked' ? outcome : undefined);
      });
    return { links, before, after, mergesBlocked };
  }

  private rememberReferrer(row: number): void {
    for (const [r, referrers] of this.referrers) this.addReferrer(referrers, r, row);
  }

  private addReferrer(referrers: Map<string, Set<number>>, rule: number, row: number): void {
    const column = this.resolver.table.attributes[this.resolver.rules[rule].reference!.attribute];
    const offsets = column.evidence.offsets.data;
    const items = column.evidence.items.data;
    for (let e = offsets[row]; e < offsets[row + 1]; e++) {
      const value = column.values[items[e]];
      let set = referrers.get(value);
      if (set === undefined) referrers.set(value, (set = new Set()));
      set.add(row);
    }
  }

  private forgetReferrer(row: number): void {
    for (const [r, referrers] of this.referrers) {
      const column = this.resolver.table.attributes[this.resolver.rules[r].reference!.attribute];
      const offsets = column.evidence.offsets.data;
      const items = column.evidence.items.data;
      for (let e = offsets[row]; e < offsets[row + 1]; e++) referrers.get(column.values[items[e]])?.delete(row);
    }
  }
}

function strongestReference(candidates: Map<number, number>, row: number, rule: number): void {
  const known = candidates.get(row);
  if (known === undefined || known < 0 || rule < known) candidates.set(row, rule);
}
