// The README's customer-360 query, the 50-customer list query the tests and benchmarks share, and how to find a customer every legacy system knows.
import { mintDevToken } from '../gateway/auth/dev-key.ts';
import { DEFAULT_DEV_KEY_FILE } from '../gateway/policy-config.ts';

export const sampleQuery = `query Customer360($id: ID!) {
  customer(id: $id) {
    id
    systems
    profile {
      name { value source updatedAt }
      email { value source }
      phone { value source }
    }
    sourceRecords { system id rule confidence }
    cases(first: 3) { id subject status openedAt }
    orders(first: 3) { totalCount nodes { id placedAt status total { amount currency } } }
    lifetimeValue { amount currency }
    membership { number tier points since expiresAt }
    touchpoints(first: 3) { nodes { channel action at } }
    journey(first: 8) { totalCount systems nodes { at system type summary } }
    lifecycle { stage reason }
    segments { name reason }
  }
}`;

/** The request body for the sample query, on one line, as the README's curl command sends it. */
/** The fields of the customer-list query (tests and benchmarks ask it for 50 customers): something from each of the six subgraphs. */
export const CUSTOMER_LIST_FIELDS = `id profile { name { value source } email { value } } contacts { id name } cases(first: 3) { id status notes { text author { name } } }
    accountOwner { name } consents { purpose channel granted } erpAccounts { accountNumber }
    orders(first: 5) { totalCount nodes { id status total { amount } lines { sku quantity } invoice { status } } } lifetimeValue { amount } openBalance { amount }
    membership { tier points } pointsLedger(first: 3) { nodes { points } } community { posts reviews { rating } }
    touchpoints(first: 5) { nodes { channel at device { type } } } devices { type } channelPreferences { channel optIn }`;

/** The customer-list query, named `name`, with `extra` fields after the shared ones. */
export const customerListQuery = (name = 'Customers', extra = '') => `query ${name}($ids: [ID!]!) { customers(ids: $ids) { ${CUSTOMER_LIST_FIELDS} ${extra} } }`;

export function sampleRequestBody(customerId: string): string {
  return JSON.stringify({ query: sampleQuery.replace(/\s+/g, ' '), variables: { id: customerId } });
}

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<{ data?: Record<string, any>; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

/** The curl header the README and the start banner use: a development token (`npm run token`). */
export const SAMPLE_AUTH_HEADER = `-H "authorization: Bearer $(npm run -s token -- --role service)"`;

/**
 * The first customer, in unified-ID order, known to all four systems and with at least one CRM case.
 * Searches as a service-console user, with a development token unless `headers` say otherwise.
 */
export async function findSampleCustomer(gatewayUrl: string, headers?: Record<string, string>): Promise<string> {
  const auth = headers ?? { authorization: `Bearer ${await mintDevToken(process.env.DEV_KEY_FILE ?? DEFAULT_DEV_KEY_FILE, { role: 'service' })}` };
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const result = await post(
      gatewayUrl,
      `query Browse($after: String) { customerList(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id systems cases(first: 1) { id } } } }`,
      { after },
      auth,
    );
    const list = result.data?.customerList;
    if (!list) throw new Error(`customerList failed: ${JSON.stringify(result.errors)}`);
    const match = list.nodes.find((c: { systems: string[]; cases: unknown[] | null }) => c.systems.length === 4 && (c.cases?.length ?? 0) > 0);
    if (match) return match.id;
    if (!list.pageInfo.hasNextPage) break;
    after = list.pageInfo.endCursor;
  }
  throw new Error('No customer is known to all four systems');
}
