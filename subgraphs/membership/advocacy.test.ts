// The advocacy score: each signal's points and cap, the recency multiplier, and the factors it lists.
import { describe, expect, it } from 'vitest';
import { advocacyCounts, advocacyOf } from './advocacy.ts';
import type { CommunityActivity } from './model.ts';

const NOW = Date.parse('2026-11-01T00:00:00.000Z');
const ago = (days: number) => new Date(NOW - days * 86_400_000).toISOString();
let n = 0;
const activity = (kind: CommunityActivity['kind'], at: string, extra: Partial<CommunityActivity> = {}): CommunityActivity => ({
  _id: `CA${n++}`, memberNo: 'M1', kind, at, title: kind, rating: null, productCode: null, converted: null, ...extra,
});

describe('advocacy score', () => {
  it('adds each signal’s points up to its cap, times the recency multiplier', () => {
    const activities = [
      activity('REFERRAL', ago(10), { converted: true }),
      activity('REFERRAL', ago(20), { converted: false }),
      activity('REVIEW', ago(30), { rating: 5 }),
      activity('REVIEW', ago(40), { rating: 3 }),
      activity('POST', ago(50)),
      activity('COMMENT', ago(60)),
      activity('EVENT', ago(70)),
    ];
    const counts = advocacyCounts(activities);
    expect(counts).toMatchObject({ referralsMade: 2, referralsConverted: 1, positiveReviews: 1, posts: 1, comments: 1, eventsAttended: 1, lastActiveAt: ago(10) });
    const result = advocacyOf(counts, NOW);
    // 2×5 + 1×15 + 1×5 + 1×3 + 1×1 + 1×5 = 39, active within 180 days.
    expect(result.score).toBe(39);
    expect(result.factors.find((f) => f.signal === 'referralsConverted')).toEqual({ signal: 'referralsConverted', count: 1, points: 15, maxPoints: 30 });
  });

  it('caps every signal and the total at 100, and fades with inactivity', () => {
    const lots = Array.from({ length: 40 }, (_, i) => [
      activity('REFERRAL', ago(400 + i), { converted: true }),
      activity('REVIEW', ago(400 + i), { rating: 4 }),
      activity('POST', ago(400 + i)),
      activity('COMMENT', ago(400 + i)),
      activity('EVENT', ago(400 + i)),
    ]).flat();
    const result = advocacyOf(advocacyCounts(lots), NOW);
    expect(result.factors.every((f) => f.points === f.maxPoints)).toBe(true);
    expect(result.recencyMultiplier).toBe(0.5);
    expect(result.score).toBe(50);
    expect(advocacyOf(advocacyCounts(lots.map((a) => ({ ...a, at: ago(200) }))), NOW).score).toBe(75);
    expect(advocacyOf(advocacyCounts([]), NOW)).toMatchObject({ score: 0, recencyMultiplier: 0.5 });
  });
});
