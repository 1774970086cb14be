// Turns the engine's clusters and links into identity-graph documents: customers with evidence and golden profile, and aliases.
import { createHash } from 'node:crypto';
import type { Cluster, IdAssignment, Link } from './resolution/index.ts';
import { PROFILE_FIELDS, type AliasDoc, type CustomerDoc, type CustomerLinksDoc, type LinkDoc, type LinkEntry, type SourceRecordDoc } from './model.ts';
import { systemsOf } from './source.ts';
import { parseRecordKey } from '../kit/source-system.ts';

export type RecordMeta = Pick<SourceRecordDoc, '_id' | 'system' | 'nativeId'>;

/** A record's system and native id, read from its key (`crm:C0000001`). */
export function recordMeta(key: string): RecordMeta {
  const { system, id } = parseRecordKey(key);
  return { _id: key, system, nativeId: id };
}

/** For each record, the strongest merged link that brought it into its cluster. */
export function evidenceByRecord(links: Iterable<Link | LinkDoc>): Map<string, { rule: string; confidence: number }> {
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
 * The stored form of a link: the fields both records have, nothing else. The engine's link has the
 * stored shape already, so it is trimmed in place rather than copied (a full run holds a million).
 */
export function toLinkDoc(link: Link): LinkDoc {
  link.fields = link.fields.filter((field) => field.level !== 'missing');
  return link;
}

/**
 * Groups links by the cluster they belong to: links inside a cluster, and refused links on both
 * clusters they would have joined.
 */
export function linksByCluster(links: Iterable<Link>, clusterOf: (recordKey: string) => string | undefined): Map<string, LinkDoc[]> {
  const out = new Map<string, LinkDoc[]>();
  const add = (cluster: string | undefined, doc: LinkDoc) => {
    if (cluster === undefined) return;
    const list = out.get(cluster);
    if (list === undefined) out.set(cluster, [doc]);
    else list.push(doc);
  };
  for (const link of links) {
    const clusterA = clusterOf(link.a);
    const clusterB = clusterOf(link.b);
    const doc = toLinkDoc(link);
    add(clusterA, doc);
    if (clusterB !== clusterA) add(clusterB, doc);
  }
  return out;
}

export interface GraphInput {
  clusters: readonly Cluster[];
  assignments: readonly IdAssignment[];
  /** Links per engine cluster id (Cluster.id). */
  links: Map<string, LinkDoc[]>;
  /** The customers as they were: the survivors' and the absorbed ones'. */
  previous: Map<string, CustomerDoc>;
  now: string;
}

/**
 * Build every customer document of a resolution. Documents equal to the previous run's
 * (links, profile, former IDs) keep their timestamps and are marked unchanged, so that a
 * re-run writes only what changed. An absorbed customer's own former IDs move to the survivor,
 * and every one of them gets an alias, so that alias chains stay one hop long.
 */
export function buildGraph({ clusters, assignments, links, previous, now }: GraphInput): {
  customers: CustomerDoc[];
  changed: CustomerDoc[];
  /** The evidence of the changed customers. */
  changedLinks: CustomerLinksDoc[];
  aliases: AliasDoc[];
} {
  const customers: CustomerDoc[] = [];
  const changed: CustomerDoc[] = [];
  const changedLinks: CustomerLinksDoc[] = [];
  const aliases: AliasDoc[] = [];
  const live = new Set(assignments.map((assignment) => assignment.id));
  const before = recordsBefore(previous);
  clusters.forEach((cluster, i) => {
    const { id, absorbed } = assignments[i];
    const previousDoc = previous.get(id);
    const clusterLinks = links.get(cluster.id) ?? [];
    const evidence = evidenceByRecord(clusterLinks);
    const entries: LinkEntry[] = cluster.members.map((key) => {
      const record = recordMeta(key);
      // A single-record customer has no link: it stands on its own record.
      const why = cluster.members.length > 1 ? evidence.get(key) : undefined;
      const was = before.get(key);
      const entry: LinkEntry = {
        key,
        system: record.system,
        id: record.nativeId,
        rule: why?.rule ?? 'own-record',
        confidence: why?.confidence ?? 1,
        linkedAt: was?.customerId === id ? was.entry.linkedAt : now,
      };
      // A record that comes from another customer remembers it, one that stays keeps what it remembered,
      // and one that returns to its former ID (a merge undone) forgets it.
      const formerId = was === undefined ? undefined : was.customerId === id ? was.entry.formerId : was.entry.formerId === id ? undefined : was.customerId;
      if (formerId !== undefined && formerId !== id) entry.formerId = formerId;
      return entry;
    });
    const profile: CustomerDoc['profile'] = {};
    for (const field of PROFILE_FIELDS) {
      const golden = cluster.profile[field];
      if (golden) profile[field] = { value: golden.value, system: recordMeta(golden.recordKey).system, recordKey: golden.recordKey, updatedAt: golden.updatedAt };
    }
    const former = new Set(previousDoc?.formerIds ?? []);
    for (const absorbedId of absorbed) {
      former.add(absorbedId);
      for (const older of previous.get(absorbedId)?.formerIds ?? []) former.add(older);
    }
    const formerIds = [...former].filter((formerId) => !live.has(formerId)).sort();
    for (const formerId of formerIds) if (!(previousDoc?.formerIds ?? []).includes(formerId)) aliases.push({ _id: formerId, customerId: id, at: now });
    const doc: CustomerDoc = {
      _id: id,
      records: entries,
      linksDigest: digest(clusterLinks),
      profile,
      systems: systemsOf(entries),
      formerIds,
      createdAt: previousDoc?.createdAt ?? now,
      updatedAt: previousDoc?.updatedAt ?? now,
    };
    if (!previousDoc || !sameContent(previousDoc, doc)) {
      doc.updatedAt = now;
      changed.push(doc);
      changedLinks.push({ _id: id, links: clusterLinks });
    }
    customers.push(doc);
  });
  return { customers, changed, changedLinks, aliases };
}

function digest(links: LinkDoc[]): string {
  return createHash('sha256').update(JSON.stringify(links)).digest('base64url').slice(0, 22);
}

/** Where each record was: its customer and its entry there. */
function recordsBefore(previous: Map<string, CustomerDoc>): Map<string, { customerId: string; entry: LinkEntry }> {
  const out = new Map<string, { customerId: string; entry: LinkEntry }>();
  for (const doc of previous.values()) for (const entry of doc.records) out.set(entry.key, { customerId: doc._id, entry });
  return out;
}

/** The ID each record had before it was absorbed, as the previous customers remember it. */
export function formerIdsOf(previous: Iterable<CustomerDoc>): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of previous) for (const entry of doc.records) if (entry.formerId !== undefined) out.set(entry.key, entry.formerId);
  return out;
}

function sameContent(a: CustomerDoc, b: CustomerDoc): boolean {
  const content = (d: CustomerDoc) => JSON.stringify([d.records, d.linksDigest ?? '', d.profile, d.systems, d.formerIds]);
  return content(a) === content(b);
}
