// Opens a document database from a URI: `mongodb://…` through the driver, `memory://name` in process.
//
// Each backend's module is loaded only when a URI asks for it: a process on MongoDB never
// loads mingo, and one on the embedded store (or the gateway, whose audit sink writes a
// file by default) never loads the driver. Each costs 20-35 MB of RSS once loaded.
import { readUrl } from '../../../runtime/config.ts';
import type { Doc, DocumentDatabase, OperationObserver } from './document-store.ts';

export const EMBEDDED_URI = 'memory://singleview';

const MONGO_PROTOCOLS = ['mongodb:', 'mongodb+srv:', 'memory:'];

/** A store's URI from the environment: its own setting (e.g. IDENTITY_MONGODB_URI), else MONGODB_URI, else the embedded backend. */
export function mongoUriOf(env: Record<string, string | undefined>, specific: string): string {
  return readUrl(env, specific, MONGO_PROTOCOLS) ?? readUrl(env, 'MONGODB_URI', MONGO_PROTOCOLS) ?? EMBEDDED_URI;
}

/**
 * The database name comes from the URI path when it has one (`mongodb://host/loyalty`),
 * otherwise from `defaultName`, so one server can host every store.
 */
export async function openDocumentDatabase(uri: string, defaultName: string, observe?: OperationObserver): Promise<DocumentDatabase> {
  if (uri.startsWith('memory://')) {
    const base = uri.slice('memory://'.length) || 'singleview';
    const { openMemoryDatabase } = await import('./memory-backend.ts');
    return instrumentMemory(openMemoryDatabase(`${base}/${defaultName}`), observe);
  }
  if (uri.startsWith('mongodb://') || uri.startsWith('mongodb+srv://')) {
    const path = new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:')).pathname.replace(/^\//, '');
    const { openMongoDatabase } = await import('./mongo-backend.ts');
    return openMongoDatabase(uri, path || defaultName, observe);
  }
  throw new Error(`Unsupported document store URI scheme in "${redactUri(uri)}": use mongodb:// or memory://`);
}

/** The memory backend has no wire to observe, so operations are observed at the collection boundary. */
function instrumentMemory(db: DocumentDatabase, observe?: OperationObserver): DocumentDatabase {
  if (!observe) return db;
  // Named as the MongoDB backend names them, so both backends report the same operations.
  const counted: Record<string, string> = {
    find: 'find', findOne: 'find', count: 'count', distinct: 'distinct', insertMany: 'insert', insertNew: 'insert',
    replaceMany: 'bulkWrite', write: 'bulkWrite', updateOne: 'update', deleteMany: 'delete',
  };
  return {
    ...db,
    collection<T extends Doc>(name: string) {
      const inner = db.collection<T>(name);
      return new Proxy(inner, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          const operation = typeof prop === 'string' ? counted[prop] : undefined;
          if (operation && typeof value === 'function') {
            return (...args: unknown[]) => {
              observe(name, operation);
              return value.apply(target, args);
            };
          }
          return value;
        },
      }) as typeof inner;
    },
  };
}

/** Strip credentials before a URI goes anywhere near a log or an error message. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
