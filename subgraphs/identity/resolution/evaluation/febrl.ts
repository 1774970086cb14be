// Loads the FEBRL record-linkage files from ../shared/data/febrl as source records with their ground truth.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundledConfig } from '../config.ts';
import type { SourceRecord } from '../types.ts';
import type { EvaluationDataset } from './dataset.ts';

/** Where the FEBRL CSVs live: $FEBRL_DIR, or shared/data/febrl beside the repository. */
export function febrlDirectory(): string {
  return process.env.FEBRL_DIR ?? fileURLToPath(new URL('../../../../../shared/data/febrl/', import.meta.url));
}

/** Parses one FEBRL CSV (", " separated, CRLF or LF, with or without a final newline). */
export function parseFebrlCsv(text: string, system: string): { records: SourceRecord[]; personOf: Map<string, string> } {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0].split(',').map((cell) => cell.trim());
  const records: SourceRecord[] = [];
  const personOf = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',').map((cell) => cell.trim());
    const fields: Record<string, string> = {};
    header.forEach((name, index) => {
      if (name !== 'rec_id' && cells[index] !== undefined && cells[index] !== '') fields[name] = cells[index];
    });
    const id = cells[0];
    records.push({ system, id, fields });
    // rec-N-org and rec-N-dup-K are the same person N.
    const person = /^rec-(\d+)-/.exec(id)?.[1];
    if (person === undefined) throw new Error(`FEBRL: unexpected rec_id "${id}"`);
    personOf.set(`${system}:${id}`, person);
  }
  return { records, personOf };
}

function readFebrl(file: string): string {
  const path = `${febrlDirectory()}/${file}`;
  if (!existsSync(path)) {
    throw new Error(`FEBRL data not found at ${path}: the shared data folder (../shared/data/febrl) must be present, or FEBRL_DIR set`);
  }
  return readFileSync(path, 'utf8');
}

/** febrl1 and febrl2 deduplicate one file; febrl4 links dataset4a to dataset4b. */
export function loadFebrl(name: 'febrl1' | 'febrl2' | 'febrl4'): EvaluationDataset {
  const config = bundledConfig('febrl');
  if (name === 'febrl4') {
    const a = parseFebrlCsv(readFebrl('dataset4a.csv'), 'dataset4a');
    const b = parseFebrlCsv(readFebrl('dataset4b.csv'), 'dataset4b');
    return {
      name,
      records: [...a.records, ...b.records],
      personOf: new Map([...a.personOf, ...b.personOf]),
      config,
      options: { mode: 'link' },
    };
  }
  const file = name === 'febrl1' ? 'dataset1.csv' : 'dataset2.csv';
  const { records, personOf } = parseFebrlCsv(readFebrl(file), 'febrl');
  return { name, records, personOf, config };
}
