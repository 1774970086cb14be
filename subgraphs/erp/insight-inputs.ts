// Figures the insights subgraph requires from the ERP: what the customer owes, and what they bought recently.
import type { InvoiceRow, OrderLineRow, OrderRow } from './source.ts';

const money = (amount: number) => ({ amount, currency: 'KRW' });

export function receivablesOf(invoices: InvoiceRow[], now = Date.now()) {
  const open = invoices.filter((i) => i.status === 'O');
  const overdue = open.filter((i) => Date.parse(i.dueAt) < now);
  const owed = (list: InvoiceRow[]) => list.reduce((sum, i) => sum + i.amount - i.paidAmount, 0);
  return {
    openBalance: money(owed(open)),
    openInvoices: open.length,
    overdueInvoices: overdue.length,
    overdueAmount: money(owed(overdue)),
    oldestOverdueDueAt: overdue.map((i) => i.dueAt).sort()[0] ?? null,
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
