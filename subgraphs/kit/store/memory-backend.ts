// In-memory collection backend that understands MongoDB filter and update documents (through mingo), with hash indexes.
//
// Stored documents are deep-frozen copies: reads hand them out without copying (a read of
// a thousand touchpoints allocates nothing), and a caller that tried to change one would
// fail loudly instead of corrupting the store.
import { Query, find as mingoFind, update as mingoUpdate } from 'mingo';
import type { Doc, DocumentCollection, DocumentDatabase, Filter, FindOptions, IndexOptions, Update, WriteOp } from './document-store.ts';

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

type IndexKey = string | number | boolean | null;

class HashIndex<T extends Doc> {
  readonly field: string;
  readonly unique: boolean;
  /** Index key → the documents under it, by _id: a lookup hands out documents without a second map access. */
  private readonly entries = new Map<IndexKey, Map<string, T>>();
  constructor(field: string, unique: boolean) {
    this.field = field;
    this.unique = unique;
  }
  private keysOf(doc: Doc): IndexKey[] {
    const value = readPath(doc, this.field);
    if (Array.isArray(value)) return value.map(toIndexKey);
    return [toIndexKey(value)];
  }
  add(doc: T): void {
    for (const key of this.keysOf(doc)) {
      let docs = this.entries.get(key);
      if (!docs) this.entries.set(key, (docs = new Map()));
      if (this.unique && docs.size > 0 && !docs.has(doc._id)) {
        throw new Error(`E11000 duplicate key error: ${this.field} = ${String(key)}`);
      }
      docs.set(doc._id, doc);
    }
  }
  remove(doc: Doc): void {
    for (const key of this.keysOf(doc)) this.entries.get(key)?.delete(doc._id);
  }
  lookup(values: unknown[]): T[] {
    // One key cannot select a document twice; several can (an array field indexes a document under each element).
    if (values.length === 1) return [...(this.entries.get(toIndexKey(values[0]))?.values() ?? [])];
    const out = new Set<T>();
    for (const key of new Set(values.map(toIndexKey))) {
      const docs = this.entries.get(key);
      if (docs) for (const doc of docs.values()) out.add(doc);
    }
    return [...out];
  }
}

function toIndexKey(value: unknown): IndexKey {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** A dotted path's value, descending into arrays as MongoDB does (`records.key` over an array of records gives every key). */
function readPath(doc: object, path: string): unknown {
  if (!path.includes('.')) return (doc as Record<string, unknown>)[path];
  let values: unknown[] = [doc];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const value of values) {
      if (Array.isArray(value)) {
        for (const item of value) if (item !== null && typeof item === 'object') next.push((item as Record<string, unknown>)[part]);
      } else if (value !== null && typeof value === 'object') {
        next.push((value as Record<string, unknown>)[part]);
      }
    }
    values = next.flat().filter((v) => v !== undefined);
  }
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
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

function equalityValues(condition: unknown): unknown[] | undefined {
  if (condition === null || typeof condition !== 'object') return [condition];
  if (Array.isArray(condition)) return undefined;
  const keys = Object.keys(condition);
  if (keys.length === 1 && keys[0] === '$in' && Array.isArray((condition as { $in: unknown[] }).$in)) {
    return (condition as { $in: unknown[] }).$in;
  }
  if (keys.length === 1 && keys[0] === '$eq') return [(condition as { $eq: unknown }).$eq];
  return undefined;
}

function isOperatorObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

function withoutSetOnInsert(update: Update): Update {
  if (!update.$setOnInsert) return update;
  const { $setOnInsert: _ignored, ...rest } = update;
  return rest;
}

/**
 * The store's own copy of a document, frozen as it is made: one walk instead of
 * structuredClone and a freezing walk (a snapshot write was 3% of a segment refresh).
 * Plain objects and arrays are copied here; anything else (a Date, binary data) goes
 * through structuredClone. Like structuredClone, a function is refused.
 */
function frozenCopy<V>(value: V): V {
  if (typeof value === 'function' || typeof value === 'symbol') throw new TypeError(`a ${typeof value} cannot be stored in a document`);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = frozenCopy(value[i]);
    return Object.freeze(out) as V;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return deepFreeze(structuredClone(value));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = frozenCopy((value as Record<string, unknown>)[key]);
  return Object.freeze(out) as V;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** An inclusion projection of top-level fields (or none), which the fast path can apply. */
function isPlainProjection(projection: Record<string, 0 | 1> | undefined): boolean {
  if (!projection) return true;
  return Object.entries(projection).every(([field, on]) => !field.includes('.') && (on === 1 || (field === '_id' && on === 0)));
}

function project<T extends Doc>(doc: T, projection: Record<string, 0 | 1>): T {
  const out: Record<string, unknown> = projection._id === 0 ? {} : { _id: doc._id };
  for (const [field, on] of Object.entries(projection)) if (on === 1 && field in doc) out[field] = (doc as Record<string, unknown>)[field];
  return out as T;
}

/** MongoDB's order for the values these stores hold: missing and null first, then numbers, then strings. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const x = String(a), y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function comparatorFor(sort: Record<string, 1 | -1>): (a: Doc, b: Doc) => number {
  // Compiled once per find: top-level fields are read directly, and the keys walked by index.
  const read = Object.keys(sort).map((field) => (field.includes('.') ? (doc: Doc) => readPath(doc, field) : (doc: Doc) => (doc as Record<string, unknown>)[field]));
  const directions = Object.values(sort);
  return (a, b) => {
    for (let i = 0; i < read.length; i++) {
      const order = compareValues(read[i](a), read[i](b));
      if (order !== 0) return order * directions[i];
    }
    return 0;
  };
}
