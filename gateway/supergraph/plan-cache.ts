// The query-plan cache: sized by configuration, counted in /metrics, and warm again right after a supergraph reload.
//
// @apollo/gateway takes a plan store through its public `queryPlannerConfig.cache` option and
// empties it whenever a new supergraph goes into service, so every operation pays for planning
// again on its next request (the planner is the gateway's most expensive step per operation).
// This store keeps the plans (an LRU bounded by GATEWAY_QUERY_PLAN_CACHE_MB, each plan counted
// by its JSON size, as Apollo's own store does) and remembers the operations served most
// recently: the final documents, after authorization's per-grant rewrite. When a new schema
// loads, `warm` plans those operations again against it, one per event-loop turn, so that the
// requests after a reload find their plans ready. An operation the new schema no longer
// accepts is skipped, and its next request fails validation as it would without the cache.
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { operationFromDocument } from '@apollo/federation-internals';
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { gatewayPlanning } from '../execution/apollo-seams.ts';

export interface PlanCacheSettings {
  /** Budget of the cached plans, in bytes of their JSON. */
  maxBytes: number;
  /** How many recently served operations are planned again after a reload. */
  warmOperations: number;
}

interface Served {
  document: DocumentNode;
  operationName: string | null;
}

/** Builds the plan of one operation against the schema in service now. */
export type Planner = (document: DocumentNode, operationName: string | null) => unknown;

/** The key @apollo/gateway files a plan under: the query hash, with the operation name when there is one. */
export function planKey(queryHash: string, operationName: string | null | undefined): string {
  return operationName ? createHash('sha256').update(queryHash).update(operationName).digest('hex') : queryHash;
}

/** A KeyValueCache, as `queryPlannerConfig.cache` takes it, plus `clear`, which @apollo/gateway calls on every new schema. */
export class QueryPlanCache<TPlan extends object = object> {
  private readonly plans: LRUCache<string, TPlan>;
  private readonly served: LRUCache<string, Served>;
  private readonly onLookup: (hit: boolean) => void;
  private warmups = 0;
  private lastWarmed = 0;

  constructor(settings: PlanCacheSettings, onLookup: (hit: boolean) => void = () => {}) {
    this.plans = new LRUCache<string, TPlan>({ maxSize: settings.maxBytes, sizeCalculation: (plan) => Math.max(1, JSON.stringify(plan).length) });
    this.served = new LRUCache<string, Served>({ max: Math.max(1, settings.warmOperations) });
    this.onLookup = onLookup;
  }

  async get(key: string): Promise<TPlan | undefined> {
    const plan = this.plans.get(key);
    this.onLookup(plan !== undefined);
    return plan;
  }

  async set(key: string, plan: TPlan): Promise<void> {
    this.plans.set(key, plan);
  }

  async delete(key: string): Promise<boolean> {
    return this.plans.delete(key);
  }

  /** Called by @apollo/gateway when a new supergraph goes into service: the plans go, the served operations stay. */
  clear(): void {
    this.plans.clear();
  }

  /** Notes an operation as served, under the key its plan is filed under. */
  remember(key: string, document: DocumentNode, operationName: string | null): void {
    if (this.served.get(key) === undefined) this.served.set(key, { document, operationName });
  }

  /** Plans the operations served most recently against the schema now in service; resolves with how many were planned. */
  async warm(plan: Planner): Promise<number> {
    // The operations served up to now: the ones served while warming are planned by their own requests.
    const operations = [...this.served.entries()];
    let planned = 0;
    for (const [key, { document, operationName }] of operations) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.plans.has(key)) continue;
      try {
        this.plans.set(key, plan(document, operationName) as TPlan);
        planned++;
      } catch {
        // The new schema does not accept this operation any more: its next request says why.
      }
    }
    this.warmups++;
    this.lastWarmed = planned;
    return planned;
  }

  /** For /readyz: plans held, warm-ups completed since start, and how many plans the last one built. */
  status(): { plans: number; warmups: number; lastWarmed: number } {
    return { plans: this.plans.size, warmups: this.warmups, lastWarmed: this.lastWarmed };
  }
}

/** Remembers each operation as it starts executing: its document and hash are final by then (after the policies' rewrite). */
export function planMemoryPlugin(cache: Pick<QueryPlanCache, 'remember'>): ApolloServerPlugin {
  // One listener for every request: nothing is allocated per request beyond the key.
  const listener = {
    async executionDidStart(rc: { request: { operationName?: string | null }; queryHash: string; document: DocumentNode }) {
      const operationName = rc.request.operationName ?? null;
      cache.remember(planKey(rc.queryHash, operationName), rc.document, operationName);
    },
  };
  return { requestDidStart: async () => listener };
}

/**
 * Plans as @apollo/gateway's executor does (same planner, same options), for the schema in
 * service when called. Call it once the gateway has loaded: it throws at once if an upgrade
 * renamed the fields it reads, so that start-up fails instead of every warm-up doing nothing.
 */
export function plannerOf(gateway: object): Planner {
  const planning = gatewayPlanning(gateway);
  return (document, operationName) => {
    const { apiSchema, queryPlanner, recursiveSelectionsLimitDisabled, nonLocalSelectionsLimitDisabled } = planning;
    const operation = operationFromDocument(apiSchema, document, { operationName: operationName ?? undefined });
    return queryPlanner.buildQueryPlan(operation, { recursiveSelectionsLimitDisabled, nonLocalSelectionsLimitDisabled });
  };
}
