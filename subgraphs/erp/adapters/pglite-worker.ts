// The embedded ERP database's own thread: PGlite (PostgreSQL in WASM) runs here, so its statements use the second core.
//
// The parent posts { id, op, text, params } and gets { id, rows } or { id, error } back;
// rows cross the thread boundary by structured clone (Dates and numbers intact).
import { existsSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

export type WorkerRequest = { id: number; op: 'query'; text: string; params: unknown[] } | { id: number; op: 'exec'; text: string } | { id: number; op: 'close' };
export type WorkerReply = { id: number; rows?: unknown[]; error?: { message: string; code?: string } };

/** The installed PGlite build, so that a snapshot is never loaded into another version. */
const build = statSync(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
/** An empty, freshly initialized data directory: initdb in WASM takes seconds, loading this takes half a second. */
const SNAPSHOT = join(tmpdir(), `singleview-pglite-${build.size}-${Math.round(build.mtimeMs)}-initdb.tar`);

async function createEmpty(): Promise<PGlite> {
  if (existsSync(SNAPSHOT)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([await readFile(SNAPSHOT)]) });
    } catch {
      // A damaged snapshot falls through to a fresh initdb, which rewrites it.
    }
  }
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  const partial = `${SNAPSHOT}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, SNAPSHOT);
  return db;
}

const port = parentPort!;
const db = createEmpty();

port.on('message', async (request: WorkerRequest) => {
  try {
    const pg = await db;
    if (request.op === 'query') {
      port.postMessage({ id: request.id, rows: (await pg.query(request.text, request.params)).rows } satisfies WorkerReply);
    } else if (request.op === 'exec') {
      await pg.exec(request.text);
      port.postMessage({ id: request.id } satisfies WorkerReply);
    } else {
      await pg.close();
      port.postMessage({ id: request.id } satisfies WorkerReply);
      port.close();
    }
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    port.postMessage({ id: request.id, error: { message: message ?? String(error), code } } satisfies WorkerReply);
  }
});
