// Union-find over records with merge guards: identifier limits, per-system limits and never-merge constraints.
import type { Comparison } from './compare.ts';
import type { AttributeColumn, RecordTable } from './record-table.ts';

/** One identifier limit, compiled. */
export interface IdentifierLimit {
  name: string;
  column: AttributeColumn;
  max: number;
  /** When set, values whose comparison level is at most `sameLevel` count as one value. */
  comparison?: Comparison;
  sameLevel?: number;
}

export interface GuardSpec {
  limits: IdentifierLimit[];
  /** System id → most records of that system in one cluster. */
  systemLimits: Map<number, number>;
  systemNames: string[];
  /** Table row → never-merge tags (`constraint * 2 + side`). */
  neverMergeTags: Map<number, number[]>;
}

/** Result of a union attempt: merged, already together, or the name of the guard that refused. */
export const MERGED = 'merged';
export const REDUNDANT = 'redundant';

/**
 * Clusters over local indices 0..size-1 (`rows[local]` is the table row). Guard state lives on the
 * roots and is created on first merge, so singletons cost nothing.
 */
export class ClusterState {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  /** Root → local index of the cluster's anchor (its smallest record key). */
  readonly anchor: Int32Array;
  private readonly rows: ArrayLike<number>;
  private readonly table: RecordTable;
  private readonly guards: GuardSpec;
  private readonly before: (localA: number, localB: number) => boolean;
  private readonly values: Map<number, number[]>[];
  private readonly systemCounts = new Map<number, Map<number, number>>();
  private readonly tags = new Map<number, number[]>();

  constructor(rows: ArrayLike<number>, table: RecordTable, guards: GuardSpec, before: (localA: number, localB: number) => boolean) {
    const size = rows.length;
    this.rows = rows;
    this.table = table;
    this.guards = guards;
    this.before = before;
    this.parent = new Int32Array(size);
    this.size = new Int32Array(size).fill(1);
    this.anchor = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      this.parent[i] = i;
      this.anchor[i] = i;
    }
    this.values = guards.limits.map(() => new Map());
    if (guards.neverMergeTags.size > 0) {
      for (let local = 0; local < size; local++) {
        const tags = guards.neverMergeTags.get(rows[local]);
        if (tags !== undefined) this.tags.set(local, [...tags]);
      }
    }
  }

  find(local: number): number {
    const parent = this.parent;
    while (parent[local] !== local) {
      parent[local] = parent[parent[local]];
      local = parent[local];
    }
    return local;
  }

  /** Tries to merge the clusters of two records. `force` (steward merges) skips identifier and system limits. */
  union(localA: number, localB: number, force = false): string {
    const rootA = this.find(localA);
    const rootB = this.find(localB);
    if (rootA === rootB) return REDUNDANT;
    const tagsA = this.tags.get(rootA);
    const tagsB = this.tags.get(rootB);
    if (tagsA !== undefined && tagsB !== undefined && tagsA.some((tag) => tagsB.includes(tag ^ 1))) return 'neverMerge';
    const limits = this.guards.limits;
    const mergedValues: (number[] | undefined)[] = [];
    for (let l = 0; l < limits.length; l++) {
      const merged = union(this.valuesOf(l, rootA), this.valuesOf(l, rootB));
      if (!force && distinctCount(merged, limits[l]) > limits[l].max) return `identifierLimit:${limits[l].name}`;
      mergedValues.push(merged);
    }
    let mergedSystems: Map<number, number> | undefined;
    if (this.guards.systemLimits.size > 0) {
      mergedSystems = new Map(this.systemsOf(rootA));
      for (const [system, count] of this.systemsOf(rootB)) mergedSystems.set(system, (mergedSystems.get(system) ?? 0) + count);
      if (!force) {
        for (const [system, limit] of this.guards.systemLimits) {
          if ((mergedSystems.get(system) ?? 0) > limit) return `systemLimit:${this.guards.systemNames[system]}`;
        }
      }
    }
    const [root, child] = this.size[rootA] >= this.size[rootB] ? [rootA, rootB] : [rootB, rootA];
    this.parent[child] = root;
    this.size[root] += this.size[child];
    if (this.before(this.anchor[child], this.anchor[root])) this.anchor[root] = this.anchor[child];
    mergedValues.forEach((merged, l) => {
      this.values[l].set(root, merged!);
      this.values[l].delete(child);
    });
    if (mergedSystems !== undefined) {
      this.systemCounts.set(root, mergedSystems);
      this.systemCounts.delete(child);
    }
    if (tagsA !== undefined || tagsB !== undefined) {
      this.tags.set(root, [...(tagsA ?? []), ...(tagsB ?? [])]);
      this.tags.delete(child);
    }
    return MERGED;
  }

  private valuesOf(limit: number, root: number): number[] {
    const known = this.values[limit].get(root);
    if (known !== undefined) return known;
    const column = this.guards.limits[limit].column;
    const row = this.rows[root];
    const offsets = column.evidence.offsets.data;
    const items = column.evidence.items.data;
    const values: number[] = [];
    for (let e = offsets[row]; e < offsets[row + 1]; e++) if (column.capped[items[e]] === 0) values.push(items[e]);
    return values;
  }

  private systemsOf(root: number): Map<number, number> {
    return this.systemCounts.get(root) ?? new Map([[this.table.systems.data[this.rows[root]], 1]]);
  }
}

function union(a: number[], b: number[]): number[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged = [...a];
  for (const value of b) if (!merged.includes(value)) merged.push(value);
  return merged;
}

/** Distinct values, where values that reach the limit's `sameLevel` count once. */
function distinctCount(values: number[], limit: IdentifierLimit): number {
  if (limit.comparison === undefined || limit.sameLevel === undefined || values.length <= 1) return values.length;
  const representatives: number[] = [];
  for (const value of values) {
    if (!representatives.some((other) => limit.comparison!.valueLevel(other, value) <= limit.sameLevel!)) representatives.push(value);
  }
  return representatives.length;
}
