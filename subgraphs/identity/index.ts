// The identity subgraph: unified customer IDs over the identity graph store, plus the key and ingest services.
import { loadTypeDefs, type SubgraphDefinition } from '../kit/service.ts';
import { createSubgraphMetrics } from '../kit/metrics.ts';
import { openDocumentDatabase } from '../kit/store/open.ts';
import { openIdentityStore } from './adapters/document-store.ts';
import { createIdentityContext, type IdentityContext } from './context.ts';
import { identityRoutes } from './ingest/routes.ts';
import { resolvers } from './resolvers.ts';

export interface IdentityConfig {
  /** Where the identity graph lives: mongodb://… or memory://… */
  mongoUri: string;
}

export async function createIdentitySubgraph(config: IdentityConfig): Promise<SubgraphDefinition<IdentityContext>> {
  const metrics = createSubgraphMetrics('identity');
  const db = await openDocumentDatabase(config.mongoUri, 'singleview_identity', (_collection, op) => metrics.legacyCall('identity-store', op));
  const store = await openIdentityStore(db);
  return {
    name: 'identity',
    typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
    resolvers,
    metrics,
    createContext: () => createIdentityContext(store),
    readiness: { 'identity-store': () => store.ping() },
    routes: identityRoutes(store),
  };
}
