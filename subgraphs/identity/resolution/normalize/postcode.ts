// Postcode normalization: upper case, no spaces or dashes, so "06236", "SW1A 1AA" and "135-080" compare.
import type { NormalizedValue } from './normalized-value.ts';
import { cleanText } from './text.ts';

export function normalizePostcode(raw: string): NormalizedValue | null {
  const display = cleanText(raw).toUpperCase();
  const key = display.replace(/[\s\-.]/g, '');
  if (!/^[A-Z0-9]{2,10}$/.test(key) || /^0+$/.test(key)) return null;
  return { key, display };
}
