import { describe, expect, it } from 'vitest';
import { resolve } from '../resolve.ts';
import { loadFebrl, parseFebrlCsv } from './febrl.ts';
import { pairwiseScore } from './pairwise-metrics.ts';

describe('FEBRL quality floor', () => {
  it('febrl1: pairwise F1 ≥ 0.95 (fails, never skips, when ../shared/data/febrl is missing)', () => {
    const dataset = loadFebrl('febrl1'); // throws with a message naming the path when the file is absent
    expect(dataset.records).toHaveLength(1000);
    const result = resolve(dataset.records, dataset.config, dataset.options);
    const score = pairwiseScore(dataset.personOf, result.clusterOf);
    expect(score.truePairs).toBe(500);
    expect(score.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('parses CRLF files without a final newline', () => {
    const { records, personOf } = parseFebrlCsv('rec_id, given_name, surname\r\nrec-1-org, ann, lee\r\nrec-1-dup-0, anne, lee', 'x');
    expect(records).toEqual([
      { system: 'x', id: 'rec-1-org', fields: { given_name: 'ann', surname: 'lee' } },
      { system: 'x', id: 'rec-1-dup-0', fields: { given_name: 'anne', surname: 'lee' } },
    ]);
    expect(personOf.get('x:rec-1-dup-0')).toBe('1');
  });
});

describe('pairwiseScore', () => {
  it('counts pairs over all records', () => {
    const personOf = new Map([['a', 'p1'], ['b', 'p1'], ['c', 'p1'], ['d', 'p2'], ['e', 'p3']]);
    // Predicted: {a,b} {c,d} {e}: 2 predicted pairs, 1 correct; 3 true pairs.
    const clusterOf = new Map([['a', 'k1'], ['b', 'k1'], ['c', 'k2'], ['d', 'k2'], ['e', 'k3']]);
    expect(pairwiseScore(personOf, clusterOf)).toEqual({ truePairs: 3, predictedPairs: 2, correctPairs: 1, precision: 0.5, recall: 1 / 3, f1: 0.4 });
  });
});
