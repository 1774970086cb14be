// The collection port's contract, run against both backends: what repositories rely on behaves the same on each.
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/backends.ts';
import type { DocumentDatabase } from './document-store.ts';
import { openDocumentDatabase } from './open.ts';

type Item = { _id: string; owner: string; at: string; n: number; tags: string[]; nested: { city: string } };

const items: Item[] = Array.from({ length: 30 }, (_, i) => ({
  _id: `i${String(i).padStart(3, '0')}`,
  owner: `o${i % 5}`,
  at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
  n: i,
  tags: i % 2 ? ['odd'] : ['even', 'x'],
  nested: { city: i % 3 ? 'Seoul' : 'Busan' },
}));

for (const backend of backends()) {
  describe.skipIf(!backend.uri)(`document store on ${backend.name}`, () => {
    let db: DocumentDatabase;
    const open = async () => (db ??= await openDocumentDatabase(backend.uri!, 'contract'));
    afterAll(async () => {
      if (!db) return;
      await db.drop();
      await db.close();
    });

    it('inserts, finds with $in, sort, limit and projection', async () => {
      const c = (await open()).collection<Item>('items');
      await c.createIndex({ owner: 1, at: -1 });
      await c.insertMany(items);
      const found = await c.find({ owner: { $in: ['o1', 'o2'] } }, { sort: { at: -1 }, limit: 3, projection: { _id: 1, n: 1 } });
      expect(found.map((d) => d.n)).toEqual([27, 26, 22]);
      expect(Object.keys(found[0]).sort()).toEqual(['_id', 'n']);
    });

    it('returns each document once for repeated $in values, in the requested order', async () => {
      const c = (await open()).collection<Item>('items');
      const ids = [items[3]._id, items[1]._id, items[3]._id];
      expect((await c.find({ _id: { $in: ids } }, { sort: { n: -1 } })).map((d) => d.n)).toEqual([3, 1]);
      expect((await c.find({ owner: { $in: ['o1', 'o1'] } }, { sort: { n: 1 }, skip: 1, limit: 2, projection: { n: 1 } })).map((d) => d.n)).toEqual([6, 11]);
    });

    it('filters on ranges of ISO strings, arrays and dotted paths, and counts', async () => {
      const c = (await open()).collection<Item>('items');
      expect(await c.count({ at: { $gte: items[10].at, $lt: items[20].at } })).toBe(10);
      expect(await c.count({ tags: 'even' })).toBe(15);
      expect(await c.count({ 'nested.city': 'Busan' })).toBe(10);
      expect((await c.distinct('owner')).sort()).toEqual(['o0', 'o1', 'o2', 'o3', 'o4']);
    });

    it('upserts idempotently and keeps fields an upsert did not set', async () => {
      const c = (await open()).collection<Item & { customerId?: string | null }>('items');
      await c.updateOne({ _id: 'new' }, { $set: { owner: 'o9', n: 1 }, $setOnInsert: { customerId: null } }, { upsert: true });
      await c.updateOne({ _id: 'new' }, { $set: { customerId: 'cus_1' } });
      await c.updateOne({ _id: 'new' }, { $set: { owner: 'o9', n: 2 }, $setOnInsert: { customerId: null } }, { upsert: true });
      const doc = await c.findOne({ _id: 'new' });
      expect(doc).toMatchObject({ owner: 'o9', n: 2, customerId: 'cus_1' });
    });

    it('applies batched replace, update and delete writes', async () => {
      const c = (await open()).collection<Item>('items');
      await c.write([
        { kind: 'replace', doc: { ...items[0], n: 100 } },
        { kind: 'update', filter: { _id: items[1]._id }, update: { $inc: { n: 10 } } },
        { kind: 'delete', filter: { _id: items[2]._id } },
      ]);
      expect((await c.findOne({ _id: items[0]._id }))?.n).toBe(100);
      expect((await c.findOne({ _id: items[1]._id }))?.n).toBe(11);
      expect(await c.findOne({ _id: items[2]._id })).toBeNull();
      await c.replaceMany([items[0], items[2]]);
      expect(await c.count({})).toBe(31);
    });

    it('pages by _id with $gt, sort and limit, seeing documents added between pages', async () => {
      const c = (await open()).collection<Item>('paged');
      await c.insertMany(items.slice(0, 10));
      const first = await c.find({}, { sort: { _id: 1 }, limit: 4 });
      expect(first.map((d) => d.n)).toEqual([0, 1, 2, 3]);
      await c.insertMany([{ ...items[20], _id: 'i003x' }]);
      const next = await c.find({ _id: { $gt: first.at(-1)!._id } }, { sort: { _id: 1 }, limit: 4, projection: { n: 1 } });
      expect(next.map((d) => d._id)).toEqual(['i003x', 'i004', 'i005', 'i006']);
      expect(Object.keys(next[1]).sort()).toEqual(['_id', 'n']);
      expect(await c.find({ _id: { $gt: 'i009' } }, { sort: { _id: 1 }, limit: 4 })).toEqual([]);
    });

    it('scans in _id order in pages', async () => {
      const c = (await open()).collection<Item>('items');
      const seen: string[] = [];
      for await (const page of c.scan({ owner: 'o0' }, 2)) {
        expect(page.length).toBeLessThanOrEqual(2);
        seen.push(...page.map((d) => d._id));
      }
      expect(seen).toEqual([...seen].sort());
      expect(seen.length).toBe(6);
    });

    it('matches dotted paths into arrays of subdocuments, through an index', async () => {
      const c = (await open()).collection<{ _id: string; records: { key: string }[] }>('clusters');
      await c.createIndex({ 'records.key': 1 });
      await c.insertMany([
        { _id: 'c1', records: [{ key: 'crm:1' }, { key: 'erp:1' }] },
        { _id: 'c2', records: [{ key: 'crm:2' }] },
      ]);
      const found = await c.find({ 'records.key': { $in: ['erp:1', 'crm:2', 'crm:9'] } }, { sort: { _id: 1 } });
      expect(found.map((d) => d._id)).toEqual(['c1', 'c2']);
    });

    it('hands out documents a caller cannot change behind the store\'s back', async () => {
      const c = (await open()).collection<Item>('items');
      const [doc] = await c.find({ _id: items[5]._id });
      try {
        doc.n = -1;
      } catch {
        // The in-memory backend's documents are frozen; MongoDB's are the caller's own copies.
      }
      expect((await c.findOne({ _id: items[5]._id }))!.n).toBe(items[5].n);
    });

    it('keeps its own copy of what it stores: later changes by the caller, nested ones too, change nothing', async () => {
      const c = (await open()).collection<{ _id: string; tags: string[]; nested: { list: { n: number }[] }; when: Date; none: null }>('copies');
      const doc = { _id: 'k1', tags: ['a'], nested: { list: [{ n: 1 }] }, when: new Date(Date.UTC(2026, 0, 2)), none: null };
      await c.replaceMany([doc]);
      doc.tags.push('b');
      doc.nested.list[0].n = 2;
      doc.when.setTime(0);
      const stored = await c.findOne({ _id: 'k1' });
      expect(stored).toEqual({ _id: 'k1', tags: ['a'], nested: { list: [{ n: 1 }] }, when: new Date(Date.UTC(2026, 0, 2)), none: null });
    });

    it('enforces unique indexes', async () => {
      const c = (await open()).collection<{ _id: string; email: string }>('unique');
      await c.createIndex({ email: 1 }, { unique: true });
      await c.insertMany([{ _id: 'a', email: 'x@example.com' }]);
      await expect(c.insertMany([{ _id: 'b', email: 'x@example.com' }])).rejects.toThrow(/E11000|duplicate/);
      expect(await c.deleteMany({ email: 'x@example.com' })).toBe(1);
    });
  });
}
