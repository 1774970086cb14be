// The gateway's Prometheus metrics, defined once: requests, latency, subgraph fetches, breakers, retries, policy rejections.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { breakerStateGauge } from '../runtime/resilience/breaker-gauge.ts';

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'singleview_gateway_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, partial, error, rejected)',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'singleview_gateway_request_duration_seconds',
    help: 'GraphQL request latency, by operation name',
    labelNames: ['operation'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const fetchLatency = new Histogram({
    name: 'singleview_subgraph_fetch_duration_seconds',
    help: 'Latency of each subgraph fetch in a query plan',
    labelNames: ['subgraph'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const fetchErrors = new Counter({
    name: 'singleview_subgraph_fetch_errors_total',
    help: 'Subgraph fetches that failed, by subgraph and reason (timeout, breaker_open, error)',
    labelNames: ['subgraph', 'reason'],
    registers: [registry],
  });
  const breakerState = breakerStateGauge(registry, 'singleview_subgraph_breaker_state', 'Circuit breaker state towards each subgraph: 1 for the current state', 'subgraph');
  const retries = new Counter({
    name: 'singleview_subgraph_retries_total',
    help: 'Retried subgraph fetches (idempotent reads, within the retry budget)',
    labelNames: ['subgraph'],
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'singleview_gateway_rejections_total',
    help: 'Requests refused by a policy (rate limit, operation limits, safelist, authentication), by error code',
    labelNames: ['code'],
    registers: [registry],
  });
  const cache = new Counter({
    name: 'singleview_gateway_cache_total',
    help: 'Cache lookups by cache and result (hit, miss)',
    labelNames: ['cache', 'result'],
    registers: [registry],
  });
  return {
    registry,
    request: (operation: string, outcome: 'ok' | 'partial' | 'error' | 'rejected', seconds: number) => {
      requests.inc({ operation, outcome });
      latency.observe({ operation }, seconds);
    },
    fetch: (subgraph: string, seconds: number) => fetchLatency.observe({ subgraph }, seconds),
    fetchError: (subgraph: string, reason: string) => fetchErrors.inc({ subgraph, reason }),
    breakerState,
    retry: (subgraph: string) => retries.inc({ subgraph }),
    rejection: (code: string) => rejections.inc({ code }),
    cacheLookup: (name: string, hit: boolean, count = 1) => {
      if (count > 0) cache.inc({ cache: name, result: hit ? 'hit' : 'miss' }, count);
    },
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
