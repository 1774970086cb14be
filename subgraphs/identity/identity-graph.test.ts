// The identity graph on its store (both backends): guards, stable IDs, aliases, steward operations, the merge log, crash recovery and incremental ingest.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, inDatabase } from '../../test/support/backends.ts';
import { householdRecords, storedRecord, twoPeople } from '../../test/support/identity-records.ts';
import type { DocumentDatabase } from '../kit/store/document-store.ts';
import { openDocumentDatabase } from '../kit/store/open.ts';
import { openIdentityStore } from './adapters/document-store.ts';
import { toSourceRecord } from './ingest/source-records.ts';
import { IdentityGraph } from './identity-graph.ts';
import type { MergeLogDoc } from './model.ts';
import { bundledConfig, type ResolutionConfig } from './resolution/index.ts';
import { syntheticCustomers } from './resolution/evaluation/synthetic.ts';
import type { IdentityStore } from './source.ts';
import { StewardOperations } from './steward/operations.ts';

for (const backend of backends()) {
  describe.skipIf(!backend.uri)(`identity graph on ${backend.name}`, () => {
    const databases: DocumentDatabase[] = [];
    /** A fresh, empty identity store: a database of its own (a database named in a MongoDB URI wins over the default name). */
    async function freshStore(): Promise<IdentityStore> {
      const unique = randomUUID().slice(0, 8);
      const uri = backend.name === 'mongodb' ? inDatabase(backend.uri!, `sv_identity_${unique}`) : `${backend.uri}-${unique}`;
      const db = await openDocumentDatabase(uri, 'singleview_identity');
      databases.push(db);
      return openIdentityStore(db);
    }
    afterAll(async () => {
      for (const db of databases) {
        await db.drop();
        await db.close();
      }
    });

    async function resolvedGraph(records = twoPeople(), config?: ResolutionConfig) {
      const store = await freshStore();
      const graph = new IdentityGraph(store, { config });
      await graph.ingest(records, false);
      const summary = await graph.resolveAll();
      return { store, graph, steward: new StewardOperations(graph), summary };
    }
    const holderOf = async (store: IdentityStore, key: string) => (await store.customerIdsByRecordKey([key])).get(key);

    /** Every stored record sits in exactly one customer, and every customer holds only stored records. */
    async function expectPartition(store: IdentityStore) {
      const keys: string[] = [];
      for await (const page of store.scanSourceRecords(500)) keys.push(...page.map((r) => r._id));
      const held: string[] = [];
      for await (const page of store.scanCustomers(500)) for (const customer of page) held.push(...customer.records.map((r) => r.key));
      expect(held.sort()).toEqual(keys.sort());
    }

    it('a shared household landline does not merge mother and son; each keeps their own records', async () => {
      const { store, summary } = await resolvedGraph(householdRecords());
      expect(summary.records).toBe(4);
      expect(await holderOf(store, 'crm:C-MOTHER')).toBe(await holderOf(store, 'erp:K-MOTHER'));
      expect(await holderOf(store, 'crm:C-SON')).toBe(await holderOf(store, 'membership:M-SON'));
      expect(await holderOf(store, 'crm:C-MOTHER')).not.toBe(await holderOf(store, 'crm:C-SON'));
      await expectPartition(store);
    });

    it('even a rule that links on the landline alone is stopped by the merge guards, and the refusal is counted and kept as evidence', async () => {
      const base = bundledConfig('customer');
      const phoneOnly: ResolutionConfig = {
        mapping: base.mapping,
        rules: { ...base.rules, deterministic: [{ name: 'same-landline', when: { landline: 'exact' } }], probabilistic: undefined },
      };
      const { store, summary } = await resolvedGraph(householdRecords(), phoneOnly);
      expect(await holderOf(store, 'crm:C-MOTHER')).not.toBe(await holderOf(store, 'crm:C-SON'));
      expect(summary.mergesBlocked['identifierLimit:birthDate']).toBeGreaterThan(0);
      const mother = (await holderOf(store, 'crm:C-MOTHER'))!;
      const evidence = (await store.linksOfCustomers([mother])).get(mother) ?? [];
      expect(evidence.some((link) => link.status === 'blocked' && link.blockedBy === 'identifierLimit:birthDate')).toBe(true);
    });

    it('re-running on unchanged data keeps every ID and writes nothing', async () => {
      const { graph, store } = await resolvedGraph(syntheticCustomers(120, 3).records.map((r) => storedRecord(r)));
      const before = new Map<string, string>();
      for await (const page of store.scanCustomers(500)) for (const c of page) for (const r of c.records) before.set(r.key, c._id);
      const again = await graph.resolveAll();
      expect(again.written).toBe(0);
      expect(again.removed).toBe(0);
      const after = await store.customerIdsByRecordKey([...before.keys()]);
      expect(after).toEqual(before);
    });

    it('merges customers: a deterministic survivor, the absorbed ID resolves to it, the log holds actor, reason, before and after', async () => {
      const { store, steward } = await resolvedGraph();
      const a = (await holderOf(store, 'crm:C-A'))!;
      const b = (await holderOf(store, 'crm:C-B'))!;
      const result = await steward.merge([b, a], 'same person, confirmed by phone call', 'steward@example.com');
      expect(result.customers).toHaveLength(1);
      const survivor = result.customers[0].id;
      // Both customers held two records: the tie goes to the smallest ID.
      expect(survivor).toBe([a, b].sort()[0]);
      const absorbed = survivor === a ? b : a;
      const found = await store.customersById([absorbed]);
      expect(found.get(absorbed)?._id).toBe(survivor);
      expect(found.get(absorbed)?.formerIds).toEqual([absorbed]);
      expect(found.get(absorbed)?.records.map((r) => r.key).sort()).toEqual(['crm:C-A', 'crm:C-B', 'erp:K-B', 'membership:M-A']);
      const [entry] = await store.allLogEntries();
      expect(entry).toMatchObject({ kind: 'merge', actor: 'steward@example.com', reason: 'same person, confirmed by phone call', status: 'applied' });
      expect(entry.before.map((c) => c.id).sort()).toEqual([a, b].sort());
      expect(entry.after).toEqual([{ id: survivor, records: ['crm:C-A', 'crm:C-B', 'erp:K-B', 'membership:M-A'] }]);
      expect([...entry.customerIds].sort()).toEqual([a, b].sort());
      // A retry changes nothing and writes no second entry.
      const retry = await steward.merge([a, b], 'retry', 'steward@example.com');
      expect(retry.operation?._id).toBe(entry._id);
      expect(await store.allLogEntries()).toHaveLength(1);
      // Reverting the merge gives the absorbed customer its ID back; it stops being an alias.
      const undone = await steward.revert(entry._id, 'two people after all', 'steward@example.com');
      expect(undone.customers.map((c) => c.id).sort()).toEqual([a, b].sort());
      expect(await holderOf(store, 'crm:C-A')).toBe(a);
      expect(await holderOf(store, 'crm:C-B')).toBe(b);
      expect((await store.customersById([absorbed])).get(absorbed)?._id).toBe(absorbed);
      expect((await store.customersById([survivor])).get(survivor)?.formerIds).toEqual([]);
      await expectPartition(store);
    });

    it('unmerges a record and keeps it out through a full re-resolution; revert brings it back', async () => {
      const { store, graph, steward } = await resolvedGraph();
      const holder = (await holderOf(store, 'crm:C-A'))!;
      const result = await steward.unmerge('membership', 'M-A', 'a different Park Jihoon', 'steward');
      expect(result.customers.map((c) => c.records).sort()).toEqual([['crm:C-A'], ['membership:M-A']]);
      // The customer keeps its ID: the record that left gets a new one.
      expect(await holderOf(store, 'crm:C-A')).toBe(holder);
      const alone = (await holderOf(store, 'membership:M-A'))!;
      expect(alone).not.toBe(holder);
      // Replaying the log in a full resolution gives the same graph.
      const replay = await graph.resolveAll();
      expect(replay.stewardOperations).toBe(1);
      expect(replay.written).toBe(0);
      expect(await holderOf(store, 'membership:M-A')).toBe(alone);
      // Undo: the records resolve together again, under the customer's ID.
      const undone = await steward.revert(result.operation!._id, 'wrong record', 'steward');
      expect(undone.operation).toMatchObject({ kind: 'revert', target: result.operation!._id });
      expect(await holderOf(store, 'membership:M-A')).toBe(holder);
      expect((await store.customersById([alone])).get(alone)?._id).toBe(holder);
      expect((await graph.resolveAll()).written).toBe(0);
      await expectPartition(store);
    });

    it('prevents a match between two records of one customer, and refuses a merge that would undo it', async () => {
      const { store, steward } = await resolvedGraph();
      const kept = await steward.preventMatch({ record: { system: 'crm', id: 'C-B' } }, { record: { system: 'erp', id: 'K-B' } }, 'twins', 'steward');
      expect(kept.customers).toHaveLength(2);
      const b1 = (await holderOf(store, 'crm:C-B'))!;
      const b2 = (await holderOf(store, 'erp:K-B'))!;
      expect(b1).not.toBe(b2);
      await expect(steward.merge([b1, b2], 'merge them', 'steward')).rejects.toThrow(/kept apart by steward operation op_/);
      await expect(steward.preventMatch({ customerId: b1 }, { customerId: 'cus_nope' }, 'x', 'steward')).rejects.toMatchObject({ argumentName: 'b' });
      await expect(steward.merge([b1], 'x', 'steward')).rejects.toMatchObject({ argumentName: 'ids' });
      await expect(steward.unmerge('crm', 'C-A', ' ', 'steward')).rejects.toMatchObject({ argumentName: 'reason' });
      await expectPartition(store);
    });

    it('a crash after the log entry was written: a restart re-applies the pending entry', async () => {
      const { store } = await resolvedGraph();
      const a = (await holderOf(store, 'crm:C-A'))!;
      const b = (await holderOf(store, 'crm:C-B'))!;
      // What a merge writes before it touches the graph; then the process dies.
      const pending: MergeLogDoc = {
        _id: 'op_crashed',
        kind: 'merge',
        actor: 'steward',
        reason: 'crash test',
        at: new Date().toISOString(),
        status: 'pending',
        appliedAt: null,
        input: { customerIds: [a, b].sort() },
        constraints: { forceMerge: [{ a: 'crm:C-A', b: 'crm:C-B' }], neverMerge: [] },
        before: [],
        after: null,
        customerIds: [a, b],
      };
      await store.appendLogEntry(pending);
      const restarted = new IdentityGraph(store);
      await restarted.start();
      expect(await holderOf(store, 'crm:C-A')).toBe(await holderOf(store, 'erp:K-B'));
      const [entry] = await store.allLogEntries();
      expect(entry.status).toBe('applied');
      expect(entry.after?.[0].records).toEqual(['crm:C-A', 'crm:C-B', 'erp:K-B', 'membership:M-A']);
      await expectPartition(store);
    });

    it('ingests a changed record incrementally: it leaves its customer when its evidence changes, and a new one joins', async () => {
      const { store, graph } = await resolvedGraph();
      const moved = await graph.ingest([toSourceRecord('membership', { _id: 'M-A', name: '최유리', email: 'yuri.choi@naver.com', phone: '010-2718-2818' }, new Date().toISOString())]);
      expect(moved.resolution).toBe('incremental');
      expect(moved.customers).toEqual([await holderOf(store, 'crm:C-B')]);
      expect(await holderOf(store, 'crm:C-A')).not.toBe(await holderOf(store, 'membership:M-A'));
      const added = await graph.ingest([toSourceRecord('erp', { CUST_NO: 'K-NEW', CUST_NM: 'PARK JI-HOON', EMAIL: ' JIHOON.PARK@daum.net' }, new Date().toISOString())]);
      expect(added.customers).toEqual([await holderOf(store, 'crm:C-A')]);
      await expectPartition(store);
    });
  });
}
