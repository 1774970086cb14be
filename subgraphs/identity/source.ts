// The identity subgraph's port to its store (the identity graph), with the batched reads resolvers and the key service use.
import type { AliasDoc, CustomerDoc, CustomerLinksDoc, CustomerSnapshot, LinkDoc, MergeLogDoc, SourceRecordDoc } from './model.ts';
import type { SourceSystemId } from '../kit/source-system.ts';

export interface SearchCriteria {
  email?: string;
  phone?: string;
  name?: string;
}

export interface IdentityStore {
  /** Customers by ID, following aliases of merged-away IDs; missing IDs are absent from the map. */
  customersById(ids: readonly string[]): Promise<Map<string, CustomerDoc>>;
  /** The customer ID of each record key; unlinked or unknown keys are absent. */
  customerIdsByRecordKey(keys: readonly string[]): Promise<Map<string, string>>;
  /** Customer IDs whose records match every normalized criterion. */
  search(criteria: SearchCriteria, limit: number): Promise<string[]>;
  /** A page of customers in ID order, after the given ID. */
  listCustomers(after: string | undefined, limit: number): Promise<CustomerDoc[]>;
  countCustomers(): Promise<number>;

  /** Insert or replace source records (idempotent by key). */
  putSourceRecords(records: SourceRecordDoc[]): Promise<void>;
  countSourceRecords(): Promise<number>;
  /** Stream every source record, in key order. */
  scanSourceRecords(batchSize: number): AsyncIterable<SourceRecordDoc[]>;
  /** Stream every customer, in ID order. */
  scanCustomers(batchSize: number): AsyncIterable<CustomerDoc[]>;
  /**
   * Write a resolved graph: aliases of absorbed IDs first, then changed customers (an ID that
   * comes back as a customer stops being an alias), then the removal of customers that no longer
   * exist. Every write is an idempotent replace or delete, so a crash half-way is repaired by
   * running it again (a restart rebuilds the graph and does).
   */
  writeGraph(graph: { customers: CustomerDoc[]; links?: CustomerLinksDoc[]; aliases: AliasDoc[]; removed?: string[] }): Promise<void>;
  /** The evidence (links) of customers by ID; customers without any are absent. */
  linksOfCustomers(ids: readonly string[]): Promise<Map<string, LinkDoc[]>>;

  /** The merge log: append an entry unless one with its ID exists (returns false then). */
  appendLogEntry(entry: MergeLogDoc): Promise<boolean>;
  /** Marks a pending entry applied, with the customers it left. */
  markLogApplied(id: string, after: CustomerSnapshot[], appliedAt: string): Promise<void>;
  /** The revert entries that undid these operations. */
  revertsOf(ids: readonly string[]): Promise<MergeLogDoc[]>;
  /** Every log entry, oldest first (the steward's constraints are replayed from it). */
  allLogEntries(): Promise<MergeLogDoc[]>;
  /** A page of log entries, newest first, optionally only those touching one customer ID. */
  logPage(options: { customerId?: string; before?: string; limit: number }): Promise<MergeLogDoc[]>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

export function systemsOf(records: { system: SourceSystemId }[]): SourceSystemId[] {
  const order: SourceSystemId[] = ['crm', 'erp', 'membership', 'channel'];
  const present = new Set(records.map((r) => r.system));
  return order.filter((s) => present.has(s));
}
