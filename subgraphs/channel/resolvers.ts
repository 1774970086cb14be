// Resolvers of the channel subgraph: touchpoints (paginated, filtered), preferences, devices and engagement summary.
import { badUserInput } from '../kit/errors.ts';
import { EventLogScalar, packEvents } from '../kit/event-log.ts';
import { loadForCustomer, loadPresent } from '../kit/loaders.ts';
import { customerReference } from '../kit/customer-ref.ts';
import { readPage, toConnection } from '../kit/pagination.ts';
import { SourceSystemEnum } from '../kit/source-system.ts';
import type { ChannelContext } from './context.ts';
import { channelEvents, channelSummary, lastSeen } from './engagement.ts';
import type { Resolvers } from './generated/resolvers-types.ts';
import type { ChannelKind, Touchpoint } from './model.ts';
import type { TouchpointFilter } from './source.ts';

async function touchpointsOf(ctx: ChannelContext, customerId: string, filter: TouchpointFilter = {}) {
  const profileIds = await ctx.profileIds.load(customerId);
  return profileIds.length ? ctx.touchpoints.load({ profileIds, filter }) : [];
}

function isoArgument(name: string, value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw badUserInput(name, `must be an ISO-8601 date-time, got "${value}"`);
  return new Date(time).toISOString();
}

/** The customer's recent events, for `channelEvents` and its compact twin `channelEventLog`. */
async function channelEventsOf(ctx: ChannelContext, customerId: string) {
  return channelEvents(await touchpointsOf(ctx, customerId));
}

export const resolvers: Resolvers = {
  EventLog: EventLogScalar,
  SourceSystem: SourceSystemEnum,
  Customer: {
    __resolveReference: (ref, ctx) => customerReference(ref, ctx.profileIds, 'channel'),
    touchpoints: async (customer, args, ctx) => {
      const page = readPage<{ at: string; id: string }>(args);
      const filter: TouchpointFilter = {
        channels: args.channels?.length ? [...(args.channels as ChannelKind[])].sort() : undefined,
        since: isoArgument('since', args.since),
        until: isoArgument('until', args.until),
      };
      const all = await touchpointsOf(ctx, customer.id, filter);
      const after = page.after;
      const rest = after ? all.filter((t) => t.at < after.at || (t.at === after.at && t._id < after.id)) : all;
      return toConnection(rest.slice(0, page.size + 1), page.size, (t: Touchpoint) => ({ at: t.at, id: t._id }));
    },
    channelPreferences: async (customer, _args, ctx) => {
      const prefs = await loadPresent(ctx.preferences, await ctx.profileIds.load(customer.id));
      // One row per channel: the most recent statement across the customer's profiles wins.
      const latest = new Map<string, ChannelPreferenceRow>();
      for (const row of prefs.flatMap((p) => p.channels)) {
        const seen = latest.get(row.channel);
        if (!seen || seen.updatedAt < row.updatedAt) latest.set(row.channel, row);
      }
      return [...latest.values()];
    },
    devices: (customer, _args, ctx) => loadForCustomer(ctx.profileIds, ctx.devices, customer.id),
    lastSeenAt: async (customer, _args, ctx) => lastSeen(await touchpointsOf(ctx, customer.id)),
    channelSummary: async (customer, _args, ctx) => channelSummary(await touchpointsOf(ctx, customer.id)),
    channelEvents: (customer, _args, ctx) => channelEventsOf(ctx, customer.id),
    channelEventLog: async (customer, _args, ctx) => packEvents(await channelEventsOf(ctx, customer.id)),
  },
  Touchpoint: {
    __resolveReference: (ref, ctx) => ctx.touchpointById.load(ref.id),
    id: (t) => t._id,
    device: async (t, _args, ctx) => {
      if (!t.deviceId) return null;
      const devices = await ctx.devices.load(t.profileId);
      return devices.find((d) => d._id === t.deviceId) ?? null;
    },
  },
  Device: {
    id: (d) => d._id,
    firstSeenAt: (d) => d.firstSeen,
    lastSeenAt: (d) => d.lastSeen,
  },
};

type ChannelPreferenceRow = { channel: ChannelKind; optIn: boolean; updatedAt: string };
