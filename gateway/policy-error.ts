// The errors governance policies raise: a stable extensions.code, the HTTP status and headers, a message safe to show.
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

export const PolicyCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAUTHORIZED_FIELD_OR_TYPE: 'UNAUTHORIZED_FIELD_OR_TYPE',
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  GATEWAY_OVERLOADED: 'GATEWAY_OVERLOADED',
  PERSISTED_QUERY_ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_ALLOWED: 'PERSISTED_QUERY_NOT_ALLOWED',
  MAX_TOKENS_LIMIT: 'MAX_TOKENS_LIMIT',
  MAX_DEPTH_LIMIT: 'MAX_DEPTH_LIMIT',
  MAX_HEIGHT_LIMIT: 'MAX_HEIGHT_LIMIT',
  MAX_ROOT_FIELDS_LIMIT: 'MAX_ROOT_FIELDS_LIMIT',
  MAX_ALIASES_LIMIT: 'MAX_ALIASES_LIMIT',
  MAX_DIRECTIVES_LIMIT: 'MAX_DIRECTIVES_LIMIT',
  COST_ESTIMATED_TOO_EXPENSIVE: 'COST_ESTIMATED_TOO_EXPENSIVE',
  GOVERNANCE_UNAVAILABLE: 'GOVERNANCE_UNAVAILABLE',
} as const;

export type PolicyCode = (typeof PolicyCode)[keyof typeof PolicyCode];

export function policyError(
  code: PolicyCode,
  message: string,
  status: number,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): GraphQLError {
  const http = { status, headers: new HeaderMap(Object.entries(headers)) };
  return new GraphQLError(message, { extensions: { code, ...extensions, http } as Record<string, unknown> });
}
