// Turns ERP orders and invoices into timeline events for the customer's journey.
import { recentEvents } from '../kit/event-log.ts';
import type { InvoiceRow, OrderRow } from './source.ts';
import { won } from '../kit/won.ts';


export function daysSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000));
}

export function erpEvents(orders: OrderRow[], invoices: InvoiceRow[], now = Date.now()) {
  const events = [];
  for (const order of orders) {
    const base = { system: 'erp' as const, channel: null, sourceId: order.id, sourceType: 'Order', sourceKey: order.id };
    events.push({ ...base, at: order.placedAt, type: 'ORDER_PLACED', summary: `Placed order ${order.id} for ${won(order.total)}` });
    if (order.status === '90') events.push({ ...base, at: order.placedAt, type: 'ORDER_CANCELLED', summary: `Cancelled order ${order.id}` });
    if (order.shippedAt) events.push({ ...base, at: order.shippedAt, type: 'ORDER_SHIPPED', summary: `Order ${order.id} shipped` });
    if (order.returnedAt) events.push({ ...base, at: order.returnedAt, type: 'ORDER_RETURNED', summary: `Returned order ${order.id}` });
  }
  for (const invoice of invoices) {
    const base = { system: 'erp' as const, channel: null, sourceId: invoice.id, sourceType: 'Invoice', sourceKey: invoice.id };
    if (invoice.paidAt) events.push({ ...base, at: invoice.paidAt, type: 'INVOICE_PAID', summary: `Paid invoice ${invoice.id} (${won(invoice.paidAmount)})` });
    else if (invoice.status === 'O' && Date.parse(invoice.dueAt) < now) {
      events.push({ ...base, at: invoice.dueAt, type: 'INVOICE_OVERDUE', summary: `Invoice ${invoice.id} overdue (${won(invoice.amount - invoice.paidAmount)})` });
    }
  }
  return recentEvents(events);
}
