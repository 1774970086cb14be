// The marketing journey stage (awareness → consideration → purchase → retention → advocacy), its reason and justifying events.
//
// Tested from the top down; the first that holds is the stage:
//   ADVOCACY       bought at least once and advocates the brand (a referral, a positive review or a community post)
//   RETENTION      bought at least twice
//   PURCHASE       bought exactly once
//   CONSIDERATION  no purchase, but identified beyond the channels (CRM, membership) or at least 3 channel responses
//   AWARENESS      everyone else: seen on the channels only (visits, messages sent)
// The stage comes from the summaries alone, so segment rules and the journey agree; the
// evidence is the (up to 5) most recent journey events of the kinds that show the stage.
import type { TimelineEvent } from './journey.ts';

export type JourneyStage = 'AWARENESS' | 'CONSIDERATION' | 'PURCHASE' | 'RETENTION' | 'ADVOCACY';

export interface JourneyStageInputs {
  orderCount: number;
  daysSinceLastOrder: number | null;
  identifiedIn: string[];
  channelResponses: number;
  referralsMade: number;
  positiveReviews: number;
  posts: number;
}

export const CONSIDERATION_MIN_RESPONSES = 3;

export function journeyStageOf(i: JourneyStageInputs): { stage: JourneyStage; reason: string } {
  const advocacy = [
    i.referralsMade && `${i.referralsMade} referral${i.referralsMade > 1 ? 's' : ''}`,
    i.positiveReviews && `${i.positiveReviews} positive review${i.positiveReviews > 1 ? 's' : ''}`,
    i.posts && `${i.posts} community post${i.posts > 1 ? 's' : ''}`,
  ].filter(Boolean);
  const last = i.daysSinceLastOrder === null ? '' : `, last ${i.daysSinceLastOrder} days ago`;
  if (i.orderCount >= 1 && advocacy.length) return { stage: 'ADVOCACY', reason: `Customer who advocates the brand: ${advocacy.join(', ')}` };
  if (i.orderCount >= 2) return { stage: 'RETENTION', reason: `Repeat customer: ${i.orderCount} orders${last}` };
  if (i.orderCount === 1) return { stage: 'PURCHASE', reason: `Made a first purchase${last}` };
  if (i.identifiedIn.length) return { stage: 'CONSIDERATION', reason: `Identified in ${i.identifiedIn.join(', ')} without a purchase yet` };
  if (i.channelResponses >= CONSIDERATION_MIN_RESPONSES) return { stage: 'CONSIDERATION', reason: `${i.channelResponses} responses on the channels without a purchase yet` };
  return { stage: 'AWARENESS', reason: i.channelResponses ? `${i.channelResponses} channel responses so far` : 'Seen on the channels only' };
}

const EVIDENCE: Record<JourneyStage, (type: string) => boolean> = {
  ADVOCACY: (t) => t === 'REFERRAL' || t === 'REVIEW' || t === 'COMMUNITY_POST',
  RETENTION: (t) => t === 'ORDER_PLACED' || t === 'TIER_CHANGED' || t === 'POINTS_REDEEMED',
  PURCHASE: (t) => t === 'ORDER_PLACED',
  CONSIDERATION: (t) =>
    ['MEMBERSHIP_JOINED', 'CASE_OPENED', 'CAMPAIGN_RESPONSE', 'MEETING'].includes(t) || /_(OPENED|CLICKED|SESSION|VISIT|CALL)$/.test(t),
  AWARENESS: (t) => /^(WEB|APP|EMAIL|SMS|PUSH|CALL_CENTER)_/.test(t),
};

/** The most recent events (from a newest-first timeline) that show the stage. */
export function evidenceFor(stage: JourneyStage, timeline: TimelineEvent[], limit = 5): TimelineEvent[] {
  return timeline.filter((e) => EVIDENCE[stage](e.type)).slice(0, limit);
}

export interface JourneyStageModel {
  stage: JourneyStage;
  reason: string;
  evidence: TimelineEvent[];
}
