// The identity graph on a document database (MongoDB or the in-memory backend), written once for both.
import type { DocumentDatabase } from '../../kit/store/document-store.ts';
import type { AliasDoc, CustomerDoc, CustomerLinksDoc, MergeLogDoc, SourceRecordDoc } from '../model.ts';
import type { IdentityStore, SearchCriteria } from '../source.ts';
import { searchKeys } from '../search-keys.ts';
import { openMergeLog } from './merge-log.ts';

const WRITE_BATCH = 1_000;
/** Alias chains (A absorbed into B, later B into C) are followed this far; writes re-point them, so one hop is the rule. */
const MAX_ALIAS_HOPS = 5;

export async function openIdentityStore(db: DocumentDatabase): Promise<IdentityStore> {
  const records = db.collection<SourceRecordDoc>('sourceRecords');
  const customers = db.collection<CustomerDoc>('customers');
  const aliases = db.collection<AliasDoc>('aliases');
  const customerLinks = db.collection<CustomerLinksDoc>('customerLinks');
  const mergeLog = await openMergeLog(db.collection<MergeLogDoc>('mergeLog'));
  await Promise.all([
    customers.createIndex({ 'records.key': 1 }),
    records.createIndex({ 'search.email': 1 }),
    records.createIndex({ 'search.phone': 1 }),
    records.createIndex({ 'search.name': 1 }),
    aliases.createIndex({ customerId: 1 }),
  ]);

  async function inBatches<T>(items: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
    for (let i = 0; i < items.length; i += WRITE_BATCH) await write(items.slice(i, i + WRITE_BATCH));
  }

  async function customerIdsByRecordKey(keys: readonly string[]): Promise<Map<string, string>> {
    const wanted = new Set(keys);
    const out = new Map<string, string>();
    if (wanted.size === 0) return out;
    for (const doc of await customers.find({ 'records.key': { $in: [...wanted] } }, { projection: { _id: 1, records: 1 } })) {
      for (const record of doc.records) if (wanted.has(record.key)) out.set(record.key, doc._id);
    }
    return out;
  }

  return {
    async customersById(ids) {
      const unique = [...new Set(ids)];
      const found = new Map<string, CustomerDoc>();
      for (const doc of await customers.find({ _id: { $in: unique } })) found.set(doc._id, doc);
      // Merged-away IDs: follow their aliases to the survivor.
      let pending = new Map(unique.filter((id) => !found.has(id)).map((id) => [id, id])); // current hop → asked ID
      for (let hop = 0; hop < MAX_ALIAS_HOPS && pending.size > 0; hop++) {
        const redirects = await aliases.find({ _id: { $in: [...pending.keys()] } });
        if (redirects.length === 0) break;
        const survivors = await customers.find({ _id: { $in: [...new Set(redirects.map((a) => a.customerId))] } });
        const byId = new Map(survivors.map((s) => [s._id, s]));
        const next = new Map<string, string>();
        for (const alias of redirects) {
          const asked = pending.get(alias._id)!;
          const survivor = byId.get(alias.customerId);
          if (survivor) found.set(asked, survivor);
          else next.set(alias.customerId, asked);
        }
        pending = next;
      }
      return found;
    },

    customerIdsByRecordKey,

    async search(criteria: SearchCriteria, limit) {
      const keys = searchKeys({ email: criteria.email, phone: criteria.phone, name: criteria.name });
      const clauses: Record<string, unknown>[] = [];
      // A criterion that normalizes to nothing matches nothing.
      if (criteria.email !== undefined) clauses.push({ 'search.email': keys.email[0] ?? '\u0000' });
      if (criteria.phone !== undefined) clauses.push({ 'search.phone': keys.phone[0] ?? '\u0000' });
      if (criteria.name !== undefined) clauses.push({ 'search.name': keys.name[0] ?? '\u0000' });
      if (clauses.length === 0) return [];
      // Criteria may be met by different records of one customer, so match per field and intersect.
      let result: Set<string> | undefined;
      for (const clause of clauses) {
        const matched = await records.find(clause, { projection: { _id: 1 }, limit: 5_000 });
        const ids = new Set((await customerIdsByRecordKey(matched.map((r) => r._id))).values());
        result = result ? new Set([...result].filter((id) => ids.has(id))) : ids;
      }
      return [...(result ?? [])].sort().slice(0, limit);
    },

    listCustomers: (after, limit) => customers.find(after ? { _id: { $gt: after } } : {}, { sort: { _id: 1 }, limit }),
    countCustomers: () => customers.count({}),

    async putSourceRecords(docs) {
      await inBatches(docs, async (batch) => {
        // New records are plain inserts; only records seen before are replaced.
        const existing = new Set((await records.find({ _id: { $in: batch.map((d) => d._id) } }, { projection: { _id: 1 } })).map((d) => d._id));
        await records.insertNew(batch.filter((d) => !existing.has(d._id)));
        await records.replaceMany(batch.filter((d) => existing.has(d._id)));
      });
    },
    countSourceRecords: () => records.count({}),
    scanSourceRecords: (batchSize) => records.scan({}, batchSize),
    scanCustomers: (batchSize) => customers.scan({}, batchSize),

    async writeGraph(graph) {
      await inBatches(graph.aliases, (batch) => aliases.replaceMany(batch));
      await inBatches(graph.links ?? [], (batch) => customerLinks.replaceMany(batch));
      await inBatches(graph.customers, async (batch) => {
        await customers.replaceMany(batch);
        // Customers take precedence over aliases on reads; this keeps the aliases clean too.
        await aliases.deleteMany({ _id: { $in: batch.map((c) => c._id) } });
      });
      const removed = graph.removed ?? [];
      await inBatches(removed, async (batch) => {
        await customers.deleteMany({ _id: { $in: batch } });
        await customerLinks.deleteMany({ _id: { $in: batch } });
      });
    },

    async linksOfCustomers(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return new Map();
      return new Map((await customerLinks.find({ _id: { $in: unique } })).map((doc) => [doc._id, doc.links]));
    },

    ...mergeLog,

    ping: () => db.ping(),
    close: () => db.close(),
  };
}
