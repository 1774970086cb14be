// The legacy systems' feed into the identity graph: a bulk push of every system's records then one full resolution, and single changed records as they happen.
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

/** The initial load: every record stored without resolving (`resolve: false`), then one full resolution. */
export async function feedIdentity(identityUrl: string, data: EnterpriseData): Promise<{ records: number; customers: number; seconds: number }> {
  const client = new JsonClient(identityUrl, { timeoutMs: 600_000 });
  try {
    for (const [system, records] of Object.entries(nativeRecords(data))) {
      for (let i = 0; i < records.length; i += BATCH) {
        await client.post('/ingest/records', { system, records: records.slice(i, i + BATCH), resolve: false });
      }
    }
    return await client.post('/ingest/resolve', {});
  } finally {
    await client.close();
  }
}

/**
 * A legacy system's change-data hook: pushes one new or changed record to identity ingest, where
 * it is resolved against the graph at once. Returns a function to call per change, and `close`.
 */
export function identityPusher(identityUrl: string, system: 'crm' | 'erp' | 'membership' | 'channel') {
  const client = new JsonClient(identityUrl, { timeoutMs: 30_000 });
  return {
    push: (record: object) => client.post('/ingest/records', { system, records: [record] }),
    close: () => client.close(),
  };
}
