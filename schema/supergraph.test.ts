// The checked-in supergraph is exactly what composing today's subgraph SDLs gives.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, readSubgraphEntries, SUPERGRAPH_FILE } from './composition.ts';

describe('schema/supergraph.graphql', () => {
  it('matches a fresh composition of the subgraph SDLs (run `npm run compose` when this fails)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph());
  });

  it('names every subgraph folder in the composition config', () => {
    expect(readSubgraphEntries().map((e) => e.name).sort()).toEqual(['channel', 'crm', 'erp', 'identity', 'insights', 'membership']);
  });

  it('fails composition with a clear error when a subgraph breaks the rules', () => {
    const entries = readSubgraphEntries();
    const file = join(mkdtempSync(join(tmpdir(), 'sv-compose-')), 'broken.graphql');
    writeFileSync(file, 'type Customer @key(fields: "nope") { id: ID! }');
    const broken = { ...entries[0], name: 'broken', schemaFile: pathToFileURL(file) };
    expect(() => composeSupergraph([...entries, broken])).toThrow(/Composition failed/);
  });
});
