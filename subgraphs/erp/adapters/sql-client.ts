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
