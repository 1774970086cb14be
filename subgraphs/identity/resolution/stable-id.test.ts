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

  it('never hands an ID in use to a second cluster: the anchor that left its customer gets a numbered variant', () => {
    // crm:1 anchored cus_1 (its ID is clusterIdOf('crm:1')); it was unmerged, and the rest of the customer keeps that ID.
    const first = clusterIdOf('crm:1');
    const previous = new Map([['crm:1', first], ['crm:2', first], ['erp:2', first]]);
    const assigned = reconcileClusterIds(
      [
        { anchor: 'crm:1', members: ['crm:1'] },
        { anchor: 'crm:2', members: ['crm:2', 'erp:2'] },
      ],
      (key) => previous.get(key),
    );
    expect(assigned[1]).toEqual({ id: first, absorbed: [] });
    expect(assigned[0].id).toBe(clusterIdOf('crm:1#2'));
    // An ID the store still has (a customer elsewhere, or an alias) is not reused either.
    const taken = new Set([clusterIdOf('crm:9'), clusterIdOf('crm:9#2')]);
    const [fresh] = reconcileClusterIds([{ anchor: 'crm:9', members: ['crm:9'] }], () => undefined, { taken: (id) => taken.has(id) });
    expect(fresh.id).toBe(clusterIdOf('crm:9#3'));
  });

  it('a split that undoes a merge gives the absorbed records their former ID back, unless a customer holds it', () => {
    // cus_B was absorbed into cus_A; its records remember it. Now they stand apart again.
    const previous = new Map([['crm:1', 'cus_A'], ['erp:1', 'cus_A'], ['crm:2', 'cus_A'], ['erp:2', 'cus_A']]);
    const former = new Map([['crm:2', 'cus_B'], ['erp:2', 'cus_B']]);
    const clusters = [
      { anchor: 'crm:1', members: ['crm:1', 'erp:1'] },
      { anchor: 'crm:2', members: ['crm:2', 'erp:2'] },
    ];
    const assigned = reconcileClusterIds(clusters, (key) => previous.get(key), { formerIdOf: (key) => former.get(key), taken: (id) => id === 'cus_B' });
    expect(assigned).toEqual([{ id: 'cus_A', absorbed: [] }, { id: 'cus_B', absorbed: [], revived: true }]);
    const heldElsewhere = reconcileClusterIds(clusters, (key) => previous.get(key), { formerIdOf: (key) => former.get(key), live: (id) => id === 'cus_B' });
    expect(heldElsewhere[1]).toEqual({ id: clusterIdOf('crm:2'), absorbed: [] });
  });

  it('when a customer splits into equal halves, the half native to the ID keeps it', () => {
    // cus_A absorbed cus_B (b:1, b:2 remember it); b:1 sorts before z:1, so the anchor alone would pick the wrong half.
    const previous = new Map([['z:1', 'cus_A'], ['z:2', 'cus_A'], ['b:1', 'cus_A'], ['b:2', 'cus_A']]);
    const former = new Map([['b:1', 'cus_B'], ['b:2', 'cus_B']]);
    const assigned = reconcileClusterIds(
      [
        { anchor: 'b:1', members: ['b:1', 'b:2'] },
        { anchor: 'z:1', members: ['z:1', 'z:2'] },
      ],
      (key) => previous.get(key),
      { formerIdOf: (key) => former.get(key) },
    );
    expect(assigned.map((a) => a.id)).toEqual(['cus_B', 'cus_A']);
    expect(reconcileClusterIds([{ anchor: 'b:1', members: ['b:1', 'b:2'] }, { anchor: 'z:1', members: ['z:1', 'z:2'] }], (key) => previous.get(key))[0].id).toBe('cus_A');
  });
});
