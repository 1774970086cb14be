// The feature document: one customer's computed traits, the vocabulary segment rules are written in (fields listed in feature-fields.ts).
import { consentFlags, consentOf, type ConsentMap } from './consent.ts';
import { preferredChannelOf, rankChannels, type ChannelName } from './channel-preference.ts';
import { journeyStageOf, type JourneyStage } from './journey-stage.ts';
import { lifecycleOf, type LifecycleStage } from './lifecycle.ts';
import type { RfmCutPoints } from './model.ts';
import { regionOf } from './region.ts';
import { renewalOf } from './renewal.ts';
import type { CustomerFacts } from './representation.ts';
import { scoreRfm, type RfmScore } from './rfm.ts';

export interface FeatureDocument {
  systems: string[];
  region: string | null;
  lifecycleStage: LifecycleStage;
  journeyStage: JourneyStage;
  purchase: {
    orderCount: number;
    totalSpend: number;
    averageOrderValue: number | null;
    annualSpend: number;
    daysSinceLastOrder: number | null;
    daysSinceFirstOrder: number | null;
    averageGapDays: number | null;
    cadenceRatio: number | null;
    returnedCount: number;
    overdueInvoices: number;
    overdueAmount: number;
  };
  rfm: RfmScore | null;
  membership: { tier: string | null; active: boolean; tenureYears: number; daysToExpiry: number | null; points: number } | null;
  community: {
    posts: number;
    comments: number;
    reviews: number;
    positiveReviews: number;
    averageRating: number | null;
    referralsMade: number;
    referralsConverted: number;
    eventsAttended: number;
    daysSinceActive: number | null;
    advocacyScore: number;
    advocate: boolean;
  } | null;
  channel: {
    preferred: ChannelName | null;
    touchpointsLast30Days: number;
    touchpointsLast90Days: number;
    daysSinceSeen: number | null;
    appSessionsLast7Days: number;
    responsesLast30Days: number;
  };
  service: { openCases: number; totalCases: number; daysSinceLastCase: number | null } | null;
  consent: { email: boolean; sms: boolean; push: boolean; phone: boolean; anyMarketing: boolean };
  renewalLikelihood: number | null;
  products: string[];
}

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
const daysSince = (iso: string | null | undefined, now: number) => (iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / DAY)) : null);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const SYSTEM_NAMES: Record<string, string> = { crm: 'CRM', erp: 'ERP', membership: 'MEMBERSHIP', channel: 'CHANNEL' };

/** Everything computed for one customer in one request: the feature document and what explains it. */
export interface ComputedFeatures {
  features: FeatureDocument;
  consent: ConsentMap;
  lifecycleReason: string;
  journeyReason: string;
  renewal: ReturnType<typeof renewalOf>;
  channelPreference: ReturnType<typeof preferredChannelOf>;
}

export function purchaseFeatures(facts: CustomerFacts, now: number): FeatureDocument['purchase'] {
  const p = facts.purchaseSummary;
  const orderCount = p?.orderCount ?? 0;
  const totalSpend = p?.totalSpend.amount ?? 0;
  const daysSinceFirstOrder = daysSince(p?.firstOrderAt, now);
  const daysSinceLastOrder = daysSince(p?.lastOrderAt, now);
  const activeYears = p?.firstOrderAt ? Math.max(1, (now - Date.parse(p.firstOrderAt)) / YEAR) : 1;
  const span = p?.firstOrderAt && p.lastOrderAt ? (Date.parse(p.lastOrderAt) - Date.parse(p.firstOrderAt)) / DAY : 0;
  const averageGapDays = orderCount >= 2 ? round(span / (orderCount - 1), 1) : null;
  return {
    orderCount,
    totalSpend,
    averageOrderValue: p?.averageOrderValue?.amount ?? null,
    annualSpend: Math.round(totalSpend / activeYears),
    daysSinceLastOrder,
    daysSinceFirstOrder,
    averageGapDays,
    cadenceRatio: averageGapDays && daysSinceLastOrder !== null ? round(daysSinceLastOrder / Math.max(1, averageGapDays)) : null,
    returnedCount: p?.returnedCount ?? 0,
    overdueInvoices: facts.receivables?.overdueInvoices ?? 0,
    overdueAmount: facts.receivables?.overdueAmount.amount ?? 0,
  };
}

