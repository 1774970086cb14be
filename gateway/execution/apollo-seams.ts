// Where Singleview reaches into the pinned @apollo/gateway: the two functions it replaces, the helpers its executor reuses, and the planner the plan cache warms with.
//
// @apollo/gateway has no option for either. Its code calls both through the exports object
// of their own dist module (`executeQueryPlan_1.executeQueryPlan(...)`,
// `resultShaping_1.computeResponse(...)`), so replacing that property swaps the function for
// every request. If an upgrade moves one, start-up fails here with a clear message instead of
// silently keeping the slower path. Apollo's function is stored on the module object, which
// outlives any one evaluation of this file (test runners re-evaluate ES modules, not CommonJS ones).
import { createRequire } from 'node:module';
import type { Operation, Schema } from '@apollo/federation-internals';
import type { FetchNode } from '@apollo/query-planner';
import type { Span } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';

type AnyFunction = (...args: never[]) => unknown;

export interface Seam<F extends AnyFunction> {
  /** Apollo's own function, whichever is installed. */
  readonly apollo: F;
  /** What @apollo/gateway calls now. */
  current(): F;
  /** Install `replacement`, or Apollo's own when undefined. */
  use(replacement: F | undefined): void;
}

const require = createRequire(import.meta.url);

function seam<F extends AnyFunction>(modulePath: string, exportName: string): Seam<F> {
  const loaded = require(modulePath) as Record<string | symbol, unknown>;
  if (typeof loaded[exportName] !== 'function') {
    throw new Error(`${modulePath} no longer exports ${exportName}: @apollo/gateway changed, see gateway/execution/apollo-seams.ts before upgrading it`);
  }
  const original = Symbol.for(`singleview.apollo-gateway.${exportName}`);
  loaded[original] ??= loaded[exportName];
  const apollo = loaded[original] as F;
  return {
    apollo,
    current: () => loaded[exportName] as F,
    use(replacement) {
      loaded[exportName] = replacement ?? apollo;
    },
  };
}

/** Apollo's declared signatures, which a replacement keeps. */
export type ComputeResponse = typeof import('@apollo/gateway/dist/resultShaping.js').computeResponse;
export type ExecuteQueryPlan = typeof import('@apollo/gateway').executeQueryPlan;

/** Shapes merged subgraph data into the client's answer after a plan has run (called by the executor). */
export const resultShapingSeam = seam<ComputeResponse>('@apollo/gateway/dist/resultShaping.js', 'computeResponse');
/** Runs a query plan: fetches, merges, then result shaping (called by ApolloGateway per operation). */
export const planExecutorSeam = seam<ExecuteQueryPlan>('@apollo/gateway/dist/executeQueryPlan.js', 'executeQueryPlan');

/** Apollo's helpers that Singleview's executor calls as Apollo's own does, from the pinned gateway's modules. */
export const apollo = {
  rewrites: require('@apollo/gateway/dist/dataRewrites.js') as {
    applyRewrites(schema: GraphQLSchema, rewrites: FetchNode['inputRewrites'], value: unknown): void;
    isObjectOfType(schema: GraphQLSchema, value: unknown, typeCondition: string): boolean;
  },
  telemetry: require('@apollo/gateway/dist/utilities/opentelemetry.js') as {
    tracer: { startActiveSpan<T>(name: string, ...rest: unknown[]): T };
    OpenTelemetrySpanNames: { EXECUTE: string; FETCH: string; POST_PROCESSING: string };
    recordExceptions(span: Span, errors: readonly unknown[], config: unknown): void;
  },
  hydratedPaths: (require('@apollo/gateway/dist/executeQueryPlan.js') as { generateHydratedPaths(parent: (string | number)[], path: readonly (string | number)[], data: unknown, result: (string | number)[][]): void }).generateHydratedPaths,
  /** Objects merge key by key, equal-length lists element by element, anything else replaces. */
  deepMerge: (require('@apollo/gateway/dist/utilities/deepMerge.js') as typeof import('@apollo/gateway/dist/utilities/deepMerge.js')).deepMerge,
};

/** What the plan cache's warm-up reads of a loaded ApolloGateway: instance fields of the pinned 2.14 release. */
export interface GatewayPlanning {
  apiSchema: Schema;
  queryPlanner: { buildQueryPlan(operation: Operation, options?: { recursiveSelectionsLimitDisabled?: boolean; nonLocalSelectionsLimitDisabled?: boolean }): unknown };
  recursiveSelectionsLimitDisabled?: boolean;
  nonLocalSelectionsLimitDisabled?: boolean;
}

/** The loaded gateway, typed for its API schema and planner (read when used: both change on every supergraph load); throws if an upgrade renamed them. */
export function gatewayPlanning(gateway: object): GatewayPlanning {
  const planning = gateway as Partial<GatewayPlanning>;
  if (!planning.apiSchema || typeof planning.queryPlanner?.buildQueryPlan !== 'function') {
    throw new Error('@apollo/gateway no longer exposes apiSchema and queryPlanner: the query-plan warm-up (gateway/supergraph/plan-cache.ts) needs updating for this release');
  }
  return planning as GatewayPlanning;
}
