// Wraps a subgraph's source port so that any legacy-system failure surfaces as a clean UpstreamError on the affected fields.
import { UpstreamError } from './errors.ts';
import type { Logger } from '../../runtime/logger.ts';

/**
 * Every async method of the port is guarded: a failure is logged once (without the
 * query or its parameters) and rethrown as an UpstreamError naming only the system.
 */
export function guardSource<T extends object>(source: T, system: string, logger: Logger): T {
  return new Proxy(source, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          if (error instanceof UpstreamError) throw error;
          const timedOut = isTimeout(error);
          logger.warn({ system, operation: String(prop), reason: timedOut ? 'timeout' : 'error', error: describe(error) }, 'legacy call failed');
          throw new UpstreamError(system, timedOut ? 'timeout' : 'unavailable', error);
        }
      };
    },
  });
}

function isTimeout(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { timedOut?: boolean; name?: string; code?: string };
  return e.timedOut === true || e.name === 'TimeoutError' || e.code === 'ETIMEDOUT' || e.code === 'UND_ERR_HEADERS_TIMEOUT';
}

/** A class name and code only: driver messages can echo query text or values. */
function describe(error: unknown): string {
  if (!error || typeof error !== 'object') return String(error);
  const e = error as { name?: string; code?: string };
  return [e.name, e.code].filter(Boolean).join(' ') || 'error';
}
