// Date normalization: the many ways a birth date is written → a validated YYYY-MM-DD.
import type { NormalizedValue } from './normalized-value.ts';
import { cleanText } from './text.ts';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

export interface DateOptions {
  /** For "07/03/1985" where both numbers could be the day: true (default) reads day first, false month first. */
  dayFirst?: boolean;
  /** Earliest accepted year (default 1850); later than the current year is always rejected. */
  minYear?: number;
}

export function normalizeDate(raw: string, options: Record<string, unknown> = {}): NormalizedValue | null {
  const dayFirst = options.dayFirst !== false;
  const minYear = typeof options.minYear === 'number' ? options.minYear : 1850;
  const text = cleanText(raw).toLowerCase();
  if (text === '') return null;
  const parsed = parse(text, dayFirst);
  if (parsed === null) return null;
  const [year, month, day] = parsed;
  if (!isValid(year, month, day, minYear)) return null;
  const key = `${year}-${pad(month)}-${pad(day)}`;
  return { key, display: key };
}

function parse(text: string, dayFirst: boolean): [number, number, number] | null {
  let match: RegExpMatchArray | null;
  // ISO date, optionally with a time: 1985-03-07, 1985-03-07T00:00:00Z
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t\s].*)?$/.exec(text))) return [+match[1], +match[2], +match[3]];
  // Compact: 19850307
  if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(text))) return [+match[1], +match[2], +match[3]];
  // Year first with any separator: 1985.3.7, 1985/03/07, "1985. 3. 7.", 1985년 3월 7일
  if ((match = /^(\d{4})\s*[./\-년]\s*(\d{1,2})\s*[./\-월]\s*(\d{1,2})\s*[.일]?$/.exec(text))) return [+match[1], +match[2], +match[3]];
  // Year last: 07/03/1985, 7.3.1985, 07-03-1985
  if ((match = /^(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{4})$/.exec(text))) {
    const first = +match[1];
    const second = +match[2];
    const year = +match[3];
    if (first > 12) return [year, second, first];
    if (second > 12) return [year, first, second];
    return dayFirst ? [year, second, first] : [year, first, second];
  }
  // Month names: 7 Mar 1985, 07-Mar-1985, March 7, 1985
  if ((match = /^(\d{1,2})[\s\-.]*([a-z]{3,9})\.?[\s\-.,]*(\d{4})$/.exec(text))) {
    const month = monthNumber(match[2]);
    return month === undefined ? null : [+match[3], month, +match[1]];
  }
  if ((match = /^([a-z]{3,9})\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})$/.exec(text))) {
    const month = monthNumber(match[1]);
    return month === undefined ? null : [+match[3], month, +match[2]];
  }
  return null;
}

function monthNumber(name: string): number | undefined {
  return MONTHS[name.slice(0, name.startsWith('sept') ? 4 : 3)] ?? MONTHS[name.slice(0, 3)];
}

function isValid(year: number, month: number, day: number, minYear: number): boolean {
  if (year < minYear || year > new Date().getUTCFullYear()) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
