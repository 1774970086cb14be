// The ERP port over the legacy SQL schema (CUST_MST, SO_HDR, SO_DTL, AR_INV); the same SQL runs on PGlite and PostgreSQL.
// Each statement opens with a /* name */ comment: it labels the statement in metrics and in the DBA's query logs.
import type { AccountRow, ErpSource, InvoiceRow, OpenInvoiceStatsRow, OrderLineRow, OrderPageRequest, OrderRow, OrderStatsRow, PurchasedProductRow } from '../source.ts';
import type { SqlClient } from './sql-client.ts';

type Row = Record<string, unknown>;

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : iso(value));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value).trim() || null);

const ORDER_COLUMNS = 'h.so_no, h.cust_no, h.ord_dt, h.ord_stat, h.tot_amt::float8 AS tot_amt, h.curr_cd, h.ship_dt, h.rtn_dt';
const INVOICE_COLUMNS = 'inv_no, so_no, cust_no, inv_dt, due_dt, inv_amt::float8 AS inv_amt, paid_amt::float8 AS paid_amt, paid_dt, inv_stat';

function toOrder(r: Row): OrderRow {
  return {
    id: String(r.so_no),
    custNo: String(r.cust_no),
    placedAt: iso(r.ord_dt),
    status: String(r.ord_stat) as OrderRow['status'],
    total: Number(r.tot_amt),
    currency: String(r.curr_cd),
    shippedAt: isoOrNull(r.ship_dt),
    returnedAt: isoOrNull(r.rtn_dt),
  };
}

function toInvoice(r: Row): InvoiceRow {
  return {
    id: String(r.inv_no),
    orderId: String(r.so_no),
    custNo: String(r.cust_no),
    issuedAt: iso(r.inv_dt),
    dueAt: iso(r.due_dt),
    amount: Number(r.inv_amt),
    paidAmount: Number(r.paid_amt),
    paidAt: isoOrNull(r.paid_dt),
    status: String(r.inv_stat) as InvoiceRow['status'],
  };
}

/** The requests as parallel arrays for unnest(): one entry per master number, tagged with its request's index. */
function groupKeys(requests: readonly OrderPageRequest[]) {
  const custNos: string[] = [], groups: number[] = [], afterAt: (string | null)[] = [], afterId: (string | null)[] = [];
  requests.forEach((request, group) => {
    for (const custNo of request.custNos) {
      custNos.push(custNo);
      groups.push(group);
      afterAt.push(request.after?.at ?? null);
      afterId.push(request.after?.id ?? null);
    }
  });
  return { custNos, groups, afterAt, afterId };
}

