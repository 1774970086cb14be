// The insights subgraph: journey, stages, segments, community and next best action computed from other subgraphs' fields via @requires.
import type { Logger } from '../../runtime/logger.ts';
import { createSubgraphMetrics } from '../kit/metrics.ts';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/service.ts';
import { openDocumentDatabase } from '../kit/store/open.ts';
import { createDocumentInsightsStore } from './adapters/document-store.ts';
import { SegmentCatalog } from './catalog.ts';
import { createInsightsContext, type InsightsContext, type InsightsServices } from './context.ts';
import { Materializer } from './materialization.ts';
import { resolvers } from './resolvers.ts';

export interface InsightsConfig {
  /** Where segment definitions and the materialized membership live: mongodb://… or memory://name. */
  mongoUri: string;
}

export async function createInsightsServices(config: InsightsConfig, logger?: Logger): Promise<InsightsServices> {
  const db = await openDocumentDatabase(config.mongoUri, 'insights');
  const store = await createDocumentInsightsStore(db);
  const catalog = new SegmentCatalog(store);
  return { store, catalog, materializer: new Materializer(store, catalog, logger) };
}

export async function createInsightsSubgraph(config: InsightsConfig, logger?: Logger): Promise<SubgraphDefinition<InsightsContext>> {
  // Its own store is not a legacy system: its operations are not counted as legacy calls.
  const metrics = createSubgraphMetrics('insights');
  const services = await createInsightsServices(config, logger);
  return {
    name: 'insights',
    typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
    resolvers,
    metrics,
    createContext: () => createInsightsContext(services),
    readiness: { 'insights-store': () => services.store.ping() },
    close: () => services.store.close(),
  };
}
