// The gateway's configuration, read from the environment and validated at start-up.
import { readBool, readInt, readString, readUrl, readEnum } from '../runtime/config.ts';
import type { CallPolicySettings } from '../runtime/resilience/call-policy.ts';
import { readCallPolicy } from '../runtime/resilience/policy-config.ts';
import { PLAN_EXECUTORS, RESULT_SHAPINGS, type PlanExecutor, type ResultShaping } from './execution/install.ts';
import type { EntityCacheSettings } from './subgraphs/entity-cache.ts';
import type { PlanCacheSettings } from './supergraph/plan-cache.ts';
import { readPolicyConfig, type PolicyConfig } from './policy-config.ts';

export interface GatewayConfig {
  host: string;
  port: number;
  environment: 'development' | 'production';
  supergraphPath: string;
  /** Reload the supergraph file when it changes. */
  watchSupergraph: boolean;
  /** Per-subgraph URL overrides of the routing URLs in the supergraph. */
  subgraphUrls: Record<string, string>;
  maxBodyBytes: number;
  /** GraphQL requests one gateway process serves at once; beyond it, 503 GATEWAY_OVERLOADED (0 = no bound). */
  maxInFlight: number;
  introspection: boolean;
  /** Overall deadline of one request: no subgraph call is started or awaited after it. */
  requestTimeoutMs: number;
  /** Call policy towards each subgraph (timeout, retries, breaker), by subgraph name; `default` for the rest. */
  subgraphPolicy: Record<string, Partial<CallPolicySettings>>;
  /** How long a graceful shutdown waits for in-flight requests. */
  shutdownGraceMs: number;
  /** Who shapes a plan's merged data into the client's answer: Singleview's compiled walk, or @apollo/gateway's own. */
  resultShaping: ResultShaping;
  /** Who runs query plans (fetches and merging): Singleview's executor, or @apollo/gateway's own. */
  planExecutor: PlanExecutor;
  /** Singleview's executor only: send sibling fetches to one subgraph at one path as one request (execution/fetch-merging.ts). */
  fetchMerging: boolean;
  /** The query-plan cache: its budget, and how many recent operations are planned again after a supergraph reload. */
  queryPlanCache: PlanCacheSettings;
  /** The optional entity cache (gateway/subgraphs/entity-cache.ts); a TTL of 0 turns it off. */
  entityCache: EntityCacheSettings;
  /** Governance: authentication, authorization, consent, masking, limits, rate limits, audit, CORS (gateway/policy-config.ts). */
  policies: PolicyConfig;
}

type Env = Record<string, string | undefined>;
export function readGatewayConfig(env: Env = process.env): GatewayConfig {
  const environment = readEnum(env, 'SINGLEVIEW_ENV', ['development', 'production'] as const, 'development');
  // SUBGRAPH_<NAME>_URL overrides the routing URL of any subgraph in the supergraph;
  // SUBGRAPH_<NAME>_TIMEOUT_MS (and _RETRIES, _BREAKER_*) its call policy.
  const subgraphUrls: Record<string, string> = {};
  const defaultPolicy = readCallPolicy(env, 'SUBGRAPH_');
  const subgraphPolicy: Record<string, Partial<CallPolicySettings>> = { default: defaultPolicy };
  for (const key of Object.keys(env)) {
    const match = /^SUBGRAPH_([A-Z0-9_]+?)_(URL|TIMEOUT_MS|RETRIES|BREAKER_(?:ERROR_PERCENT|RESET_MS|VOLUME|WINDOW_MS))$/.exec(key);
    if (!match) continue;
    const name = match[1].toLowerCase();
    subgraphPolicy[name] ??= readCallPolicy(env, `SUBGRAPH_${match[1]}_`, defaultPolicy);
    const url = match[2] === 'URL' ? readUrl(env, key, ['http:', 'https:']) : undefined;
    if (url) subgraphUrls[name] = url;
  }
  return {
    host: readString(env, 'HOST', '127.0.0.1'),
    port: readInt(env, 'PORT', 4000, 0, 65_535),
    environment,
    supergraphPath: readString(env, 'SUPERGRAPH_PATH', new URL('../schema/supergraph.graphql', import.meta.url).pathname),
    watchSupergraph: readBool(env, 'SUPERGRAPH_WATCH', true),
    subgraphUrls,
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1_000_000, 1_024),
    maxInFlight: readInt(env, 'GATEWAY_MAX_IN_FLIGHT', 256, 0, 1_000_000),
    introspection: readBool(env, 'INTROSPECTION', environment === 'development'),
    requestTimeoutMs: readInt(env, 'REQUEST_TIMEOUT_MS', 5_000, 10, 600_000),
    subgraphPolicy,
    shutdownGraceMs: readInt(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    resultShaping: readEnum(env, 'GATEWAY_RESULT_SHAPING', RESULT_SHAPINGS, 'compiled'),
    planExecutor: readEnum(env, 'GATEWAY_PLAN_EXECUTOR', PLAN_EXECUTORS, 'singleview'),
    fetchMerging: readBool(env, 'GATEWAY_FETCH_MERGING', true),
    queryPlanCache: {
      maxBytes: readInt(env, 'GATEWAY_QUERY_PLAN_CACHE_MB', 30, 1, 65_536) * 1024 * 1024,
      warmOperations: readInt(env, 'GATEWAY_QUERY_PLAN_WARMUP', 200, 0, 100_000),
    },
    entityCache: {
      ttlMs: readInt(env, 'GATEWAY_ENTITY_CACHE_TTL_MS', 0, 0, 86_400_000),
      maxBytes: readInt(env, 'GATEWAY_ENTITY_CACHE_MAX_MB', 64, 1, 65_536) * 1024 * 1024,
      subgraphs: readString(env, 'GATEWAY_ENTITY_CACHE_SUBGRAPHS')?.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean) ?? null,
    },
    policies: readPolicyConfig(env, environment),
  };
}
