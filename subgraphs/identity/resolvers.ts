// Resolvers of the identity subgraph: unified customers, golden profile with provenance, lookups, link evidence and steward operations.
import { badUserInput } from '../kit/errors.ts';
import { readPage, toConnection } from '../kit/pagination.ts';
import { SourceSystemEnum, parseRecordKey, recordKey, type SourceSystemId } from '../kit/source-system.ts';
import type { Resolvers } from './generated/resolvers-types.ts';
import type { IdentityContext } from './context.ts';
import { mergeLogCursor } from './adapters/merge-log.ts';
import { StewardInputError, type StewardResult, type StewardTarget } from './steward/operations.ts';

const MAX_IDS = 500;

/** Runs a steward operation; a request it cannot carry out is a BAD_USER_INPUT naming the argument. */
async function steward(work: () => Promise<StewardResult>): Promise<StewardResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StewardInputError) throw badUserInput(error.argumentName, error.message);
    throw error;
  }
}

/** At run time the SourceSystem enum resolver has already mapped CRM → 'crm'. */
const systemId = (system: unknown) => system as SourceSystemId;

function target(input: { customerId?: string | null; record?: { system: unknown; id: string } | null }): StewardTarget {
  return { customerId: input.customerId, record: input.record ? { system: systemId(input.record.system), id: input.record.id } : null };
}

export const resolvers: Resolvers = {
  SourceSystem: SourceSystemEnum,
  LinkKind: { DETERMINISTIC: 'deterministic', PROBABILISTIC: 'probabilistic', REFERENCE: 'reference', STEWARD: 'steward' },
  LinkStatus: { MERGED: 'merged', REDUNDANT: 'redundant', BLOCKED: 'blocked' },
  StewardOperationKind: { MERGE: 'merge', UNMERGE: 'unmerge', PREVENT_MATCH: 'preventMatch', REVERT: 'revert' },
  StewardOperationStatus: { PENDING: 'pending', APPLIED: 'applied' },
  Query: {
    customer: (_root, { id }, ctx) => ctx.customers.load(id),
    customers: async (_root, { ids }, ctx) => {
      if (ids.length > MAX_IDS) throw badUserInput('ids', `may hold at most ${MAX_IDS} IDs, got ${ids.length}`);
      return Promise.all(ids.map((id) => ctx.customers.load(id)));
    },
    customerBySourceId: async (_root, { system, id }, ctx) => {
      const key = recordKey(systemId(system), id);
      const customerId = (await ctx.store.customerIdsByRecordKey([key])).get(key);
      return customerId ? ctx.customers.load(customerId) : null;
    },
    searchCustomers: async (_root, { email, phone, name, first }, ctx) => {
      if (email == null && phone == null && name == null) throw badUserInput('email', 'or "phone" or "name" must be given');
      const limit = first ?? 20;
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badUserInput('first', `must be between 1 and 100, got ${limit}`);
      const ids = await ctx.store.search({ email: email ?? undefined, phone: phone ?? undefined, name: name ?? undefined }, limit);
      const found = await Promise.all(ids.map((id) => ctx.customers.load(id)));
      return found.filter((c) => c !== null);
    },
    customerList: async (_root, args, ctx) => {
      const page = readPage<string>(args);
      const [rows, total] = await Promise.all([ctx.store.listCustomers(page.after, page.size + 1), ctx.store.countCustomers()]);
      for (const row of rows) ctx.customers.prime(row._id, row);
      return toConnection(rows, page.size, (row) => row._id, { totalCount: total });
    },
    mergeLog: async (_root, args, ctx) => {
      const page = readPage<string>(args);
      const rows = await ctx.store.logPage({ customerId: args.customerId ?? undefined, before: page.after, limit: page.size + 1 });
      return toConnection(rows, page.size, mergeLogCursor);
    },
  },
  Mutation: {
    mergeCustomers: (_root, { ids, reason }, ctx) => steward(() => ctx.steward.merge(ids, reason, ctx.actor)),
    unmergeSourceRecord: (_root, { system, id, reason }, ctx) => steward(() => ctx.steward.unmerge(systemId(system), id, reason, ctx.actor)),
    preventMatch: (_root, { a, b, reason }, ctx) => steward(() => ctx.steward.preventMatch(target(a), target(b), reason, ctx.actor)),
    revertStewardOperation: (_root, { id, reason }, ctx) => steward(() => ctx.steward.revert(id, reason, ctx.actor)),
  },
  StewardResult: {
    customers: async (result, _args, ctx) => {
      const found = await Promise.all(result.customers.map((snapshot) => ctx.customers.load(snapshot.id)));
      return found.filter((customer) => customer !== null);
    },
  },
  StewardOperation: {
    id: (entry) => entry._id,
    revertOf: (entry) => entry.target ?? null,
    revertedBy: async (entry, _args, ctx: IdentityContext) => (await ctx.revertOf.load(entry._id))?._id ?? null,
  },
  CustomerSnapshot: {
    customerId: (snapshot) => snapshot.id,
    sourceRecords: (snapshot) => snapshot.records,
  },
  SourceRecordRef: {
    system: (key) => parseRecordKey(key).system,
    id: (key) => parseRecordKey(key).id,
  },
  Customer: {
    // Frozen store documents are copied by the kit (thawEntities in kit/service.ts).
    __resolveReference: (ref, ctx) => ctx.customers.load(ref.id),
    id: (customer) => customer._id,
    sourceRecords: (customer) => customer.records,
    links: (customer, _args, ctx) => ctx.links.load(customer._id),
  },
  ProfileValue: {
    source: (value) => value.system,
    sourceRecordId: (value) => parseRecordKey(value.recordKey).id,
  },
};
