// Consent reconciliation, channel preference by response, renewal likelihood and the next best action on hand-built customers.
import { describe, expect, it } from 'vitest';
import { preferredChannelOf, rankChannels } from './channel-preference.ts';
import { consentFlags, consentOf } from './consent.ts';
import { customerFacts, daysAgo, NOW } from './customer-fixtures.ts';
import { buildFeatures } from './features.ts';
import { DEFAULT_CUT_POINTS } from './rfm.ts';
import { nextBestAction } from './next-best-action.ts';
import type { CustomerFacts } from './representation.ts';
import { renewalOf } from './renewal.ts';

const nba = (facts: CustomerFacts, affinity = {}) => {
  const computed = buildFeatures(facts, DEFAULT_CUT_POINTS, NOW);
  return nextBestAction(computed, facts, computed.channelPreference.marketingChannel, affinity);
};
const OPTED_OUT = {
  consents: (['EMAIL', 'SMS', 'PUSH', 'PHONE'] as const).map((channel) => ({ purpose: 'MARKETING', channel, granted: false, updatedAt: daysAgo(10) })),
  channelPreferences: [],
};

describe('consent', () => {
  it('lets the most recent statement per channel win, an opt-out win a tie, and no statement mean no', () => {
    const map = consentOf({
      consents: [
        { purpose: 'MARKETING', channel: 'EMAIL', granted: true, updatedAt: daysAgo(100) },
        { purpose: 'MARKETING', channel: 'SMS', granted: true, updatedAt: daysAgo(5) },
        { purpose: 'SERVICE', channel: null, granted: true, updatedAt: daysAgo(1) },
      ],
      channelPreferences: [
        { channel: 'EMAIL', optIn: false, updatedAt: daysAgo(10) },
        { channel: 'SMS', optIn: false, updatedAt: daysAgo(5) },
      ],
      loyaltySummary: null,
    });
    expect(consentFlags(map)).toEqual({ email: false, sms: false, push: false, phone: false, anyMarketing: false });
    expect(map.EMAIL.decidedBy).toMatchObject({ source: 'channel' });
  });

  it('applies the loyalty desk consent to every channel, when it is the latest word', () => {
    const map = consentOf({ consents: [{ purpose: 'MARKETING', channel: 'PHONE', granted: false, updatedAt: daysAgo(50) }], channelPreferences: [], loyaltySummary: customerFacts().loyaltySummary });
    expect(consentFlags(map)).toMatchObject({ email: true, sms: true, push: true, phone: false });
  });
});

describe('preferred channel', () => {
  it('ranks by response, not volume', () => {
    const consent = consentOf(customerFacts());
    const ranking = rankChannels(
      { lastSeenAt: null, touchpointsLast30Days: 0, touchpointsLast90Days: 0, byChannel: [
        { channel: 'EMAIL', interactions: 60, responses: 1 },
        { channel: 'APP', interactions: 5, responses: 5 },
        { channel: 'PUSH', interactions: 1, responses: 1 },
      ] },
      consent,
    );
    expect(ranking.map((c) => c.channel)).toEqual(['APP', 'PUSH', 'EMAIL']);
    const preferred = preferredChannelOf(ranking, consent);
    expect(preferred.channel).toBe('APP');
    expect(preferred.marketingChannel).toBe('PUSH');
  });

  it('offers no marketing channel to a customer who opted out everywhere', () => {
    const facts = customerFacts({ ...OPTED_OUT, loyaltySummary: { ...customerFacts().loyaltySummary!, marketingConsent: false } });
    expect(buildFeatures(facts, DEFAULT_CUT_POINTS, NOW).channelPreference.marketingChannel).toBeNull();
  });
});

