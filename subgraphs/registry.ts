// Builds any subgraph by name from environment settings: shared by the standalone entry point and the embedded stack.
import { readString, readUrl } from '../runtime/config.ts';
import { DEFAULT_BREAKER } from '../runtime/resilience/breaker.ts';
import { readCallPolicy } from '../runtime/resilience/policy-config.ts';
import type { Logger } from '../runtime/logger.ts';
import type { SubgraphDefinition } from './kit/service.ts';
import { mongoUriOf } from './kit/store/open.ts';
import { createChannelSubgraph } from './channel/index.ts';
import { createCrmSubgraph } from './crm/index.ts';
import { createErpSubgraph } from './erp/index.ts';
import { createIdentitySubgraph } from './identity/index.ts';
import { createInsightsSubgraph } from './insights/index.ts';
import { createMembershipSubgraph } from './membership/index.ts';

export const SUBGRAPH_PORTS = { identity: 4101, crm: 4102, erp: 4103, membership: 4104, channel: 4105, insights: 4106 } as const;
export type SubgraphName = keyof typeof SUBGRAPH_PORTS;
export const EMBEDDED_ERP_URL = 'pglite://erp';

type Env = Record<string, string | undefined>;

/**
 * Each subgraph's calls to its legacy system: LEGACY_TIMEOUT_MS (default 1 s, below the
 * gateway's 2 s subgraph timeout, so that a slow system yields this subgraph's own partial
 * answer rather than a gateway timeout), LEGACY_RETRIES, LEGACY_BREAKER_* (an open breaker
 * probes again after 500 ms, so a recovered system is back within a second).
 */
const legacyPolicy = (env: Env) => readCallPolicy(env, 'LEGACY_', { timeoutMs: 1_000, breaker: { ...DEFAULT_BREAKER, resetTimeoutMs: 500 } });

const identityUrl = (env: Env) => readUrl(env, 'IDENTITY_URL', ['http:', 'https:']) ?? `http://127.0.0.1:${SUBGRAPH_PORTS.identity}`;

export function createSubgraph(name: SubgraphName, env: Env, logger: Logger): Promise<SubgraphDefinition<object>> {
  switch (name) {
    case 'identity':
      return createIdentitySubgraph({ mongoUri: mongoUriOf(env, 'IDENTITY_MONGODB_URI'), logger });
    case 'crm':
      return createCrmSubgraph(
        {
          apiUrl: readUrl(env, 'CRM_API_URL', ['http:', 'https:']) ?? 'http://127.0.0.1:4201',
          apiKey: readString(env, 'CRM_API_KEY'),
          identityUrl: identityUrl(env),
          legacyPolicy: legacyPolicy(env),
        },
        logger,
      );
    case 'erp':
      return createErpSubgraph({ databaseUrl: readUrl(env, 'ERP_DATABASE_URL', ['postgres:', 'postgresql:', 'pglite:']) ?? EMBEDDED_ERP_URL, identityUrl: identityUrl(env), legacyPolicy: legacyPolicy(env) }, logger);
    case 'membership':
      return createMembershipSubgraph({ mongoUri: mongoUriOf(env, 'MEMBERSHIP_MONGODB_URI'), identityUrl: identityUrl(env), legacyPolicy: legacyPolicy(env) }, logger);
    case 'channel':
      return createChannelSubgraph({ mongoUri: mongoUriOf(env, 'CHANNEL_MONGODB_URI'), identityUrl: identityUrl(env), legacyPolicy: legacyPolicy(env) }, logger);
    case 'insights':
      return createInsightsSubgraph({ mongoUri: mongoUriOf(env, 'INSIGHTS_MONGODB_URI') }, logger);
  }
}
