// Load shedding: beyond a bound on GraphQL requests in flight, answer 503 at once instead of queueing without limit.
//
// An overloaded gateway that queues everything holds every waiting request, its plan and its
// subgraph answers in memory, and answers all of them late (then with timeouts). Refusing the
// excess quickly keeps memory bounded and the admitted requests fast; clients retry after
// `Retry-After`. The bound is per gateway process (per cluster worker).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGraphQLError } from '../../runtime/http-server.ts';
import { PolicyCode } from '../policy-error.ts';

export interface LoadShedding {
  /** Admits the request (its slot is freed when the response closes) or answers 503; true when it answered. */
  intercept(req: IncomingMessage, res: ServerResponse): boolean;
  inFlight(): number;
}

/** `maxInFlight` 0 turns shedding off. `onShed` is told of each refusal (for /metrics). */
export function loadShedding(maxInFlight: number, onShed: (code: string) => void = () => {}): LoadShedding {
  let inFlight = 0;
  // Unbounded: nothing to count, so nothing is added to the request path.
  if (maxInFlight === 0) return { intercept: () => false, inFlight: () => 0 };
  return {
    intercept(_req, res) {
      if (inFlight >= maxInFlight) {
        onShed(PolicyCode.GATEWAY_OVERLOADED);
        sendGraphQLError(res, 503, `The gateway is at capacity (${maxInFlight} requests in flight); retry shortly`, PolicyCode.GATEWAY_OVERLOADED, { 'retry-after': '1' });
        return true;
      }
      inFlight++;
      res.once('close', () => inFlight--);
      return false;
    },
    inFlight: () => inFlight,
  };
}
