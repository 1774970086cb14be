// Resolvers of the insights subgraph: the merged journey, the lifecycle stage and segments, from @requires inputs.
import { readPage } from '../kit/pagination.ts';
import { SourceSystemEnum, type SourceSystemId } from '../kit/source-system.ts';
import type { Resolvers } from './generated/resolvers-types.ts';
import { journeyPage, mergeTimeline, type TimelineEvent } from './journey.ts';
import { lifecycleOf, STAGE_NAMES, type LifecycleInputs } from './lifecycle.ts';

/** The representation the gateway sends: the key plus whatever @requires asked the other subgraphs for. */
export interface CustomerFacts extends Partial<LifecycleInputs> {
  id: string;
  crmEvents?: TimelineEvent[] | null;
  erpEvents?: TimelineEvent[] | null;
  membershipEvents?: TimelineEvent[] | null;
  channelEvents?: TimelineEvent[] | null;
}

const SYSTEM_ORDER: SourceSystemId[] = ['crm', 'erp', 'membership', 'channel'];

function lifecycleInputs(customer: CustomerFacts): LifecycleInputs {
  return { systems: customer.systems ?? [], purchaseSummary: customer.purchaseSummary ?? null, loyaltySummary: customer.loyaltySummary ?? null };
}

/**
 * Representations carry enum values by their GraphQL names (CRM); inside, systems are
 * internal ids (crm), which the SourceSystem enum resolver maps back on the way out.
 */
function fromRepresentation(representation: CustomerFacts): CustomerFacts {
  const internal = (system: string) => system.toLowerCase() as SourceSystemId;
  const events = (list: TimelineEvent[] | null | undefined) => list?.map((e) => ({ ...e, system: internal(e.system) })) ?? null;
  return {
    ...representation,
    systems: representation.systems?.map(internal),
    crmEvents: events(representation.crmEvents),
    erpEvents: events(representation.erpEvents),
    membershipEvents: events(representation.membershipEvents),
    channelEvents: events(representation.channelEvents),
  };
}

export const resolvers: Resolvers = {
  SourceSystem: SourceSystemEnum,
  Customer: {
    __resolveReference: (representation) => fromRepresentation(representation as CustomerFacts),
    journey: (customer, args) => {
      const page = readPage<[string, string, string, string]>(args);
      const events = mergeTimeline([customer.crmEvents, customer.erpEvents, customer.membershipEvents, customer.channelEvents]);
      const present = new Set(events.map((e) => e.system));
      return { ...journeyPage(events, page.size, page.after), systems: SYSTEM_ORDER.filter((s) => present.has(s)) };
    },
    lifecycle: (customer) => lifecycleOf(lifecycleInputs(customer)),
    segments: (customer) => {
      const { stage, reason } = lifecycleOf(lifecycleInputs(customer));
      return [{ segmentId: `lifecycle:${stage.toLowerCase()}`, name: `Lifecycle: ${STAGE_NAMES[stage]}`, reason }];
    },
  },
};
