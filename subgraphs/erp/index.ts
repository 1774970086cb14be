// The ERP subgraph: accounts, orders, invoices and balances from the legacy ERP's SQL database.
import type { Logger } from '../../runtime/logger.ts';
import type { CallPolicySettings } from '../../runtime/resilience/call-policy.ts';
import { IdentityKeys } from '../kit/identity-keys.ts';
import { guardSource } from '../kit/legacy-guard.ts';
import { createSubgraphMetrics } from '../kit/metrics.ts';
import { loadTypeDefs, type SubgraphDefinition } from '../kit/service.ts';
import { openSqlClient } from './adapters/sql-client.ts';
import { createSqlErpSource } from './adapters/sql-source.ts';
import { createErpContext, type ErpContext } from './context.ts';
import { resolvers } from './resolvers.ts';

export interface ErpConfig {
  /** postgres://… for a real ERP database, pglite://name for the embedded one. */
  databaseUrl: string;
  identityUrl: string;
  /** Timeout, retries and breaker for calls to the legacy system. */
  legacyPolicy?: Partial<CallPolicySettings>;
}

export async function createErpSubgraph(config: ErpConfig, logger: Logger): Promise<SubgraphDefinition<ErpContext>> {
  const metrics = createSubgraphMetrics('erp');
  const sql = await openSqlClient(config.databaseUrl, (statement) => metrics.legacyCall('erp-db', statement));
  const source = guardSource(createSqlErpSource(sql), 'erp', logger, metrics, config.legacyPolicy);
  const identity = new IdentityKeys(config.identityUrl, 'erp', () => metrics.legacyCall('identity', 'keys'));
  return {
    name: 'erp',
    typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
    resolvers,
    metrics,
    createContext: () => createErpContext(source, identity),
    readiness: { 'erp-db': () => source.ping() },
    async close() {
      await identity.close();
      await source.close();
    },
  };
}
