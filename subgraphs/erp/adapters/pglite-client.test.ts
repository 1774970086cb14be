// The embedded ERP database on its own thread: shared by name, dropped with its last client, never holding a finished process open.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openPglite } from './pglite-client.ts';

describe('PGlite client', () => {
  it('shares one database between clients of the same name, and drops it with the last client', async () => {
    const name = `shared-${randomUUID()}`;
    const first = await openPglite(name);
    const second = await openPglite(name);
    await first.exec('CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2)');
    await first.close();
    expect(await second.query<{ n: number }>('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
    await second.close();
    const third = await openPglite(name);
    await expect(third.query('SELECT n FROM t')).rejects.toMatchObject({ code: '42P01' });
    await third.close();
  });

  it('passes parameters and typed values across the thread boundary', async () => {
    const sql = await openPglite(`types-${randomUUID()}`);
    const [row] = await sql.query<{ at: Date; items: string[]; amount: number }>(
      `SELECT $1::timestamptz AS at, $2::varchar[] AS items, $3::float8 AS amount`,
      ['2026-11-01T00:00:00.000Z', ['a', 'b'], 12.5],
    );
    expect(row.at).toBeInstanceOf(Date);
    expect(row.at.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(row).toMatchObject({ items: ['a', 'b'], amount: 12.5 });
    await expect(sql.query('SELECT $1::int', [() => 1])).rejects.toThrow();
    expect(await sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await sql.close();
  });

  it('plans prepared statements once, for any parameters', async () => {
    const sql = await openPglite(`plans-${randomUUID()}`);
    expect(await sql.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
    await sql.close();
  });

  it('prepares a statement again after it failed to prepare, and keeps serving after a bad statement', async () => {
    const sql = await openPglite(`reprepare-${randomUUID()}`);
    const count = '/* probe */ SELECT count(*)::int AS n FROM later WHERE id = ANY($1::int[])';
    await expect(sql.query(count, [[1]])).rejects.toMatchObject({ code: '42P01' });
    await sql.exec('CREATE TABLE later (id int); INSERT INTO later VALUES (1), (2);');
    expect(await sql.query(count, [[1, 2]])).toEqual([{ n: 2 }]);
    await expect(sql.query('/* bad */ SELEC 1')).rejects.toMatchObject({ code: '42601' });
    expect(await sql.query(count, [[2]])).toEqual([{ n: 1 }]);
    await sql.close();
  });

  it('lets a script that used the database exit, even with a client left open', () => {
    const client = fileURLToPath(new URL('./pglite-client.ts', import.meta.url));
    const script = join(mkdtempSync(join(tmpdir(), 'pglite-exit-')), 'script.mjs');
    writeFileSync(
      script,
      `const { openPglite } = await import(${JSON.stringify(client)});
      const sql = await openPglite('left-open');
      console.log(JSON.stringify(await sql.query('SELECT 41 + 1 AS answer')));`,
    );
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.error).toBeUndefined();
    expect(run.stdout.trim()).toBe('[{"answer":42}]');
    expect(run.status).toBe(0);
  });
});
