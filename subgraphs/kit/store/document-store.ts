// The collection port every MongoDB-backed store is written against, so repository code exists once for both backends.

export type Doc = { _id: string };
export type Filter = Record<string, unknown>;
export type Update = Record<string, Record<string, unknown>>;
export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  limit?: number;
  skip?: number;
  projection?: Record<string, 0 | 1>;
}

export interface IndexOptions {
  unique?: boolean;
}

/** A write in a batch: insert-or-replace by `_id`, or a partial update. */
export type WriteOp<T extends Doc> =
  | { kind: 'replace'; doc: T }
  | { kind: 'update'; filter: Filter; update: Update; upsert?: boolean }
  | { kind: 'delete'; filter: Filter };

export interface DocumentCollection<T extends Doc = Doc> {
  readonly name: string;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  findOne(filter: Filter, options?: FindOptions): Promise<T | null>;
  count(filter: Filter): Promise<number>;
  distinct(field: string, filter?: Filter): Promise<unknown[]>;
  insertMany(docs: T[]): Promise<void>;
  /** Insert the documents whose `_id` is not there yet; the rest are left as they are. Returns how many were inserted. */
  insertNew(docs: T[]): Promise<number>;
  /** Insert or replace whole documents by `_id`: the idempotent write used for seeding and snapshots. */
  replaceMany(docs: T[]): Promise<void>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<{ matched: number; upserted: boolean }>;
  /** Unordered batch of writes; each is idempotent by construction. */
  write(ops: WriteOp<T>[]): Promise<void>;
  deleteMany(filter: Filter): Promise<number>;
  createIndex(keys: Record<string, 1 | -1>, options?: IndexOptions): Promise<void>;
  /** Stream every document in `_id` order, in pages, without holding the collection in memory. */
  scan(filter: Filter, batchSize: number): AsyncIterable<T[]>;
}

export interface DocumentDatabase {
  readonly kind: 'mongodb' | 'memory';
  readonly name: string;
  collection<T extends Doc = Doc>(name: string): DocumentCollection<T>;
  ping(): Promise<void>;
  drop(): Promise<void>;
  close(): Promise<void>;
}

/** Called for every operation that reaches the backend: the hook behind legacy-call counting. */
export type OperationObserver = (collection: string, operation: string) => void;
