// The target verdicts: met or missed by the bound, and a missed rate explained by the run's own CPU budget.
import { describe, expect, it } from 'vitest';
import { capacityNote, verdict, verdictText } from './targets.ts';

describe('verdict', () => {
  it('meets a ≥ bound at the bound and misses below it, with a reason only when missed', () => {
    expect(verdict('ratio', 2, '≥', 2, () => 'unused')).toEqual({ target: 'ratio', measured: 2, goal: '≥ 2', met: true });
    expect(verdict('ratio', 1.99, '≥', 2, () => 'too slow')).toMatchObject({ met: false, why: 'too slow' });
  });

  it('treats < as strict and ≤ as inclusive', () => {
    expect(verdict('p95', 50, '<', 50, () => 'queue').met).toBe(false);
    expect(verdict('p95', 49.9, '<', 50, () => 'queue').met).toBe(true);
    expect(verdict('p95', 888, '≤', 888, () => 'slower').met).toBe(true);
  });

  it('marks a figure the run could not measure as unknown, not as met', () => {
    expect(verdict('overhead', null, '<', 2, () => 'unused')).toMatchObject({ measured: null, met: null });
    expect(verdict('overhead', Number.NaN, '<', 2, () => 'unused').met).toBeNull();
  });

  it('prints each verdict with its mark and the reason under a missed one', () => {
    const text = verdictText('Targets', [verdict('a', 3, '≥', 2, () => 'x'), verdict('b', 1, '≥', 2, () => 'because')]);
    expect(text.split('\n')).toEqual(['Targets:', '  ✓ a: 3 (target ≥ 2)', '  ✗ b: 1 (target ≥ 2)', '      why: because']);
  });
});

describe('capacityNote', () => {
  it('gives the gateway what the cores leave after the subgraphs and the load generator, capped by its own threads', () => {
    // 200 req/s on 2 cores: 10 ms per request; 1 worker thread: 5 ms; 10 - 4 - 1 = 5 → the thread cap (5) binds too.
    const note = capacityNote('The target rate', 200, { gateway: 6, subgraphs: 4, load: 1 }, 1, 2);
    expect(note).toContain('the 2 cores give 10 ms of CPU per request');
    expect(note).toContain("worker thread(s) 5 ms");
    expect(note).toContain('This run used 11 ms per request');
    expect(note).toContain('2.2 cores at 200 req/s');
    expect(note).toContain('at most 5 ms of CPU per request (now 6 ms)');
  });

  it('says so when the rest of the machine alone exceeds the budget', () => {
    const note = capacityNote('2× the peer', 300, { gateway: 3, subgraphs: 6, load: 1 }, 1, 2);
    expect(note).toContain('not reachable here whatever the gateway does');
  });
});

describe('capacityNote when the work fits', () => {
  it('names queueing, with how busy the cores were, instead of asking the gateway for less', () => {
    // 200 req/s × 8 ms = 1.6 cores of 2: 80% busy; the gateway's 2.5 ms is within its 5 ms allowance.
    const note = capacityNote('The target rate', 200, { gateway: 2.5, subgraphs: 5, load: 0.5 }, 1, 2);
    expect(note).toContain('The work fits, with the cores 80% busy on average');
    expect(note).not.toContain('would have to answer');
  });
});
