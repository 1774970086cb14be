// The identity subgraph's port to its store (the identity graph), with the batched reads resolvers and the key service use.
import type { AliasDoc, CustomerDoc, SourceRecordDoc } from './model.ts';
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
  /** Stream every source record, in key order. */
  scanSourceRecords(batchSize: number): AsyncIterable<SourceRecordDoc[]>;
  /** Stream every customer, in ID order. */
  scanCustomers(batchSize: number): AsyncIterable<CustomerDoc[]>;
  /**
   * Write a resolved graph: changed customers and new aliases. Every write is an
   * idempotent replace, so a crash half-way is repaired by running it again.
   */
  writeGraph(graph: { customers: CustomerDoc[]; aliases: AliasDoc[] }): Promise<void>;
  /** Remove customers that no longer exist after a full resolution. */
  deleteCustomers(ids: string[]): Promise<number>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

export function systemsOf(records: { system: SourceSystemId }[]): SourceSystemId[] {
  const order: SourceSystemId[] = ['crm', 'erp', 'membership', 'channel'];
  const present = new Set(records.map((r) => r.system));
  return order.filter((s) => present.has(s));
}
