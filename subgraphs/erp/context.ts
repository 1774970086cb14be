// The ERP subgraph's per-request context: DataLoaders over the ERP port, keyed by customer-master number.
import DataLoader from 'dataloader';
import type { IdentityKeys } from '../kit/identity-keys.ts';
import { batchByShape, manyByKey, nativeKeysLoader, oneByKey } from '../kit/loaders.ts';
import type { AccountRow, ErpSource, InvoiceRow, OpenInvoiceStatsRow, OrderLineRow, OrderRow, OrderStatsRow, OrderStatusCode, PurchasedProductRow } from './source.ts';

/** How many recent orders feed the customer's ERP events and purchased products. */
export const RECENT_ORDERS = 40;

export interface OrderPageKey {
  customerId: string;
  custNos: string[];
  limit: number;
  status: OrderStatusCode | null;
  after?: { at: string; id: string };
}

export interface ErpContext {
  custNos: DataLoader<string, string[]>;
  accounts: DataLoader<string, AccountRow | null>;
  stats: DataLoader<string, OrderStatsRow[]>;
  orderPages: DataLoader<OrderPageKey, OrderRow[]>;
  /** Products of the customer's RECENT_ORDERS most recent orders, keyed by customer. */
  purchasedProducts: DataLoader<{ customerId: string; custNos: string[] }, PurchasedProductRow[], string>;
  orders: DataLoader<string, OrderRow | null>;
  lines: DataLoader<string, OrderLineRow[]>;
  invoicesByCustomer: DataLoader<string, InvoiceRow[]>;
  /** Open and overdue totals per master number, as of the moment the batch runs. */
  openInvoiceStats: DataLoader<string, OpenInvoiceStatsRow[]>;
  invoiceByOrder: DataLoader<string, InvoiceRow | null>;
  invoices: DataLoader<string, InvoiceRow | null>;
}

export function createErpContext(source: ErpSource, identity: IdentityKeys): ErpContext {
  return {
    custNos: nativeKeysLoader(identity),
    accounts: oneByKey((keys) => source.accounts(keys), (row) => row.custNo),
    stats: manyByKey((keys) => source.orderStats(keys), (row) => row.custNo),
    orderPages: batchByShape(
      (key) => `${key.limit}|${key.status ?? ''}`,
      (keys) => source.orderPages(keys, keys[0].limit, keys[0].status),
      (key) => JSON.stringify([key.customerId, key.limit, key.status, key.after ?? null]),
    ),
    purchasedProducts: new DataLoader((keys) => source.purchasedProducts(keys, RECENT_ORDERS), { cacheKeyFn: (key) => key.customerId }),
    orders: oneByKey((keys) => source.ordersById(keys), (row) => row.id),
    lines: manyByKey((keys) => source.orderLines(keys), (row) => row.orderId),
    invoicesByCustomer: manyByKey((keys) => source.invoicesByCustomer(keys), (row) => row.custNo),
    openInvoiceStats: manyByKey((keys) => source.openInvoiceStats(keys, new Date().toISOString()), (row) => row.custNo),
    invoiceByOrder: oneByKey((keys) => source.invoicesByOrder(keys), (row) => row.orderId),
    invoices: oneByKey((keys) => source.invoicesById(keys), (row) => row.id),
  };
}
