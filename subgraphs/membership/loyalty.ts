// Loyalty facts derived from membership documents: the current membership, community counts and timeline events.
import { recentEvents } from '../kit/event-log.ts';
import type { CommunityActivity, Member, PointsEntry, Tier } from './model.ts';

const TIER_RANK: Record<Tier, number> = { BASIC: 0, SILVER: 1, GOLD: 2, VIP: 3 };

export function isActive(member: Member, now = Date.now()): boolean {
  return Date.parse(member.expiresAt) >= now;
}

/** The membership that represents the customer: the active one with the highest tier, else the most recent. */
export function currentMembership(members: Member[], now = Date.now()): Member | null {
  const ranked = [...members].sort(
    (a, b) => Number(isActive(b, now)) - Number(isActive(a, now)) || TIER_RANK[b.tier] - TIER_RANK[a.tier] || b.joinedAt.localeCompare(a.joinedAt),
  );
  return ranked[0] ?? null;
}

export function communityCounts(activities: CommunityActivity[]) {
  const count = (kind: CommunityActivity['kind']) => activities.filter((a) => a.kind === kind).length;
  const reviews = activities.filter((a) => a.kind === 'REVIEW' && a.rating !== null);
  const referrals = activities.filter((a) => a.kind === 'REFERRAL');
  return {
    posts: count('POST'),
    comments: count('COMMENT'),
    reviews: reviews.length,
    averageRating: reviews.length ? Math.round((reviews.reduce((s, r) => s + (r.rating ?? 0), 0) / reviews.length) * 100) / 100 : null,
    referralsMade: referrals.length,
    referralsConverted: referrals.filter((r) => r.converted).length,
    eventsAttended: count('EVENT'),
    lastActiveAt: activities.map((a) => a.at).sort().at(-1) ?? null,
  };
}

const ACTIVITY_EVENTS: Record<CommunityActivity['kind'], string> = {
  POST: 'COMMUNITY_POST',
  COMMENT: 'COMMUNITY_COMMENT',
  REVIEW: 'REVIEW',
  REFERRAL: 'REFERRAL',
  EVENT: 'EVENT_ATTENDED',
};

export function membershipEvents(members: Member[], ledger: PointsEntry[], activities: CommunityActivity[]) {
  const events = [];
  for (const m of members) {
    const base = { system: 'membership' as const, channel: null, sourceId: m._id, sourceType: 'Membership', sourceKey: m._id };
    events.push({ ...base, at: m.joinedAt, type: 'MEMBERSHIP_JOINED', summary: `Joined the membership programme (${m._id})` });
    for (const change of m.tierHistory) {
      if (change.from) events.push({ ...base, at: change.at, type: 'TIER_CHANGED', summary: `Tier changed from ${change.from} to ${change.to}` });
    }
  }
  for (const entry of ledger) {
    if (entry.kind === 'EXPIRE') continue;
    events.push({
      system: 'membership' as const,
      channel: null,
      sourceId: entry._id,
      sourceType: 'Membership',
      sourceKey: entry.memberNo,
      at: entry.at,
      type: entry.kind === 'EARN' ? 'POINTS_EARNED' : 'POINTS_REDEEMED',
      summary: `${entry.kind === 'EARN' ? 'Earned' : 'Redeemed'} ${Math.abs(entry.points).toLocaleString('en-US')} points`,
    });
  }
  for (const a of activities) {
    const summary = a.kind === 'REVIEW' ? `${a.title} (${a.rating}★)` : a.kind === 'REFERRAL' ? `${a.title}${a.converted ? ' who joined' : ''}` : a.title;
    events.push({ system: 'membership' as const, channel: 'COMMUNITY', sourceId: a._id, sourceType: 'Membership', sourceKey: a.memberNo, at: a.at, type: ACTIVITY_EVENTS[a.kind], summary });
  }
  return recentEvents(events);
}
