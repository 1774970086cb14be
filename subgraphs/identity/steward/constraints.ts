// The steward's decisions in force, replayed from the merge log: what every full or incremental resolution must hold.
import type { MergeLogDoc } from '../model.ts';
import type { ConstraintTags, ResolveOptions } from '../resolution/index.ts';

export interface StewardConstraints {
  /** The engine options: never-merge groups and forced pairs, in log order. */
  options: Required<Pick<ResolveOptions, 'neverMerge' | 'forceMerge'>>;
  /** The operation behind each constraint, so that the incremental index can release it. */
  tags: Required<ConstraintTags>;
  /** Operations in force (not reverted), by ID. */
  inForce: Map<string, MergeLogDoc>;
}

/**
 * Every merge, unmerge and prevent-match that no revert has undone, pending or applied (a pending
 * entry is completed on recovery, so it already counts). The result does not depend on the order
 * of the entries: a never-merge always wins over a forced merge, in the engine as here.
 */
export function constraintsFromLog(entries: readonly MergeLogDoc[]): StewardConstraints {
  const reverted = new Set(entries.filter((entry) => entry.kind === 'revert' && entry.target !== undefined).map((entry) => entry.target!));
  const constraints: StewardConstraints = { options: { neverMerge: [], forceMerge: [] }, tags: { neverMerge: [], forceMerge: [] }, inForce: new Map() };
  for (const entry of entries) {
    if (entry.kind === 'revert' || reverted.has(entry._id)) continue;
    constraints.inForce.set(entry._id, entry);
    for (const { a, b } of entry.constraints.neverMerge) {
      constraints.options.neverMerge.push([a, b]);
      constraints.tags.neverMerge.push(entry._id);
    }
    for (const { a, b } of entry.constraints.forceMerge) {
      constraints.options.forceMerge.push([a, b]);
      constraints.tags.forceMerge.push(entry._id);
    }
  }
  return constraints;
}

/**
 * The forced pairs that hold a group of records together: each record is linked to the group's
 * four smallest other record keys (every pair, in groups of up to five). Later unmerging one, two
 * or three of them never splits the rest, and the number of links stays linear in the group size.
 */
export function forcedPairs(recordKeys: readonly string[]): [string, string][] {
  const keys = [...new Set(recordKeys)].sort();
  const hubs = keys.slice(0, 5);
  const pairs = new Map<string, [string, string]>();
  for (const key of keys) {
    let linked = 0;
    for (const hub of hubs) {
      if (hub === key || linked === 4) continue;
      linked++;
      const pair: [string, string] = key < hub ? [key, hub] : [hub, key];
      pairs.set(pair.join('\u0000'), pair);
    }
  }
  return [...pairs.values()].sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
