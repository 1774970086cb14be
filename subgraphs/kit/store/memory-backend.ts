// In-memory collection backend that understands MongoDB filter and update documents (through mingo), with hash indexes.
//
// Stored documents are deep-frozen copies: reads hand them out without copying (a read of
// a thousand touchpoints allocates nothing), and a caller that tried to change one would
// fail loudly instead of corrupting the store.
import { Query, find as mingoFind, update as mingoUpdate } from 'mingo';
import type { Doc, DocumentCollection, DocumentDatabase, Filter, FindOptions, IndexOptions, Update, WriteOp } from './document-store.ts';
import { comparatorFor, compareValues, deepFreeze, frozenCopy, isPlainProjection, project } from './memory-documents.ts';
import { equalityValues, HashIndex, readPath, toIndexKey, type IndexKey } from './memory-index.ts';

/** Databases live per process, by name, so a simulator and a subgraph in one process can share one. */
const registry = new Map<string, Map<string, MemoryCollection<Doc>>>();

export function openMemoryDatabase(name: string): DocumentDatabase {
  let collections = registry.get(name);
  if (!collections) {
    collections = new Map();
    registry.set(name, collections);
  }
  const store = collections;
  return {
    kind: 'memory',
    name,
    collection<T extends Doc>(collectionName: string): DocumentCollection<T> {
      let c = store.get(collectionName);
      if (!c) {
        c = new MemoryCollection(collectionName);
        store.set(collectionName, c);
      }
      return c as unknown as DocumentCollection<T>;
    },
    async ping() {},
    async drop() {
      store.clear();
    },
    async close() {},
  };
}

class MemoryCollection<T extends Doc> implements DocumentCollection<T> {
  readonly name: string;
  private readonly docs = new Map<string, T>();
  /** `_id`s in order, rebuilt after a write that adds or removes a document: keyset paging by `_id` reads only its page. */
  private sortedIds: string[] | null = null;
  private readonly indexes = new Map<string, HashIndex<T>>();

  constructor(name: string) {
    this.name = name;
  }

  /** Candidate documents for a filter: through an index on an equality or `$in` clause when one exists. */
  private candidates(filter: Filter): T[] {
    return this.lookup(filter).docs;
  }

  /**
   * The documents an indexed equality or `$in` clause selects. `exact` says that clause was
   * the whole filter, so the candidates are the answer and need no further matching.
   */
  private lookup(filter: Filter): { docs: T[]; exact: boolean } {
    const fields = Object.keys(filter);
    for (const field of fields) {
      const values = equalityValues(filter[field]);
      if (!values) continue;
      if (field === '_id') {
        const docs = [...new Set(values.map(String))].map((v) => this.docs.get(v)).filter((d): d is T => !!d);
        return { docs, exact: fields.length === 1 };
      }
      const index = this.indexes.get(field);
      if (index) return { docs: index.lookup(values), exact: fields.length === 1 };
    }
    return { docs: [...this.docs.values()], exact: fields.length === 0 };
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const page = this.idRangePage(filter, options);
    if (page) return page;
    // The common case (an indexed key, a plain sort, an inclusion projection) needs no query engine.
    const { docs, exact } = this.lookup(filter);
    if (exact && isPlainProjection(options.projection)) {
      // lookup() hands out a fresh array: it can be sorted in place.
      let rows = options.sort ? docs.sort(comparatorFor(options.sort)) : docs;
      if (options.skip || options.limit) rows = rows.slice(options.skip ?? 0, options.limit ? (options.skip ?? 0) + options.limit : undefined);
      return options.projection ? rows.map((doc) => project(doc, options.projection!)) : rows;
    }
    let cursor = mingoFind<T>(docs, filter, options.projection as never);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all();
  }

