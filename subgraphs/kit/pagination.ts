// Cursor pagination shared by every paginated field: argument validation, opaque cursors, connection shape.
import { badUserInput } from './errors.ts';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<TKey> {
  size: number;
  after: TKey | undefined;
}

export interface Connection<T> {
  readonly edges: { cursor: string; node: T }[];
  nodes: T[];
  readonly pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Validate `first` and decode `after`; a bad value is a BAD_USER_INPUT naming the argument. */
export function readPage<TKey>(args: PageArgs, maxSize = MAX_PAGE_SIZE, defaultSize = DEFAULT_PAGE_SIZE): Page<TKey> {
  const first = args.first ?? defaultSize;
  if (!Number.isInteger(first) || first < 1 || first > maxSize) {
    throw badUserInput('first', `must be between 1 and ${maxSize}, got ${first}`);
  }
  return { size: first, after: args.after ? decodeCursor<TKey>(args.after) : undefined };
}

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<TKey>(cursor: string): TKey {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as TKey;
  } catch {
    throw badUserInput('after', 'is not a cursor returned by this field');
  }
}

/**
 * Build a connection from `size + 1` fetched rows: the extra row only says whether
 * there is a next page. `keyOf` gives the sort key that the next cursor resumes after;
 * `extra` adds fields such as `totalCount`. Cursors are encoded only when the query
 * reads `edges` or `pageInfo`, so a list that selects `nodes` pays nothing for them.
 */
export function toConnection<T, TExtra extends object = object>(rows: T[], size: number, keyOf: (row: T) => unknown, extra?: TExtra): Connection<T> & TExtra {
  const nodes = rows.slice(0, size);
  let edges: Connection<T>['edges'] | undefined;
  const connection: Connection<T> = {
    nodes,
    get edges() {
      return (edges ??= nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node })));
    },
    get pageInfo() {
      const last = edges ? edges[edges.length - 1]?.cursor : nodes.length ? encodeCursor(keyOf(nodes[nodes.length - 1])) : undefined;
      return { hasNextPage: rows.length > size, endCursor: last ?? null };
    },
  };
  return Object.assign(connection, extra);
}
