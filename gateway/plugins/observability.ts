// Gateway plugin: request metrics, one structured log line per operation, and a Server-Timing header.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../runtime/logger.ts';
import type { GatewayMetrics } from '../metrics.ts';
import { requestStateOf, timeInSubgraphs } from '../request-state.ts';

/** Operation names are client-chosen: cap the label's cardinality. */
const MAX_OPERATION_LABELS = 500;

export function observabilityPlugin(logger: Logger, metrics: GatewayMetrics): ApolloServerPlugin {
  const known = new Set<string>();
  const label = (name: string | null | undefined) => {
    const op = name ?? 'anonymous';
    if (known.has(op)) return op;
    if (known.size >= MAX_OPERATION_LABELS) return 'other';
    known.add(op);
    return op;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, response, contextValue, errors, operationName }) {
          const seconds = (performance.now() - started) / 1000;
          const state = requestStateOf(contextValue);
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const status = response.http.status ?? 200;
          const errorCount = (errors?.length ?? 0) + (result?.errors?.length ?? 0);
          const outcome = status >= 400 && !result?.data ? 'rejected' : errorCount === 0 ? 'ok' : result?.data ? 'partial' : 'error';
          // The operation's own name, even when the client did not repeat it in "operationName".
          const name = operationName ?? request.operationName ?? null;
          metrics.request(label(name), outcome, seconds);
          // Total, time with a subgraph fetch in flight, and the rest: the gateway's own overhead.
          const total = seconds * 1000;
          const inSubgraphs = state ? timeInSubgraphs(state.fetches) : 0;
          response.http.headers.set('server-timing', `gateway;dur=${total.toFixed(2)}, subgraphs;dur=${inSubgraphs.toFixed(2)}, overhead;dur=${(total - inSubgraphs).toFixed(2)}`);
          if (state) response.http.headers.set('x-request-id', state.id);
          logger.info(
            {
              requestId: state?.id,
              operation: name,
              ms: Math.round(seconds * 10_000) / 10,
              outcome,
              status,
              errors: errorCount,
              degraded: state && state.degraded.size ? [...state.degraded.values()].map((d) => `${d.source}:${d.reason}`) : undefined,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
