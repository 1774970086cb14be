// Gateway plugin: one structured log line per operation (name, duration, error count), never its variables or data.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../runtime/logger.ts';

export function requestLogPlugin(logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, response, errors }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          logger.info(
            {
              operation: request.operationName ?? null,
              ms: Math.round((performance.now() - started) * 10) / 10,
              errors: (errors?.length ?? 0) + (result?.errors?.length ?? 0),
              status: response.http.status ?? 200,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
