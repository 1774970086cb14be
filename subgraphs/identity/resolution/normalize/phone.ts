// Phone normalization to E.164, with the Korean numbering plan (mobile, Seoul and area codes) checked.
import type { NormalizedValue } from './normalized-value.ts';
import { cleanText } from './text.ts';

/** Korean area codes after the trunk 0: Seoul 2, then the two-digit regional codes. */
const KR_AREA_CODES = new Set([
  '31', '32', '33', '41', '42', '43', '44', '51', '52', '53', '54', '55', '61', '62', '63', '64',
]);

/**
 * Validates a Korean national significant number (the digits after +82 or the trunk 0).
 * Returns false for numbers outside the plan.
 */
function isValidKoreanNational(n: string): boolean {
  const len = n.length;
  if (/^1[568]\d{6}$/.test(n)) return true; // 1588-, 1644-, 1800-XXXX representative numbers (8 digits, no trunk 0)
  if (n.startsWith('10')) return len === 10; // 010-XXXX-XXXX
  if (/^1[16789]/.test(n)) return len === 9 || len === 10; // legacy 011, 016-019
  if (n.startsWith('2')) return len === 8 || len === 9; // 02-XXX-XXXX, 02-XXXX-XXXX
  if (n.startsWith('70')) return len === 10; // 070 VoIP
  if (n.startsWith('80')) return len === 9 || len === 10; // 080 toll free
  if (n.startsWith('50')) return len >= 10 && len <= 11; // 050X personal numbers
  if (KR_AREA_CODES.has(n.slice(0, 2))) return len === 9 || len === 10;
  return false;
}

/** Numbers people type when they do not want to give one: 0000-0000, 1234-5678, one digit repeated. */
function isPlaceholderKorean(n: string): boolean {
  const subscriber = n.startsWith('2') ? n.slice(1) : n.slice(2);
  return /^(\d)\1+$/.test(subscriber) || /^(1234|0123)(5678|4567)$/.test(subscriber) || /^(\d)\1{3}(\d)\2{3}$/.test(subscriber);
}

/** E.164 allows at most 15 digits including the country code; shorter than 8 is not a callable number. */
function isPlausibleE164(digits: string): boolean {
  return /^[1-9]\d{7,14}$/.test(digits);
}

/**
 * What kind of line a number is, which says whose identifier it is: a mobile or a 050X personal number
 * belongs to one person; a fixed line or a 070 VoIP line (Korea's internet home phone) belongs to a
 * household or an office; a 080 or 15xx/16xx/18xx number belongs to a business. Numbers of other
 * countries are `unknown` (their plans are not modelled here).
 */
export type LineType = 'mobile' | 'personal' | 'fixed' | 'voip' | 'service' | 'unknown';

export interface PhoneOptions {
  /** Country assumed for numbers written without a country code. Only "KR" has a national plan here. */
  defaultCountry?: string;
  /** Keep only these line types (all when absent): e.g. personal numbers in one attribute, household lines in another. */
  lineTypes?: LineType[];
}

/** The line type of a Korean national significant number already checked by isValidKoreanNational. */
export function koreanLineType(national: string): LineType {
  if (/^1[016789]/.test(national) && !/^1[568]\d{6}$/.test(national)) return 'mobile';
  if (/^50/.test(national)) return 'personal';
  if (/^70/.test(national)) return 'voip';
  if (/^(80|1[568])/.test(national)) return 'service';
  return 'fixed';
}

/** The line type of an E.164 key ("+82…"), or `unknown` outside Korea. */
export function lineTypeOf(key: string): LineType {
  return key.startsWith('+82') ? koreanLineType(key.slice(3)) : 'unknown';
}

export function normalizePhone(raw: string, options: Record<string, unknown> = {}): NormalizedValue | null {
  const normalized = normalizeAnyPhone(raw, options);
  const lineTypes = options.lineTypes;
  if (normalized === null || !Array.isArray(lineTypes)) return normalized;
  return lineTypes.includes(lineTypeOf(normalized.key)) ? normalized : null;
}

function normalizeAnyPhone(raw: string, options: Record<string, unknown>): NormalizedValue | null {
  const defaultCountry = typeof options.defaultCountry === 'string' ? options.defaultCountry : 'KR';
  let text = cleanText(raw);
  // Drop extensions ("ext. 12", "x12", "내선 12").
  text = text.replace(/\s*(?:ext\.?|extension|x|#|내선)\s*\d+\s*$/i, '');
  if (/[a-wyz]/i.test(text)) return null;
  const plus = /^\s*\+/.test(text);
  let digits = text.replace(/\D/g, '');
  if (digits === '') return null;
  let international = plus;
  if (!plus) {
    if (digits.startsWith('00')) {
      international = true; // 00 / 001 / 002 international prefixes
      digits = digits.replace(/^00[1-9]?(?=82)/, '').replace(/^00/, '');
    } else if (digits.startsWith('82') && defaultCountry === 'KR' && digits.length >= 10) {
      international = true; // "82-10-1234-5678": Korean domestic numbers never start with 82
    }
  }
  if (international) {
    if (digits.startsWith('82')) return korean(digits.slice(2).replace(/^0/, ''));
    return isPlausibleE164(digits) ? { key: `+${digits}`, display: `+${digits}` } : null;
  }
  if (defaultCountry !== 'KR') return null;
  if (digits.startsWith('0')) return korean(digits.slice(1));
  // A spreadsheet ate the trunk 0 ("1012345678"), or a representative number ("15881234").
  return korean(digits);
}

function korean(national: string): NormalizedValue | null {
  if (!isValidKoreanNational(national)) return null;
  const key = `+82${national}`;
  return isPlaceholderKorean(national) ? { key, display: key, generic: true } : { key, display: key };
}
