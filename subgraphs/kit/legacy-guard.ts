// Wraps a subgraph's source port in the call policy (timeout, budgeted retries, breaker), and turns failures into UpstreamErrors.
import type { Logger } from '../../runtime/logger.ts';
import { CallPolicy, failureReason, type CallPolicySettings } from '../../runtime/resilience/call-policy.ts';
import { inClientSpan } from '../../runtime/tracing.ts';
import { UpstreamError } from './errors.ts';
import type { SubgraphMetrics } from './metrics.ts';

/**
 * Every async method of the port is a read of the legacy system: it runs under one call
 * policy per system (so one breaker sees all of the system's calls). A failure is logged
 * once, without the query or its parameters, and surfaces as an UpstreamError naming only
 * the system and the reason, on the fields that needed it.
 */
export function guardSource<T extends object>(source: T, system: string, logger: Logger, metrics?: SubgraphMetrics, settings: Partial<CallPolicySettings> = {}): T {
  const policy = new CallPolicy(system, settings, {
    onState: (_dependency, state) => metrics?.breakerState(system, state),
    onRetry: () => metrics?.retry(system),
  });
  return new Proxy(source, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close') return value;
      return async (...args: unknown[]) => {
        try {
          return await inClientSpan(`legacy ${system}.${String(prop)}`, { 'singleview.system': system }, () =>
            policy.run(() => value.apply(target, args), { idempotent: true }),
          );
        } catch (error) {
          if (error instanceof UpstreamError) throw error;
          const reason = failureReason(error);
          logger.warn({ system, operation: String(prop), reason, error: describe(error) }, 'legacy call failed');
          throw new UpstreamError(system, reason, error);
        }
      };
    },
  });
}

/** A class name and code only: driver messages can echo query text or values. */
function describe(error: unknown): string {
  if (!error || typeof error !== 'object') return String(error);
  const e = error as { name?: string; code?: string };
  return [e.name, e.code].filter(Boolean).join(' ') || 'error';
}
