// Resolver types are generated from each subgraph's SDL; this fails when a checked-in file is stale.
import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../codegen.ts';

describe('generated resolver types', () => {
  it('match what GraphQL Code Generator makes from the SDLs today (run `npm run compose` when this fails)', async () => {
    const outputs = await generate({ ...config, silent: true, cwd: new URL('..', import.meta.url).pathname }, false);
    expect(outputs.length).toBe(6);
    for (const output of outputs) {
      expect(readFileSync(new URL(`../${output.filename}`, import.meta.url), 'utf8'), output.filename).toBe(output.content);
    }
  }, 120_000);
});
