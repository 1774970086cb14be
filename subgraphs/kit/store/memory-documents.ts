// The in-memory backend's document handling: frozen stored copies, projections and MongoDB's sort order.
import type { Doc } from './document-store.ts';
import { readPath } from './memory-index.ts';

/**
 * The store's own copy of a document, frozen as it is made: one walk instead of
 * structuredClone and a freezing walk (a snapshot write was 3% of a segment refresh).
 * Plain objects and arrays are copied here; anything else (a Date, binary data) goes
 * through structuredClone. Like structuredClone, a function is refused.
 */
export function frozenCopy<V>(value: V): V {
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

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** An inclusion projection of top-level fields (or none), which the fast path can apply. */
export function isPlainProjection(projection: Record<string, 0 | 1> | undefined): boolean {
  if (!projection) return true;
  return Object.entries(projection).every(([field, on]) => !field.includes('.') && (on === 1 || (field === '_id' && on === 0)));
}

export function project<T extends Doc>(doc: T, projection: Record<string, 0 | 1>): T {
  const out: Record<string, unknown> = projection._id === 0 ? {} : { _id: doc._id };
  for (const [field, on] of Object.entries(projection)) if (on === 1 && field in doc) out[field] = (doc as Record<string, unknown>)[field];
  return out as T;
}

/** MongoDB's order for the values these stores hold: missing and null first, then numbers, then strings. */
export function compareValues(a: unknown, b: unknown): number {
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

export function comparatorFor(sort: Record<string, 1 | -1>): (a: Doc, b: Doc) => number {
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
