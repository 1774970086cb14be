// Starts the simulated enterprise: generates the data, seeds the ERP database and document stores, and serves the CRM API.
import { openSqlClient } from '../subgraphs/erp/adapters/sql-client.ts';
import { openDocumentDatabase } from '../subgraphs/kit/store/open.ts';
import { startCrmApi, type CrmApi } from './crm-api/server.ts';
import { seedChannel, seedMembership } from './document-stores/seed.ts';
import { seedErp } from './erp-db/seed.ts';
import { generateEnterprise, type GenerateOptions } from './generator/index.ts';
import type { EnterpriseData } from './generator/types.ts';

export interface EnterpriseOptions extends GenerateOptions {
  /** Where the loyalty and channel systems keep their documents. */
  mongoUri: string;
  /** The ERP database. */
  erpDatabaseUrl: string;
  crmPort?: number;
  crmApiKey?: string;
}

export type ContactListener = (contact: EnterpriseData['crm']['contacts'][number]) => Promise<void>;

export interface Enterprise {
  data: EnterpriseData;
  crm: CrmApi;
  timings: Record<string, number>;
  /** Sets the CRM's change hook: called with every contact created or changed through its API (e.g. to push it to identity). */
  onContactChanged(listener: ContactListener): void;
  close(): Promise<void>;
}

export async function startEnterprise(options: EnterpriseOptions): Promise<Enterprise> {
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - started);
    return result;
  };
  const data = await time('generate', () => generateEnterprise(options));
  const sql = await openSqlClient(options.erpDatabaseUrl);
  const loyalty = await openDocumentDatabase(options.mongoUri, 'loyalty');
  const channel = await openDocumentDatabase(options.mongoUri, 'channel');
  try {
    await Promise.all([
      time('seedErp', () => seedErp(sql, data.erp)),
      time('seedMembership', () => seedMembership(loyalty, data.membership)),
      time('seedChannel', () => seedChannel(channel, data.channel)),
    ]);
  } catch (error) {
    await sql.close();
    throw error;
  } finally {
    await Promise.all([loyalty.close(), channel.close()]);
  }
  let contactListener: ContactListener | undefined;
  // The ERP connection stays open while the enterprise runs: an embedded (pglite://) database lives as long as a client holds it.
  const crm = await startCrmApi(data.crm, { port: options.crmPort, apiKey: options.crmApiKey, onContactChanged: async (contact) => contactListener?.(contact) }).catch(
    async (error: unknown) => {
      await sql.close();
      throw error;
    },
  );
  return {
    data,
    crm,
    timings,
    onContactChanged: (listener) => (contactListener = listener),
    close: async () => {
      await crm.close();
      await sql.close();
    },
  };
}
