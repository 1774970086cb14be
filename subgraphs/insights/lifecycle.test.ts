// The fan-first ladder on hand-built customers: each stage's definition, at and around its thresholds.
import { describe, expect, it } from 'vitest';
import { LADDER, lifecycleOf, type LifecycleInputs } from './lifecycle.ts';

const NOW = Date.parse('2026-11-01T00:00:00.000Z');
const yearsAgo = (years: number) => new Date(NOW - years * 365.25 * 86_400_000 - 86_400_000).toISOString();

const member = (overrides: Partial<NonNullable<LifecycleInputs['loyaltySummary']>> = {}): NonNullable<LifecycleInputs['loyaltySummary']> => ({
  memberSince: yearsAgo(1),
  active: true,
  posts: 0,
  reviews: 0,
  averageRating: null,
  referralsMade: 0,
  referralsConverted: 0,
  eventsAttended: 0,
  ...overrides,
});
const buyer = (orderCount: number, spend = 100_000) => ({ orderCount, totalSpend: { amount: spend } });
const stage = (input: LifecycleInputs) => lifecycleOf(input, NOW).stage;

describe('fan-first lifecycle ladder', () => {
  it('PROSPECT: known only to the channels', () => {
    expect(stage({ systems: ['channel'], purchaseSummary: null, loyaltySummary: null })).toBe('PROSPECT');
    expect(stage({ systems: [], purchaseSummary: buyer(0), loyaltySummary: null })).toBe('PROSPECT');
  });

  it('POTENTIAL: identified in the CRM, the ERP or the membership, no purchase', () => {
    expect(stage({ systems: ['crm', 'channel'], purchaseSummary: null, loyaltySummary: null })).toBe('POTENTIAL');
    expect(stage({ systems: ['membership'], purchaseSummary: buyer(0), loyaltySummary: member() })).toBe('POTENTIAL');
  });

  it('NEW: exactly one order', () => {
    expect(stage({ systems: ['erp'], purchaseSummary: buyer(1), loyaltySummary: null })).toBe('NEW');
  });

  it('ROOKIE: repeat purchases, but not a frequent buyer and engaged member', () => {
    expect(stage({ systems: ['erp'], purchaseSummary: buyer(LADDER.repeatMinOrders), loyaltySummary: null })).toBe('ROOKIE');
    // Frequent, but not a member.
    expect(stage({ systems: ['erp'], purchaseSummary: buyer(20), loyaltySummary: null })).toBe('ROOKIE');
    // Frequent member, but too few community actions.
    expect(stage({ systems: ['erp', 'membership'], purchaseSummary: buyer(LADDER.trueFanMinOrders), loyaltySummary: member({ posts: 1, reviews: 1 }) })).toBe('ROOKIE');
    // Engaged, but a lapsed membership.
    expect(stage({ systems: ['erp', 'membership'], purchaseSummary: buyer(10), loyaltySummary: member({ active: false, posts: 5 }) })).toBe('ROOKIE');
    // Engaged member, one order short.
    expect(stage({ systems: ['erp', 'membership'], purchaseSummary: buyer(LADDER.trueFanMinOrders - 1), loyaltySummary: member({ posts: 5 }) })).toBe('ROOKIE');
  });

  it('TRUE_FAN: frequent buyer and engaged, active member', () => {
    const fan = { systems: ['erp', 'membership'], purchaseSummary: buyer(LADDER.trueFanMinOrders), loyaltySummary: member({ posts: 1, eventsAttended: 1, referralsMade: 1 }) };
    expect(stage(fan)).toBe('TRUE_FAN');
    // Long-standing and an advocate, but below the spend threshold.
    expect(stage({ ...fan, purchaseSummary: buyer(12, LADDER.vipMinSpend - 1), loyaltySummary: member({ memberSince: yearsAgo(5), posts: 6 }) })).toBe('TRUE_FAN');
    // High value and an advocate, but a member for less than three years.
    expect(stage({ ...fan, purchaseSummary: buyer(12, 5_000_000), loyaltySummary: member({ memberSince: yearsAgo(2), posts: 6 }) })).toBe('TRUE_FAN');
    // Long-standing and high value, but not an advocate (two good reviews only).
    expect(stage({ ...fan, purchaseSummary: buyer(12, 5_000_000), loyaltySummary: member({ memberSince: yearsAgo(5), reviews: 2, averageRating: 5, eventsAttended: 3 }) })).toBe('TRUE_FAN');
  });

  it('VERY_IMPORTANT_FAN: a long-standing, high-value true fan who advocates the brand, by any of the three routes', () => {
    const base = { systems: ['erp', 'membership'], purchaseSummary: buyer(12, LADDER.vipMinSpend) };
    const since = yearsAgo(LADDER.vipMinMemberYears);
    expect(stage({ ...base, loyaltySummary: member({ memberSince: since, referralsMade: 3, referralsConverted: 1 }) })).toBe('VERY_IMPORTANT_FAN');
    expect(stage({ ...base, loyaltySummary: member({ memberSince: since, reviews: 3, averageRating: 4 }) })).toBe('VERY_IMPORTANT_FAN');
    expect(stage({ ...base, loyaltySummary: member({ memberSince: since, posts: LADDER.advocateMinPosts }) })).toBe('VERY_IMPORTANT_FAN');
    // Reviews averaging just under four stars are not advocacy.
    expect(stage({ ...base, loyaltySummary: member({ memberSince: since, reviews: 4, averageRating: 3.9 }) })).toBe('TRUE_FAN');
  });

  it('gives a reason a console user can read', () => {
    const { reason } = lifecycleOf({ systems: ['erp', 'membership'], purchaseSummary: buyer(12, 4_000_000), loyaltySummary: member({ memberSince: yearsAgo(4), posts: 9 }) }, NOW);
    expect(reason).toMatch(/Member for 4 years, ₩4,000,000 spent/);
  });
});
