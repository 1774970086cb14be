// Builds the gateway: the supergraph source, the subgraph data sources and the ordered list of policy plugins.
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { QueryPlan } from '@apollo/query-planner';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError } from 'graphql';
import { createHttpServer, sendJson, type RunningHttpServer } from '../runtime/http-server.ts';
import type { Logger } from '../runtime/logger.ts';
import { ENTITY_CACHE_INVALIDATION_PATH, entityCacheInvalidation } from './cache-invalidation.ts';
import type { GatewayConfig } from './config.ts';
import { useFetchMerging } from './execution/fetch-merging.ts';
import { usePlanExecutor, useResultShaping } from './execution/install.ts';
import { createGatewayMetrics } from './metrics.ts';
import { createPolicies } from './policies.ts';
import { degradedSourcesPlugin } from './plugins/degraded-sources.ts';
import { loadShedding } from './plugins/load-shedding.ts';
import { observabilityPlugin } from './plugins/observability.ts';
import { operationResolutionPlugin } from './plugins/operation-resolution.ts';
import { attachRequestState, createRequestState } from './request-state.ts';
import { SubgraphDataSource, subgraphUrl } from './subgraphs/datasource.ts';
import { EntityCache } from './subgraphs/entity-cache.ts';
import { shareInvalidations, workerChannel } from './subgraphs/entity-cache-peers.ts';
import { SupergraphSource, type SupergraphStatus } from './supergraph/manager.ts';
import { planMemoryPlugin, plannerOf, QueryPlanCache } from './supergraph/plan-cache.ts';
import { prepareSupergraph } from './supergraph/security.ts';

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  port: number;
  supergraph(): SupergraphStatus;
  /** Stop accepting, drain in-flight requests up to the grace period, close subgraph pools. */
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const metrics = createGatewayMetrics();
  useResultShaping(config.resultShaping);
  usePlanExecutor(config.planExecutor);
  useFetchMerging(config.fetchMerging);
  const sources = new Map<string, SubgraphDataSource>();
  // Seam for the authorization policy: `prepare` turns each loaded SDL (start-up and every hot
  // reload) into what @apollo/gateway is given, taking over the SECURITY features, and hands the
  // directives to the policies.
  const policies = await createPolicies(config.policies, logger, { rejection: metrics.rejection, cacheLookup: metrics.cacheLookup });
  // Off unless a TTL is configured: no cache answers the repeated guild query in the benchmark.
  const entityCache = config.entityCache.ttlMs > 0
    ? new EntityCache(config.entityCache, (hits, misses) => {
        metrics.cacheLookup('entities', true, hits);
        metrics.cacheLookup('entities', false, misses);
      })
    : undefined;
  entityCache?.sharesInvalidationsWith(shareInvalidations(workerChannel(), (target) => entityCache.dropLocal(target)));
  const planCache = new QueryPlanCache<QueryPlan>(config.queryPlanCache, (hit) => metrics.cacheLookup('query_plans', hit));
  const supergraph = new SupergraphSource({
    path: config.supergraphPath,
    logger,
    watch: config.watchSupergraph,
    prepare: (sdl) => {
      const prepared = prepareSupergraph(sdl);
      policies.onSupergraph(prepared.directives);
      return prepared.gatewaySdl;
    },
  });
  const apolloLogger = { debug: () => {}, info: (m: string) => logger.debug(m), warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) };
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.manager(),
    buildService: ({ name, url }) => {
      const source = new SubgraphDataSource({
        name,
        url: subgraphUrl(name, url, config.subgraphUrls),
        policy: config.subgraphPolicy[name] ?? config.subgraphPolicy.default,
        metrics,
        entityCache,
      });
      // A reload rebuilds data sources; the old pool is closed once it is replaced.
      const previous = sources.get(name);
      sources.set(name, source);
      if (previous) setTimeout(() => void previous.close(), config.shutdownGraceMs).unref();
      return source;
    },
    logger: apolloLogger,
    queryPlannerConfig: { cache: planCache },
  });
  // After every supergraph load, plan again the operations served most recently (none at start-up).
  let planner: ReturnType<typeof plannerOf> | undefined;
  // The same moment drops cached entities: a new supergraph may change what a subgraph answers
  // for the same fetch (every worker loads it on its own, so the drop stays local).
  gateway.onSchemaLoadOrUpdate(() => {
    entityCache?.dropLocal({});
    if (planner && config.queryPlanCache.warmOperations > 0) void planCache.warm(planner);
  });

  // The policy pipeline, in the order a request meets it.
  const plugins: ApolloServerPlugin[] = [
    observabilityPlugin(logger, metrics),
    operationResolutionPlugin(),
    degradedSourcesPlugin(),
    ...policies.plugins,
    // Operations are remembered only when a reload will plan them again.
    ...(config.queryPlanCache.warmOperations > 0 ? [planMemoryPlugin(planCache)] : []),
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginCacheControlDisabled(),
  ];

  const apollo = new ApolloServer({
    gateway,
    plugins,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.environment === 'production',
    csrfPrevention: true,
    // The process entry point owns SIGINT/SIGTERM and drains first; Apollo must not race it.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => {
      // Errors raised on purpose, here or in a subgraph, carry a code and a message safe to show.
      const code = formatted.extensions?.code;
      if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
      logger.error({ err: error instanceof GraphQLError ? (error.originalError ?? error) : error }, 'unexpected error');
      return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    },
    logger: apolloLogger,
  });
  await apollo.start();
  planner = plannerOf(gateway);

  let draining = false;
  const shedding = loadShedding(config.maxInFlight, metrics.rejection);
  const http = createHttpServer({
    logger,
    spanName: 'gateway.http',
    graphql: {
      path: '/graphql',
      apollo,
      context: async (req, _res, body) => attachRequestState(await policies.context(req, body), createRequestState(config.requestTimeoutMs, headerValue(req.headers['x-request-id']))),
      // CORS first (a preflight takes no slot, and a refusal carries CORS headers), then admission.
      intercept: (req, res) => policies.intercept(req, res) || shedding.intercept(req, res),
      maxBodyBytes: config.maxBodyBytes,
    },
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/readyz': async (_req, res) => {
        const status = supergraph.status();
        const subgraphs = await probeSubgraphs(sources);
        const ready = status.loadedAt !== null && !draining;
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : draining ? 'draining' : 'starting', supergraph: status, queryPlans: planCache.status(), subgraphs });
      },
      [ENTITY_CACHE_INVALIDATION_PATH]: entityCacheInvalidation(entityCache, policies, config.maxBodyBytes, logger),
      '/metrics': async (_req, res) => {
        const body = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      },
    },
  });
  const running: RunningHttpServer = await http.listen(config.port, config.host);
  logger.info({ url: `${running.url}/graphql` }, 'gateway listening');
  return {
    url: running.url,
    graphqlUrl: `${running.url}/graphql`,
    port: running.port,
    supergraph: () => supergraph.status(),
    async close() {
      if (draining) return;
      draining = true;
      await running.close(config.shutdownGraceMs);
      await apollo.stop();
      await Promise.all([...sources.values()].map((s) => s.close()));
      await policies.close();
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Each subgraph's breaker state and whether it answers its health check now (for /readyz; never blocks serving). */
async function probeSubgraphs(sources: Map<string, SubgraphDataSource>): Promise<Record<string, { reachable: boolean; breaker: string }>> {
  const out: Record<string, { reachable: boolean; breaker: string }> = {};
  await Promise.all(
    [...sources].map(async ([name, source]) => {
      let reachable = false;
      try {
        reachable = (await fetch(new URL('/healthz', source.url), { signal: AbortSignal.timeout(1_000) })).ok;
      } catch {
        reachable = false;
      }
      out[name] = { reachable, breaker: source.breakerState() };
    }),
  );
  return out;
}
