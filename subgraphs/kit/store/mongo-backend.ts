// MongoDB collection backend through the official driver; works on MongoDB and on FerretDB v1 (no transactions needed).
import { MongoBulkWriteError, MongoClient, type AnyBulkWriteOperation, type Collection, type Document, type Filter as MongoFilter } from 'mongodb';
import type { Doc, DocumentCollection, DocumentDatabase, Filter, FindOptions, IndexOptions, OperationObserver, Update, WriteOp } from './document-store.ts';

/**
 * One client per URI per process, shared by every store on that server (the driver
 * pools connections itself) and closed when the last store using it closes.
 */
const clients = new Map<string, { client: Promise<MongoClient>; users: number }>();

async function acquireClient(uri: string): Promise<MongoClient> {
  let entry = clients.get(uri);
  if (!entry) {
    const client = MongoClient.connect(uri, {
      maxPoolSize: 20,
      // Shorter than a legacy call's 1 s budget: a call that cannot even find the server fails
      // fast, so the circuit breaker's half-open probe after an outage is not wasted waiting.
      serverSelectionTimeoutMS: 500,
      connectTimeoutMS: 5_000,
      // Notice a recovered server within a second (the default checks every 10 s; 500 ms is the floor).
      heartbeatFrequencyMS: 500,
      appName: 'singleview',
    });
    entry = { client, users: 0 };
    clients.set(uri, entry);
    client.catch(() => clients.delete(uri));
  }
  entry.users++;
  return entry.client;
}

async function releaseClient(uri: string): Promise<void> {
  const entry = clients.get(uri);
  if (!entry || --entry.users > 0) return;
  clients.delete(uri);
  await (await entry.client).close();
}

export async function openMongoDatabase(uri: string, name: string, observe?: OperationObserver): Promise<DocumentDatabase> {
  const client = await acquireClient(uri);
  const db = client.db(name);
  const note = observe ?? (() => {});
  return {
    kind: 'mongodb',
    name,
    collection<T extends Doc>(collectionName: string): DocumentCollection<T> {
      return new MongoCollection<T>(db.collection(collectionName) as unknown as Collection<T>, note);
    },
    async ping() {
      await db.command({ ping: 1 });
    },
    async drop() {
      await db.dropDatabase();
    },
    close: () => releaseClient(uri),
  };
}

class MongoCollection<T extends Doc> implements DocumentCollection<T> {
  readonly name: string;
  private readonly c: Collection<T>;
  private readonly note: OperationObserver;

  constructor(collection: Collection<T>, note: OperationObserver) {
    this.c = collection;
    this.name = collection.collectionName;
    this.note = note;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    this.note(this.name, 'find');
    const cursor = this.c.find(filter as MongoFilter<T>, {
      sort: options.sort,
      limit: options.limit,
      skip: options.skip,
      projection: options.projection,
    });
    return (await cursor.toArray()) as T[];
  }

  async findOne(filter: Filter, options: FindOptions = {}): Promise<T | null> {
    const [doc] = await this.find(filter, { ...options, limit: 1 });
    return doc ?? null;
  }

  async count(filter: Filter): Promise<number> {
    this.note(this.name, 'count');
    return this.c.countDocuments(filter as MongoFilter<T>);
  }

  async distinct(field: string, filter: Filter = {}): Promise<unknown[]> {
    this.note(this.name, 'distinct');
    return this.c.distinct(field, filter as MongoFilter<T>);
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return;
    this.note(this.name, 'insert');
    await this.c.insertMany(docs as never[], { ordered: false });
  }

  async insertNew(docs: T[]): Promise<number> {
    if (docs.length === 0) return 0;
    this.note(this.name, 'insert');
    try {
      const result = await this.c.insertMany(docs as never[], { ordered: false });
      return result.insertedCount;
    } catch (error) {
      // Unordered: everything but the duplicates went in. Anything else is a real failure.
      if (error instanceof MongoBulkWriteError && (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).every((e) => e.code === 11000)) {
        return error.insertedCount;
      }
      throw error;
    }
  }

  async replaceMany(docs: T[]): Promise<void> {
    await this.write(docs.map((doc) => ({ kind: 'replace', doc })));
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<{ matched: number; upserted: boolean }> {
    this.note(this.name, 'update');
    const result = await this.c.updateOne(filter as MongoFilter<T>, update as Document, { upsert: options.upsert });
    return { matched: result.matchedCount, upserted: result.upsertedCount > 0 };
  }

  async write(ops: WriteOp<T>[]): Promise<void> {
    if (ops.length === 0) return;
    this.note(this.name, 'bulkWrite');
    const bulk: AnyBulkWriteOperation<T>[] = ops.map((op) => {
      if (op.kind === 'replace') {
        return { replaceOne: { filter: { _id: op.doc._id } as MongoFilter<T>, replacement: op.doc, upsert: true } } as unknown as AnyBulkWriteOperation<T>;
      }
      if (op.kind === 'update') {
        return { updateOne: { filter: op.filter as MongoFilter<T>, update: op.update as Document, upsert: op.upsert } } as AnyBulkWriteOperation<T>;
      }
      return { deleteMany: { filter: op.filter as MongoFilter<T> } } as AnyBulkWriteOperation<T>;
    });
    await this.c.bulkWrite(bulk, { ordered: false });
  }

  async deleteMany(filter: Filter): Promise<number> {
    this.note(this.name, 'delete');
    const result = await this.c.deleteMany(filter as MongoFilter<T>);
    return result.deletedCount;
  }

  async createIndex(keys: Record<string, 1 | -1>, options: IndexOptions = {}): Promise<void> {
    // Only set options that are on: FerretDB rejects `unique: null`.
    await this.c.createIndex(keys, options.unique ? { unique: true } : {});
  }

  async *scan(filter: Filter, batchSize: number): AsyncIterable<T[]> {
    // Keyset pagination on _id: restartable, and it never holds a server cursor open between pages.
    let last: string | undefined;
    for (;;) {
      const page = await this.find(last === undefined ? filter : { $and: [filter, { _id: { $gt: last } }] }, { sort: { _id: 1 }, limit: batchSize });
      if (page.length === 0) return;
      yield page;
      last = page[page.length - 1]._id;
      if (page.length < batchSize) return;
    }
  }
}
