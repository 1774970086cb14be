// Resolvers of the membership subgraph: membership and tier, points ledger, community engagement and loyalty summary.
import { loadForCustomer, loadPresent } from '../kit/loaders.ts';
import { customerReference } from '../kit/customer-ref.ts';
import { EventLogScalar, packEvents } from '../kit/event-log.ts';
import { readPage, toConnection } from '../kit/pagination.ts';
import { badUserInput } from '../kit/errors.ts';
import { SourceSystemEnum } from '../kit/source-system.ts';
import type { MembershipContext } from './context.ts';
import type { Resolvers } from './generated/resolvers-types.ts';
import { communityCounts, currentMembership, isActive, membershipEvents } from './loyalty.ts';
import type { PointsEntry } from './model.ts';
import { advocacyCounts, advocacyOf } from './advocacy.ts';

const members = async (ctx: MembershipContext, customerId: string) => loadPresent(ctx.members, await ctx.memberNos.load(customerId));
const activitiesOf = (ctx: MembershipContext, customerId: string) => loadForCustomer(ctx.memberNos, ctx.activities, customerId);

/** The customer's recent events, for `membershipEvents` and its compact twin `membershipEventLog`. */
async function membershipEventsOf(ctx: MembershipContext, customerId: string) {
  const [mine, ledger, activities] = await Promise.all([
    members(ctx, customerId),
    loadForCustomer(ctx.memberNos, ctx.ledger, customerId),
    activitiesOf(ctx, customerId),
  ]);
  return membershipEvents(mine, ledger, activities);
}

export const resolvers: Resolvers = {
  EventLog: EventLogScalar,
  SourceSystem: SourceSystemEnum,
  Customer: {
    __resolveReference: (ref, ctx) => customerReference(ref, ctx.memberNos, 'membership'),
    membership: async (customer, _args, ctx) => currentMembership(await members(ctx, customer.id)),
    memberships: (customer, _args, ctx) => members(ctx, customer.id),
    pointsLedger: async (customer, args, ctx) => {
      const page = readPage<{ at: string; id: string }>(args);
      const entries = (await loadForCustomer(ctx.memberNos, ctx.ledger, customer.id)).sort((a, b) => b.at.localeCompare(a.at) || b._id.localeCompare(a._id));
      const after = page.after;
      const rest = after ? entries.filter((e) => e.at < after.at || (e.at === after.at && e._id < after.id)) : entries;
      return toConnection(rest.slice(0, page.size + 1), page.size, (e: PointsEntry) => ({ at: e.at, id: e._id }));
    },
    community: async (customer, _args, ctx) => {
      const [mine, activities] = await Promise.all([members(ctx, customer.id), activitiesOf(ctx, customer.id)]);
      return mine.length === 0 ? null : activities;
    },
    loyaltySummary: async (customer, _args, ctx) => {
      const [mine, activities] = await Promise.all([members(ctx, customer.id), activitiesOf(ctx, customer.id)]);
      const current = currentMembership(mine);
      return {
        tier: current?.tier ?? null,
        memberSince: mine.map((m) => m.joinedAt).sort()[0] ?? null,
        expiresAt: current?.expiresAt ?? null,
        active: current ? isActive(current) : false,
        points: mine.reduce((sum, m) => sum + m.points, 0),
        ...communityCounts(activities),
        positiveReviews: advocacyCounts(activities).positiveReviews,
        marketingConsent: current?.consents.marketing ?? null,
        marketingConsentAt: current?.consents.updatedAt ?? null,
        advocacyScore: current ? advocacyOf(advocacyCounts(activities)).score : null,
      };
    },
    membershipEvents: (customer, _args, ctx) => membershipEventsOf(ctx, customer.id),
    membershipEventLog: async (customer, _args, ctx) => packEvents(await membershipEventsOf(ctx, customer.id)),
  },
  Membership: {
    __resolveReference: (ref, ctx) => ctx.members.load(ref.number),
    number: (m) => m._id,
    since: (m) => m.joinedAt,
    status: (m) => (isActive(m) ? 'ACTIVE' : 'LAPSED'),
    marketingConsent: (m) => m.consents.marketing,
    partnerSharingConsent: (m) => m.consents.partnerSharing,
  },
  PointsEntry: {
    id: (e) => e._id,
  },
  Community: {
    posts: (activities) => communityCounts(activities).posts,
    comments: (activities) => communityCounts(activities).comments,
    referralsMade: (activities) => communityCounts(activities).referralsMade,
    referralsConverted: (activities) => communityCounts(activities).referralsConverted,
    eventsAttended: (activities) => communityCounts(activities).eventsAttended,
    lastActiveAt: (activities) => communityCounts(activities).lastActiveAt,
    reviews: (activities) => activities.filter((a) => a.kind === 'REVIEW' && a.rating !== null),
    positiveReviews: (activities) => advocacyCounts(activities).positiveReviews,
    averageRating: (activities) => communityCounts(activities).averageRating,
    advocacy: (activities) => advocacyOf(advocacyCounts(activities)),
    activities: (activities, { first, kinds }) => {
      const limit = first ?? 20;
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badUserInput('first', `must be between 1 and 100, got ${limit}`);
      return activities.filter((a) => !kinds || kinds.includes(a.kind)).slice(0, limit);
    },
  },
  Review: {
    id: (a) => a._id,
    rating: (a) => a.rating ?? 0,
  },
  CommunityActivity: {
    id: (a) => a._id,
  },
};
