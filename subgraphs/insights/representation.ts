// The Customer representation the gateway sends insights: the key plus the fields @requires fetched from the other subgraphs.
import type { SourceSystemId } from '../kit/source-system.ts';
import type { TimelineEvent } from './journey.ts';
import { unpackEvents } from '../kit/event-log.ts';

interface MoneyFact {
  amount: number;
  currency?: string;
}

export interface PurchaseFacts {
  orderCount: number;
  firstOrderAt?: string | null;
  lastOrderAt?: string | null;
  recencyDays?: number | null;
  totalSpend: MoneyFact;
  averageOrderValue?: MoneyFact | null;
  returnedCount?: number;
}

export interface LoyaltyFacts {
  tier?: string | null;
  memberSince: string | null;
  expiresAt?: string | null;
  active: boolean;
  points?: number;
  posts: number;
  comments?: number;
  reviews: number;
  positiveReviews?: number | null;
  averageRating: number | null;
  referralsMade: number;
  referralsConverted: number;
  eventsAttended: number;
  lastActiveAt?: string | null;
  marketingConsent?: boolean | null;
  marketingConsentAt?: string | null;
  advocacyScore?: number | null;
}

export interface ServiceFacts {
  openCases: number;
  totalCases: number;
  lastCaseAt: string | null;
  oldestOpenCaseAt?: string | null;
  latestOpenCaseSubject?: string | null;
}

export interface ConsentFact {
  purpose: string;
  channel: string | null;
  granted: boolean;
  updatedAt: string;
}

export interface ChannelActivityFact {
  channel: string;
  interactions: number;
  responses: number;
  responsesLast7Days?: number | null;
  responsesLast30Days?: number | null;
  lastResponseAt?: string | null;
}

export interface ChannelSummaryFacts {
  lastSeenAt: string | null;
  touchpointsLast30Days: number;
  touchpointsLast90Days: number;
  byChannel: ChannelActivityFact[];
}

export interface ChannelPreferenceFact {
  channel: string;
  optIn: boolean;
  updatedAt: string;
}

export interface ReceivablesFacts {
  openBalance: MoneyFact;
  overdueInvoices: number;
  overdueAmount: MoneyFact;
  oldestOverdueDueAt: string | null;
}

/** What insights computes from: the representation's fields, with each system's events unpacked; null where a system failed. */
export interface CustomerFacts {
  id: string;
  systems?: SourceSystemId[] | null;
  profile?: { address?: { value: string } | null; postcode?: { value: string } | null } | null;
  crmEvents?: TimelineEvent[] | null;
  erpEvents?: TimelineEvent[] | null;
  membershipEvents?: TimelineEvent[] | null;
  channelEvents?: TimelineEvent[] | null;
  purchaseSummary?: PurchaseFacts | null;
  loyaltySummary?: LoyaltyFacts | null;
  serviceSummary?: ServiceFacts | null;
  consents?: ConsentFact[] | null;
  channelSummary?: ChannelSummaryFacts | null;
  channelPreferences?: ChannelPreferenceFact[] | null;
  receivables?: ReceivablesFacts | null;
  purchasedProducts?: { sku: string; name: string; quantity: number }[] | null;
}

type EventField = 'crmEvents' | 'erpEvents' | 'membershipEvents' | 'channelEvents';

/**
 * Everything the gateway may send; each field is there only when a requested field required
 * it. Events arrive as each system's compact log (kit/event-log.ts), never as typed lists.
 */
export interface CustomerRepresentation extends Omit<CustomerFacts, EventField> {
  crmEventLog?: unknown;
  erpEventLog?: unknown;
  membershipEventLog?: unknown;
  channelEventLog?: unknown;
}

const internal = (system: string) => system.toLowerCase() as SourceSystemId;

/**
 * Representations carry enum values by their GraphQL names (CRM); inside, systems are
 * internal ids (crm), which the SourceSystem enum resolver maps back on the way out.
 * A failed system sends a null log: it stays null, which the journey reports as missing.
 */
export function fromRepresentation(representation: CustomerRepresentation): CustomerFacts {
  const { crmEventLog, erpEventLog, membershipEventLog, channelEventLog, ...rest } = representation;
  const facts: CustomerFacts = { ...rest };
  if (rest.systems) facts.systems = rest.systems.map(internal);
  if (crmEventLog !== undefined) facts.crmEvents = unpackEvents('crm', crmEventLog);
  if (erpEventLog !== undefined) facts.erpEvents = unpackEvents('erp', erpEventLog);
  if (membershipEventLog !== undefined) facts.membershipEvents = unpackEvents('membership', membershipEventLog);
  if (channelEventLog !== undefined) facts.channelEvents = unpackEvents('channel', channelEventLog);
  return facts;
}
