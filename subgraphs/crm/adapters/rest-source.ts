// The CRM port over the legacy CRM's REST API: keep-alive pool, "get many" calls split at the API's id limit.
import { JsonClient } from '../../../runtime/json-client.ts';
import type { CrmSource } from '../source.ts';
import { CRM_MAX_IDS_PER_CALL, CRM_ROUTES, type CrmListResponse, type CrmUser } from './rest-contract.ts';

export interface CrmApiOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  onCall?: (route: string) => void;
}

export function createRestCrmSource(options: CrmApiOptions): CrmSource {
  const client = new JsonClient(options.baseUrl, {
    timeoutMs: options.timeoutMs ?? 3_000,
    headers: options.apiKey ? { 'x-api-key': options.apiKey } : {},
  });

  async function getMany<T>(route: string, param: string, ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += CRM_MAX_IDS_PER_CALL) chunks.push(unique.slice(i, i + CRM_MAX_IDS_PER_CALL));
    const pages = await Promise.all(
      chunks.map((chunk) => {
        options.onCall?.(route);
        return client.get<CrmListResponse<T>>(`${route}?${param}=${chunk.map(encodeURIComponent).join(',')}`);
      }),
    );
    return pages.flatMap((page) => page.records);
  }

  return {
    contacts: (ids) => getMany(CRM_ROUTES.contacts, 'ids', ids),
    casesByContact: (ids) => getMany(CRM_ROUTES.cases, 'contactIds', ids),
    casesById: (ids) => getMany(CRM_ROUTES.cases, 'ids', ids),
    opportunities: (ids) => getMany(CRM_ROUTES.opportunities, 'contactIds', ids),
    consents: (ids) => getMany(CRM_ROUTES.consents, 'contactIds', ids),
    activities: (ids) => getMany(CRM_ROUTES.activities, 'contactIds', ids),
    async allUsers() {
      options.onCall?.(CRM_ROUTES.users);
      return (await client.get<CrmListResponse<CrmUser>>(CRM_ROUTES.users)).records;
    },
    async ping() {
      await client.get(`${CRM_ROUTES.contacts}?ids=`);
    },
    close: () => client.close(),
  };
}
