// Gateway settings from the environment: per-subgraph call policies stand on their own, without a URL override; the result shaping is chosen by name.
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

  it('shapes results with the compiled walk unless GATEWAY_RESULT_SHAPING says apollo, and names a bad value', () => {
    expect(readGatewayConfig({}).resultShaping).toBe('compiled');
    expect(readGatewayConfig({ GATEWAY_RESULT_SHAPING: 'apollo' }).resultShaping).toBe('apollo');
    expect(() => readGatewayConfig({ GATEWAY_RESULT_SHAPING: 'fast' })).toThrow('Invalid configuration GATEWAY_RESULT_SHAPING: expected one of compiled, apollo, got "fast"');
  });

  it("runs plans on Singleview's executor with fetch merging unless told otherwise, and names a bad value", () => {
    expect(readGatewayConfig({})).toMatchObject({ planExecutor: 'singleview', fetchMerging: true });
    expect(readGatewayConfig({ GATEWAY_PLAN_EXECUTOR: 'apollo', GATEWAY_FETCH_MERGING: 'false' })).toMatchObject({ planExecutor: 'apollo', fetchMerging: false });
    expect(() => readGatewayConfig({ GATEWAY_PLAN_EXECUTOR: 'rust' })).toThrow('Invalid configuration GATEWAY_PLAN_EXECUTOR: expected one of singleview, apollo, got "rust"');
    expect(() => readGatewayConfig({ GATEWAY_FETCH_MERGING: 'maybe' })).toThrow('Invalid configuration GATEWAY_FETCH_MERGING: expected true or false, got "maybe"');
  });

  it('keeps the entity cache off unless a TTL is given, and reads its budget and subgraphs', () => {
    expect(readGatewayConfig({}).entityCache).toEqual({ ttlMs: 0, maxBytes: 64 * 1024 * 1024, subgraphs: null });
    const on = readGatewayConfig({ GATEWAY_ENTITY_CACHE_TTL_MS: '30000', GATEWAY_ENTITY_CACHE_MAX_MB: '8', GATEWAY_ENTITY_CACHE_SUBGRAPHS: 'CRM, erp' }).entityCache;
    expect(on).toEqual({ ttlMs: 30_000, maxBytes: 8 * 1024 * 1024, subgraphs: ['crm', 'erp'] });
    expect(() => readGatewayConfig({ GATEWAY_ENTITY_CACHE_TTL_MS: 'soon' })).toThrow('GATEWAY_ENTITY_CACHE_TTL_MS');
  });

  it('sizes the query-plan cache and its warm-up from the environment', () => {
    expect(readGatewayConfig({}).queryPlanCache).toEqual({ maxBytes: 30 * 1024 * 1024, warmOperations: 200 });
    expect(readGatewayConfig({ GATEWAY_QUERY_PLAN_CACHE_MB: '8', GATEWAY_QUERY_PLAN_WARMUP: '0' }).queryPlanCache).toEqual({ maxBytes: 8 * 1024 * 1024, warmOperations: 0 });
    expect(() => readGatewayConfig({ GATEWAY_QUERY_PLAN_CACHE_MB: '0' })).toThrow('GATEWAY_QUERY_PLAN_CACHE_MB');
  });
});
