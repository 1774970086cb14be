// Hand-built customers for the insights unit tests: a complete representation, with any part overridden.
import type { CustomerFacts } from './representation.ts';

export const NOW = Date.parse('2026-11-01T00:00:00.000Z');
export const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

export function customerFacts(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    id: 'cus_fixture',
    systems: ['crm', 'erp', 'membership', 'channel'],
    profile: { address: { value: '서울특별시 강남구 테헤란로 1' }, postcode: { value: '06234' } },
    purchaseSummary: { orderCount: 4, firstOrderAt: daysAgo(400), lastOrderAt: daysAgo(30), recencyDays: 30, totalSpend: { amount: 800_000, currency: 'KRW' }, averageOrderValue: { amount: 200_000, currency: 'KRW' }, returnedCount: 0 },
    loyaltySummary: {
      tier: 'SILVER', memberSince: daysAgo(800), expiresAt: daysAgo(-200), active: true, points: 1_200, posts: 1, comments: 2, reviews: 1, positiveReviews: 1,
      averageRating: 5, referralsMade: 0, referralsConverted: 0, eventsAttended: 0, lastActiveAt: daysAgo(20), marketingConsent: true, marketingConsentAt: daysAgo(800), advocacyScore: 15,
    },
    serviceSummary: { openCases: 0, totalCases: 2, lastCaseAt: daysAgo(100), oldestOpenCaseAt: null, latestOpenCaseSubject: null },
    consents: [
      { purpose: 'MARKETING', channel: 'EMAIL', granted: true, updatedAt: daysAgo(300) },
      { purpose: 'MARKETING', channel: 'SMS', granted: false, updatedAt: daysAgo(300) },
    ],
    channelSummary: {
      lastSeenAt: daysAgo(2),
      touchpointsLast30Days: 6,
      touchpointsLast90Days: 15,
      byChannel: [
        { channel: 'EMAIL', interactions: 20, responses: 12, responsesLast7Days: 1, responsesLast30Days: 3, lastResponseAt: daysAgo(3) },
        { channel: 'APP', interactions: 3, responses: 3, responsesLast7Days: 3, responsesLast30Days: 3, lastResponseAt: daysAgo(2) },
        { channel: 'SMS', interactions: 10, responses: 0, responsesLast7Days: 0, responsesLast30Days: 0, lastResponseAt: null },
      ],
    },
    channelPreferences: [{ channel: 'PUSH', optIn: true, updatedAt: daysAgo(50) }],
    receivables: { openBalance: { amount: 0 }, overdueInvoices: 0, overdueAmount: { amount: 0 }, oldestOverdueDueAt: null },
    purchasedProducts: [{ sku: 'SKU-1001', name: 'Seasonal tea set', quantity: 2 }],
    ...overrides,
  };
}
