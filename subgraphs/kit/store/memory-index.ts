// The in-memory backend's hash indexes: documents by a field's value, and the filter conditions an index can answer.
import type { Doc } from './document-store.ts';

export type IndexKey = string | number | boolean | null;

/** Documents by one field's value (each element's, for an array field), optionally unique. */
export class HashIndex<T extends Doc> {
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

export function toIndexKey(value: unknown): IndexKey {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** A dotted path's value, descending into arrays as MongoDB does (`records.key` over an array of records gives every key). */
export function readPath(doc: object, path: string): unknown {
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

/** The values an equality, `$eq` or `$in` condition selects; undefined for any other condition (no index use). */
export function equalityValues(condition: unknown): unknown[] | undefined {
  if (condition === null || typeof condition !== 'object') return [condition];
  if (Array.isArray(condition)) return undefined;
  const keys = Object.keys(condition);
  if (keys.length === 1 && keys[0] === '$in' && Array.isArray((condition as { $in: unknown[] }).$in)) {
    return (condition as { $in: unknown[] }).$in;
  }
  if (keys.length === 1 && keys[0] === '$eq') return [(condition as { $eq: unknown }).$eq];
  return undefined;
}