export function createSqlErpSource(sql: SqlClient): ErpSource {
  return {
    async accounts(custNos) {
      const rows = await sql.query<Row>(
        `/* accounts */ SELECT cust_no, cust_nm, tel_no, hp_no, email, zip_cd, addr1, addr2, birth_dt, reg_dt, upd_dt
           FROM cust_mst WHERE cust_no = ANY($1::varchar[])`,
        [custNos],
      );
      return rows.map(
        (r): AccountRow => ({
          custNo: String(r.cust_no),
          name: String(r.cust_nm).trim(),
          phone: text(r.tel_no),
          mobile: text(r.hp_no),
          email: text(r.email),
          postcode: text(r.zip_cd),
          address: [text(r.addr1), text(r.addr2)].filter(Boolean).join(' ') || null,
          birthDate: text(r.birth_dt),
          registeredAt: iso(r.reg_dt),
          updatedAt: iso(r.upd_dt),
        }),
      );
    },

    async orderStats(custNos) {
      const rows = await sql.query<Row>(
        `/* orderStats */ SELECT cust_no, ord_stat, count(*)::int AS n, coalesce(sum(tot_amt), 0)::float8 AS amount,
                min(ord_dt) AS first_at, max(ord_dt) AS last_at
           FROM so_hdr WHERE cust_no = ANY($1::varchar[]) GROUP BY cust_no, ord_stat`,
        [custNos],
      );
      return rows.map(
        (r): OrderStatsRow => ({
          custNo: String(r.cust_no),
          status: String(r.ord_stat) as OrderStatsRow['status'],
          count: Number(r.n),
          amount: Number(r.amount),
          firstAt: iso(r.first_at),
          lastAt: iso(r.last_at),
        }),
      );
    },

    async orderPages(requests, limit, status) {
      // One statement for every customer: each request is a group, ranked inside its group.
      const { custNos, groups, afterAt, afterId } = groupKeys(requests);
      const pages: OrderRow[][] = requests.map(() => []);
      if (custNos.length === 0) return pages;
      const rows = await sql.query<Row>(
        `/* orderPages */ SELECT * FROM (
           SELECT k.grp, ${ORDER_COLUMNS},
                  row_number() OVER (PARTITION BY k.grp ORDER BY h.ord_dt DESC, h.so_no DESC) AS rn
             FROM unnest($1::varchar[], $2::int[], $3::timestamptz[], $4::varchar[]) AS k(cust_no, grp, after_at, after_id)
             JOIN so_hdr h ON h.cust_no = k.cust_no
            WHERE (k.after_at IS NULL OR (h.ord_dt, h.so_no) < (k.after_at, k.after_id))
              AND ($5::varchar IS NULL OR h.ord_stat = $5)
         ) ranked WHERE rn <= $6 ORDER BY grp, rn`,
        [custNos, groups, afterAt, afterId, status, limit],
      );
      for (const row of rows) pages[Number(row.grp)].push(toOrder(row));
      return pages;
    },

    async purchasedProducts(requests, window) {
      const { custNos, groups } = groupKeys(requests);
      const products: PurchasedProductRow[][] = requests.map(() => []);
      if (custNos.length === 0) return products;
      // Summed in the database: one row per product a customer bought, not one per order line.
      const rows = await sql.query<Row>(
        `/* purchasedProducts */ SELECT r.grp, d.item_cd, max(d.item_nm) AS item_nm, sum(d.qty)::int AS qty,
                count(DISTINCT d.so_no)::int AS orders, max(r.ord_dt) AS last_at
           FROM (SELECT k.grp, h.so_no, h.ord_dt, h.ord_stat,
                        row_number() OVER (PARTITION BY k.grp ORDER BY h.ord_dt DESC, h.so_no DESC) AS rn
                   FROM unnest($1::varchar[], $2::int[]) AS k(cust_no, grp)
                   JOIN so_hdr h ON h.cust_no = k.cust_no) r
           JOIN so_dtl d ON d.so_no = r.so_no
          WHERE r.rn <= $3 AND r.ord_stat <> '90'
          GROUP BY r.grp, d.item_cd`,
        [custNos, groups, window],
      );
      for (const r of rows) {
        products[Number(r.grp)].push({ sku: String(r.item_cd), name: String(r.item_nm), quantity: Number(r.qty), orders: Number(r.orders), lastPurchasedAt: iso(r.last_at) });
      }
      return products;
    },

    async ordersById(ids) {
      const rows = await sql.query<Row>(`/* ordersById */ SELECT ${ORDER_COLUMNS} FROM so_hdr h WHERE h.so_no = ANY($1::varchar[])`, [ids]);
      return rows.map(toOrder);
    },

    async orderLines(orderIds) {
      const rows = await sql.query<Row>(
        `/* orderLines */ SELECT so_no, line_no, item_cd, item_nm, qty, unit_prc::float8 AS unit_prc, amt::float8 AS amt
           FROM so_dtl WHERE so_no = ANY($1::varchar[]) ORDER BY so_no, line_no`,
        [orderIds],
      );
      return rows.map(
        (r): OrderLineRow => ({
          orderId: String(r.so_no),
          lineNumber: Number(r.line_no),
          sku: String(r.item_cd),
          name: String(r.item_nm),
          quantity: Number(r.qty),
          unitPrice: Number(r.unit_prc),
          amount: Number(r.amt),
        }),
      );
    },

    async invoicesByCustomer(custNos) {
      const rows = await sql.query<Row>(`/* invoicesByCustomer */ SELECT ${INVOICE_COLUMNS} FROM ar_inv WHERE cust_no = ANY($1::varchar[]) ORDER BY inv_dt DESC, inv_no DESC`, [custNos]);
      return rows.map(toInvoice);
    },

    async openInvoiceStats(custNos, asOf) {
      // Aggregated in SQL: a customer with hundreds of invoices costs one row, not hundreds.
      const rows = await sql.query<Row>(
        `/* openInvoiceStats */ SELECT cust_no, count(*)::int AS open_n, coalesce(sum(inv_amt - paid_amt), 0)::float8 AS open_amt,
                count(*) FILTER (WHERE due_dt < $2)::int AS overdue_n,
                coalesce(sum(inv_amt - paid_amt) FILTER (WHERE due_dt < $2), 0)::float8 AS overdue_amt,
                min(due_dt) FILTER (WHERE due_dt < $2) AS oldest_overdue
           FROM ar_inv WHERE cust_no = ANY($1::varchar[]) AND inv_stat = 'O' GROUP BY cust_no`,
        [custNos, asOf],
      );
      return rows.map(
        (r): OpenInvoiceStatsRow => ({
          custNo: String(r.cust_no),
          openCount: Number(r.open_n),
          openAmount: Number(r.open_amt),
          overdueCount: Number(r.overdue_n),
          overdueAmount: Number(r.overdue_amt),
          oldestOverdueDueAt: isoOrNull(r.oldest_overdue),
        }),
      );
    },

    async invoicesByOrder(orderIds) {
      const rows = await sql.query<Row>(`/* invoicesByOrder */ SELECT ${INVOICE_COLUMNS} FROM ar_inv WHERE so_no = ANY($1::varchar[])`, [orderIds]);
      return rows.map(toInvoice);
    },

    async invoicesById(ids) {
      const rows = await sql.query<Row>(`/* invoicesById */ SELECT ${INVOICE_COLUMNS} FROM ar_inv WHERE inv_no = ANY($1::varchar[])`, [ids]);
      return rows.map(toInvoice);
    },

    async ping() {
      await sql.query('/* ping */ SELECT 1');
    },
    close: () => sql.close(),
  };
}
