// The Prometheus gauge of circuit-breaker states, shared by the gateway (per subgraph) and the subgraphs (per legacy system).
import { Gauge, type Registry } from 'prom-client';
import type { BreakerState } from './breaker.ts';

const STATES: BreakerState[] = ['closed', 'half_open', 'open'];

/** A gauge with one series per target and state, 1 for the current state; returns its setter. */
export function breakerStateGauge(registry: Registry, name: string, help: string, target: string): (key: string, state: BreakerState) => void {
  const gauge = new Gauge({ name, help, labelNames: [target, 'state'], registers: [registry] });
  return (key, state) => {
    for (const s of STATES) gauge.set({ [target]: key, state: s }, s === state ? 1 : 0);
  };
}