export function buildFeatures(facts: CustomerFacts, cuts: RfmCutPoints, now = Date.now()): ComputedFeatures {
  const systems = facts.systems ?? [];
  const purchase = purchaseFeatures(facts, now);
  const loyalty = facts.loyaltySummary;
  const consent = consentOf(facts);
  const ranking = rankChannels(facts.channelSummary, consent);
  const byChannel = facts.channelSummary?.byChannel ?? [];
  const membership = loyalty?.memberSince
    ? {
        tier: loyalty.tier ?? null,
        active: loyalty.active,
        tenureYears: round((now - Date.parse(loyalty.memberSince)) / YEAR),
        daysToExpiry: loyalty.expiresAt ? Math.floor((Date.parse(loyalty.expiresAt) - now) / DAY) : null,
        points: loyalty.points ?? 0,
      }
    : null;
  const positiveReviews = loyalty?.positiveReviews ?? 0;
  const community =
    loyalty && membership
      ? {
          posts: loyalty.posts,
          comments: loyalty.comments ?? 0,
          reviews: loyalty.reviews,
          positiveReviews,
          averageRating: loyalty.averageRating,
          referralsMade: loyalty.referralsMade,
          referralsConverted: loyalty.referralsConverted,
          eventsAttended: loyalty.eventsAttended,
          daysSinceActive: daysSince(loyalty.lastActiveAt, now),
          advocacyScore: loyalty.advocacyScore ?? 0,
          advocate: loyalty.referralsMade > 0 || positiveReviews > 0 || loyalty.posts > 0,
        }
      : null;
  const channelPreference = preferredChannelOf(ranking, consent);
  const channel = {
    preferred: channelPreference.channel,
    touchpointsLast30Days: facts.channelSummary?.touchpointsLast30Days ?? 0,
    touchpointsLast90Days: facts.channelSummary?.touchpointsLast90Days ?? 0,
    daysSinceSeen: daysSince(facts.channelSummary?.lastSeenAt, now),
    appSessionsLast7Days: byChannel.find((a) => a.channel === 'APP')?.responsesLast7Days ?? 0,
    responsesLast30Days: byChannel.reduce((sum, a) => sum + (a.responsesLast30Days ?? 0), 0),
  };
  const service = facts.serviceSummary
    ? { openCases: facts.serviceSummary.openCases, totalCases: facts.serviceSummary.totalCases, daysSinceLastCase: daysSince(facts.serviceSummary.lastCaseAt, now) }
    : null;
  const lifecycle = lifecycleOf({ systems, purchaseSummary: facts.purchaseSummary ?? null, loyaltySummary: loyalty ?? null }, now);
  const journey = journeyStageOf({
    orderCount: purchase.orderCount,
    daysSinceLastOrder: purchase.daysSinceLastOrder,
    identifiedIn: systems.filter((s) => s === 'crm' || s === 'membership').map((s) => SYSTEM_NAMES[s]),
    channelResponses: byChannel.reduce((sum, a) => sum + a.responses, 0),
    referralsMade: loyalty?.referralsMade ?? 0,
    positiveReviews,
    posts: loyalty?.posts ?? 0,
  });
  const renewal = renewalOf({ membership, purchase, channel, community, service });
  const features: FeatureDocument = {
    systems: systems.map((s) => SYSTEM_NAMES[s] ?? s.toUpperCase()),
    region: regionOf(facts.profile?.postcode?.value, facts.profile?.address?.value),
    lifecycleStage: lifecycle.stage,
    journeyStage: journey.stage,
    purchase,
    rfm: scoreRfm({ orderCount: purchase.orderCount, daysSinceLastOrder: purchase.daysSinceLastOrder, totalSpend: purchase.totalSpend }, cuts),
    membership,
    community,
    channel,
    service,
    consent: consentFlags(consent),
    renewalLikelihood: renewal?.score ?? null,
    products: (facts.purchasedProducts ?? []).map((p) => p.sku),
  };
  return { features, consent, lifecycleReason: lifecycle.reason, journeyReason: journey.reason, renewal, channelPreference };
}

/** Re-score RFM on a stored feature document after the cut points changed. */
export function rescoreRfm(features: FeatureDocument, cuts: RfmCutPoints): FeatureDocument {
  const { orderCount, daysSinceLastOrder, totalSpend } = features.purchase;
  return { ...features, rfm: scoreRfm({ orderCount, daysSinceLastOrder, totalSpend }, cuts) };
}
