// Resolvers of the CRM subgraph: contacts, cases with notes, opportunities, owner, consents and service summary.
import { badUserInput } from '../kit/errors.ts';
import { EventLogScalar, packEvents } from '../kit/event-log.ts';
import { loadForCustomer, loadPresent } from '../kit/loaders.ts';
import { customerReference } from '../kit/customer-ref.ts';
import { SourceSystemEnum } from '../kit/source-system.ts';
import type { CrmContext } from './context.ts';
import { crmEvents } from './events.ts';
import type { Resolvers } from './generated/resolvers-types.ts';

const MAX_CASES = 100;

async function primaryContact(ctx: CrmContext, customerId: string) {
  const ids = await ctx.contactIds.load(customerId);
  const contacts = await loadPresent(ctx.contacts, ids);
  // The oldest contact is the one the account team works from.
  return contacts.sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0] ?? null;
}

/** The customer's recent events, for `crmEvents` and its compact twin `crmEventLog`. */
async function crmEventsOf(ctx: CrmContext, customerId: string) {
  const [cases, activities] = await Promise.all([
    loadForCustomer(ctx.contactIds, ctx.cases, customerId),
    loadForCustomer(ctx.contactIds, ctx.activities, customerId),
  ]);
  return crmEvents(cases, activities);
}

export const resolvers: Resolvers = {
  EventLog: EventLogScalar,
  SourceSystem: SourceSystemEnum,
  Customer: {
    __resolveReference: (ref, ctx) => customerReference(ref, ctx.contactIds, 'crm'),
    contacts: async (customer, _args, ctx) => loadPresent(ctx.contacts, await ctx.contactIds.load(customer.id)),
    cases: async (customer, { status, first }, ctx) => {
      const limit = first ?? 20;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CASES) throw badUserInput('first', `must be between 1 and ${MAX_CASES}, got ${limit}`);
      const cases = await loadForCustomer(ctx.contactIds, ctx.cases, customer.id);
      return cases
        .filter((c) => !status || c.status === status)
        .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
        .slice(0, limit);
    },
    opportunities: (customer, _args, ctx) => loadForCustomer(ctx.contactIds, ctx.opportunities, customer.id),
    accountOwner: async (customer, _args, ctx) => {
      const contact = await primaryContact(ctx, customer.id);
      return contact ? ctx.users.load(contact.ownerId) : null;
    },
    consents: async (customer, _args, ctx) => {
      // With duplicate contacts, the most recent statement per purpose and channel wins.
      const latest = new Map<string, Awaited<ReturnType<typeof ctx.consents.load>>[number]>();
      for (const consent of await loadForCustomer(ctx.contactIds, ctx.consents, customer.id)) {
        const key = `${consent.purpose}|${consent.channel ?? ''}`;
        const seen = latest.get(key);
        if (!seen || seen.updatedAt < consent.updatedAt) latest.set(key, consent);
      }
      return [...latest.values()];
    },
    serviceSummary: async (customer, _args, ctx) => {
      const cases = await loadForCustomer(ctx.contactIds, ctx.cases, customer.id);
      const open = cases.filter((c) => c.status !== 'CLOSED').sort((a, b) => a.openedAt.localeCompare(b.openedAt));
      return {
        openCases: open.length,
        totalCases: cases.length,
        lastCaseAt: cases.map((c) => c.openedAt).sort().at(-1) ?? null,
        oldestOpenCaseAt: open[0]?.openedAt ?? null,
        latestOpenCaseSubject: open.at(-1)?.subject ?? null,
      };
    },
    crmEvents: (customer, _args, ctx) => crmEventsOf(ctx, customer.id),
    crmEventLog: async (customer, _args, ctx) => packEvents(await crmEventsOf(ctx, customer.id)),
  },
  Contact: {
    __resolveReference: (ref, ctx) => ctx.contacts.load(ref.id),
    id: (contact) => contact.contactId,
    name: (contact) => contact.fullName,
    membershipNumber: (contact) => contact.membershipNo,
    owner: (contact, _args, ctx) => ctx.users.load(contact.ownerId),
  },
  Case: {
    __resolveReference: (ref, ctx) => ctx.caseById.load(ref.id),
    id: (c) => c.caseId,
  },
  CaseNote: {
    author: (note, _args, ctx) => ctx.users.load(note.author),
  },
  Opportunity: {
    id: (o) => o.opportunityId,
    amount: (o) => ({ amount: o.amount, currency: o.currency }),
  },
  SalesRep: {
    id: (user) => user.userId,
  },
};
