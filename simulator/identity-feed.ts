// The legacy systems' feed into the identity graph: each system pushes its customer records, then a full resolution runs.
import { JsonClient } from '../runtime/json-client.ts';
import type { EnterpriseData } from './generator/types.ts';

const BATCH = 2_000;

/** The records each system sends, in the system's own native shape. */
export function nativeRecords(data: EnterpriseData): Record<'crm' | 'erp' | 'membership' | 'channel', object[]> {
  return {
    crm: data.crm.contacts,
    erp: data.erp.customers,
    membership: data.membership.members,
    channel: data.channel.profiles,
  };
}

export async function feedIdentity(identityUrl: string, data: EnterpriseData): Promise<{ records: number; customers: number; seconds: number }> {
  const client = new JsonClient(identityUrl, { timeoutMs: 600_000 });
  try {
    for (const [system, records] of Object.entries(nativeRecords(data))) {
      for (let i = 0; i < records.length; i += BATCH) {
        await client.post('/ingest/records', { system, records: records.slice(i, i + BATCH) });
      }
    }
    return await client.post('/ingest/resolve', {});
  } finally {
    await client.close();
  }
}
