// The insights subgraph: journey, lifecycle and segments computed from other subgraphs' fields via @requires.
import { createSubgraphMetrics } from '../kit/metrics.ts';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/service.ts';
import { createInsightsContext, type InsightsContext } from './context.ts';
import { resolvers } from './resolvers.ts';

export async function createInsightsSubgraph(): Promise<SubgraphDefinition<InsightsContext>> {
  return {
    name: 'insights',
    typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
    resolvers,
    metrics: createSubgraphMetrics('insights'),
    createContext: createInsightsContext,
  };
}
