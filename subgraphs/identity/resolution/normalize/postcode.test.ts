import { describe, expect, it } from 'vitest';
import { normalizePostcode } from './postcode.ts';

describe('normalizePostcode', () => {
  it.each([
    ['06236', '06236'],
    [' 06236 ', '06236'],
    ['135-080', '135080'],
    ['sw1a 1aa', 'SW1A1AA'],
    ['０６２３６', '06236'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizePostcode(raw)?.key).toBe(expected);
  });

  it.each(['', '0', '00000', 'n/a', '#$%'])('rejects %j', (raw) => {
    expect(normalizePostcode(raw)).toBeNull();
  });
});
