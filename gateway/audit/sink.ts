// Where audit records of PII reads go: a JSONL file (embedded default) or a MongoDB collection; both can be read back by customer.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../../runtime/logger.ts';
import { openDocumentDatabase } from '../../subgraphs/kit/store/open.ts';
import type { DocumentCollection, DocumentDatabase } from '../../subgraphs/kit/store/document-store.ts';

export interface AuditRecord {
  at: string;
  /** The principal id: `jwt:<issuer>|<subject>`, `partner:<id>` (never a token or key). */
  caller: string;
  purpose: string | null;
  operation: string | null;
  /** A short hash of the operation text, to tell operations apart when they have no name. */
  operationHash: string | null;
  customers: string[];
  /** Schema coordinates of the PII fields delivered, e.g. `Profile.email`. */
  fields: string[];
  /** The values went out masked (caller without `pii:read`). */
  masked: boolean;
  requestId: string | null;
}

export interface AuditSink {
  readonly kind: 'file' | 'mongodb';
  write(record: AuditRecord): void;
  /** Records that name the customer, oldest first. */
  forCustomer(customerId: string): AsyncIterable<AuditRecord>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Appends one JSON line per record; the OS buffers, nothing blocks a response. */
export class FileAuditSink implements AuditSink {
  readonly kind = 'file' as const;
  readonly path: string;
  private stream: WriteStream | null = null;
  private readonly logger: Logger | undefined;

  constructor(path: string, logger?: Logger) {
    this.path = path;
    this.logger = logger;
  }

  write(record: AuditRecord): void {
    if (!this.stream) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.stream = createWriteStream(this.path, { flags: 'a', mode: 0o600 });
      this.stream.on('error', (error) => this.logger?.error({ reason: error.message }, 'audit file write failed'));
    }
    this.stream.write(`${JSON.stringify(record)}\n`);
  }

  async *forCustomer(customerId: string): AsyncIterable<AuditRecord> {
    await this.flush();
    if (!existsSync(this.path)) return;
    const lines = createInterface({ input: createReadStream(this.path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.includes(customerId)) continue;
      const record = JSON.parse(line) as AuditRecord;
      if (record.customers.includes(customerId)) yield record;
    }
  }

  async flush(): Promise<void> {
    const stream = this.stream;
    if (!stream || stream.writableLength === 0) return;
    await new Promise<void>((resolve) => stream.write('', () => resolve()));
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }
}

type AuditDoc = AuditRecord & { _id: string };

/** Inserts records in batches (every 200 ms or 100 records), off the request path. */
export class MongoAuditSink implements AuditSink {
  readonly kind = 'mongodb' as const;
  private readonly database: Promise<DocumentDatabase>;
  private readonly collection: Promise<DocumentCollection<AuditDoc>>;
  private pending: AuditDoc[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly logger: Logger | undefined;

  constructor(uri: string, collection: string, logger?: Logger) {
    this.logger = logger;
    this.database = openDocumentDatabase(uri, 'singleview_audit');
    this.collection = this.database.then(async (db) => {
      const c = db.collection<AuditDoc>(collection);
      await c.createIndex({ customers: 1, at: 1 });
      return c;
    });
    this.collection.catch((error: Error) => this.logger?.error({ reason: error.message }, 'audit collection unavailable'));
  }

  write(record: AuditRecord): void {
    this.pending.push({ _id: randomUUID(), ...record });
    if (this.pending.length >= 100) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), 200);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) {
      this.inFlight = this.inFlight.then(async () => {
        try {
          await (await this.collection).insertMany(batch);
        } catch (error) {
          this.logger?.error({ reason: (error as Error).message, records: batch.length }, 'audit records could not be written');
        }
      });
    }
    await this.inFlight;
  }

  async *forCustomer(customerId: string): AsyncIterable<AuditRecord> {
    await this.flush();
    const docs = await (await this.collection).find({ customers: customerId }, { sort: { at: 1 } });
    for (const { _id, ...record } of docs) yield record;
  }

  async close(): Promise<void> {
    await this.flush();
    await (await this.database).close();
  }
}

export function openAuditSink(settings: { file: string; mongodbUri: string | null; collection: string }, logger?: Logger): AuditSink {
  return settings.mongodbUri ? new MongoAuditSink(settings.mongodbUri, settings.collection, logger) : new FileAuditSink(settings.file, logger);
}
