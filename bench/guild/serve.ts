// Entry point: serves the four guild subgraphs from one process on loopback and prints their URLs as one JSON line.
//
// Usage: node bench/guild/serve.ts [--port BASE]   (BASE, BASE+1, ...; free ports when absent)
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { createHttpServer, sendJson, type RunningHttpServer } from '../../runtime/http-server.ts';
import { createLogger } from '../../runtime/logger.ts';
import { GUILD_SUBGRAPHS, readGuildData, type GuildSubgraph } from './scenario-files.ts';
import { guildSubgraphs } from './subgraphs.ts';

const logger = createLogger('guild-subgraphs', process.env.LOG_LEVEL ?? 'warn');
const portArg = process.argv.indexOf('--port');
const basePort = portArg === -1 ? 0 : Number(process.argv[portArg + 1]);

const definitions = guildSubgraphs(readGuildData());
const running: RunningHttpServer[] = [];
// Subgraph requests served, by subgraph: GET /stats lets the harness check that no gateway
// skips fetches (deduplication) that another makes.
const served: Record<string, number> = Object.fromEntries(GUILD_SUBGRAPHS.map((name) => [name, 0]));
const stats = (_req: unknown, res: Parameters<typeof sendJson>[0]) => sendJson(res, 200, served);
const urls = {} as Record<GuildSubgraph, string>;
for (const [i, name] of GUILD_SUBGRAPHS.entries()) {
  const { typeDefs, resolvers } = definitions[name];
  const apollo = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const http = createHttpServer({
    logger,
    routes: { '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok', subgraph: name }), '/stats': stats },
    graphql: {
      path: '/graphql',
      apollo,
      context: async () => {
        served[name]++;
        return {};
      },
      maxBodyBytes: 10_000_000,
    },
  });
  const server = await http.listen(basePort === 0 ? 0 : basePort + i, '127.0.0.1');
  running.push(server);
  urls[name] = `${server.url}/graphql`;
}
console.log(JSON.stringify({ ready: true, pid: process.pid, urls }));

const stop = async () => {
  await Promise.all(running.map((s) => s.close(1_000)));
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
