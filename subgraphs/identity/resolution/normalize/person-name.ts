// Person-name normalization: Hangul and romanized spellings, family/given order and hyphens reduced to one key.
import { containsHangul, romanizeHangul } from './hangul.ts';
import { canonicalSurname, isCompoundHangulSurname, romanizeHangulSurname, surnameRank } from './korean-surnames.ts';
import type { NormalizedValue } from './normalized-value.ts';
import { cleanText, stripDiacritics } from './text.ts';

/** A parsed name: romanized, lower case, letters only; `family` is "" when it cannot be told. */
export interface NameParts {
  family: string;
  given: string;
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'mdm']);
const HONORIFIC_SUFFIX = /(님|씨|고객님|고객)$/u;

/** The matching key of a full name: `family|given`, e.g. "김민준", "Minjun Kim" and "KIM MIN-JUN" → "kim|minjun". */
export function normalizePersonName(raw: string): NormalizedValue | null {
  const display = cleanText(raw);
  if (display === '') return null;
  const parts = containsHangul(display) ? parseHangulName(display) : parseLatinName(display);
  if (parts === null || (parts.family === '' && parts.given === '')) return null;
  return { key: `${parts.family}|${parts.given}`, display };
}

/** Romanization variants of the same Korean syllables, folded before names are compared. */
const ROMANIZATION_FOLDS: Array<[RegExp, string]> = [
  [/oo/g, 'u'], [/ou/g, 'u'], [/eo/g, 'u'], [/eu/g, 'u'], [/ae/g, 'e'], [/ee/g, 'i'], [/ui/g, 'i'], [/([a-z])\1/g, '$1'],
];

/**
 * Folds the spellings Korean names take in Revised, McCune-Reischauer and popular romanization
 * ("Younghee", "Yeonghui" → "yunghi"; "Jihoon", "Jihun" → "jihun"; "Hyun", "Hyeon" → "hyun"; "Seung", "Sung" → "sung").
 * Used by the name comparator, not in the key, so the key stays readable.
 */
export function foldRomanization(text: string): string {
  let folded = text;
  for (const [pattern, replacement] of ROMANIZATION_FOLDS) folded = folded.replace(pattern, replacement);
  return folded;
}

/** Splits a personName key back into its parts. */
export function nameParts(key: string): NameParts {
  const bar = key.indexOf('|');
  return { family: key.slice(0, bar), given: key.slice(bar + 1) };
}

/** A given name on its own: romanized, letters only, spaces and hyphens removed ("Min-jun", "min jun" → "minjun"). */
export function normalizeGivenName(raw: string): NormalizedValue | null {
  const display = cleanText(raw);
  const key = lettersOnly(display);
  return key === '' ? null : { key, display };
}

/** A family name on its own, with Korean variant spellings unified ("Gim", "김" → "kim"). */
export function normalizeFamilyName(raw: string): NormalizedValue | null {
  const display = cleanText(raw);
  if (display === '') return null;
  const hangul = display.replace(/[^\uac00-\ud7a3]/gu, '');
  const key = hangul !== '' ? (romanizeHangulSurname(hangul) ?? lettersOnly(hangul)) : canonicalSurname(lettersOnly(display));
  return key === '' ? null : { key, display };
}

function lettersOnly(text: string): string {
  return stripDiacritics(romanizeHangul(text.toLowerCase())).replace(/[^a-z]/g, '');
}

function parseHangulName(display: string): NameParts | null {
  const tokens = display
    .replace(/[^\uac00-\ud7a3\s]/gu, ' ')
    .split(/\s+/)
    .filter((token) => token !== '')
    .map((token, index, all) => (index === all.length - 1 && token.length > 2 ? token.replace(HONORIFIC_SUFFIX, '') : token));
  if (tokens.length === 0) return null;
  let family: string;
  let given: string;
  if (tokens.length === 1) {
    const [word] = tokens;
    if (word.length === 1) return { family: '', given: romanizeHangul(word) };
    const familyLength = isCompoundHangulSurname(word) ? 2 : 1;
    family = word.slice(0, familyLength);
    given = word.slice(familyLength);
  } else {
    const last = tokens[tokens.length - 1];
    const familyLast = romanizeHangulSurname(tokens[0]) === undefined && last.length <= 2 && romanizeHangulSurname(last) !== undefined;
    family = familyLast ? last : tokens[0];
    given = (familyLast ? tokens.slice(0, -1) : tokens.slice(1)).join('');
  }
  return { family: romanizeHangulSurname(family) ?? romanizeHangul(family), given: romanizeHangul(given) };
}

function parseLatinName(display: string): NameParts | null {
  const cleaned = stripDiacritics(display).replace(/[^\p{L}\s,'-]/gu, ' ');
  const comma = cleaned.indexOf(',');
  if (comma >= 0) {
    const family = words(cleaned.slice(0, comma));
    const given = words(cleaned.slice(comma + 1));
    return { family: canonicalSurname(family.join('')), given: given.join('') };
  }
  const original = cleaned.split(/\s+/).filter((token) => token !== '' && !TITLES.has(token.toLowerCase().replace(/\.$/, '')));
  const tokens = original.map((token) => token.toLowerCase().replace(/[^a-z]/g, '')).filter((token) => token !== '');
  if (tokens.length === 0) return null;
  if (tokens.length === 1) return { family: '', given: tokens[0] };
  const firstRank = surnameRank(tokens[0]);
  const lastRank = surnameRank(tokens[tokens.length - 1]);
  const allCaps = original.every((token) => token === token.toUpperCase());
  let familyFirst: boolean;
  if (firstRank !== undefined && lastRank === undefined) familyFirst = true;
  else if (firstRank === undefined) familyFirst = false;
  else familyFirst = allCaps || firstRank < lastRank!;
  const family = familyFirst ? tokens[0] : tokens[tokens.length - 1];
  const given = (familyFirst ? tokens.slice(1) : tokens.slice(0, -1)).join('');
  return { family: canonicalSurname(family), given };
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((token) => token.replace(/[^a-z]/g, ''))
    .filter((token) => token !== '' && !TITLES.has(token));
}
