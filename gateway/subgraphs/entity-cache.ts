// Optional entity cache: a subgraph's `_entities` answers kept per entity for a TTL, served without a fetch, dropped on demand.
//
// Off unless GATEWAY_ENTITY_CACHE_TTL_MS > 0. An entry is one entity's answer from one
// subgraph, keyed by:
// - the fetch's operation text, so callers whose plans differ (authorization rewrites the
//   operation per grant) never share an entry, and other variables of the fetch;
// - the representation: the key fields and every @requires input, so changed inputs are a
//   different entry.
// The key is the SHA-256 of all of these, so that kilobytes of inputs are not kept twice.
// Subgraph answers do not depend on who asks: the gateway forwards only the actor id, which
// only the identity subgraph's audited mutations read, and mutations are never cached.
// Entries are stored as JSON text and parsed on every hit, because @apollo/gateway merges
// later fetches into the objects it is given. An entity answered with an error, or a null
// one, is not stored. Entries go on TTL expiry, when the byte budget needs room (least
// recently used first), through `invalidate` (the gateway's POST /cache/entities/invalidate),
// and all of a subgraph's entries go when a mutation is sent to it.
import { createHash } from 'node:crypto';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { LRUCache } from 'lru-cache';

export interface EntityCacheSettings {
  /** How long an entity answer is served from the cache; 0 turns the cache off. */
  ttlMs: number;
  /** Budget of the cached JSON text, in bytes. */
  maxBytes: number;
  /** The subgraphs whose entities are cached; null for every subgraph. */
  subgraphs: readonly string[] | null;
}

/** What to drop: every field given must match; no field drops everything. */
export interface InvalidationTarget {
  subgraph?: string;
  typename?: string;
  id?: string;
}

interface Entry {
  json: string;
  subgraph: string;
  typename: string | null;
  id: string | null;
}

type Representation = Record<string, unknown>;
type Send = (variables: Record<string, unknown>) => Promise<GatewayGraphQLResponse>;

const ENTITIES_FETCH = /^\s*query\b[^{]*\{\s*_entities\s*\(\s*representations\s*:\s*\$representations\s*\)/;

export class EntityCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly subgraphs: readonly string[] | null;
  private readonly onLookup: (hits: number, misses: number) => void;
  private onInvalidate: (target: InvalidationTarget) => void = () => {};

  /** `onLookup` is told of each fetch's hits and misses (for /metrics). */
  constructor(settings: EntityCacheSettings, onLookup: (hits: number, misses: number) => void = () => {}) {
    this.subgraphs = settings.subgraphs;
    this.onLookup = onLookup;
    this.entries = new LRUCache<string, Entry>({ maxSize: settings.maxBytes, ttl: settings.ttlMs, sizeCalculation: (entry, key) => entry.json.length + key.length + 64 });
  }

  /** Whether this fetch is one the cache serves: an entity fetch to a covered subgraph. */
  covers(subgraph: string, query: string, variables: Record<string, unknown> | undefined): boolean {
    if (this.subgraphs && !this.subgraphs.includes(subgraph)) return false;
    return Array.isArray(variables?.representations) && ENTITIES_FETCH.test(query);
  }

  /**
   * Answers an entity fetch from the cache where it can, and sends the rest: the subgraph
   * sees only the representations that missed, and its errors' paths are renumbered to the
   * positions the gateway asked for.
   */
  async fetch(subgraph: string, query: string, variables: Record<string, unknown>, send: Send): Promise<GatewayGraphQLResponse> {
    const representations = variables.representations as Representation[];
    const { representations: _, ...others } = variables;
    // Hashed: a representation can carry kilobytes of @requires inputs (insights' event logs).
    // The fetch's scope (subgraph, operation, other variables) is hashed once and copied per entity.
    const scope = createHash('sha256').update(`${subgraph}\n${query}\n${JSON.stringify(others)}\n`);
    const keys = representations.map((representation) => scope.copy().update(JSON.stringify(representation)).digest('base64'));
    const answers: unknown[] = new Array(representations.length).fill(null);
    const missing: number[] = [];
    keys.forEach((key, i) => {
      const entry = this.entries.get(key);
      if (entry) answers[i] = JSON.parse(entry.json);
      else missing.push(i);
    });
    this.onLookup(representations.length - missing.length, missing.length);
    if (missing.length === 0) return { data: { _entities: answers } };

    const response = await send(missing.length === representations.length ? variables : { ...variables, representations: missing.map((i) => representations[i]) });
    const fetched = (response.data as { _entities?: unknown[] } | null | undefined)?._entities;
    const failed = new Set<number>();
    let unplaced = false;
    const errors = response.errors?.map((error) => {
      const path = error.path;
      if (path?.[0] !== '_entities' || typeof path[1] !== 'number' || missing[path[1]] === undefined) {
        unplaced = true;
        return error;
      }
      failed.add(path[1]);
      return { ...error, path: ['_entities', missing[path[1]], ...path.slice(2)] };
    });
    missing.forEach((position, j) => {
      const value = Array.isArray(fetched) ? (fetched[j] ?? null) : null;
      answers[position] = value;
      // Only clean answers are kept: no error anywhere in this entity, none without a path.
      if (value === null || unplaced || failed.has(j) || typeof value !== 'object') return;
      const representation = representations[position];
      this.entries.set(keys[position], {
        json: JSON.stringify(value),
        subgraph,
        typename: typeof representation.__typename === 'string' ? representation.__typename : null,
        id: typeof representation.id === 'string' ? representation.id : null,
      });
    });
    // Nothing came from the cache: the subgraph's answer is the answer, exactly as without a cache.
    if (missing.length === representations.length) return response;
    return { ...response, data: { ...(response.data ?? {}), _entities: answers }, ...(errors ? { errors } : {}) };
  }

  /** Who else must drop what this cache drops (the other cluster workers: entity-cache-peers.ts). */
  sharesInvalidationsWith(peers: (target: InvalidationTarget) => void): void {
    this.onInvalidate = peers;
  }

  /** Drops the entries that match every given field here, and tells the peers; returns how many went here. */
  invalidate(target: InvalidationTarget): number {
    // A subgraph the cache does not cover has no entries here or in any peer: nothing to scan or tell.
    if (target.subgraph !== undefined && this.subgraphs && !this.subgraphs.includes(target.subgraph)) return 0;
    this.onInvalidate(target);
    return this.dropLocal(target);
  }

  /** Drops the matching entries of this process only (an invalidation a peer made). */
  dropLocal(target: InvalidationTarget): number {
    let dropped = 0;
    for (const [key, entry] of this.entries.entries()) {
      if (target.subgraph !== undefined && entry.subgraph !== target.subgraph) continue;
      if (target.typename !== undefined && entry.typename !== target.typename) continue;
      if (target.id !== undefined && entry.id !== target.id) continue;
      this.entries.delete(key);
      dropped++;
    }
    return dropped;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Reads an invalidation request body: optional string fields `subgraph`, `typename`, `id`, nothing else. */
export function readInvalidationTarget(body: unknown): InvalidationTarget {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new TypeError('the body must be a JSON object');
  const target: InvalidationTarget = {};
  for (const [field, value] of Object.entries(body)) {
    if (field !== 'subgraph' && field !== 'typename' && field !== 'id') throw new TypeError(`unknown field "${field}": use subgraph, typename and id`);
    if (typeof value !== 'string' || value === '') throw new TypeError(`"${field}" must be a non-empty string`);
    target[field] = value;
  }
  return target;
}
