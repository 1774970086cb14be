// The CRM subgraph's per-request context: DataLoaders over the CRM port, keyed by contact id.
import type DataLoader from 'dataloader';
import type { IdentityKeys } from '../kit/identity-keys.ts';
import { manyByKey, nativeKeysLoader, oneByKey, ReferenceTable } from '../kit/loaders.ts';
import type { CrmActivity, CrmCase, CrmConsent, CrmContact, CrmOpportunity, CrmSource, CrmUser } from './source.ts';

export interface CrmContext {
  contactIds: DataLoader<string, string[]>;
  contacts: DataLoader<string, CrmContact | null>;
  cases: DataLoader<string, CrmCase[]>;
  caseById: DataLoader<string, CrmCase | null>;
  opportunities: DataLoader<string, CrmOpportunity[]>;
  consents: DataLoader<string, CrmConsent[]>;
  activities: DataLoader<string, CrmActivity[]>;
  users: ReferenceTable<CrmUser>;
}

/** Sales reps are reference data: one table per process, shared by all requests. */
export function createUsersTable(source: CrmSource): ReferenceTable<CrmUser> {
  return new ReferenceTable(() => source.allUsers(), (u) => u.userId);
}

export function createCrmContext(source: CrmSource, identity: IdentityKeys, users: ReferenceTable<CrmUser>): CrmContext {
  return {
    contactIds: nativeKeysLoader(identity),
    contacts: oneByKey((ids) => source.contacts(ids), (c) => c.contactId),
    cases: manyByKey((ids) => source.casesByContact(ids), (c) => c.contactId),
    caseById: oneByKey((ids) => source.casesById(ids), (c) => c.caseId),
    opportunities: manyByKey((ids) => source.opportunities(ids), (o) => o.contactId),
    consents: manyByKey((ids) => source.consents(ids), (c) => c.contactId),
    activities: manyByKey((ids) => source.activities(ids), (a) => a.contactId),
    users,
  };
}
