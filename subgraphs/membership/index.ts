// The membership subgraph: membership, tier, points and community engagement from the loyalty system's MongoDB.
import type { Logger } from '../../runtime/logger.ts';
import type { CallPolicySettings } from '../../runtime/resilience/call-policy.ts';
import { IdentityKeys } from '../kit/identity-keys.ts';
import { guardSource } from '../kit/legacy-guard.ts';
import { createSubgraphMetrics } from '../kit/metrics.ts';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/service.ts';
import { openDocumentDatabase } from '../kit/store/open.ts';
import { createDocumentMembershipSource } from './adapters/document-source.ts';
import { createMembershipContext, type MembershipContext } from './context.ts';
import { resolvers } from './resolvers.ts';

export interface MembershipConfig {
  mongoUri: string;
  identityUrl: string;
  /** Timeout, retries and breaker for calls to the legacy system. */
  legacyPolicy?: Partial<CallPolicySettings>;
}

export async function createMembershipSubgraph(config: MembershipConfig, logger: Logger): Promise<SubgraphDefinition<MembershipContext>> {
  const metrics = createSubgraphMetrics('membership');
  const db = await openDocumentDatabase(config.mongoUri, 'loyalty', (collection, op) => metrics.legacyCall('loyalty-db', `${collection}.${op}`));
  const source = guardSource(await createDocumentMembershipSource(db), 'membership', logger, metrics, config.legacyPolicy);
  const identity = new IdentityKeys(config.identityUrl, 'membership', () => metrics.legacyCall('identity', 'keys'));
  return {
    name: 'membership',
    typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
    resolvers,
    metrics,
    createContext: () => createMembershipContext(source, identity),
    readiness: { 'loyalty-db': () => source.ping() },
    async close() {
      await identity.close();
      await source.close();
    },
  };
}
