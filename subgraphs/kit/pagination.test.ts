// The shared connection builder: page bounds, cursors that resume where they say, and no cursor work for `nodes`-only reads.
import { describe, expect, it } from 'vitest';
import { decodeCursor, readPage, toConnection } from './pagination.ts';

const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('toConnection', () => {
  it('keeps `size` rows and says whether the extra row exists', () => {
    const page = toConnection(rows, 2, (row) => row.id);
    expect(page.nodes.map((row) => row.id)).toEqual(['a', 'b']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(toConnection(rows, 3, (row) => row.id).pageInfo.hasNextPage).toBe(false);
  });

  it('gives each edge a cursor that decodes to its key, and the last one as endCursor', () => {
    const page = toConnection(rows, 2, (row) => ({ id: row.id }));
    expect(page.edges.map((edge) => decodeCursor(edge.cursor))).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(page.edges.map((edge) => edge.node)).toEqual(page.nodes);
    expect(page.pageInfo.endCursor).toBe(page.edges[1].cursor);
    expect(readPage<{ id: string }>({ after: page.pageInfo.endCursor }).after).toEqual({ id: 'b' });
  });

  it('computes endCursor without edges, and null on an empty page', () => {
    const page = toConnection(rows, 2, (row) => row.id);
    expect(decodeCursor(page.pageInfo.endCursor!)).toBe('b');
    expect(toConnection([], 2, (row: { id: string }) => row.id).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('encodes no cursor when only nodes are read', () => {
    let keys = 0;
    const page = toConnection(rows, 3, (row) => (keys++, row.id));
    expect(page.nodes).toHaveLength(3);
    expect(keys).toBe(0);
    void page.edges;
    void page.edges;
    expect(keys).toBe(3);
  });

  it('carries extra fields such as totalCount', () => {
    const page = toConnection(rows, 2, (row) => row.id, { totalCount: 42 });
    expect(page.totalCount).toBe(42);
    expect(page.nodes).toHaveLength(2);
  });
});
