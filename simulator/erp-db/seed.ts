// Creates the legacy ERP schema and loads generated data, in column batches (unnest), on PGlite or PostgreSQL alike.
import { readFileSync } from 'node:fs';
import type { SqlClient } from '../../subgraphs/erp/adapters/sql-client.ts';
import type { ErpData } from '../generator/types.ts';

const SCHEMA = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
const BATCH = 20_000;

interface Table<T> {
  name: string;
  columns: { name: keyof T & string; type: string }[];
}

const TABLES = {
  customers: { name: 'cust_mst', columns: [
    { name: 'CUST_NO', type: 'varchar' }, { name: 'CUST_NM', type: 'varchar' }, { name: 'TEL_NO', type: 'varchar' }, { name: 'HP_NO', type: 'varchar' },
    { name: 'EMAIL', type: 'varchar' }, { name: 'ZIP_CD', type: 'varchar' }, { name: 'ADDR1', type: 'varchar' }, { name: 'ADDR2', type: 'varchar' },
    { name: 'BIRTH_DT', type: 'bpchar' }, { name: 'CUST_GB', type: 'bpchar' }, { name: 'REG_DT', type: 'timestamptz' }, { name: 'UPD_DT', type: 'timestamptz' },
  ] } satisfies Table<ErpData['customers'][number]>,
  orders: { name: 'so_hdr', columns: [
    { name: 'SO_NO', type: 'varchar' }, { name: 'CUST_NO', type: 'varchar' }, { name: 'ORD_DT', type: 'timestamptz' }, { name: 'ORD_STAT', type: 'bpchar' },
    { name: 'TOT_AMT', type: 'numeric' }, { name: 'CURR_CD', type: 'bpchar' }, { name: 'SHIP_DT', type: 'timestamptz' }, { name: 'RTN_DT', type: 'timestamptz' },
  ] } satisfies Table<ErpData['orders'][number]>,
  lines: { name: 'so_dtl', columns: [
    { name: 'SO_NO', type: 'varchar' }, { name: 'LINE_NO', type: 'int' }, { name: 'ITEM_CD', type: 'varchar' }, { name: 'ITEM_NM', type: 'varchar' },
    { name: 'QTY', type: 'int' }, { name: 'UNIT_PRC', type: 'numeric' }, { name: 'AMT', type: 'numeric' },
  ] } satisfies Table<ErpData['lines'][number]>,
  invoices: { name: 'ar_inv', columns: [
    { name: 'INV_NO', type: 'varchar' }, { name: 'SO_NO', type: 'varchar' }, { name: 'CUST_NO', type: 'varchar' }, { name: 'INV_DT', type: 'timestamptz' },
    { name: 'DUE_DT', type: 'timestamptz' }, { name: 'INV_AMT', type: 'numeric' }, { name: 'PAID_AMT', type: 'numeric' }, { name: 'PAID_DT', type: 'timestamptz' },
    { name: 'INV_STAT', type: 'bpchar' },
  ] } satisfies Table<ErpData['invoices'][number]>,
};

async function load<T>(sql: SqlClient, table: Table<T>, rows: T[]): Promise<void> {
  const columns = table.columns.map((c) => c.name.toLowerCase()).join(', ');
  const casts = table.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  // Re-seeding is idempotent: rows already present are left as they are.
  const statement = `INSERT INTO ${table.name} (${columns}) SELECT * FROM unnest(${casts}) ON CONFLICT DO NOTHING`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await sql.query(statement, table.columns.map((c) => batch.map((row) => row[c.name] ?? null)));
  }
}

export async function seedErp(sql: SqlClient, data: ErpData): Promise<void> {
  await sql.exec(SCHEMA);
  await load(sql, TABLES.customers, data.customers);
  await load(sql, TABLES.orders, data.orders);
  await load(sql, TABLES.lines, data.lines);
  await load(sql, TABLES.invoices, data.invoices);
  // A running ERP database has planner statistics (autovacuum gathers them; PGlite has no autovacuum).
  // Without them the planner guesses thousands of rows per key and scans whole tables.
  await sql.exec('ANALYZE');
}
