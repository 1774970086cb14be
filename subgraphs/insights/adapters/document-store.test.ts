// The insights store and the materialized membership on both backends: definitions, snapshots, members, refresh runs, re-evaluation.
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/backends.ts';
import { openDocumentDatabase } from '../../kit/store/open.ts';
import type { DocumentDatabase } from '../../kit/store/document-store.ts';
import { SegmentCatalog, SETTINGS } from '../catalog.ts';
import { customerFacts, daysAgo, NOW } from '../customer-fixtures.ts';
import { buildFeatures } from '../features.ts';
import { Materializer } from '../materialization.ts';
import type { MembershipSnapshot, RfmCutPoints, SegmentDefinition } from '../model.ts';
import { DEFAULT_CUT_POINTS } from '../rfm.ts';
import type { InsightsStore } from '../source.ts';
import { createDocumentInsightsStore } from './document-store.ts';

const definition = (id: string, rule: Record<string, unknown>): SegmentDefinition => ({
  _id: id, name: `Segment ${id}`, description: null, category: 'CUSTOM', rule, builtIn: false, createdAt: daysAgo(1), updatedAt: daysAgo(1), materializedAt: null,
});

/** Ten customers: c0..c9, with i + 1 orders, the even ones in Seoul. */
function snapshotInputs() {
  return Array.from({ length: 10 }, (_, i) => {
    const facts = customerFacts({
      id: `c${i}`,
      profile: { postcode: { value: i % 2 ? '48058' : '06234' } },
      purchaseSummary: { orderCount: i + 1, firstOrderAt: daysAgo(500), lastOrderAt: daysAgo(10 + i * 40), totalSpend: { amount: (i + 1) * 100_000 }, returnedCount: 0 },
    });
    return { id: facts.id, features: buildFeatures(facts, DEFAULT_CUT_POINTS, NOW).features, productNames: { 'SKU-1001': 'Seasonal tea set' } };
  });
}

for (const backend of backends()) {
  describe.skipIf(!backend.uri)(`insights store on ${backend.name}`, () => {
    let db: DocumentDatabase;
    let store: InsightsStore;
    let catalog: SegmentCatalog;
    let materializer: Materializer;
    const open = async () => {
      if (!store) {
        db = await openDocumentDatabase(backend.uri!, 'insights');
        store = await createDocumentInsightsStore(db);
        catalog = new SegmentCatalog(store, 0);
        materializer = new Materializer(store, catalog);
      }
      return store;
    };
    afterAll(async () => {
      if (!db) return;
      await db.drop();
      await db.close();
    });

    it('stores, lists, replaces and deletes custom definitions; an id is taken once', async () => {
      const s = await open();
      expect(await s.insertSegment(definition('seg_b', { region: 'Busan' }))).toBe(true);
      expect(await s.insertSegment(definition('seg_a', { region: 'Seoul' }))).toBe(true);
      expect(await s.insertSegment(definition('seg_a', { region: 'Jeju' }))).toBe(false);
      expect((await s.listSegments()).map((d) => d._id)).toEqual(['seg_a', 'seg_b']);
      await s.replaceSegment({ ...definition('seg_b', { region: 'Busan' }), name: 'Busan' });
      expect((await s.getSegment('seg_b'))?.name).toBe('Busan');
      expect(await s.deleteSegment('seg_b')).toBe(true);
      expect(await s.deleteSegment('seg_b')).toBe(false);
      expect(await s.getSegment('seg_a')).toMatchObject({ rule: { region: 'Seoul' } });
    });

    it('writes snapshots through, pages members in id order and counts them', async () => {
      const s = await open();
      const inputs = snapshotInputs().map((input) => ({ ...input, segments: input.features.region === 'Seoul' ? ['seg_a'] : [] }));
      await materializer.writeThrough(inputs);
      expect(await s.countSnapshots()).toBe(10);
      expect(await s.countMembers('seg_a')).toBe(5);
      expect(await s.members('seg_a', undefined, 3)).toEqual(['c0', 'c2', 'c4']);
      expect(await s.members('seg_a', 'c4', 3)).toEqual(['c6', 'c8']);
      const [c2] = await s.snapshots(['c2']);
      expect(c2.features.purchase.orderCount).toBe(3);
      expect(c2.productNames).toEqual({ 'SKU-1001': 'Seasonal tea set' });
    });

    it('evaluates a new rule against every snapshot, and removes a deleted one', async () => {
      await open();
      const many = definition('seg_many', { 'purchase.orderCount': { $gte: 6 } });
      expect(await materializer.evaluateEverywhere(many)).toBe(5);
      expect(await store.members('seg_many', undefined, 10)).toEqual(['c5', 'c6', 'c7', 'c8', 'c9']);
      // A changed rule moves the membership.
      expect(await materializer.evaluateEverywhere({ ...many, rule: { 'purchase.orderCount': { $gte: 9 } } })).toBe(2);
      expect(await store.members('seg_many', undefined, 10)).toEqual(['c8', 'c9']);
      await materializer.removeEverywhere('seg_many');
      expect(await store.countMembers('seg_many')).toBe(0);
      expect(await store.countMembers('seg_a')).toBe(5);
    });

    it('runs a refresh: removes customers not seen in it, recomputes cut points and product affinity', async () => {
      const s = await open();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const run = await materializer.startRefresh();
      expect((await catalog.current()).activeRun?._id).toBe(run._id);
      // c9 no longer exists: every other customer is evaluated again, unchanged, during the run.
      const inputs = snapshotInputs().filter((i) => i.id !== 'c9').map((input) => ({ ...input, segments: input.features.region === 'Seoul' ? ['seg_a'] : [] }));
      await materializer.writeThrough(inputs);
      await materializer.completeRefresh(run);
      let done = await s.getRun(run._id);
      for (let i = 0; i < 100 && done?.status !== 'COMPLETED'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        done = await s.getRun(run._id);
      }
      expect(done).toMatchObject({ status: 'COMPLETED', customers: 9, removed: 1 });
      expect(await s.countSnapshots()).toBe(9);
      expect((await s.latestRun())?._id).toBe(run._id);
      const cuts = await s.getSetting<RfmCutPoints>(SETTINGS.cutPoints);
      expect(cuts?.population).toBe(9);
      expect(cuts?.orderCount).toEqual([2, 4, 6, 8]);
      // Every snapshot was re-scored against the new cut points.
      const snapshots: MembershipSnapshot[] = [];
      for await (const batch of s.scanSnapshots(4)) snapshots.push(...batch);
      expect(snapshots.map((x) => x.features.rfm?.frequency)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
      expect(done!.rescored).toBeGreaterThan(0);
      const affinity = await s.getSetting<Record<string, { sku: string; name: string; customers: number }[]>>(SETTINGS.affinity);
      expect(Object.values(affinity!).flat()[0]).toMatchObject({ sku: 'SKU-1001', name: 'Seasonal tea set' });
      const metrics = await materializer.engagement('seg_a');
      expect(metrics).toMatchObject({ segmentId: 'seg_a', members: 5, purchasers: 5, par: 1 });
    });
  });
}
