// The ERP subgraph's port to the legacy ERP: every read is batched over many customer-master numbers at once.

export interface AccountRow {
  custNo: string;
  name: string;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  postcode: string | null;
  address: string | null;
  birthDate: string | null;
  registeredAt: string;
  updatedAt: string;
}

export type OrderStatusCode = '10' | '20' | '30' | '80' | '90';
export type InvoiceStatusCode = 'O' | 'P' | 'X';

export interface OrderRow {
  id: string;
  custNo: string;
  placedAt: string;
  status: OrderStatusCode;
  total: number;
  currency: string;
  shippedAt: string | null;
  returnedAt: string | null;
}

export interface OrderLineRow {
  orderId: string;
  lineNumber: number;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export interface InvoiceRow {
  id: string;
  orderId: string;
  custNo: string;
  issuedAt: string;
  dueAt: string;
  amount: number;
  paidAmount: number;
  paidAt: string | null;
  status: InvoiceStatusCode;
}

/** Order counts and amounts of one customer-master number, per order status. */
export interface OrderStatsRow {
  custNo: string;
  status: OrderStatusCode;
  count: number;
  amount: number;
  firstAt: string;
  lastAt: string;
}

/** What one customer-master number owes: its open invoices, and those past their due date at `asOf`. */
export interface OpenInvoiceStatsRow {
  custNo: string;
  openCount: number;
  openAmount: number;
  overdueCount: number;
  overdueAmount: number;
  oldestOverdueDueAt: string | null;
}

/** One product a customer bought in their recent orders, summed over those orders by the database. */
export interface PurchasedProductRow {
  sku: string;
  name: string;
  quantity: number;
  /** How many of the orders included it. */
  orders: number;
  lastPurchasedAt: string;
}

/** One customer's page request: its master numbers, and where the previous page ended. */
export interface OrderPageRequest {
  custNos: string[];
  after?: { at: string; id: string };
}

export interface ErpSource {
  accounts(custNos: readonly string[]): Promise<AccountRow[]>;
  orderStats(custNos: readonly string[]): Promise<OrderStatsRow[]>;
  /** For each request, up to `limit` orders newest first: one statement for every request. */
  orderPages(requests: readonly OrderPageRequest[], limit: number, status: OrderStatusCode | null): Promise<OrderRow[][]>;
  /** For each request, the products of its `window` most recent orders (cancelled ones excluded): one statement for every request. */
  purchasedProducts(requests: readonly OrderPageRequest[], window: number): Promise<PurchasedProductRow[][]>;
  ordersById(ids: readonly string[]): Promise<OrderRow[]>;
  orderLines(orderIds: readonly string[]): Promise<OrderLineRow[]>;
  invoicesByCustomer(custNos: readonly string[]): Promise<InvoiceRow[]>;
  /** Open and overdue invoice totals, aggregated by the database: one row per number that has open invoices. */
  openInvoiceStats(custNos: readonly string[], asOf: string): Promise<OpenInvoiceStatsRow[]>;
  invoicesByOrder(orderIds: readonly string[]): Promise<InvoiceRow[]>;
  invoicesById(ids: readonly string[]): Promise<InvoiceRow[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
