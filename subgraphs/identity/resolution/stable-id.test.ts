import { describe, expect, it } from 'vitest';
import { clusterIdOf, reconcileClusterIds } from './stable-id.ts';

describe('stable cluster IDs', () => {
  it('derives a fixed, opaque ID from the anchor', () => {
    expect(clusterIdOf('crm:1')).toBe(clusterIdOf('crm:1'));
    expect(clusterIdOf('crm:1')).not.toBe(clusterIdOf('crm:2'));
    expect(clusterIdOf('crm:1')).toMatch(/^cus_[0-9a-f]{20}$/);
  });

  it('keeps previous IDs through re-runs, merges and splits', () => {
    const previous = new Map([
      ['crm:1', 'cus_A'], ['erp:1', 'cus_A'], ['crm:2', 'cus_B'], ['crm:3', 'cus_C'], ['erp:3', 'cus_C'], ['erp:4', 'cus_C'],
    ]);
    const assigned = reconcileClusterIds(
      [
        { anchor: 'crm:1', members: ['crm:1', 'crm:2', 'erp:1'] }, // A absorbed B
        { anchor: 'crm:3', members: ['crm:3'] }, // C split in two: the larger part keeps C
        { anchor: 'erp:3', members: ['erp:3', 'erp:4'] },
        { anchor: 'crm:9', members: ['crm:9'] }, // new
      ],
      (key) => previous.get(key),
    );
    expect(assigned[0]).toEqual({ id: 'cus_A', absorbed: ['cus_B'] });
    expect(assigned[1]).toEqual({ id: clusterIdOf('crm:3'), absorbed: [] });
    expect(assigned[2]).toEqual({ id: 'cus_C', absorbed: [] });
    expect(assigned[3]).toEqual({ id: clusterIdOf('crm:9'), absorbed: [] });
  });

  it('breaks ties deterministically', () => {
    const previous = new Map([['a:1', 'cus_Y'], ['a:2', 'cus_X']]);
    const [merged] = reconcileClusterIds([{ anchor: 'a:1', members: ['a:1', 'a:2'] }], (key) => previous.get(key));
    expect(merged).toEqual({ id: 'cus_X', absorbed: ['cus_Y'] });
  });
});
