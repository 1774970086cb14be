// Builds the gateway: the supergraph source, the subgraph data sources and the ordered list of policy plugins.
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError } from 'graphql';
import { createHttpServer, sendJson, type RunningHttpServer } from '../runtime/http-server.ts';
import type { Logger } from '../runtime/logger.ts';
import type { GatewayConfig } from './config.ts';
import { requestLogPlugin } from './plugins/request-log.ts';
import { SubgraphDataSource, subgraphUrl } from './subgraph-datasource.ts';
import { fileSupergraphManager, readSupergraphFile } from './supergraph/file-source.ts';

export interface RunningGateway {
  url: string;
  graphqlUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const supergraph = readSupergraphFile(config.supergraphPath);
  const subgraphs = new Map<string, string>();
  const gateway = new ApolloGateway({
    supergraphSdl: fileSupergraphManager(supergraph),
    buildService: ({ name, url }) => {
      const resolved = subgraphUrl(name, url, config.subgraphUrls);
      subgraphs.set(name, resolved);
      return new SubgraphDataSource({ name, url: resolved });
    },
    logger: { debug: () => {}, info: (m) => logger.debug(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });

  // The policy pipeline, in the order a request meets it.
  const plugins: ApolloServerPlugin[] = [requestLogPlugin(logger), ApolloServerPluginLandingPageDisabled()];

  const apollo = new ApolloServer({
    gateway,
    plugins,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: (formatted, error) => {
      // Errors raised on purpose, here or in a subgraph, carry a code and a message safe to show.
      const code = formatted.extensions?.code;
      if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
      logger.error({ err: error instanceof GraphQLError ? (error.originalError ?? error) : error }, 'unexpected error');
      return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    },
    logger: { debug: () => {}, info: (m) => logger.debug(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  await apollo.start();

  const http = createHttpServer({
    logger,
    graphql: { path: '/graphql', apollo, context: async () => ({}), maxBodyBytes: config.maxBodyBytes },
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/readyz': async (_req, res) => {
        const reachable = await probeSubgraphs(subgraphs);
        sendJson(res, 200, { status: 'ready', supergraph: supergraph.path, subgraphs: reachable });
      },
    },
  });
  const running: RunningHttpServer = await http.listen(config.port, config.host);
  logger.info({ url: `${running.url}/graphql` }, 'gateway listening');
  return {
    url: running.url,
    graphqlUrl: `${running.url}/graphql`,
    port: running.port,
    async close() {
      await running.close();
      await apollo.stop();
    },
  };
}

/** Which subgraphs answer their health check right now (for /readyz; never blocks serving). */
async function probeSubgraphs(subgraphs: Map<string, string>): Promise<Record<string, 'up' | 'down'>> {
  const out: Record<string, 'up' | 'down'> = {};
  await Promise.all(
    [...subgraphs].map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1_000) });
        out[name] = response.ok ? 'up' : 'down';
      } catch {
        out[name] = 'down';
      }
    }),
  );
  return out;
}
