// Gateway plugin: tells the client which sources were degraded and why, in `extensions.degradedSources`.
import type { ApolloServerPlugin } from '@apollo/server';
import { noteDegraded, requestStateOf } from '../request-state.ts';

/** Error codes a subgraph uses when a legacy system behind it failed. */
const LEGACY_CODES: Record<string, 'timeout' | 'breaker_open' | 'error'> = {
  UPSTREAM_TIMEOUT: 'timeout',
  UPSTREAM_UNAVAILABLE: 'error',
};

export function degradedSourcesPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const state = requestStateOf(contextValue);
          const result = response.body.singleResult;
          for (const error of result.errors ?? []) {
            const code = error.extensions?.code as string | undefined;
            const system = error.extensions?.system as string | undefined;
            if (code && system && code in LEGACY_CODES) {
              const reason = (error.extensions?.reason as 'timeout' | 'breaker_open' | 'error' | undefined) ?? LEGACY_CODES[code];
              noteDegraded(state, { source: system, kind: 'legacy-system', reason });
            }
          }
          if (state && state.degraded.size > 0) {
            result.extensions = { ...result.extensions, degradedSources: [...state.degraded.values()] };
          }
        },
      };
    },
  };
}
