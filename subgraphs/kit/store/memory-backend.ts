// In-memory collection backend that understands MongoDB filter and update documents (through mingo), with hash indexes.
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

class HashIndex {
  readonly field: string;
  readonly unique: boolean;
  private readonly entries = new Map<IndexKey, Set<string>>();
  constructor(field: string, unique: boolean) {
    this.field = field;
    this.unique = unique;
  }
  private keysOf(doc: Doc): IndexKey[] {
    const value = readPath(doc, this.field);
    if (Array.isArray(value)) return value.map(toIndexKey);
    return [toIndexKey(value)];
  }
  add(doc: Doc): void {
    for (const key of this.keysOf(doc)) {
      let ids = this.entries.get(key);
      if (!ids) this.entries.set(key, (ids = new Set()));
      if (this.unique && ids.size > 0 && !ids.has(doc._id)) {
        throw new Error(`E11000 duplicate key error: ${this.field} = ${String(key)}`);
      }
      ids.add(doc._id);
    }
  }
  remove(doc: Doc): void {
    for (const key of this.keysOf(doc)) this.entries.get(key)?.delete(doc._id);
  }
  lookup(values: unknown[]): Set<string> {
    const out = new Set<string>();
    for (const value of values) {
      const ids = this.entries.get(toIndexKey(value));
      if (ids) for (const id of ids) out.add(id);
    }
    return out;
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
  private readonly indexes = new Map<string, HashIndex>();

  constructor(name: string) {
    this.name = name;
  }

  /** Candidate documents for a filter: through an index on an equality or `$in` clause when one exists. */
  private candidates(filter: Filter): T[] {
    if (typeof filter._id === 'string') {
      const doc = this.docs.get(filter._id);
      return doc ? [doc] : [];
    }
    for (const [field, condition] of Object.entries(filter)) {
      const index = field === '_id' ? undefined : this.indexes.get(field);
      const values = equalityValues(condition);
      if (field === '_id' && values) return values.map((v) => this.docs.get(String(v))).filter((d): d is T => !!d);
      if (index && values) return [...index.lookup(values)].map((id) => this.docs.get(id)!);
    }
    return [...this.docs.values()];
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let cursor = mingoFind<T>(this.candidates(filter), filter, options.projection as never);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all().map((doc) => structuredClone(doc));
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
    for (const doc of docs) this.put(structuredClone(doc));
  }

  async insertNew(docs: T[]): Promise<number> {
    let inserted = 0;
    for (const doc of docs) {
      if (this.docs.has(doc._id)) continue;
      this.put(structuredClone(doc));
      inserted++;
    }
    return inserted;
  }

  async replaceMany(docs: T[]): Promise<void> {
    for (const doc of docs) this.put(structuredClone(doc));
  }

  private put(doc: T): void {
    const previous = this.docs.get(doc._id);
    if (previous) for (const index of this.indexes.values()) index.remove(previous);
    try {
      for (const index of this.indexes.values()) index.add(doc);
    } catch (error) {
      for (const index of this.indexes.values()) index.remove(doc);
      if (previous) for (const index of this.indexes.values()) index.add(previous);
      throw error;
    }
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
      if (op.kind === 'replace') this.put(structuredClone(op.doc));
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
      n++;
    }
    return n;
  }

  async createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<void> {
    // A hash index on the leading field serves equality and $in; the rest is filtered by mingo.
    const field = Object.keys(keys)[0];
    if (field === '_id' || this.indexes.has(field)) return;
    const index = new HashIndex(field, !!options.unique && Object.keys(keys).length === 1);
    for (const doc of this.docs.values()) index.add(doc);
    this.indexes.set(field, index);
  }

  async *scan(filter: Filter, batchSize: number): AsyncIterable<T[]> {
    const query = new Query(filter, {});
    const ids = [...this.docs.keys()].sort();
    let batch: T[] = [];
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (!doc || !query.test(doc)) continue;
      batch.push(structuredClone(doc));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
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
