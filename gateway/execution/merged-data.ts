// Apollo's walks over merged subgraph data, with its semantics: flatten a plan path, build a representation.
//
// Each function matches @apollo/gateway's (executeQueryPlan.js) result for result and error
// for error (merging is Apollo's own deepMerge, from apollo-seams.ts); plan-executor.test.ts runs both executors side by side.
import { assert } from '@apollo/federation-internals';
import { getResponseName, type QueryPlanSelectionNode } from '@apollo/query-planner';
import { Kind, type GraphQLSchema } from 'graphql';
import { apollo } from './apollo-seams.ts';
import { ownValue, type Data } from './own-properties.ts';

export type Path = readonly (string | number)[];

/**
 * Apollo's flattenResultsAtPath: the values at `path`, each list on it (`@`) flattened one level
 * into a single array. Apollo recurses with `[current, ...rest]` and `flatMap` per element;
 * this walks the path by index and appends into one array, with the same result.
 */
export function flattenResultsAtPath(value: unknown, path: Path): unknown {
  let i = 0;
  for (; i < path.length && path[i] !== '@'; i++) {
    if (value === undefined || value === null) return value;
    value = step(value, path[i]);
  }
  if (i === path.length || value === undefined || value === null) return value;
  const out: unknown[] = [];
  for (const element of listAt(value)) collect(element, path, i + 1, out);
  return out;
}

/** Appends what Apollo's `flatMap` callback returns for one list element: its value at the rest of the path, spread one level. */
function collect(value: unknown, path: Path, from: number, out: unknown[]): void {
  for (let i = from; i < path.length; i++) {
    if (value === undefined || value === null) break;
    if (path[i] === '@') {
      for (const element of listAt(value)) collect(element, path, i + 1, out);
      return;
    }
    value = step(value, path[i]);
  }
  if (Array.isArray(value)) for (const item of value) out.push(item);
  else out.push(value);
}

function step(value: unknown, current: string | number): unknown {
  assert(typeof current === 'string', () => `Unexpected ${typeof current} found in path`);
  assert(!Array.isArray(value), () => `Unexpected array in result for path element ${current}`);
  return ownValue(value as Data, current);
}

/** A list on the path; anything else fails as Apollo's `value.flatMap(...)` does. */
function listAt(value: unknown): unknown[] {
  if (!Array.isArray(value)) (value as unknown[]).flatMap(() => []);
  return value as unknown[];
}

/** Apollo's executeSelectionSet over a fetch's `requires`: the entity's representation, or null when a required field is missing. */
export function representationOf(schema: GraphQLSchema, source: unknown, selections: readonly QueryPlanSelectionNode[]): Data | null {
  if (source === null) return null;
  const result: Data = {};
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      const name = getResponseName(selection);
      const value = ownValue(source as Data, name);
      if (value === undefined) return null;
      const inner = selection.selections;
      // A plain object: GraphQL names cannot be `__proto__`, and any other name Object.prototype has is assigned as an own property.
      result[name] = Array.isArray(value) ? value.map((item) => (inner ? representationOf(schema, item, inner) : item)) : inner ? representationOf(schema, value, inner) : value;
    } else if (selection.typeCondition && source && apollo.rewrites.isObjectOfType(schema, source, selection.typeCondition)) {
      apollo.deepMerge(result, representationOf(schema, source, selection.selections));
    }
  }
  return result;
}
