// The channel subgraph: touchpoints, preferences and devices from the marketing channels' MongoDB.
import type { Logger } from '../../runtime/logger.ts';
import type { CallPolicySettings } from '../../runtime/resilience/call-policy.ts';
import { IdentityKeys } from '../kit/identity-keys.ts';
import { guardSource } from '../kit/legacy-guard.ts';
import { createSubgraphMetrics } from '../kit/metrics.ts';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/service.ts';
import { openDocumentDatabase } from '../kit/store/open.ts';
import { createDocumentChannelSource } from './adapters/document-source.ts';
import { createChannelContext, type ChannelContext } from './context.ts';
import { resolvers } from './resolvers.ts';

export interface ChannelConfig {
  mongoUri: string;
  identityUrl: string;
  /** Timeout, retries and breaker for calls to the legacy system. */
  legacyPolicy?: Partial<CallPolicySettings>;
}

export async function createChannelSubgraph(config: ChannelConfig, logger: Logger): Promise<SubgraphDefinition<ChannelContext>> {
  const metrics = createSubgraphMetrics('channel');
  const db = await openDocumentDatabase(config.mongoUri, 'channel', (collection, op) => metrics.legacyCall('channel-db', `${collection}.${op}`));
  const source = guardSource(await createDocumentChannelSource(db), 'channel', logger, metrics, config.legacyPolicy);
  const identity = new IdentityKeys(config.identityUrl, 'channel', () => metrics.legacyCall('identity', 'keys'));
  return {
    name: 'channel',
    typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
    resolvers,
    metrics,
    createContext: () => createChannelContext(source, identity),
    readiness: { 'channel-db': () => source.ping() },
    async close() {
      await identity.close();
      await source.close();
    },
  };
}
