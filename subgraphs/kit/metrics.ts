// Prometheus metrics every subgraph exposes, chiefly how often it calls its legacy system.
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { breakerStateGauge } from '../../runtime/resilience/breaker-gauge.ts';
import type { BreakerState } from '../../runtime/resilience/breaker.ts';

export interface SubgraphMetrics {
  registry: Registry;
  /** Count one call to the legacy system (an HTTP request, a SQL statement, a MongoDB operation). */
  legacyCall(system: string, operation: string): void;
  breakerState(system: string, state: BreakerState): void;
  retry(system: string): void;
}

export function createSubgraphMetrics(subgraph: string, withDefaults = false): SubgraphMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ subgraph });
  if (withDefaults) collectDefaultMetrics({ register: registry });
  const calls = new Counter({
    name: 'singleview_legacy_calls_total',
    help: 'Calls from a subgraph to its legacy system, by system and operation',
    labelNames: ['system', 'operation'],
    registers: [registry],
  });
  const breakerState = breakerStateGauge(registry, 'singleview_legacy_breaker_state', 'Circuit breaker state towards each legacy system: 1 for the current state', 'system');
  const retries = new Counter({
    name: 'singleview_legacy_retries_total',
    help: 'Retried calls to a legacy system (within the retry budget)',
    labelNames: ['system'],
    registers: [registry],
  });
  return {
    registry,
    legacyCall: (system, operation) => calls.inc({ system, operation }),
    breakerState,
    retry: (system) => retries.inc({ system }),
  };
}
