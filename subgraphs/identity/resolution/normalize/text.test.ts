import { describe, expect, it } from 'vitest';
import { cleanText, normalizeIdentifier, normalizeText, stripDiacritics } from './text.ts';

describe('text normalization', () => {
  it('cleans whitespace and compatibility forms', () => {
    expect(cleanText('  a \t b\u200b  c ')).toBe('a b c');
    expect(cleanText('ＡＢＣ　１２３')).toBe('ABC 123');
    expect(cleanText('already clean')).toBe('already clean');
  });

  it('strips Latin diacritics but leaves Hangul whole', () => {
    expect(stripDiacritics('Crème Brûlée')).toBe('Creme Brulee');
    expect(stripDiacritics('김민준 José')).toBe('김민준 Jose');
  });

  it('normalizes free text', () => {
    expect(normalizeText('  St  James ')?.key).toBe('st james');
    expect(normalizeText('   ')).toBeNull();
  });

  it('normalizes identifiers', () => {
    expect(normalizeIdentifier(' m-000 123 ')?.key).toBe('M000123');
    expect(normalizeIdentifier('dev_ab.12')?.key).toBe('DEVAB12');
    expect(normalizeIdentifier('N/A')).toBeNull();
    expect(normalizeIdentifier('0000')).toBeNull();
  });
});
