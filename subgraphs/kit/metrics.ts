// Prometheus metrics every subgraph exposes, chiefly how often it calls its legacy system.
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export interface SubgraphMetrics {
  registry: Registry;
  /** Count one call to the legacy system (an HTTP request, a SQL statement, a MongoDB operation). */
  legacyCall(system: string, operation: string): void;
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
  return {
    registry,
    legacyCall: (system, operation) => calls.inc({ system, operation }),
  };
}
