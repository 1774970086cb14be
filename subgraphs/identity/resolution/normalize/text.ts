// Basic text cleaning shared by every normalizer: Unicode NFKC, whitespace, case and diacritics.
import type { NormalizedValue } from './normalized-value.ts';

const SPACES = /[\s\u200b\u200c\u200d\ufeff]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/** Printable ASCII and precomposed Hangul, single-spaced: already NFKC and clean (the common case, checked cheaply). */
const ALREADY_CLEAN = /^[\x21-\x7e\uac00-\ud7a3]+(?: [\x21-\x7e\uac00-\ud7a3]+)*$/;

/** NFKC, every run of whitespace (including zero-width) collapsed to one space, trimmed. */
export function cleanText(raw: string): string {
  if (ALREADY_CLEAN.test(raw)) return raw;
  return raw.normalize('NFKC').replace(SPACES, ' ').trim();
}

/** Removes accents from Latin letters ("José" → "Jose"), leaving Hangul syllables intact. */
export function stripDiacritics(text: string): string {
  // NFD would split Hangul syllables into jamo, so only decompose when a combining mark can appear.
  if (!/[\u00c0-\u024f\u1e00-\u1eff]/u.test(text)) return text;
  return text.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/** Generic free text: NFKC, whitespace, lower case, no diacritics. */
export function normalizeText(raw: string): NormalizedValue | null {
  const display = cleanText(raw);
  if (display === '') return null;
  return { key: stripDiacritics(display.toLowerCase()), display };
}

/** An opaque identifier (membership number, device id): NFKC, upper case, no spaces or dashes. */
export function normalizeIdentifier(raw: string): NormalizedValue | null {
  const display = cleanText(raw);
  const key = display.toUpperCase().replace(/[\s\-_./]/g, '');
  if (key === '' || /^(NULL|NONE|NA|N\/A|UNKNOWN|0+)$/.test(key)) return null;
  return { key, display };
}
