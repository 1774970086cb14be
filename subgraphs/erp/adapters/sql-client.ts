// The one SQL interface the ERP adapter is written against; PGlite (embedded) and pg (a real PostgreSQL) both implement it.

export interface SqlClient {
  readonly kind: 'postgres' | 'pglite';
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** Run a script of several statements (DDL, seeding). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** Called once per statement sent to the database, with its name: the hook behind legacy-call counting. */
export type StatementObserver = (name: string) => void;

/** A statement's name, from its leading comment (`/* orderPages *\/ SELECT …`); unnamed ones are 'sql'. */
export function statementName(text: string): string {
  return /^\s*\/\*\s*([\w-]+)\s*\*\//.exec(text)?.[1] ?? 'sql';
}

/** Prepared-statement names by SQL text, the same in every connection: each is planned once per connection, not on every call. */
const preparedNames = new Map<string, string>();
/** The ERP's statements are a fixed set; past this many distinct texts, statements run unprepared instead of growing the map. */
const MAX_PREPARED = 256;

/**
 * A node-postgres query config that names the statement: the server parses and plans it on
 * first use in a connection, then only binds and executes it. On the embedded PGlite,
 * planning was 40–60% of a statement's cost (0.2–0.4 ms of WASM per statement).
 */
export function preparedQuery(text: string, values: unknown[]): { name?: string; text: string; values: unknown[] } {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `sv${preparedNames.size}_${statementName(text)}`;
    preparedNames.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}

/**
 * `postgres://…` connects to a real PostgreSQL through pg; `pglite://name` opens (or
 * reuses) an in-process PGlite database of that name. Both run the same SQL.
 */
export async function openSqlClient(url: string, observe?: StatementObserver): Promise<SqlClient> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { openPostgres } = await import('./pg-client.ts');
    return openPostgres(url, observe);
  }
  if (url.startsWith('pglite://')) {
    const { openPglite } = await import('./pglite-client.ts');
    return openPglite(url.slice('pglite://'.length) || 'erp', observe);
  }
  throw new Error('ERP database URL must start with postgres://, postgresql:// or pglite://');
}
