// The GraphQL errors subgraphs raise, each with a stable extensions.code (listed in the README under "Error codes").
import { GraphQLError } from 'graphql';
import type { FailureReason } from '../../runtime/resilience/call-policy.ts';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** A client mistake in one argument: the message and `argumentName` say which. */
export function badUserInput(argumentName: string, problem: string): GraphQLError {
  return new GraphQLError(`Argument "${argumentName}" ${problem}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName },
  });
}

/**
 * A legacy system behind this subgraph failed. The message names the system, never
 * the address, query or payload, so nothing internal leaks to the client.
 */
export class UpstreamError extends GraphQLError {
  readonly system: string;
  constructor(system: string, reason: FailureReason, cause?: unknown) {
    const why = reason === 'timeout' ? 'not responding in time' : reason === 'breaker_open' ? 'unavailable (circuit open)' : 'unavailable';
    super(`Legacy system "${system}" is ${why}`, {
      extensions: {
        code: reason === 'timeout' ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_UNAVAILABLE,
        system,
        reason,
      },
      originalError: cause instanceof Error ? cause : undefined,
    });
    this.system = system;
  }
}
