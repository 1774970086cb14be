// Turns the engine's clusters and links into identity-graph documents: customers with evidence and golden profile, and aliases.
import type { Cluster, IdAssignment, Link } from './resolution/index.ts';
import { PROFILE_FIELDS, type AliasDoc, type CustomerDoc, type LinkEntry, type SourceRecordDoc } from './model.ts';
import { systemsOf } from './source.ts';

export type RecordMeta = Pick<SourceRecordDoc, '_id' | 'system' | 'nativeId'>;

/** For each record, the strongest merged link that brought it into its cluster. */
export function evidenceByRecord(links: readonly Link[]): Map<string, { rule: string; confidence: number }> {
  const evidence = new Map<string, { rule: string; confidence: number }>();
  for (const link of links) {
    if (link.status !== 'merged') continue;
    for (const key of [link.a, link.b]) {
      const seen = evidence.get(key);
      if (!seen || seen.confidence < link.score) evidence.set(key, { rule: link.rule, confidence: link.score });
    }
  }
  return evidence;
}

/**
 * Build every customer document of a resolution. Documents equal to the previous run's
 * (links, profile, former IDs) keep their timestamps and are marked unchanged, so that a
 * re-run writes only what changed.
 */
export function buildGraph(
  clusters: readonly Cluster[],
  assignments: readonly IdAssignment[],
  evidence: Map<string, { rule: string; confidence: number }>,
  records: Map<string, RecordMeta>,
  previous: Map<string, CustomerDoc>,
  now: string,
): { customers: CustomerDoc[]; changed: CustomerDoc[]; aliases: AliasDoc[] } {
  const customers: CustomerDoc[] = [];
  const changed: CustomerDoc[] = [];
  const aliases: AliasDoc[] = [];
  clusters.forEach((cluster, i) => {
    const { id, absorbed } = assignments[i];
    const before = previous.get(id);
    const linkedBefore = new Map(before?.records.map((r) => [r.key, r.linkedAt]));
    const entries: LinkEntry[] = [];
    for (const key of cluster.members) {
      const record = records.get(key);
      if (!record) continue;
      // A single-record customer has no link: it stands on its own record.
      const why = cluster.members.length > 1 ? evidence.get(key) : undefined;
      entries.push({
        key,
        system: record.system,
        id: record.nativeId,
        rule: why?.rule ?? 'own-record',
        confidence: why?.confidence ?? 1,
        linkedAt: linkedBefore.get(key) ?? now,
      });
    }
    const profile: CustomerDoc['profile'] = {};
    for (const field of PROFILE_FIELDS) {
      const golden = cluster.profile[field];
      const source = golden ? records.get(golden.recordKey) : undefined;
      if (golden && source) profile[field] = { value: golden.value, system: source.system, recordKey: golden.recordKey, updatedAt: golden.updatedAt };
    }
    const formerIds = [...new Set([...(before?.formerIds ?? []), ...absorbed])].sort();
    for (const former of absorbed) aliases.push({ _id: former, customerId: id, at: now });
    const doc: CustomerDoc = { _id: id, records: entries, profile, systems: systemsOf(entries), formerIds, createdAt: before?.createdAt ?? now, updatedAt: before?.updatedAt ?? now };
    if (!before || !sameContent(before, doc)) {
      doc.updatedAt = now;
      changed.push(doc);
    }
    customers.push(doc);
  });
  return { customers, changed, aliases };
}

function sameContent(a: CustomerDoc, b: CustomerDoc): boolean {
  const content = (d: CustomerDoc) => JSON.stringify([d.records, d.profile, d.systems, d.formerIds]);
  return content(a) === content(b);
}
