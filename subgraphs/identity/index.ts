// The identity subgraph: unified customer IDs over the identity graph store, plus the key, ingest and steward services.
import { createLogger, type Logger } from '../../runtime/logger.ts';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/service.ts';
import { createSubgraphMetrics } from '../kit/metrics.ts';
import { openDocumentDatabase } from '../kit/store/open.ts';
import { openIdentityStore } from './adapters/document-store.ts';
import { createIdentityContext, type IdentityContext } from './context.ts';
import { IdentityGraph } from './identity-graph.ts';
import { identityRoutes } from './ingest/routes.ts';
import { resolvers } from './resolvers.ts';
import { StewardOperations } from './steward/operations.ts';

export interface IdentityConfig {
  /** Where the identity graph lives: mongodb://… or memory://… */
  mongoUri: string;
  logger?: Logger;
}

export async function createIdentitySubgraph(config: IdentityConfig): Promise<SubgraphDefinition<IdentityContext>> {
  const metrics = createSubgraphMetrics('identity');
  const db = await openDocumentDatabase(config.mongoUri, 'singleview_identity', (_collection, op) => metrics.legacyCall('identity-store', op));
  const store = await openIdentityStore(db);
  const graph = new IdentityGraph(store, { logger: config.logger ?? createLogger('identity') });
  const steward = new StewardOperations(graph);
  // A store that already holds a resolved graph gets its in-memory index (and any crash repair) in the background.
  void graph.start();
  return {
    name: 'identity',
    typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
    resolvers,
    metrics,
    createContext: (request) => createIdentityContext(graph, steward, request),
    readiness: { 'identity-store': () => store.ping() },
    routes: identityRoutes(graph),
    async close() {
      // Let a change in progress finish before the store goes.
      await graph.exclusive(async () => undefined);
      await store.close();
    },
  };
}
