// Audit sinks: records written are read back by customer, from a JSONL file and from MongoDB.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDocumentDatabase } from '../../subgraphs/kit/store/open.ts';
import { inDatabase } from '../../test/support/backends.ts';
import { mongo } from '../../test/support/services.ts';
import { FileAuditSink, MongoAuditSink, type AuditRecord, type AuditSink } from './sink.ts';

const record = (customers: string[], caller: string): AuditRecord => ({
  at: new Date().toISOString(), caller, purpose: 'service', operation: 'Op', operationHash: 'abc', customers, fields: ['Profile.email'], masked: false, requestId: null,
});

async function readsBack(sink: AuditSink) {
  sink.write(record(['cus_a', 'cus_b'], 'jwt:i|one'));
  sink.write(record(['cus_b'], 'partner:two'));
  sink.write(record(['cus_c'], 'jwt:i|three'));
  const callers = async (id: string) => {
    const out: string[] = [];
    for await (const r of sink.forCustomer(id)) out.push(r.caller);
    return out.sort();
  };
  expect(await callers('cus_b')).toEqual(['jwt:i|one', 'partner:two']);
  expect(await callers('cus_a')).toEqual(['jwt:i|one']);
  expect(await callers('cus_x')).toEqual([]);
}

describe('audit sinks', () => {
  it('JSONL file', async () => {
    const sink = new FileAuditSink(join(mkdtempSync(join(tmpdir(), 'sv-audit-')), 'a', 'reads.jsonl'));
    await readsBack(sink);
    await sink.close();
  });

  const server = mongo();
  it.skipIf(!server.url)('MongoDB collection', async () => {
    const uri = inDatabase(server.url!, `sv_audit_${randomUUID().slice(0, 8)}`);
    const sink = new MongoAuditSink(uri, 'pii_reads');
    try {
      await readsBack(sink);
    } finally {
      await sink.close();
      const db = await openDocumentDatabase(uri, 'unused');
      await db.drop();
      await db.close();
    }
  });
});
