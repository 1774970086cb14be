// Figures the insights subgraph requires from the ERP: what the customer owes, and what they bought recently.
import type { OpenInvoiceStatsRow, OrderLineRow, OrderRow } from './source.ts';

/** An amount in the ERP's currency (the legacy ERP books everything in KRW). */
export const money = (amount: number, currency = 'KRW') => ({ amount, currency });

/** The customer's receivables, from the database's per-master-number totals (a customer may have several numbers). */
export function receivablesOf(stats: OpenInvoiceStatsRow[]) {
  const sum = (pick: (s: OpenInvoiceStatsRow) => number) => stats.reduce((total, s) => total + pick(s), 0);
  return {
    openBalance: money(sum((s) => s.openAmount)),
    openInvoices: sum((s) => s.openCount),
    overdueInvoices: sum((s) => s.overdueCount),
    overdueAmount: money(sum((s) => s.overdueAmount)),
    oldestOverdueDueAt: stats.map((s) => s.oldestOverdueDueAt).filter((at) => at !== null).sort()[0] ?? null,
  };
}

/** Products of the given orders (cancelled ones excluded), most units first, then most recent. */
export function purchasedProducts(orders: OrderRow[], lines: OrderLineRow[]) {
  const placed = new Map(orders.filter((o) => o.status !== '90').map((o) => [o.id, o.placedAt]));
  const bySku = new Map<string, { sku: string; name: string; quantity: number; orders: Set<string>; lastPurchasedAt: string }>();
  for (const line of lines) {
    const at = placed.get(line.orderId);
    if (!at) continue;
    const entry = bySku.get(line.sku) ?? { sku: line.sku, name: line.name, quantity: 0, orders: new Set<string>(), lastPurchasedAt: at };
    entry.quantity += line.quantity;
    entry.orders.add(line.orderId);
    if (at > entry.lastPurchasedAt) entry.lastPurchasedAt = at;
    bySku.set(line.sku, entry);
  }
  return [...bySku.values()]
    .map((e) => ({ sku: e.sku, name: e.name, quantity: e.quantity, orders: e.orders.size, lastPurchasedAt: e.lastPurchasedAt }))
    .sort((a, b) => b.quantity - a.quantity || b.lastPurchasedAt.localeCompare(a.lastPurchasedAt) || a.sku.localeCompare(b.sku));
}
