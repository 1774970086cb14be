// The rule language's vocabulary: every feature-document field a segment rule may test, with its type and meaning.
import { REGIONS } from './region.ts';

export type FieldType = 'number' | 'integer' | 'boolean' | 'string' | 'enum' | 'enum[]' | 'string[]' | 'object';

export interface FeatureField {
  path: string;
  type: FieldType;
  /** Allowed values of enumerations. */
  values?: readonly string[];
  /** Whether the field can be null (its source system failed, or it does not apply). */
  nullable: boolean;
  description: string;
}

const STAGES = ['PROSPECT', 'POTENTIAL', 'NEW', 'ROOKIE', 'TRUE_FAN', 'VERY_IMPORTANT_FAN'] as const;
const JOURNEY = ['AWARENESS', 'CONSIDERATION', 'PURCHASE', 'RETENTION', 'ADVOCACY'] as const;
const CHANNELS = ['WEB', 'APP', 'EMAIL', 'SMS', 'PUSH', 'CALL_CENTER'] as const;

const f = (path: string, type: FieldType, description: string, extra: Partial<FeatureField> = {}): FeatureField => ({ path, type, description, nullable: false, ...extra });
const nullable = { nullable: true };

export const FEATURE_FIELDS: readonly FeatureField[] = [
  f('systems', 'enum[]', 'Systems that know the customer', { values: ['CRM', 'ERP', 'MEMBERSHIP', 'CHANNEL'] }),
  f('region', 'enum', 'Province or metropolitan city from the golden profile (postcode, else address)', { values: REGIONS, nullable: true }),
  f('lifecycleStage', 'enum', 'Fan-first ladder stage', { values: STAGES }),
  f('journeyStage', 'enum', 'Marketing journey stage', { values: JOURNEY }),
  f('purchase.orderCount', 'integer', 'Orders, cancelled ones excluded'),
  f('purchase.totalSpend', 'number', 'Lifetime value in KRW: orders not cancelled or returned'),
  f('purchase.averageOrderValue', 'number', 'Average value of those orders, KRW', nullable),
  f('purchase.annualSpend', 'number', 'Lifetime value ÷ years since the first order (at least 1)'),
  f('purchase.daysSinceLastOrder', 'integer', 'Days since the last order', nullable),
  f('purchase.daysSinceFirstOrder', 'integer', 'Days since the first order', nullable),
  f('purchase.averageGapDays', 'number', 'Average days between orders (two orders or more)', nullable),
  f('purchase.cadenceRatio', 'number', 'daysSinceLastOrder ÷ averageGapDays: above 1 the next order is late', nullable),
  f('purchase.returnedCount', 'integer', 'Returned orders'),
  f('purchase.overdueInvoices', 'integer', 'Invoices past their due date and unpaid'),
  f('purchase.overdueAmount', 'number', 'Amount overdue, KRW'),
  f('rfm', 'object', 'RFM scores; null without orders (only null, $ne: null and $exists apply)', nullable),
  f('rfm.recency', 'integer', 'Recency quintile 1–5 (5 = most recent)', nullable),
  f('rfm.frequency', 'integer', 'Frequency quintile 1–5', nullable),
  f('rfm.monetary', 'integer', 'Monetary quintile 1–5', nullable),
  f('rfm.score', 'string', 'The three digits, e.g. "545"', nullable),
  f('rfm.total', 'integer', 'recency + frequency + monetary, 3–15', nullable),
  f('membership', 'object', 'Membership figures; null for non-members (only null, $ne: null and $exists apply)', nullable),
  f('membership.tier', 'enum', 'Membership tier', { values: ['BASIC', 'SILVER', 'GOLD', 'VIP'], nullable: true }),
  f('membership.active', 'boolean', 'Membership not expired', nullable),
  f('membership.tenureYears', 'number', 'Years since joining', nullable),
  f('membership.daysToExpiry', 'integer', 'Days until the membership expires (negative once lapsed)', nullable),
  f('membership.points', 'integer', 'Points balance', nullable),
  f('community', 'object', 'Community figures; null for non-members (only null, $ne: null and $exists apply)', nullable),
  f('community.posts', 'integer', 'Community posts', nullable),
  f('community.comments', 'integer', 'Community comments', nullable),
  f('community.reviews', 'integer', 'Product reviews', nullable),
  f('community.positiveReviews', 'integer', 'Reviews rated 4 or 5 stars', nullable),
  f('community.averageRating', 'number', 'Average review rating', nullable),
  f('community.referralsMade', 'integer', 'Friends referred', nullable),
  f('community.referralsConverted', 'integer', 'Referred friends who joined', nullable),
  f('community.eventsAttended', 'integer', 'Brand events attended', nullable),
  f('community.daysSinceActive', 'integer', 'Days since the last community activity', nullable),
  f('community.advocacyScore', 'integer', 'Advocacy score 0–100 (formula in the README)', nullable),
  f('community.advocate', 'boolean', 'Referred someone, wrote a positive review or posted', nullable),
  f('channel.preferred', 'enum', 'Channel with the best response score', { values: CHANNELS, nullable: true }),
  f('channel.touchpointsLast30Days', 'integer', 'Touchpoints in the last 30 days'),
  f('channel.touchpointsLast90Days', 'integer', 'Touchpoints in the last 90 days'),
  f('channel.daysSinceSeen', 'integer', 'Days since the customer last did something on a channel', nullable),
  f('channel.appSessionsLast7Days', 'integer', 'App sessions in the last 7 days'),
  f('channel.responsesLast30Days', 'integer', 'Opens, clicks, sessions, visits and calls in the last 30 days'),
  f('service', 'object', 'Service figures; null when the CRM did not answer (only null, $ne: null and $exists apply)', nullable),
  f('service.openCases', 'integer', 'CRM cases not closed', nullable),
  f('service.totalCases', 'integer', 'CRM cases', nullable),
  f('service.daysSinceLastCase', 'integer', 'Days since the last case was opened', nullable),
  f('consent.email', 'boolean', 'Marketing consent on email'),
  f('consent.sms', 'boolean', 'Marketing consent on SMS'),
  f('consent.push', 'boolean', 'Marketing consent on push'),
  f('consent.phone', 'boolean', 'Marketing consent on phone'),
  f('consent.anyMarketing', 'boolean', 'Marketing consent on at least one channel'),
  f('renewalLikelihood', 'number', 'Membership renewal likelihood 0.02–0.98; null for non-members', nullable),
  f('products', 'string[]', 'SKUs in the recent orders, most bought first'),
];

export const FIELDS_BY_PATH = new Map(FEATURE_FIELDS.map((field) => [field.path, field]));
