// The fan-first lifecycle ladder: where a customer stands, from first contact to very important fan, and why.
//
// Stages, tested in order from the top of the ladder down (each rung includes the ones below it):
//   VERY_IMPORTANT_FAN  a TRUE_FAN who is long-standing (member ≥ 3 years), high value
//                       (lifetime spend ≥ ₩3,000,000) and an advocate (≥ 1 converted referral,
//                       or ≥ 3 reviews averaging ≥ 4 stars, or ≥ 5 community posts).
//   TRUE_FAN            a frequent buyer (≥ 6 orders) and an engaged member: an active membership
//                       and ≥ 3 community actions (posts, reviews, events, referrals).
//   ROOKIE              repeat purchases: ≥ 2 orders.
//   NEW                 a first purchase: exactly 1 order.
//   POTENTIAL           identified (known to the CRM, the ERP or the membership programme) with no purchase.
//   PROSPECT            known only to the marketing channels (a web/app profile or anonymous visitor).
// "Orders" excludes cancelled orders; returned orders still count as purchase behaviour.
import { won } from '../kit/won.ts';

export const LADDER = {
  trueFanMinOrders: 6,
  trueFanMinCommunityActions: 3,
  repeatMinOrders: 2,
  vipMinMemberYears: 3,
  vipMinSpend: 3_000_000,
  advocateMinConvertedReferrals: 1,
  advocateMinReviews: 3,
  advocateMinAverageRating: 4,
  advocateMinPosts: 5,
} as const;

export type LifecycleStage = 'PROSPECT' | 'POTENTIAL' | 'NEW' | 'ROOKIE' | 'TRUE_FAN' | 'VERY_IMPORTANT_FAN';

export interface LifecycleInputs {
  systems: string[];
  purchaseSummary: { orderCount: number; totalSpend: { amount: number } } | null;
  loyaltySummary: {
    memberSince: string | null;
    active: boolean;
    posts: number;
    reviews: number;
    averageRating: number | null;
    referralsMade: number;
    referralsConverted: number;
    eventsAttended: number;
  } | null;
}

const YEAR = 365.25 * 86_400_000;

export function lifecycleOf(input: LifecycleInputs, now = Date.now()): { stage: LifecycleStage; reason: string } {
  const orders = input.purchaseSummary?.orderCount ?? 0;
  const spend = input.purchaseSummary?.totalSpend.amount ?? 0;
  const loyalty = input.loyaltySummary;
  if (orders === 0) {
    const identified = input.systems.some((s) => s !== 'channel');
    return identified
      ? { stage: 'POTENTIAL', reason: `Known to ${input.systems.join(', ').toLowerCase()} but has not purchased yet` }
      : { stage: 'PROSPECT', reason: 'Known only to the marketing channels; not yet identified' };
  }
  if (orders === 1) return { stage: 'NEW', reason: 'Made a first purchase' };
  const actions = loyalty ? loyalty.posts + loyalty.reviews + loyalty.eventsAttended + loyalty.referralsMade : 0;
  const engagedMember = !!loyalty?.active && actions >= LADDER.trueFanMinCommunityActions;
  if (orders < LADDER.trueFanMinOrders || !engagedMember) {
    const missing = orders < LADDER.trueFanMinOrders ? `${orders} orders` : 'not an engaged member yet';
    return { stage: 'ROOKIE', reason: `Repeat buyer (${missing})` };
  }
  const years = loyalty?.memberSince ? (now - Date.parse(loyalty.memberSince)) / YEAR : 0;
  const advocate =
    (loyalty?.referralsConverted ?? 0) >= LADDER.advocateMinConvertedReferrals ||
    ((loyalty?.reviews ?? 0) >= LADDER.advocateMinReviews && (loyalty?.averageRating ?? 0) >= LADDER.advocateMinAverageRating) ||
    (loyalty?.posts ?? 0) >= LADDER.advocateMinPosts;
  if (years >= LADDER.vipMinMemberYears && spend >= LADDER.vipMinSpend && advocate) {
    return { stage: 'VERY_IMPORTANT_FAN', reason: `Member for ${Math.floor(years)} years, ${won(spend)} spent, and an advocate of the brand` };
  }
  return { stage: 'TRUE_FAN', reason: `${orders} orders and ${actions} community actions as an active member` };
}

export const STAGE_NAMES: Record<LifecycleStage, string> = {
  PROSPECT: 'Prospect',
  POTENTIAL: 'Potential',
  NEW: 'New',
  ROOKIE: 'Rookie',
  TRUE_FAN: 'True fan',
  VERY_IMPORTANT_FAN: 'Very important fan',
};

/** Each stage's definition in words (the exact thresholds are LADDER above). */
export const LIFECYCLE_DEFINITIONS: Record<LifecycleStage, string> = {
  PROSPECT: 'Known only to the marketing channels (a web/app profile or an anonymous visitor)',
  POTENTIAL: 'Identified (known to the CRM, the ERP or the membership programme) with no purchase',
  NEW: 'Exactly one order (cancelled orders do not count)',
  ROOKIE: `Repeat purchases: at least ${LADDER.repeatMinOrders} orders, but not yet a true fan`,
  TRUE_FAN: `At least ${LADDER.trueFanMinOrders} orders and an engaged member: active membership and at least ${LADDER.trueFanMinCommunityActions} community actions (posts, reviews, events, referrals)`,
  VERY_IMPORTANT_FAN: `A true fan who has been a member for at least ${LADDER.vipMinMemberYears} years, spent at least ${won(LADDER.vipMinSpend)} and advocates the brand (a converted referral, ${LADDER.advocateMinReviews}+ reviews averaging ${LADDER.advocateMinAverageRating}+ stars, or ${LADDER.advocateMinPosts}+ posts)`,
};
