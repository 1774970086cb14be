// The CRM subgraph: contacts, cases, opportunities, owners and consents from the legacy CRM's REST API.
import type { Logger } from '../../runtime/logger.ts';
import type { CallPolicySettings } from '../../runtime/resilience/call-policy.ts';
import { IdentityKeys } from '../kit/identity-keys.ts';
import { guardSource } from '../kit/legacy-guard.ts';
import { createSubgraphMetrics } from '../kit/metrics.ts';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/service.ts';
import { createRestCrmSource } from './adapters/rest-source.ts';
import { createCrmContext, createUsersTable, type CrmContext } from './context.ts';
import { resolvers } from './resolvers.ts';

export interface CrmConfig {
  apiUrl: string;
  apiKey?: string;
  identityUrl: string;
  /** Timeout, retries and breaker for calls to the legacy system. */
  legacyPolicy?: Partial<CallPolicySettings>;
}

export async function createCrmSubgraph(config: CrmConfig, logger: Logger): Promise<SubgraphDefinition<CrmContext>> {
  const metrics = createSubgraphMetrics('crm');
  const rest = createRestCrmSource({ baseUrl: config.apiUrl, apiKey: config.apiKey, onCall: (route) => metrics.legacyCall('crm-api', route) });
  const source = guardSource(rest, 'crm', logger, metrics, config.legacyPolicy);
  const identity = new IdentityKeys(config.identityUrl, 'crm', () => metrics.legacyCall('identity', 'keys'));
  const users = createUsersTable(source);
  return {
    name: 'crm',
    typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
    resolvers,
    metrics,
    createContext: () => createCrmContext(source, identity, users),
    readiness: { 'crm-api': () => source.ping() },
    async close() {
      await identity.close();
      await source.close();
    },
  };
}
