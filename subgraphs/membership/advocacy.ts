// The advocacy score: how much a member promotes the brand, from referrals, positive reviews, posts and events, with its factors.
import type { CommunityActivity } from './model.ts';

/**
 * score = round(min(100, Σ min(count × points, cap)) × recency), 0–100, where
 *   referral made 5 (cap 15), referral converted 15 (cap 30), positive review (4★ or 5★) 5 (cap 20),
 *   community post 3 (cap 15), comment 1 (cap 5), event attended 5 (cap 15);
 *   recency = 1 when the last community activity is at most 180 days old, 0.75 within 365 days, else 0.5.
 */
export const ADVOCACY_FORMULA =
  'round(min(100, Σ min(count × points, cap)) × recency): referral made 5 (cap 15), referral converted 15 (cap 30), ' +
  'positive review ≥4★ 5 (cap 20), post 3 (cap 15), comment 1 (cap 5), event attended 5 (cap 15); ' +
  'recency 1 if last community activity ≤ 180 days ago, 0.75 if ≤ 365 days, else 0.5';

const SIGNALS = [
  { signal: 'referralsMade', points: 5, cap: 15 },
  { signal: 'referralsConverted', points: 15, cap: 30 },
  { signal: 'positiveReviews', points: 5, cap: 20 },
  { signal: 'posts', points: 3, cap: 15 },
  { signal: 'comments', points: 1, cap: 5 },
  { signal: 'eventsAttended', points: 5, cap: 15 },
] as const;

export type AdvocacySignal = (typeof SIGNALS)[number]['signal'];
export type AdvocacyCounts = Record<AdvocacySignal, number> & { lastActiveAt: string | null };

const DAY = 86_400_000;

export function isPositiveReview(a: CommunityActivity): boolean {
  return a.kind === 'REVIEW' && (a.rating ?? 0) >= 4;
}

export function advocacyCounts(activities: CommunityActivity[]): AdvocacyCounts {
  const counts: AdvocacyCounts = { referralsMade: 0, referralsConverted: 0, positiveReviews: 0, posts: 0, comments: 0, eventsAttended: 0, lastActiveAt: null };
  for (const a of activities) {
    if (a.kind === 'REFERRAL') {
      counts.referralsMade++;
      if (a.converted) counts.referralsConverted++;
    } else if (a.kind === 'POST') counts.posts++;
    else if (a.kind === 'COMMENT') counts.comments++;
    else if (a.kind === 'EVENT') counts.eventsAttended++;
    else if (isPositiveReview(a)) counts.positiveReviews++;
    if (counts.lastActiveAt === null || a.at > counts.lastActiveAt) counts.lastActiveAt = a.at;
  }
  return counts;
}

export function recencyMultiplier(lastActiveAt: string | null, now = Date.now()): number {
  if (!lastActiveAt) return 0.5;
  const days = (now - Date.parse(lastActiveAt)) / DAY;
  return days <= 180 ? 1 : days <= 365 ? 0.75 : 0.5;
}

export function advocacyOf(counts: AdvocacyCounts, now = Date.now()) {
  const factors = SIGNALS.map(({ signal, points, cap }) => ({ signal, count: counts[signal], points: Math.min(counts[signal] * points, cap), maxPoints: cap }));
  const raw = Math.min(100, factors.reduce((sum, f) => sum + f.points, 0));
  const recency = recencyMultiplier(counts.lastActiveAt, now);
  return { score: Math.round(raw * recency), factors, recencyMultiplier: recency, formula: ADVOCACY_FORMULA };
}
