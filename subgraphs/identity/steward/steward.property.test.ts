// Property: whatever steward operations run (merge, unmerge, prevent-match, revert, interleaved with ingest), no source link is lost or duplicated, and replaying the log keeps it so.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storedRecord } from '../../../test/support/identity-records.ts';
import { openDocumentDatabase } from '../../kit/store/open.ts';
import { openIdentityStore } from '../adapters/document-store.ts';
import { IdentityGraph } from '../identity-graph.ts';
import type { SourceRecordDoc } from '../model.ts';
import type { IdentityStore } from '../source.ts';
import { constraintsFromLog } from './constraints.ts';
import { StewardInputError, StewardOperations } from './operations.ts';

const SYSTEMS = ['crm', 'erp', 'membership', 'channel'] as const;
const NAMES = ['김민준', 'Minjun Kim', '이서연', 'LEE SEO YEON', '박지훈', undefined];
const EMAILS = ['minjun.kim@naver.com', 'seoyeon.lee@gmail.com', 'jh.park@daum.net', 'test@test.com', undefined];
const PHONES = ['010-3141-5926', '+82 10 2718 2818', '02-555-1234', undefined];

const recordArbitrary = fc
  .record({
    system: fc.constantFrom(...SYSTEMS),
    id: fc.integer({ min: 1, max: 12 }).map(String),
    name: fc.constantFrom(...NAMES),
    email: fc.constantFrom(...EMAILS),
    phone: fc.constantFrom(...PHONES),
    devices: fc.array(fc.constantFrom('d1', 'd2'), { maxLength: 1 }),
  })
  .map((r): SourceRecordDoc => storedRecord({ system: r.system, id: r.id, fields: { name: r.name, email: r.email, phone: r.phone, deviceIds: r.devices } }));

type Operation =
  | { kind: 'merge'; x: number; y: number }
  | { kind: 'unmerge'; x: number }
  | { kind: 'prevent'; x: number; y: number; customers: boolean }
  | { kind: 'revert'; x: number }
  | { kind: 'ingest'; record: SourceRecordDoc };

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('merge' as const), x: fc.nat(), y: fc.nat() }),
  fc.record({ kind: fc.constant('unmerge' as const), x: fc.nat() }),
  fc.record({ kind: fc.constant('prevent' as const), x: fc.nat(), y: fc.nat(), customers: fc.boolean() }),
  fc.record({ kind: fc.constant('revert' as const), x: fc.nat() }),
  fc.record({ kind: fc.constant('ingest' as const), record: recordArbitrary }),
);

/** Record key → customer ID, checking that every stored record sits in exactly one customer and no customer is empty. */
async function partition(store: IdentityStore): Promise<Map<string, string>> {
  const keys: string[] = [];
  for await (const page of store.scanSourceRecords(500)) keys.push(...page.map((r) => r._id));
  const holder = new Map<string, string>();
  for await (const page of store.scanCustomers(500)) {
    for (const customer of page) {
      expect(customer.records.length).toBeGreaterThan(0);
      for (const record of customer.records) {
        expect(holder.has(record.key), `${record.key} is in two customers`).toBe(false);
        holder.set(record.key, customer._id);
      }
    }
  }
  expect([...holder.keys()].sort()).toEqual(keys.sort());
  return holder;
}

async function apply(operation: Operation, graph: IdentityGraph, steward: StewardOperations): Promise<void> {
  const store = graph.store;
  const holder = await partition(store);
  const keys = [...holder.keys()].sort();
  const customers = [...new Set(holder.values())].sort();
  const pick = <T>(list: T[], n: number) => list[n % list.length];
  try {
    switch (operation.kind) {
      case 'merge':
        await steward.merge([pick(customers, operation.x), pick(customers, operation.y)], 'property', 'test');
        break;
      case 'unmerge': {
        const [system, id] = pick(keys, operation.x).split(':');
        await steward.unmerge(system as 'crm', id, 'property', 'test');
        break;
      }
      case 'prevent': {
        const side = (n: number) => (operation.customers ? { customerId: pick(customers, n) } : { record: { system: pick(keys, n).split(':')[0] as 'crm', id: pick(keys, n).split(':')[1] } });
        await steward.preventMatch(side(operation.x), side(operation.y), 'property', 'test');
        break;
      }
      case 'revert': {
        const log = (await store.allLogEntries()).filter((entry) => entry.kind !== 'revert');
        if (log.length > 0) await steward.revert(pick(log, operation.x)._id, 'property', 'test');
        break;
      }
      case 'ingest':
        await graph.ingest([operation.record]);
        break;
    }
  } catch (error) {
    // Refused requests (the same customer twice, a merge a never-merge forbids...) are fine; nothing else is.
    if (!(error instanceof StewardInputError)) throw error;
  }
}

describe('steward operations (property)', () => {
  it('never lose or duplicate a source link; replaying the log keeps the graph whole, stable and within its constraints', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArbitrary, { minLength: 2, maxLength: 16 }), fc.array(operationArbitrary, { maxLength: 10 }), async (records, operations) => {
        const db = await openDocumentDatabase(`memory://steward-property-${randomUUID().slice(0, 8)}`, 'singleview_identity');
        try {
          const store = await openIdentityStore(db);
          const graph = new IdentityGraph(store);
          const steward = new StewardOperations(graph);
          await graph.ingest(records, false);
          await graph.resolveAll();
          for (const operation of operations) {
            await apply(operation, graph, steward);
            await partition(store);
          }
          // Replay: a full resolution from the stored records and the merge log.
          const incremental = await partition(store);
          await graph.resolveAll();
          const groups = (m: Map<string, string>) => { const g = new Map<string, string[]>(); for (const [k, v] of m) g.set(v, [...(g.get(v) ?? []), k]); return [...g.values()].map((x) => x.sort().join(',')).sort(); };
          // Steward operations alone change no model and no frequency cap: the replay finds exactly the incremental graph.
          if (operations.every((operation) => operation.kind !== 'ingest')) expect(groups(await partition(store))).toEqual(groups(incremental));
          const replayed = await partition(store);
          for (const [sideA, sideB] of constraintsFromLog(await store.allLogEntries()).options.neverMerge) {
            const apart = [sideA].flat().every((a) => [sideB].flat().every((b) => !replayed.has(a) || !replayed.has(b) || replayed.get(a) !== replayed.get(b)));
            expect(apart, `never-merge ${JSON.stringify([sideA, sideB])} holds after replay`).toBe(true);
          }
          // Replaying again changes nothing: same customers, same IDs.
          const again = await graph.resolveAll();
          expect(again.written).toBe(0);
          expect(await partition(store)).toEqual(replayed);
        } finally {
          await db.drop();
        }
      }),
      { numRuns: 60 },
    );
  });
});
