// The time a request spends in subgraphs is the union of its fetches' intervals, not their sum or their maximum.
import { describe, expect, it } from 'vitest';
import { timeInSubgraphs } from './request-state.ts';

describe('timeInSubgraphs', () => {
  it('counts overlapping fetches once and sequential stages one after another', () => {
    const fetches = [
      { subgraph: 'identity', start: 0, end: 10 },
      { subgraph: 'crm', start: 12, end: 30 },
      { subgraph: 'erp', start: 12, end: 25 },
      { subgraph: 'insights', start: 31, end: 35 },
    ];
    expect(timeInSubgraphs(fetches)).toBe(10 + 18 + 4);
  });

  it('is zero without fetches', () => {
    expect(timeInSubgraphs([])).toBe(0);
  });
});
