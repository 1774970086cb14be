// When a subgraph cannot answer, build the response it would have sent with every requested field null and an error on each.
//
// @apollo/gateway maps a subgraph's error paths onto the client's query (`_entities.3.cases`
// becomes `customers.3.cases`), so errors synthesized here point at exactly the fields that
// are missing, and every other subgraph's data is still returned.
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { FailureReason } from '../../runtime/resilience/call-policy.ts';

const CODES: Record<FailureReason, string> = {
  timeout: 'SUBGRAPH_TIMEOUT',
  breaker_open: 'SUBGRAPH_CIRCUIT_OPEN',
  error: 'SUBGRAPH_UNAVAILABLE',
};

/** The codes of a subgraph that could not answer: transient, so a client may ask again. */
export const SUBGRAPH_FAILURE_CODES: readonly string[] = Object.values(CODES);

const MESSAGES: Record<FailureReason, (s: string) => string> = {
  timeout: (s) => `Subgraph "${s}" did not answer in time`,
  breaker_open: (s) => `Subgraph "${s}" is unavailable (circuit open)`,
  error: (s) => `Subgraph "${s}" is unavailable`,
};

/** Response names (aliases or field names) selected at the top of a selection set, through inline fragments. */
function topLevelNames(selectionSet: SelectionSetNode): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') names.push(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      names.push(...topLevelNames(selection.selectionSet));
    }
  }
  return [...new Set(names)];
}

export function partialResponse(
  subgraph: string,
  reason: FailureReason,
  query: string,
  document: DocumentNode | undefined,
  variables: Record<string, unknown> | undefined,
): GatewayGraphQLResponse {
  const doc = document ?? parse(query);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const extensions = { code: CODES[reason], subgraph, reason };
  const message = MESSAGES[reason](subgraph);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return { errors: [{ message, extensions }] };
  const root = operation.selectionSet.selections[0];
  const representations = variables?.representations;
  if (root?.kind === Kind.FIELD && root.name.value === '_entities' && Array.isArray(representations) && root.selectionSet) {
    const fields = topLevelNames(root.selectionSet);
    return {
      data: { _entities: representations.map(() => null) },
      errors: representations.flatMap((_, index) => fields.map((field) => ({ message, path: ['_entities', index, field], extensions }))),
    };
  }
  return { data: {}, errors: topLevelNames(operation.selectionSet).map((field) => ({ message, path: [field], extensions })) };
}
