// The identity graph's documents: source records as ingested, customers (clusters) with golden profile, and aliases.
import type { SourceSystemId } from '../kit/source-system.ts';

/**
 * A legacy record as the identity graph holds it: the input to resolution, with search keys.
 * Which customer it belongs to is recorded on the customer (CustomerDoc.records), once.
 */
export interface SourceRecordDoc {
  _id: string; // `${system}:${nativeId}`
  system: SourceSystemId;
  nativeId: string;
  updatedAt: string | null;
  /** Fields mapped to Singleview's canonical names (name, email, phone, ...), not yet normalized. */
  fields: Record<string, string | string[] | null>;
  /** Normalized values used by search: emails, E.164 phones, name key. */
  search: { email: string[]; phone: string[]; name: string[] };
  ingestedAt: string;
}

export interface LinkEntry {
  key: string;
  system: SourceSystemId;
  id: string;
  /** The rule that brought the record into the cluster ('anchor' for the first record). */
  rule: string;
  confidence: number;
  linkedAt: string;
}

export interface ProfileValueDoc {
  value: string;
  system: SourceSystemId;
  recordKey: string;
  updatedAt: string | null;
}

export const PROFILE_FIELDS = ['name', 'email', 'phone', 'birthDate', 'address', 'postcode'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export interface CustomerDoc {
  _id: string;
  records: LinkEntry[];
  profile: Partial<Record<ProfileField, ProfileValueDoc>>;
  systems: SourceSystemId[];
  formerIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type ProfileDoc = CustomerDoc['profile'];

/** An unified ID that was merged away, pointing at the customer that absorbed it. */
export interface AliasDoc {
  _id: string;
  customerId: string;
  at: string;
}
