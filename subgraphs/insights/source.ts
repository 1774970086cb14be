// The insights subgraph's port to its own store: custom segment definitions, materialized memberships, settings and refresh runs.
import type { MembershipSnapshot, RefreshRun, SegmentDefinition } from './model.ts';

export interface InsightsStore {
  /** Custom segment definitions (built-in ones live in code). */
  listSegments(): Promise<SegmentDefinition[]>;
  getSegment(id: string): Promise<SegmentDefinition | null>;
  /** Insert a new definition; false when the id is taken. */
  insertSegment(definition: SegmentDefinition): Promise<boolean>;
  replaceSegment(definition: SegmentDefinition): Promise<void>;
  deleteSegment(id: string): Promise<boolean>;

  snapshots(customerIds: readonly string[]): Promise<MembershipSnapshot[]>;
  /** Insert or replace whole snapshots by customer id (idempotent). */
  putSnapshots(snapshots: MembershipSnapshot[]): Promise<void>;
  /** Every snapshot, in customer-id order, in pages. */
  scanSnapshots(batchSize: number): AsyncIterable<MembershipSnapshot[]>;
  /** Members of a segment in customer-id order, after the given id. */
  members(segmentId: string, after: string | undefined, limit: number): Promise<string[]>;
  countMembers(segmentId: string): Promise<number>;
  countSnapshots(): Promise<number>;
  /** Remove snapshots whose features were last computed before `iso` (customers that no longer exist). */
  deleteSnapshotsRefreshedBefore(iso: string): Promise<number>;

  getSetting<T>(key: string): Promise<T | null>;
  putSetting<T>(key: string, value: T): Promise<void>;
  getRun(id: string): Promise<RefreshRun | null>;
  latestRun(): Promise<RefreshRun | null>;
  putRun(run: RefreshRun): Promise<void>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
