// Figures the insights subgraph requires from the ERP: what the customer owes, and what they bought recently.
import type { OpenInvoiceStatsRow, PurchasedProductRow } from './source.ts';

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

/** Products most units first, then most recently bought, then by SKU: the order insights reads them in. */
export function mostBoughtFirst(products: PurchasedProductRow[]): PurchasedProductRow[] {
  return [...products].sort((a, b) => b.quantity - a.quantity || b.lastPurchasedAt.localeCompare(a.lastPurchasedAt) || a.sku.localeCompare(b.sku));
}
