// SqlClient over PGlite: PostgreSQL compiled to WASM, in process, for the embedded default.
import { existsSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { statementName, type SqlClient, type StatementObserver } from './sql-client.ts';

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
  const partial = `${SNAPSHOT}.${process.pid}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, SNAPSHOT);
  return db;
}

/** Databases live per process, by name, so the simulated ERP and the ERP subgraph can share one. */
const instances = new Map<string, Promise<PGlite>>();

export async function openPglite(name: string, observe?: StatementObserver): Promise<SqlClient> {
  let instance = instances.get(name);
  if (!instance) {
    instance = createEmpty();
    instances.set(name, instance);
  }
  const db = await instance;
  return {
    kind: 'pglite',
    async query<T>(text: string, params: unknown[] = []) {
      observe?.(statementName(text));
      const result = await db.query<T>(text, params);
      return result.rows;
    },
    async exec(script: string) {
      observe?.('script');
      await db.exec(script);
    },
    // The instance belongs to the process registry; closing a client leaves it to other users.
    async close() {},
  };
}

/** Drop an embedded database (tests and shutdown). */
export async function destroyPglite(name: string): Promise<void> {
  const instance = instances.get(name);
  if (!instance) return;
  instances.delete(name);
  await (await instance).close();
}