describe('renewal likelihood', () => {
  it('adds up explainable factors and clamps the score', () => {
    const healthy = renewalOf({ membership: { tier: 'VIP', active: true, tenureYears: 5.2, daysToExpiry: 40, points: 100 }, purchase: { orderCount: 9, daysSinceLastOrder: 10, overdueInvoices: 0 }, channel: { touchpointsLast30Days: 5, touchpointsLast90Days: 9 }, community: { daysSinceActive: 3, advocacyScore: 70 }, service: { openCases: 0 } })!;
    expect(healthy.score).toBe(0.98);
    expect(healthy.level).toBe('HIGH');
    expect(healthy.factors.map((f) => [f.name, f.effect])).toEqual([['Tenure', 0.15], ['Tier', 0.15], ['Last order', 0.15], ['Channel activity', 0.1], ['Community', 0.05], ['Advocacy', 0.05], ['Points balance', 0.05]]);
    const lapsed = renewalOf({ membership: { tier: 'BASIC', active: false, tenureYears: 1.5, daysToExpiry: -20, points: 0 }, purchase: { orderCount: 0, daysSinceLastOrder: null, overdueInvoices: 1 }, channel: { touchpointsLast30Days: 0, touchpointsLast90Days: 0 }, community: null, service: { openCases: 1 } })!;
    expect(lapsed.factors.reduce((s, f) => s + f.effect, 0)).toBeCloseTo(-0.6);
    expect(lapsed).toMatchObject({ score: 0.02, level: 'LOW' });
    expect(renewalOf({ membership: null, purchase: { orderCount: 0, daysSinceLastOrder: null, overdueInvoices: 0 }, channel: { touchpointsLast30Days: 0, touchpointsLast90Days: 0 }, community: null, service: null })).toBeNull();
  });
});

describe('next best action', () => {
  it('resolves an open case before offering anything', () => {
    const action = nba(customerFacts({ serviceSummary: { openCases: 1, totalCases: 3, lastCaseAt: daysAgo(2), oldestOpenCaseAt: daysAgo(2), latestOpenCaseSubject: 'Refund request' } }));
    expect(action).toMatchObject({ action: 'RESOLVE_OPEN_CASE', kind: 'SERVICE', channel: null });
    expect(action.reason).toContain('"Refund request"');
  });

  it('proposes a renewal with the expiry and this week’s app sessions, on a consented channel', () => {
    const facts = customerFacts({ loyaltySummary: { ...customerFacts().loyaltySummary!, expiresAt: new Date(NOW + 12 * 86_400_000 + 3_600_000).toISOString() } });
    const action = nba(facts);
    expect(action.action).toBe('RENEW_MEMBERSHIP');
    expect(action.reason).toMatch(/SILVER membership expires in 12 days, 3 app sessions this week/);
    expect(action.channel).toBe('EMAIL');
  });

  it('never proposes marketing to a customer who opted out of every channel, and says why', () => {
    const facts = customerFacts({ ...OPTED_OUT, loyaltySummary: { ...customerFacts().loyaltySummary!, marketingConsent: false, marketingConsentAt: daysAgo(1), expiresAt: daysAgo(-5) } });
    const action = nba(facts);
    expect(action.action).toBe('NO_ACTION');
    expect(action.suppressed.map((s) => s.action)).toContain('RENEW_MEMBERSHIP');
    expect(action.suppressed[0].reason).toMatch(/no marketing consent on any channel \(email: opted out in membership/);
    expect([action, ...action.alternatives].every((a) => a.kind !== 'MARKETING')).toBe(true);
  });

  it('wins back a late repeat buyer and recommends what similar customers bought', () => {
    const facts = customerFacts({
      purchaseSummary: { orderCount: 5, firstOrderAt: daysAgo(700), lastOrderAt: daysAgo(300), recencyDays: 300, totalSpend: { amount: 500_000 }, returnedCount: 0 },
    });
    const affinity = { ROOKIE: [{ sku: 'SKU-1001', name: 'Seasonal tea set', customers: 40, share: 0.4 }, { sku: 'SKU-1004', name: 'Running shoes', customers: 30, share: 0.3 }] };
    const action = nba(facts, affinity);
    expect(action.action).toBe('WIN_BACK');
    expect(action.reason).toMatch(/Last order 300 days ago; usually orders every 100 days/);
    expect(action.alternatives.find((a) => a.action === 'RECOMMEND_PRODUCT')).toMatchObject({ title: 'Recommend Running shoes', channel: 'EMAIL' });
  });

  it('welcomes an identified customer who has not bought yet', () => {
    const facts = customerFacts({ systems: ['crm', 'channel'], purchaseSummary: { orderCount: 0, totalSpend: { amount: 0 }, returnedCount: 0 }, loyaltySummary: null, purchasedProducts: [] });
    expect(nba(facts).action).toBe('WELCOME_FIRST_PURCHASE');
  });
});
