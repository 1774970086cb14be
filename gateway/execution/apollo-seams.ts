// Where Singleview reaches into the pinned @apollo/gateway: the two functions it replaces, and the helpers its executor reuses.
//
// @apollo/gateway has no option for either. Its code calls both through the exports object
// of their own dist module (`executeQueryPlan_1.executeQueryPlan(...)`,
// `resultShaping_1.computeResponse(...)`), so replacing that property swaps the function for
// every request. If an upgrade moves one, start-up fails here with a clear message instead of
// silently keeping the slower path. Apollo's function is stored on the module object, which
// outlives any one evaluation of this file (test runners re-evaluate ES modules, not CommonJS ones).
import { createRequire } from 'node:module';
import type { Operation } from '@apollo/federation-internals';
import type { ConditionNode, FetchNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { Span } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';
import type { Data } from './own-properties.ts';

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

/** Shapes merged subgraph data into the client's answer after a plan has run (called by the executor). */
export const resultShapingSeam = seam<AnyFunction>('@apollo/gateway/dist/resultShaping.js', 'computeResponse');
/** Runs a query plan: fetches, merges, then result shaping (called by ApolloGateway per operation). */
export const planExecutorSeam = seam<AnyFunction>('@apollo/gateway/dist/executeQueryPlan.js', 'executeQueryPlan');

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
  planner: require('@apollo/query-planner') as {
    evaluateCondition(node: ConditionNode, definitions: Operation['variableDefinitions'], values: Data | undefined): boolean;
    getResponseName(node: QueryPlanSelectionNode & { kind: 'Field' }): string;
  },
};
