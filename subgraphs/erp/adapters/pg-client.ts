// SqlClient over a real PostgreSQL, through a pg connection pool.
import pg from 'pg';
import { preparedQuery, statementName, type SqlClient, type StatementObserver } from './sql-client.ts';

export async function openPostgres(url: string, observe?: StatementObserver): Promise<SqlClient> {
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, statement_timeout: 10_000 });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return {
    kind: 'postgres',
    async query<T>(text: string, params: unknown[] = []) {
      observe?.(statementName(text));
      const result = await pool.query(preparedQuery(text, params));
      return result.rows as T[];
    },
    async exec(script: string) {
      observe?.('script');
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}
