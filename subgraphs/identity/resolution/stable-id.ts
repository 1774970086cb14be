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
}

/**
 * Carries unified IDs over from a previous run so that they survive re-runs, merges and splits:
 * - a cluster keeps the previous ID held by most of its members (ties: the smallest ID);
 * - an ID goes to at most one cluster (the one holding most of its records; ties: the cluster with the
 *   smallest anchor), and a cluster that gets none is named from its anchor (`clusterIdOf`);
 * - the other previous IDs of its members are "absorbed": they should resolve to the survivor.
 */
export function reconcileClusterIds(
  clusters: ReadonlyArray<{ anchor: string; members: readonly string[] }>,
  previousIdOf: (recordKey: string) => string | undefined,
): IdAssignment[] {
  const votes = clusters.map((cluster) => {
    const counts = new Map<string, number>();
    for (const member of cluster.members) {
      const id = previousIdOf(member);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  });
  // Each previous ID goes to the cluster holding most of its records.
  const owner = new Map<string, number>();
  votes.forEach((counts, index) => {
    for (const [id, count] of counts) {
      const current = owner.get(id);
      if (current === undefined) {
        owner.set(id, index);
        continue;
      }
      const currentCount = votes[current].get(id)!;
      if (count > currentCount || (count === currentCount && clusters[index].anchor < clusters[current].anchor)) owner.set(id, index);
    }
  });
  return clusters.map((cluster, index) => {
    const owned = [...votes[index]].filter(([id]) => owner.get(id) === index);
    owned.sort(([idA, countA], [idB, countB]) => countB - countA || (idA < idB ? -1 : idA > idB ? 1 : 0));
    const id = owned.length > 0 ? owned[0][0] : clusterIdOf(cluster.anchor);
    const absorbed = [...votes[index].keys()].filter((previous) => previous !== id && owner.get(previous) === index).sort();
    return { id, absorbed };
  });
}
