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

/** Everything the gateway may send; each field is there only when a requested field required it, and null when its system failed. */
export interface CustomerFacts {
  id: string;
  systems?: SourceSystemId[] | null;
  profile?: { address?: { value: string } | null; postcode?: { value: string } | null } | null;
  crmEvents?: TimelineEvent[] | null;
  erpEvents?: TimelineEvent[] | null;
  membershipEvents?: TimelineEvent[] | null;
  channelEvents?: TimelineEvent[] | null;
  /** What @requires actually fetches: each system's events in compact form (kit/event-log.ts), unpacked into xxxEvents. */
  crmEventLog?: unknown;
  erpEventLog?: unknown;
  membershipEventLog?: unknown;
  channelEventLog?: unknown;
  purchaseSummary?: PurchaseFacts | null;
  loyaltySummary?: LoyaltyFacts | null;
  serviceSummary?: ServiceFacts | null;
  consents?: ConsentFact[] | null;
  channelSummary?: ChannelSummaryFacts | null;
  channelPreferences?: ChannelPreferenceFact[] | null;
  receivables?: ReceivablesFacts | null;
  purchasedProducts?: { sku: string; name: string; quantity: number }[] | null;
}

const internal = (system: string) => system.toLowerCase() as SourceSystemId;
const events = (list: TimelineEvent[] | null | undefined) => list?.map((e) => ({ ...e, system: internal(e.system) })) ?? null;

/**
 * Representations carry enum values by their GraphQL names (CRM); inside, systems are
 * internal ids (crm), which the SourceSystem enum resolver maps back on the way out.
 */
export function fromRepresentation(representation: CustomerFacts): CustomerFacts {
  const facts: CustomerFacts = { ...representation };
  if (representation.systems) facts.systems = representation.systems.map(internal);
  if (representation.crmEvents !== undefined) facts.crmEvents = events(representation.crmEvents);
  if (representation.erpEvents !== undefined) facts.erpEvents = events(representation.erpEvents);
  if (representation.membershipEvents !== undefined) facts.membershipEvents = events(representation.membershipEvents);
  if (representation.channelEvents !== undefined) facts.channelEvents = events(representation.channelEvents);
  // A failed system sends null: unpackEvents keeps it null, which the journey reports as missing.
  if (representation.crmEventLog !== undefined) facts.crmEvents = unpackEvents('crm', representation.crmEventLog);
  if (representation.erpEventLog !== undefined) facts.erpEvents = unpackEvents('erp', representation.erpEventLog);
  if (representation.membershipEventLog !== undefined) facts.membershipEvents = unpackEvents('membership', representation.membershipEventLog);
  if (representation.channelEventLog !== undefined) facts.channelEvents = unpackEvents('channel', representation.channelEventLog);
  return facts;
}
