// Prometheus metrics every subgraph exposes, chiefly how often it calls its legacy system.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from '../../runtime/resilience/breaker.ts';

export interface SubgraphMetrics {
  registry: Registry;
  /** Count one call to the legacy system (an HTTP request, a SQL statement, a MongoDB operation). */
  legacyCall(system: string, operation: string): void;
  breakerState(system: string, state: BreakerState): void;
  retry(system: string): void;
}

const STATES: BreakerState[] = ['closed', 'half_open', 'open'];

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
  const breaker = new Gauge({
    name: 'singleview_legacy_breaker_state',
    help: 'Circuit breaker state towards each legacy system: 1 for the current state',
    labelNames: ['system', 'state'],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'singleview_legacy_retries_total',
    help: 'Retried calls to a legacy system (within the retry budget)',
    labelNames: ['system'],
    registers: [registry],
  });
  return {
    registry,
    legacyCall: (system, operation) => calls.inc({ system, operation }),
    breakerState: (system, state) => {
      for (const s of STATES) breaker.set({ system, state: s }, s === state ? 1 : 0);
    },
    retry: (system) => retries.inc({ system }),
  };
}
