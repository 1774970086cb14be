// The merge log on a document database: append-only entries, idempotent by their deterministic ID.
import type { DocumentCollection } from '../../kit/store/document-store.ts';
import type { CustomerSnapshot, MergeLogDoc } from '../model.ts';
import type { IdentityStore } from '../source.ts';

type MergeLogPort = Pick<IdentityStore, 'appendLogEntry' | 'markLogApplied' | 'revertsOf' | 'allLogEntries' | 'logPage'>;

/** A page cursor: the sort key of the last entry seen (`at|_id`). */
function cursorOf(entry: MergeLogDoc): string {
  return `${entry.at}|${entry._id}`;
}

export async function openMergeLog(log: DocumentCollection<MergeLogDoc>): Promise<MergeLogPort> {
  await Promise.all([log.createIndex({ customerIds: 1 }), log.createIndex({ at: 1 }), log.createIndex({ target: 1 })]);
  const oldestFirst = (a: MergeLogDoc, b: MergeLogDoc) => (cursorOf(a) < cursorOf(b) ? -1 : cursorOf(a) > cursorOf(b) ? 1 : 0);
  return {
    // insertNew leaves an existing entry as it is: a retried operation never writes twice.
    appendLogEntry: async (entry) => (await log.insertNew([entry])) === 1,
    async markLogApplied(id: string, after: CustomerSnapshot[], appliedAt: string) {
      const entry = await log.findOne({ _id: id });
      if (entry === null) throw new Error(`merge log entry ${id} is missing`);
      // Only the outcome is added: customerIds keeps every ID before and after, for lookups.
      const customerIds = [...new Set([...entry.customerIds, ...after.map((c) => c.id)])].sort();
      await log.updateOne({ _id: id }, { $set: { status: 'applied', after, appliedAt, customerIds } });
    },
    revertsOf: (ids) => (ids.length === 0 ? Promise.resolve([]) : log.find({ kind: 'revert', target: { $in: [...ids] } })),
    async allLogEntries() {
      const all: MergeLogDoc[] = [];
      for await (const page of log.scan({}, 1_000)) all.push(...page);
      return all.sort(oldestFirst);
    },
    async logPage({ customerId, before, limit }) {
      const clauses: Record<string, unknown>[] = [];
      if (customerId !== undefined) clauses.push({ customerIds: customerId });
      if (before !== undefined) {
        const bar = before.indexOf('|');
        const at = before.slice(0, bar);
        const id = before.slice(bar + 1);
        clauses.push({ $or: [{ at: { $lt: at } }, { at, _id: { $lt: id } }] });
      }
      const filter = clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0] : { $and: clauses };
      return log.find(filter, { sort: { at: -1, _id: -1 }, limit });
    },
  };
}

export { cursorOf as mergeLogCursor };
