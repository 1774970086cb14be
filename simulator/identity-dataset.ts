// The generated enterprise as an identity-resolution evaluation dataset: records mapped exactly as ingest maps them, plus ground truth.
import { toSourceRecord } from '../subgraphs/identity/ingest/source-records.ts';
import type { EvaluationDataset } from '../subgraphs/identity/resolution/evaluation/dataset.ts';
import { CUSTOMER_RESOLUTION } from '../subgraphs/identity/resolution-service.ts';
import { generateEnterprise } from './generator/index.ts';
import { nativeRecords } from './identity-feed.ts';

export function generatedDataset(persons: number, seed?: string): EvaluationDataset {
  const data = generateEnterprise({ persons, seed, anchor: '2026-11-01T00:00:00.000Z' });
  const now = new Date().toISOString();
  const records = Object.entries(nativeRecords(data)).flatMap(([system, natives]) =>
    natives.map((native) => {
      const doc = toSourceRecord(system as 'crm', native as Record<string, unknown>, now);
      return { system: doc.system, id: doc.nativeId, updatedAt: doc.updatedAt ?? undefined, fields: doc.fields };
    }),
  );
  return { name: 'generated', records, personOf: data.truth, config: CUSTOMER_RESOLUTION };
}
