// DataLoader builders shared by every subgraph: one batched call per entity type per request, results back in key order.
import DataLoader from 'dataloader';
import type { IdentityKeys } from './identity-keys.ts';

/** One value (or null) per key, from a batch fetch that returns rows in any order. */
export function oneByKey<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<K, V>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Every value per key (possibly none), from a batch fetch that returns rows in any order. */
export function manyByKey<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<K, V[]>();
    for (const row of await fetch(keys)) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

/** A customer's native keys in this subgraph's system: one identity lookup per request. */
export function nativeKeysLoader(identity: IdentityKeys): DataLoader<string, string[]> {
  return new DataLoader((customerIds) => identity.nativeIds(customerIds));
}

/**
 * The values of all of a customer's native keys, flattened: e.g. the orders of both of
 * the customer's ERP master rows.
 */
export async function loadForCustomer<V>(keys: DataLoader<string, string[]>, loader: DataLoader<string, V[]>, customerId: string): Promise<V[]> {
  const nativeIds = await keys.load(customerId);
  return nativeIds.length === 0 ? [] : loadFlat(loader, nativeIds);
}

/** Load many keys whose values are lists, flattened in key order; rethrow the first failure. */
async function loadFlat<K, V>(loader: DataLoader<K, V[]>, keys: readonly K[]): Promise<V[]> {
  return (await loader.loadMany(keys)).flatMap((result) => {
    if (result instanceof Error) throw result;
    return result;
  });
}

/** Group batched requests by a shape key (same page size, same filters), so each shape is one call. */
export function batchByShape<K, V>(shapeOf: (key: K) => string, run: (keys: K[]) => Promise<V[]>, cacheKeyFn: (key: K) => string): DataLoader<K, V> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const shapes = new Map<string, number[]>();
      keys.forEach((key, i) => {
        const shape = shapeOf(key);
        const list = shapes.get(shape);
        if (list) list.push(i);
        else shapes.set(shape, [i]);
      });
      const out = new Array<V>(keys.length);
      await Promise.all(
        [...shapes.values()].map(async (indexes) => {
          const results = await run(indexes.map((i) => keys[i]));
          indexes.forEach((i, j) => (out[i] = results[j]));
        }),
      );
      return out;
    },
    { cacheKeyFn },
  );
}

/** Load many keys; rethrow the first failure, drop keys that have no value. */
export async function loadPresent<K, V>(loader: DataLoader<K, V | null>, keys: readonly K[]): Promise<V[]> {
  const out: V[] = [];
  for (const result of await loader.loadMany(keys)) {
    if (result instanceof Error) throw result;
    if (result !== null) out.push(result);
  }
  return out;
}

/**
 * Reference data (sales reps, product names): a small table fetched whole, shared by every
 * request of the process and refreshed after `ttlMs`, so that it costs one legacy call
 * per refresh instead of one per request (or one per wave of a request).
 */
export class ReferenceTable<V> {
  private readonly fetchAll: () => Promise<V[]>;
  private readonly keyOf: (value: V) => string;
  private readonly ttlMs: number;
  private table: Promise<Map<string, V>> | undefined;
  private loadedAt = 0;

  constructor(fetchAll: () => Promise<V[]>, keyOf: (value: V) => string, ttlMs = 300_000) {
    this.fetchAll = fetchAll;
    this.keyOf = keyOf;
    this.ttlMs = ttlMs;
  }

  async load(key: string): Promise<V | null> {
    if (!this.table || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      this.table = this.fetchAll().then((rows) => new Map(rows.map((row) => [this.keyOf(row), row])));
      // A failed fetch is not cached: the next request tries again.
      this.table.catch(() => (this.table = undefined));
    }
    return (await this.table).get(key) ?? null;
  }
}
