// Stable unified IDs: derived from a cluster's anchor record, and carried over from a previous run's IDs.
import { createHash } from 'node:crypto';

/**
 * The ID of a cluster anchored at `anchorKey` (its smallest member record key in code-unit order):
 * "cus_" + the first 20 hex digits (80 bits) of SHA-256 of the key. The same members give the same ID
 * on every run, and the ID reveals nothing about the record.
 */
export function clusterIdOf(anchorKey: string): string {
  return `cus_${createHash('sha256').update(anchorKey).digest('hex').slice(0, 20)}`;
}

export interface IdAssignment {
  id: string;
  /** Previous IDs whose records now sit in this cluster under another ID: they must resolve to `id`. */
  absorbed: string[];
  /** Set when `id` is a former ID its records had before they were absorbed (a split undoing a merge). */
  revived?: true;
}

export interface ReconcileOptions {
  /** The ID a record had before its customer was absorbed into another, if it was. */
  formerIdOf?: (recordKey: string) => string | undefined;
  /** IDs the store uses, as customers or aliases: a new name never takes one. */
  taken?: (id: string) => boolean;
  /** IDs that are customers now, besides the previous IDs of these clusters' records: never revived. */
  live?: (id: string) => boolean;
}

/**
 * Carries unified IDs over from a previous run so that they survive re-runs, merges and splits:
 * - a cluster keeps the previous ID held by most of its members (ties: the smallest ID);
 * - an ID goes to at most one cluster (the one holding most of its records; ties: the one holding most
 *   of the records that were native to it rather than absorbed into it, then the smallest anchor), and
 *   a cluster that gets none is named from its anchor (`clusterIdOf`);
 * - the other previous IDs of its members are "absorbed": they should resolve to the survivor;
 * - a cluster that gets none takes back the former ID most of its members had before they were
 *   absorbed (`formerIdOf`), when no customer holds it now: a split that undoes a merge restores
 *   the absorbed customer's ID, and that ID stops being an alias;
 * - an ID is never handed to a second customer: when the anchor's ID is already in use (another
 *   cluster holds it, or `taken` says the store has it as a customer or an alias, e.g. the anchor
 *   record was the first of a customer it has since left), the cluster is named from
 *   `${anchor}#2`, `#3`, ... instead.
 */
export function reconcileClusterIds(
  clusters: ReadonlyArray<{ anchor: string; members: readonly string[] }>,
  previousIdOf: (recordKey: string) => string | undefined,
  options: ReconcileOptions = {},
): IdAssignment[] {
  const taken = options.taken ?? (() => false);
  const live = options.live ?? (() => false);
  const revived = new Set<string>();
  // Per cluster: previous ID → members that had it, and how many of those were native to it (not absorbed into it).
  const votes = clusters.map((cluster) => {
    const counts = new Map<string, number>();
    for (const member of cluster.members) {
      const id = previousIdOf(member);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  });
  const natives = clusters.map((cluster) => {
    const counts = new Map<string, number>();
    for (const member of cluster.members) {
      const id = previousIdOf(member);
      if (id !== undefined && options.formerIdOf?.(member) === undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  });
  // Each previous ID goes to the cluster holding most of its records (ties: most of its native records, then the smallest anchor).
  const owner = new Map<string, number>();
  votes.forEach((counts, index) => {
    for (const [id, count] of counts) {
      const current = owner.get(id);
      if (current === undefined) {
        owner.set(id, index);
        continue;
      }
      const byCount = count - votes[current].get(id)!;
      const byNative = (natives[index].get(id) ?? 0) - (natives[current].get(id) ?? 0);
      if (byCount > 0 || (byCount === 0 && (byNative > 0 || (byNative === 0 && clusters[index].anchor < clusters[current].anchor)))) owner.set(id, index);
    }
  });
  return clusters.map((cluster, index) => {
    const owned = [...votes[index]].filter(([id]) => owner.get(id) === index);
    owned.sort(([idA, countA], [idB, countB]) => countB - countA || (idA < idB ? -1 : idA > idB ? 1 : 0));
    const absorbed = (id: string) => [...votes[index].keys()].filter((previous) => previous !== id && owner.get(previous) === index).sort();
    if (owned.length > 0) return { id: owned[0][0], absorbed: absorbed(owned[0][0]) };
    const former = mostCommon(cluster.members, options.formerIdOf).find((candidate) => !owner.has(candidate) && !revived.has(candidate) && !live(candidate));
    if (former !== undefined) {
      revived.add(former);
      return { id: former, absorbed: absorbed(former), revived: true };
    }
    const id = freshId(cluster.anchor, (candidate) => owner.has(candidate) || revived.has(candidate) || taken(candidate));
    return { id, absorbed: absorbed(id) };
  });
}

/** The anchor's ID, or the first of its numbered variants that is not in use. */
function freshId(anchor: string, inUse: (id: string) => boolean): string {
  let id = clusterIdOf(anchor);
  for (let n = 2; inUse(id); n++) id = clusterIdOf(`${anchor}#${n}`);
  return id;
}

/** The values `of` gives the keys, most frequent first (ties: the smallest). */
function mostCommon(keys: readonly string[], of: ((key: string) => string | undefined) | undefined): string[] {
  if (of === undefined) return [];
  const counts = new Map<string, number>();
  for (const key of keys) {
    const value = of(key);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([value]) => value);
}
