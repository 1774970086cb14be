// The output floor's SDL: only the replayed Customer fields lose @requires; everything else composes as insights' own.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, readSubgraphEntries } from '../schema/composition.ts';
import { withoutRequires } from './insights-floor.ts';

const field = (sdl: string, type: string, name: string) => sdl.slice(sdl.indexOf(`type ${type} `)).split('\n').find((line) => new RegExp(`^\\s*${name}[(:]`).test(line))!;

describe('withoutRequires', () => {
  const sdl = `type Customer @key(fields: "id") { id: ID! log: String @external
    journey: String @requires(fields: "log") @shareable
    stage: String @requires(fields: "log") }
  type Other { journey: String @requires(fields: "x") }`;
  const out = print(withoutRequires(parse(sdl), ['journey']));

  it("takes @requires off the named Customer fields and keeps their other directives", () => {
    expect(out).toMatch(/journey: String @shareable\n/);
  });

  it('leaves other Customer fields and other types alone', () => {
    expect(out).toMatch(/stage: String @requires\(fields: "log"\)/);
    expect(out).toMatch(/type Other \{\n {2}journey: String @requires\(fields: "x"\)/);
    expect(out).toMatch(/log: String @external/);
  });

  it("makes insights' real SDL compose without the measured fields' inputs", () => {
    const entries = readSubgraphEntries();
    const insights = entries.find((e) => e.name === 'insights')!;
    const typeDefs = withoutRequires(parse(readFileSync(insights.schemaFile, 'utf8')), ['journey', 'segments', 'nextBestAction']);
    const sdl = print(typeDefs);
    for (const name of ['journey', 'segments', 'nextBestAction']) expect(field(sdl, 'Customer', name)).not.toMatch(/@requires\(/);
    expect(field(sdl, 'Customer', 'journeyStage')).toMatch(/@requires\(/);
    const dir = mkdtempSync(join(tmpdir(), 'sv-floor-'));
    const file = join(dir, 'insights.graphql');
    writeFileSync(file, sdl);
    expect(() => composeSupergraph(entries.map((e) => (e === insights ? { ...e, schemaFile: pathToFileURL(file) } : e)))).not.toThrow();
  });
});
