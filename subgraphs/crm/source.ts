// The CRM subgraph's port to the legacy CRM: batched reads by contact id.
import type { CrmActivity, CrmCase, CrmConsent, CrmContact, CrmOpportunity, CrmUser } from './adapters/rest-contract.ts';

export type { CrmActivity, CrmCase, CrmConsent, CrmContact, CrmOpportunity, CrmUser };
export type CaseNoteRow = CrmCase['notes'][number];

export interface CrmSource {
  contacts(ids: readonly string[]): Promise<CrmContact[]>;
  casesByContact(contactIds: readonly string[]): Promise<CrmCase[]>;
  casesById(ids: readonly string[]): Promise<CrmCase[]>;
  opportunities(contactIds: readonly string[]): Promise<CrmOpportunity[]>;
  consents(contactIds: readonly string[]): Promise<CrmConsent[]>;
  activities(contactIds: readonly string[]): Promise<CrmActivity[]>;
  /** Every CRM user (sales reps): a small reference table. */
  allUsers(): Promise<CrmUser[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
