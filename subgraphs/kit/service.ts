// Builds and serves any subgraph the same way: schema from its SDL file, per-request context, health, readiness, metrics.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { createHttpServer, sendJson, type RouteHandler } from '../../runtime/http-server.ts';
import type { Logger } from '../../runtime/logger.ts';
import { ErrorCode } from './errors.ts';
import type { SubgraphMetrics } from './metrics.ts';

export interface SubgraphDefinition<TContext extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: object;
  /** Called once per request: builds the request's DataLoaders (the request gives headers such as the acting user). */
  createContext(request?: IncomingMessage): TContext;
  metrics: SubgraphMetrics;
  /** Dependency checks behind /readyz, by name; each throws when its dependency is unreachable. */
  readiness?: Record<string, () => Promise<void>>;
  /** Extra HTTP routes, e.g. the identity key service. */
  routes?: Record<string, RouteHandler>;
  close?(): Promise<void>;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  graphqlUrl: string;
  port: number;
  /** Stop serving: in-flight requests get `graceMs` to finish (0 cuts every connection at once, as a crash would). */
  close(graceMs?: number): Promise<void>;
}

export interface ServeOptions {
  port: number;
  host?: string;
  logger: Logger;
  maxBodyBytes?: number;
}

/**
 * @apollo/subgraph writes `__typename` onto the object an entity's `__resolveReference`
 * returns. Documents from the in-memory store are frozen (shared, read-only), so an entity
 * resolved straight from the store is handed over as a shallow copy.
 */
function thawEntities(resolvers: object): object {
  const out: Record<string, unknown> = { ...resolvers };
  for (const [type, fields] of Object.entries(out)) {
    const resolve = (fields as { __resolveReference?: (...args: unknown[]) => unknown } | null)?.__resolveReference;
    if (typeof resolve !== 'function') continue;
    out[type] = {
      ...(fields as object),
      async __resolveReference(...args: unknown[]) {
        const entity = await resolve(...args);
        return entity !== null && typeof entity === 'object' && Object.isFrozen(entity) ? { ...entity } : entity;
      },
    };
  }
  return out;
}

/** Parse a subgraph's SDL file once at start-up. */
export function loadTypeDefs(schemaFile: URL): DocumentNode {
  return parse(readFileSync(schemaFile, 'utf8'));
}

export async function serveSubgraph<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  options: ServeOptions,
): Promise<RunningSubgraph> {
  const { logger } = options;
  const schema = buildSubgraphSchema([
    { typeDefs: definition.typeDefs, resolvers: thawEntities(definition.resolvers) as GraphQLResolverMap<unknown> },
  ]);
  const apollo = new ApolloServer<TContext>({
    schema,
    // No per-field hooks: the cache-control plugin would wrap every resolver for hints nobody reads.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled()],
    includeStacktraceInErrorResponses: false,
    // Subgraphs sit behind the gateway; it is the gateway's job to guard browsers.
    csrfPrevention: false,
    // The process entry point owns SIGINT/SIGTERM and drains first; Apollo must not race it.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskInternalError(logger, formatted, error),
    logger: apolloLogger(logger),
  });
  await apollo.start();

  const readiness = definition.readiness ?? {};
  const routes: Record<string, RouteHandler> = {
    '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok', subgraph: definition.name }),
    '/readyz': async (_req, res) => {
      const checks: Record<string, string> = {};
      let ready = true;
      await Promise.all(
        Object.entries(readiness).map(async ([name, check]) => {
          try {
            await check();
            checks[name] = 'ok';
          } catch {
            checks[name] = 'unreachable';
            ready = false;
          }
        }),
      );
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'degraded', subgraph: definition.name, checks });
    },
    '/metrics': async (_req, res) => {
      const body = await definition.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': definition.metrics.registry.contentType });
      res.end(body);
    },
    ...definition.routes,
  };

  const http = createHttpServer<TContext>({
    logger,
    spanName: `subgraph ${definition.name}`,
    routes,
    graphql: { path: '/graphql', apollo, context: async (req) => definition.createContext(req), maxBodyBytes: options.maxBodyBytes ?? 2_000_000 },
  });
  const running = await http.listen(options.port, options.host);
  logger.info({ subgraph: definition.name, url: running.url }, 'subgraph listening');
  let closed = false;
  return {
    name: definition.name,
    url: running.url,
    graphqlUrl: `${running.url}/graphql`,
    port: running.port,
    async close(graceMs?: number) {
      if (closed) return;
      closed = true;
      await running.close(graceMs);
      await apollo.stop();
      await definition.close?.();
    },
  };
}

/**
 * Errors the code raised on purpose carry a code and a safe message. Anything else is
 * an internal failure: log it here, and tell the client only that it happened.
 */
function maskInternalError(logger: Logger, formatted: ReturnType<GraphQLError['toJSON']>, error: unknown) {
  const code = formatted.extensions?.code;
  if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof GraphQLError && original.extensions?.code) return formatted;
  logger.error({ err: original, path: formatted.path }, 'resolver failed');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

function apolloLogger(logger: Logger) {
  return {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.debug(message),
    warn: (message: string) => logger.warn(message),
    error: (message: string) => logger.error(message),
  };
}
