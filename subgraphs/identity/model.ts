// The identity graph's documents: source records as ingested, customers (clusters) with golden profile, and aliases.
import type { SourceSystemId } from '../kit/source-system.ts';
import type { Link } from './resolution/types.ts';

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
  /** The customer ID the record had before its customer was absorbed into this one (a split may restore it). */
  formerId?: string;
}

export interface ProfileValueDoc {
  value: string;
  system: SourceSystemId;
  recordKey: string;
  updatedAt: string | null;
}

export const PROFILE_FIELDS = ['name', 'email', 'phone', 'birthDate', 'address', 'postcode'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** One scored link between two records, as kept in `customerLinks`: the engine's Link, the evidence a steward reviews. */
export type LinkDoc = Link;

export interface CustomerDoc {
  _id: string;
  records: LinkEntry[];
  /** A digest of its links (kept in `customerLinks`), so that a re-run can tell whether the evidence changed. */
  linksDigest?: string;
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

/**
 * The evidence of one customer, apart from the customer itself so that the hot read path (every
 * customer query) stays lean: links among its records, and the refused links that would have joined
 * it to another customer. `_id` is the customer ID.
 */
export interface CustomerLinksDoc {
  _id: string;
  links: LinkDoc[];
}

/** A customer as a merge-log entry records it: its ID and its records' keys. */
export interface CustomerSnapshot {
  id: string;
  records: string[];
}

/**
 * What a steward operation asks the engine to hold, in record keys fixed when the operation was
 * made. Objects rather than nested arrays: FerretDB v1 stores no arrays of arrays.
 */
export interface StewardConstraintsDoc {
  /** Record-key pairs the engine must link (past identifier limits; never past a never-merge). */
  forceMerge: { a: string; b: string }[];
  /** Groups of record keys that must never share a customer. */
  neverMerge: { a: string[]; b: string[] }[];
}

export const STEWARD_OPERATION_KINDS = ['merge', 'unmerge', 'preventMatch', 'revert'] as const;
export type StewardOperationKind = (typeof STEWARD_OPERATION_KINDS)[number];

/**
 * One entry of the append-only merge log. Its `_id` is derived from what it does to which state,
 * so a retried request finds its own entry. It is written `pending` before the graph changes and
 * marked `applied` after; a restart re-applies pending entries. Only `status`, `after` and
 * `appliedAt` ever change.
 */
export interface MergeLogDoc {
  _id: string;
  kind: StewardOperationKind;
  actor: string;
  reason: string;
  at: string;
  status: 'pending' | 'applied';
  appliedAt: string | null;
  /** The request as the steward made it (customer IDs, record keys). */
  input: Record<string, unknown>;
  constraints: StewardConstraintsDoc;
  /** For `revert`: the operation undone. */
  target?: string;
  before: CustomerSnapshot[];
  after: CustomerSnapshot[] | null;
  /** Every customer ID in `before` and `after`, for lookups by customer. */
  customerIds: string[];
}

/** A source record's key (`crm:C0000001`), where GraphQL shows a SourceRecordRef. */
export type RecordKey = string;
export type LinkKindId = LinkDoc['kind'];
export type LinkStatusId = LinkDoc['status'];
export type MergeLogStatus = MergeLogDoc['status'];
