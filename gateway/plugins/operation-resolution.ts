// Gateway plugin: an operation name that matches nothing (or is missing among several operations) is the client's error: 400, before execution.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';

/**
 * Apollo Server hands such a request to the gateway's executor, which fails with a 500.
 * Resolving it here gives the client a clear 400 instead.
 */
export function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, operationName, document }) {
          if (operation) return;
          const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
          const message = operationName
            ? `Unknown operation named "${operationName}"`
            : operations > 1
              ? 'The document holds several operations: name the one to run in "operationName"'
              : 'The document holds no operation to run';
          throw new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        },
      };
    },
  };
}
