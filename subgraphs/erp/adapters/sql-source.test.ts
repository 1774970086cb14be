// The ERP adapter's SQL, run on embedded PGlite and on a real PostgreSQL: the same statements, the same answers.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedErp } from '../../../simulator/erp-db/seed.ts';
import { generateEnterprise } from '../../../simulator/generator/index.ts';
import { postgres } from '../../../test/support/services.ts';
import { openSqlClient, type SqlClient } from './sql-client.ts';
import { createSqlErpSource, iso } from './sql-source.ts';

const data = generateEnterprise({ persons: 300, anchor: '2026-11-01T00:00:00.000Z' });
const schema = `sv_erp_${randomUUID().slice(0, 8)}`;
const server = postgres();

const legs: { name: string; url: string | undefined }[] = [
  { name: 'PGlite', url: `pglite://${schema}` },
  { name: 'PostgreSQL', url: server.url ? withSearchPath(server.url, schema) : undefined },
];

function withSearchPath(url: string, search: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${search}`);
  return u.toString();
}

/** Customers with the most orders, with their master numbers. */
const byCustomer = new Map<string, string[]>();
for (const order of data.erp.orders) byCustomer.set(order.CUST_NO, [...(byCustomer.get(order.CUST_NO) ?? []), order.SO_NO]);
const busiest = [...byCustomer].sort((a, b) => b[1].length - a[1].length).slice(0, 3);

describe('iso', () => {
  it('rewrites the UTC form with milliseconds and converts every other form through Date', () => {
    expect(iso('2026-11-07T12:08:40.284+00:00')).toBe('2026-11-07T12:08:40.284Z');
    expect(iso('2026-11-07T21:08:40.284+09:00')).toBe('2026-11-07T12:08:40.284Z');
    expect(iso('2026-11-07T12:08:40+00:00')).toBe('2026-11-07T12:08:40.000Z');
    expect(iso('2026-11-07T12:08:40.28+00:00')).toBe('2026-11-07T12:08:40.280Z');
    expect(iso('2026-11-07T12:08:40.284567+00:00')).toBe('2026-11-07T12:08:40.284Z');
    expect(iso(new Date('2026-11-07T12:08:40.284Z'))).toBe('2026-11-07T12:08:40.284Z');
    expect(() => iso('not a time')).toThrow(RangeError);
  });
});

for (const leg of legs) {
  describe.skipIf(!leg.url)(`ERP SQL on ${leg.name}`, () => {
    let sql: SqlClient;
    beforeAll(async () => {
      if (leg.name === 'PostgreSQL') {
        const admin = await openSqlClient(server.url!);
        await admin.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await admin.close();
      }
      sql = await openSqlClient(leg.url!);
      await seedErp(sql, data.erp);
      await seedErp(sql, data.erp); // idempotent
    });
    afterAll(async () => {
      if (leg.name === 'PostgreSQL') await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql?.close();
    });

    it('loads each table once, however often it is seeded', async () => {
      const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM so_hdr');
      expect(n).toBe(data.erp.orders.length);
    });

    it('pages orders for many customers in one statement, newest first, resuming after a cursor', async () => {
      const source = createSqlErpSource(sql);
      const requests = busiest.map(([custNo]) => ({ custNos: [custNo] }));
      const first = await source.orderPages(requests, 3, null);
      expect(first.map((page) => page.length)).toEqual([3, 3, 3]);
      first.forEach((page, i) => {
        expect(page.every((o) => o.custNo === busiest[i][0])).toBe(true);
        expect(page.map((o) => o.placedAt)).toEqual(page.map((o) => o.placedAt).sort().reverse());
      });
      const last = first[0][2];
      const [next] = await source.orderPages([{ custNos: [busiest[0][0]], after: { at: last.placedAt, id: last.id } }], 100, null);
      const all = [...first[0], ...next].map((o) => o.id);
      expect(new Set(all).size).toBe(busiest[0][1].length);
      expect(all.sort()).toEqual([...busiest[0][1]].sort());
    });

    it('aggregates order statistics and reads lines and invoices in batches', async () => {
      const source = createSqlErpSource(sql);
      const custNo = busiest[0][0];
      const stats = await source.orderStats([custNo]);
      expect(stats.reduce((n, s) => n + s.count, 0)).toBe(busiest[0][1].length);
      const expected = data.erp.orders.filter((o) => o.CUST_NO === custNo).reduce((sum, o) => sum + o.TOT_AMT, 0);
      expect(stats.reduce((sum, s) => sum + s.amount, 0)).toBe(expected);
      const lines = await source.orderLines(busiest[0][1]);
      expect(lines.length).toBe(data.erp.lines.filter((l) => busiest[0][1].includes(l.SO_NO)).length);
      const invoices = await source.invoicesByCustomer([custNo]);
      expect(invoices.every((i) => i.custNo === custNo)).toBe(true);
      expect(typeof invoices[0]?.amount).toBe('number');
    });

    it('sums the products of each customer\'s recent orders in SQL exactly as a walk over the order lines does', async () => {
      const source = createSqlErpSource(sql);
      const window = 4;
      // The busiest customers have more orders than the window; two numbers in one request are ranked together.
      const requests = [...busiest.map(([custNo]) => ({ custNos: [custNo] })), { custNos: [busiest[0][0], busiest[1][0]] }, { custNos: ['NO_SUCH_CUSTOMER'] }];
      const products = await source.purchasedProducts(requests, window);
      const expected = requests.map(({ custNos }) => {
        const recent = data.erp.orders
          .filter((o) => custNos.includes(o.CUST_NO))
          .sort((a, b) => Date.parse(b.ORD_DT) - Date.parse(a.ORD_DT) || b.SO_NO.localeCompare(a.SO_NO))
          .slice(0, window)
          .filter((o) => o.ORD_STAT !== '90');
        const bySku = new Map<string, { sku: string; name: string; quantity: number; orders: Set<string>; lastPurchasedAt: string }>();
        for (const order of recent) {
          for (const line of data.erp.lines.filter((l) => l.SO_NO === order.SO_NO)) {
            const at = new Date(order.ORD_DT).toISOString();
            const entry = bySku.get(line.ITEM_CD) ?? { sku: line.ITEM_CD, name: line.ITEM_NM, quantity: 0, orders: new Set<string>(), lastPurchasedAt: at };
            entry.quantity += line.QTY;
            entry.orders.add(order.SO_NO);
            if (at > entry.lastPurchasedAt) entry.lastPurchasedAt = at;
            bySku.set(line.ITEM_CD, entry);
          }
        }
        return [...bySku.values()].map((e) => ({ ...e, orders: e.orders.size })).sort((a, b) => a.sku.localeCompare(b.sku));
      });
      expect(expected.slice(0, 3).every((list) => list.length > 0)).toBe(true);
      expect(products.map((list) => [...list].sort((a, b) => a.sku.localeCompare(b.sku)))).toEqual(expected);
    });

    it('aggregates open and overdue invoices in SQL exactly as a walk over every invoice does', async () => {
      const source = createSqlErpSource(sql);
      const owing = [...new Set(data.erp.invoices.filter((i) => i.INV_STAT === 'O').map((i) => i.CUST_NO))];
      const custNos = [...new Set([...owing.slice(0, 40), busiest[0][0], 'NO_SUCH_CUSTOMER'])];
      const asOf = '2026-10-01T00:00:00.000Z';
      const rows = await source.openInvoiceStats(custNos, asOf);
      const expected = custNos.flatMap((custNo) => {
        const open = data.erp.invoices.filter((i) => i.CUST_NO === custNo && i.INV_STAT === 'O');
        if (open.length === 0) return [];
        const overdue = open.filter((i) => Date.parse(i.DUE_DT) < Date.parse(asOf));
        const owed = (list: typeof open) => list.reduce((sum, i) => sum + i.INV_AMT - i.PAID_AMT, 0);
        const oldest = overdue.map((i) => new Date(i.DUE_DT).toISOString()).sort()[0] ?? null;
        return [{ custNo, openCount: open.length, openAmount: owed(open), overdueCount: overdue.length, overdueAmount: owed(overdue), oldestOverdueDueAt: oldest }];
      });
      expect(expected.some((e) => e.overdueCount > 0) && expected.some((e) => e.overdueCount < e.openCount)).toBe(true);
      expect(rows.sort((a, b) => a.custNo.localeCompare(b.custNo))).toEqual(expected.sort((a, b) => a.custNo.localeCompare(b.custNo)));
    });
  });
}
