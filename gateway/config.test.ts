// Gateway settings from the environment: per-subgraph call policies stand on their own, without a URL override.
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.ts';

describe('readGatewayConfig', () => {
  it('reads SUBGRAPH_<NAME>_TIMEOUT_MS without SUBGRAPH_<NAME>_URL, over the SUBGRAPH_* defaults', () => {
    const config = readGatewayConfig({ SUBGRAPH_ERP_TIMEOUT_MS: '300', SUBGRAPH_TIMEOUT_MS: '1500', SUBGRAPH_CRM_URL: 'http://crm.internal:4102/graphql', SUBGRAPH_BREAKER_RESET_MS: '700' });
    expect(config.subgraphPolicy.erp?.timeoutMs).toBe(300);
    expect(config.subgraphPolicy.erp?.breaker?.resetTimeoutMs).toBe(700);
    expect(config.subgraphPolicy.crm?.timeoutMs).toBe(1500);
    expect(config.subgraphPolicy.default?.timeoutMs).toBe(1500);
    expect(config.subgraphUrls).toEqual({ crm: 'http://crm.internal:4102/graphql' });
    expect(Object.keys(config.subgraphPolicy).sort()).toEqual(['crm', 'default', 'erp']);
  });
});
