// Resolvers of insights' Customer fields: journey, stages, features, explained segments, RFM, spending, renewal, channel, next best action.
import { readPage } from '../kit/pagination.ts';
import { SOURCE_SYSTEMS } from '../kit/source-system.ts';
import type { CatalogState } from './catalog.ts';
import type { InsightsContext } from './context.ts';
import type { ComputedFeatures } from './features.ts';
import { purchaseFeatures } from './features.ts';
import type { CustomerResolvers } from './generated/resolvers-types.ts';
import { evidenceFor } from './journey-stage.ts';
import { filterTimeline, journeyPage, journeyWindows, mergeTimeline, readJourneyCursor, type TimelineEvent } from './journey.ts';
import { lifecycleOf } from './lifecycle.ts';
import { nextBestAction } from './next-best-action.ts';
import { fromRepresentation, type CustomerFacts, type CustomerRepresentation } from './representation.ts';
import { scoreRfm } from './rfm.ts';
import { explainMatch, segmentIdsOf } from './segment-evaluation.ts';

/** The fields of the full feature set; when any came back null its system failed, and the snapshot is not stored. */
const FEATURE_INPUTS = ['systems', 'profile', 'purchaseSummary', 'loyaltySummary', 'serviceSummary', 'consents', 'channelSummary', 'channelPreferences', 'receivables', 'purchasedProducts'] as const;

const complete = (c: CustomerFacts) => FEATURE_INPUTS.every((field) => c[field] !== null && c[field] !== undefined);

/**
 * Per customer object, which lives for one request: journey and journeyStage share one merged
 * timeline, and features and segments one evaluation.
 */
const timelines = new WeakMap<CustomerFacts, TimelineEvent[]>();
const evaluations = new WeakMap<CustomerFacts, Promise<Evaluation>>();

function timelineOf(c: CustomerFacts): TimelineEvent[] {
  let timeline = timelines.get(c);
  if (!timeline) {
    timeline = mergeTimeline([c.crmEvents, c.erpEvents, c.membershipEvents, c.channelEvents]);
    timelines.set(c, timeline);
  }
  return timeline;
}

interface Evaluation {
  computed: ComputedFeatures;
  segmentIds: string[];
  state: CatalogState;
}

function evaluate(customer: CustomerFacts, ctx: InsightsContext): Promise<Evaluation> {
  let evaluation = evaluations.get(customer);
  if (!evaluation) {
    evaluation = evaluateOnce(customer, ctx);
    evaluations.set(customer, evaluation);
  }
  return evaluation;
}

/** Compute, evaluate every segment, and write the snapshot through when the inputs are complete. */
async function evaluateOnce(customer: CustomerFacts, ctx: InsightsContext): Promise<Evaluation> {
  const [computed, state] = await Promise.all([ctx.computed(customer), ctx.services.catalog.current()]);
  const segmentIds = segmentIdsOf(computed.features, state.definitions);
  if (complete(customer)) {
    const productNames = Object.fromEntries((customer.purchasedProducts ?? []).map((p) => [p.sku, p.name]));
    await ctx.snapshots.load({ id: customer.id, features: computed.features, segments: segmentIds, productNames });
  }
  return { computed, segmentIds, state };
}

export const customerResolvers: CustomerResolvers<InsightsContext> = {
  __resolveReference: (representation) => fromRepresentation(representation as CustomerRepresentation),
  journey: (customer, args) => {
    const page = readPage<unknown>({ first: args.first });
    const after = readJourneyCursor(args.after);
    const merged = timelineOf(customer);
    const filtered = filterTimeline(merged, { systems: args.systems, types: args.types, since: args.since, until: args.until });
    const present = new Set(merged.map((e) => e.system));
    // Assigned, not spread: spreading the connection would call its getters and encode every cursor.
    return Object.assign(journeyPage(filtered, page.size, after), {
      systems: SOURCE_SYSTEMS.filter((s) => present.has(s)),
      windows: journeyWindows({ crm: customer.crmEvents, erp: customer.erpEvents, membership: customer.membershipEvents, channel: customer.channelEvents }),
    });
  },
  journeyStage: async (customer, _args, ctx) => {
    const computed = await ctx.computed(customer);
    const stage = computed.features.journeyStage;
    return { stage, reason: computed.journeyReason, evidence: evidenceFor(stage, timelineOf(customer)) };
  },
  lifecycle: (customer) => lifecycleOf({ systems: customer.systems ?? [], purchaseSummary: customer.purchaseSummary ?? null, loyaltySummary: customer.loyaltySummary ?? null }),
  features: async (customer, _args, ctx) => (await evaluate(customer, ctx)).computed.features,
  segments: async (customer, _args, ctx) => {
    const { computed, segmentIds, state } = await evaluate(customer, ctx);
    return segmentIds.map((id) => explainMatch(state.byId.get(id)!, computed));
  },
  rfm: async (customer, _args, ctx) => {
    const purchase = purchaseFeatures(customer, Date.now());
    return scoreRfm(purchase, (await ctx.services.catalog.current()).cutPoints);
  },
  spending: (customer) => {
    const p = customer.purchaseSummary;
    if (!p) return null;
    const activeYears = p.firstOrderAt ? Math.max(1, (Date.now() - Date.parse(p.firstOrderAt)) / (365.25 * 86_400_000)) : 1;
    const currency = p.totalSpend.currency ?? 'KRW';
    return {
      lifetimeValue: { amount: p.totalSpend.amount, currency },
      averageAnnualSpend: { amount: Math.round(p.totalSpend.amount / activeYears), currency },
      averageOrderValue: p.averageOrderValue ? { amount: p.averageOrderValue.amount, currency } : null,
      orderCount: p.orderCount,
      activeYears: Math.round(activeYears * 100) / 100,
    };
  },
  renewalLikelihood: async (customer, _args, ctx) => {
    const { renewal } = await ctx.computed(customer);
    return renewal ? { ...renewal, expiresAt: customer.loyaltySummary?.expiresAt ?? null } : null;
  },
  preferredChannel: async (customer, _args, ctx) => (await ctx.computed(customer)).channelPreference,
  nextBestAction: async (customer, _args, ctx) => {
    const [computed, state] = await Promise.all([ctx.computed(customer), ctx.services.catalog.current()]);
    return nextBestAction(computed, customer, computed.channelPreference.marketingChannel, state.affinity);
  },
};
