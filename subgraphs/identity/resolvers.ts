// Resolvers of the identity subgraph: unified customers, golden profile with provenance, and lookups.
import { badUserInput } from '../kit/errors.ts';
import { readPage, toConnection } from '../kit/pagination.ts';
import { SourceSystemEnum, parseRecordKey, recordKey, type SourceSystemId } from '../kit/source-system.ts';
import type { Resolvers } from './generated/resolvers-types.ts';

const MAX_IDS = 500;

export const resolvers: Resolvers = {
  SourceSystem: SourceSystemEnum,
  Query: {
    customer: (_root, { id }, ctx) => ctx.customers.load(id),
    customers: async (_root, { ids }, ctx) => {
      if (ids.length > MAX_IDS) throw badUserInput('ids', `may hold at most ${MAX_IDS} IDs, got ${ids.length}`);
      return Promise.all(ids.map((id) => ctx.customers.load(id)));
    },
    customerBySourceId: async (_root, { system, id }, ctx) => {
      // At run time the SourceSystem enum resolver has already mapped CRM → 'crm'.
      const key = recordKey(system as unknown as SourceSystemId, id);
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
      return { ...toConnection(rows, page.size, (row) => row._id), totalCount: total };
    },
  },
  Customer: {
    __resolveReference: (ref, ctx) => ctx.customers.load(ref.id),
    id: (customer) => customer._id,
    sourceRecords: (customer) => customer.records,
  },
  ProfileValue: {
    source: (value) => value.system,
    sourceRecordId: (value) => parseRecordKey(value.recordKey).id,
  },
};