  /**
   * Keyset paging in `_id` order (`{ _id: { $gt: last } }`, sorted by `_id`, limited): served from
   * the ordered `_id` list with a binary search, instead of sorting the whole collection per page.
   */
  private idRangePage(filter: Filter, options: FindOptions): T[] | null {
    const sortKeys = options.sort ? Object.keys(options.sort) : [];
    if (sortKeys.length !== 1 || sortKeys[0] !== '_id' || options.sort!._id !== 1 || !options.limit || !isPlainProjection(options.projection)) return null;
    const keys = Object.keys(filter);
    let after: string | undefined;
    if (keys.length === 1 && keys[0] === '_id') {
      const range = filter._id as Record<string, unknown> | null;
      const rangeKeys = range && typeof range === 'object' ? Object.keys(range) : [];
      if (rangeKeys.length !== 1 || rangeKeys[0] !== '$gt' || typeof range!.$gt !== 'string') return null;
      after = range!.$gt as string;
    } else if (keys.length !== 0) {
      return null;
    }
    const ids = this.idsInOrder();
    let lo = 0;
    if (after !== undefined) {
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareValues(ids[mid], after) <= 0) lo = mid + 1;
        else hi = mid;
      }
    }
    const start = lo + (options.skip ?? 0);
    const rows = ids.slice(start, start + options.limit).map((id) => this.docs.get(id)!);
    return options.projection ? rows.map((doc) => project(doc, options.projection!)) : rows;
  }

  async findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    const [doc] = await this.find(filter, { ...options, limit: 1 });
    return doc ?? null;
  }

  async count(filter: Filter): Promise<number> {
    if (Object.keys(filter).length === 0) return this.docs.size;
    const query = new Query(filter, {});
    let n = 0;
    for (const doc of this.candidates(filter)) if (query.test(doc)) n++;
    return n;
  }

  async distinct(field: string, filter: Filter = {}): Promise<unknown[]> {
    const query = new Query(filter, {});
    const seen = new Map<IndexKey, unknown>();
    for (const doc of this.candidates(filter)) {
      if (!query.test(doc)) continue;
      const value = readPath(doc, field);
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) seen.set(toIndexKey(v), v);
    }
    return [...seen.values()];
  }

  async insertMany(docs: T[]): Promise<void> {
    for (const doc of docs) {
      if (this.docs.has(doc._id)) throw new Error(`E11000 duplicate key error: _id = ${doc._id}`);
    }
    for (const doc of docs) this.put(frozenCopy(doc));
  }

  async insertNew(docs: T[]): Promise<number> {
    let inserted = 0;
    for (const doc of docs) {
      if (this.docs.has(doc._id)) continue;
      this.put(frozenCopy(doc));
      inserted++;
    }
    return inserted;
  }

  async replaceMany(docs: T[]): Promise<void> {
    for (const doc of docs) this.put(frozenCopy(doc));
  }

  /** Store `doc`, which must be this collection's own copy: it is frozen here. */
  private put(doc: T): void {
    deepFreeze(doc);
    const previous = this.docs.get(doc._id);
    if (previous) for (const index of this.indexes.values()) index.remove(previous);
    try {
      for (const index of this.indexes.values()) index.add(doc);
    } catch (error) {
      for (const index of this.indexes.values()) index.remove(doc);
      if (previous) for (const index of this.indexes.values()) index.add(previous);
      throw error;
    }
    if (!previous) this.sortedIds = null;
    this.docs.set(doc._id, doc);
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<{ matched: number; upserted: boolean }> {
    const query = new Query(filter, {});
    const target = this.candidates(filter).find((doc) => query.test(doc));
    if (target) {
      const next = structuredClone(target);
      mingoUpdate(next as Record<string, unknown>, withoutSetOnInsert(update) as never, undefined, undefined, { cloneMode: 'deep' });
      this.put(next);
      return { matched: 1, upserted: false };
    }
    if (!options.upsert) return { matched: 0, upserted: false };
    const seed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(filter)) if (!key.startsWith('$') && !isOperatorObject(value)) seed[key] = value;
    const created = seed as T;
    const insertUpdate = { ...withoutSetOnInsert(update), ...(update.$setOnInsert ? { $set: { ...update.$set, ...update.$setOnInsert } } : {}) };
    mingoUpdate(created as Record<string, unknown>, insertUpdate as never, undefined, undefined, { cloneMode: 'deep' });
    if (typeof created._id !== 'string') throw new Error('upsert needs a string _id in the filter or $setOnInsert');
    this.put(created);
    return { matched: 0, upserted: true };
  }

  async write(ops: WriteOp<T>[]): Promise<void> {
    for (const op of ops) {
      if (op.kind === 'replace') this.put(frozenCopy(op.doc));
      else if (op.kind === 'update') await this.updateOne(op.filter, op.update, { upsert: op.upsert });
      else await this.deleteMany(op.filter);
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    const query = new Query(filter, {});
    let n = 0;
    for (const doc of this.candidates(filter)) {
      if (!query.test(doc)) continue;
      for (const index of this.indexes.values()) index.remove(doc);
      this.docs.delete(doc._id);
      this.sortedIds = null;
      n++;
    }
    return n;
  }

  async createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<void> {
    // A hash index on the leading field serves equality and $in; the rest is filtered by mingo.
    const field = Object.keys(keys)[0];
    if (field === '_id' || this.indexes.has(field)) return;
    const index = new HashIndex<T>(field, !!options.unique && Object.keys(keys).length === 1);
    for (const doc of this.docs.values()) index.add(doc);
    this.indexes.set(field, index);
  }

  /** Every _id in order; kept until a document is added or removed (a scan keeps the array it started with). */
  private idsInOrder(): string[] {
    return (this.sortedIds ??= [...this.docs.keys()].sort(compareValues));
  }

  async *scan(filter: Filter, batchSize: number): AsyncIterable<T[]> {
    const query = new Query(filter, {});
    const ids = this.idsInOrder();
    let batch: T[] = [];
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (!doc || !query.test(doc)) continue;
      batch.push(doc);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
        // A turn of the event loop between batches, as a cursor's round trip would give: a long
        // scan in the background (a refresh's finalization) must not hold up requests in this process.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (batch.length > 0) yield batch;
  }
}

function isOperatorObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

function withoutSetOnInsert(update: Update): Update {
  if (!update.$setOnInsert) return update;
  const { $setOnInsert: _ignored, ...rest } = update;
  return rest;
}
