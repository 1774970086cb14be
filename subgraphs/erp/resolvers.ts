// Resolvers of the ERP subgraph: accounts, paginated orders, invoices, balances and the purchase summary.
import { loadForCustomer, loadPresent } from '../kit/loaders.ts';
import { customerReference } from '../kit/customer-ref.ts';
import { EventLogScalar, packEvents } from '../kit/event-log.ts';
import { readPage, toConnection } from '../kit/pagination.ts';
import { SourceSystemEnum } from '../kit/source-system.ts';
import { RECENT_ORDERS, type ErpContext } from './context.ts';
import type { Resolvers } from './generated/resolvers-types.ts';
import type { InvoiceRow, OrderRow, OrderStatsRow, OrderStatusCode } from './source.ts';
import { erpEvents, daysSince } from './events.ts';
import { money, mostBoughtFirst, receivablesOf } from './insight-inputs.ts';

/** Orders that count as revenue: not cancelled (90) and not returned (80). */
const REVENUE = new Set<OrderStatusCode>(['10', '20', '30']);

async function statsOf(ctx: ErpContext, customerId: string): Promise<OrderStatsRow[]> {
  return loadForCustomer(ctx.custNos, ctx.stats, customerId);
}

export function isOverdue(invoice: InvoiceRow, now = Date.now()): boolean {
  return invoice.status === 'O' && Date.parse(invoice.dueAt) < now;
}

/** The customer's recent events, for `erpEvents` and its compact twin `erpEventLog`. */
async function erpEventsOf(ctx: ErpContext, customerId: string) {
  const custNos = await ctx.custNos.load(customerId);
  if (custNos.length === 0) return [];
  const orders = await ctx.orderPages.load({ customerId, custNos, limit: RECENT_ORDERS, status: null });
  return erpEvents(orders, await loadPresent(ctx.invoiceByOrder, orders.map((o) => o.id)));
}

export const resolvers: Resolvers = {
  EventLog: EventLogScalar,
  SourceSystem: SourceSystemEnum,
  OrderStatus: { PLACED: '10', SHIPPED: '20', DELIVERED: '30', RETURNED: '80', CANCELLED: '90' },
  InvoiceStatus: { OPEN: 'O', PAID: 'P', WRITTEN_OFF: 'X' },
  Customer: {
    __resolveReference: (ref, ctx) => customerReference(ref, ctx.custNos, 'erp'),
    erpAccounts: async (customer, _args, ctx) => {
      return loadPresent(ctx.accounts, await ctx.custNos.load(customer.id));
    },
    orders: async (customer, args, ctx) => {
      const page = readPage<{ at: string; id: string }>(args, 100, 10);
      const custNos = await ctx.custNos.load(customer.id);
      const status = (args.status ?? null) as OrderStatusCode | null;
      // A first page that fits in the recent-orders window reuses it (the journey reads it too).
      const fromWindow = !page.after && status === null && page.size + 1 <= RECENT_ORDERS;
      const [window, stats] = await Promise.all([
        ctx.orderPages.load({ customerId: customer.id, custNos, limit: fromWindow ? RECENT_ORDERS : page.size + 1, status, after: page.after }),
        statsOf(ctx, customer.id),
      ]);
      const rows = fromWindow ? window.slice(0, page.size + 1) : window;
      const totalCount = stats.filter((s) => status === null || s.status === status).reduce((n, s) => n + s.count, 0);
      return toConnection(rows, page.size, (row: OrderRow) => ({ at: row.placedAt, id: row.id }), { totalCount });
    },
    invoices: async (customer, { status }, ctx) => {
      const invoices = await loadForCustomer(ctx.custNos, ctx.invoicesByCustomer, customer.id);
      return status ? invoices.filter((i) => i.status === (status as string)) : invoices;
    },
    openBalance: async (customer, _args, ctx) => receivablesOf(await loadForCustomer(ctx.custNos, ctx.openInvoiceStats, customer.id)).openBalance,
    lifetimeValue: async (customer, _args, ctx) => {
      const stats = await statsOf(ctx, customer.id);
      return money(stats.filter((s) => REVENUE.has(s.status)).reduce((sum, s) => sum + s.amount, 0));
    },
    purchaseSummary: async (customer, _args, ctx) => {
      const stats = (await statsOf(ctx, customer.id)).filter((s) => s.status !== '90');
      const revenue = stats.filter((s) => REVENUE.has(s.status));
      const orderCount = stats.reduce((n, s) => n + s.count, 0);
      const spend = revenue.reduce((sum, s) => sum + s.amount, 0);
      const revenueCount = revenue.reduce((n, s) => n + s.count, 0);
      const firstOrderAt = stats.length ? stats.map((s) => s.firstAt).sort()[0] : null;
      const lastOrderAt = stats.length ? stats.map((s) => s.lastAt).sort().at(-1)! : null;
      return {
        orderCount,
        firstOrderAt,
        lastOrderAt,
        recencyDays: lastOrderAt ? daysSince(lastOrderAt) : null,
        totalSpend: money(spend),
        averageOrderValue: revenueCount ? money(Math.round(spend / revenueCount)) : null,
        returnedCount: stats.filter((s) => s.status === '80').reduce((n, s) => n + s.count, 0),
      };
    },
    erpEvents: (customer, _args, ctx) => erpEventsOf(ctx, customer.id),
    erpEventLog: async (customer, _args, ctx) => packEvents(await erpEventsOf(ctx, customer.id)),
    receivables: async (customer, _args, ctx) => receivablesOf(await loadForCustomer(ctx.custNos, ctx.openInvoiceStats, customer.id)),
    purchasedProducts: async (customer, _args, ctx) => {
      const custNos = await ctx.custNos.load(customer.id);
      if (custNos.length === 0) return [];
      return mostBoughtFirst(await ctx.purchasedProducts.load({ customerId: customer.id, custNos }));
    },
  },
  ErpAccount: {
    __resolveReference: (ref, ctx) => ctx.accounts.load(ref.accountNumber),
    accountNumber: (account) => account.custNo,
  },
  Order: {
    __resolveReference: (ref, ctx) => ctx.orders.load(ref.id),
    total: (order) => money(order.total, order.currency),
    lines: (order, _args, ctx) => ctx.lines.load(order.id),
    invoice: (order, _args, ctx) => ctx.invoiceByOrder.load(order.id),
  },
  OrderLine: {
    unitPrice: (line) => money(line.unitPrice),
    amount: (line) => money(line.amount),
  },
  Invoice: {
    __resolveReference: (ref, ctx) => ctx.invoices.load(ref.id),
    amount: (invoice) => money(invoice.amount),
    paidAmount: (invoice) => money(invoice.paidAmount),
    overdue: (invoice) => isOverdue(invoice),
  },
};
