// Realistic data-entry noise: the many ways legacy systems write the same phone, name, email and date.
import type { Random } from './random.ts';
import type { Person } from './types.ts';
import { FAMILY_NAMES } from './korean-names.ts';

/** '01012345678' in one of the formats seen across Korean systems. */
export function formatMobile(rng: Random, national: string): string {
  const a = national.slice(0, 3), b = national.slice(3, 7), c = national.slice(7);
  const rest = national.slice(1);
  return rng.weighted([
    [`${a}-${b}-${c}`, 40],
    [national, 20],
    [`+82 ${rest.slice(0, 2)} ${b} ${c}`, 10],
    [`+82 ${rest.slice(0, 2)}-${b}-${c}`, 8],
    [`82-${rest.slice(0, 2)}-${b}-${c}`, 5],
    [`+82${rest}`, 7],
    [`${a} ${b} ${c}`, 5],
    [`(${a}) ${b}-${c}`, 5],
  ] as const);
}

/** A landline such as '0212345678' → '02-1234-5678' or '031-123-4567'. */
export function formatLandline(rng: Random, national: string): string {
  const area = national.startsWith('02') ? '02' : national.slice(0, 3);
  const local = national.slice(area.length);
  const head = local.slice(0, local.length - 4), tail = local.slice(-4);
  return rng.weighted([
    [`${area}-${head}-${tail}`, 60],
    [national, 20],
    [`+82 ${area.slice(1)} ${head} ${tail}`, 10],
    [`(${area}) ${head}-${tail}`, 10],
  ] as const);
}

export function formatEmail(rng: Random, email: string): string {
  return rng.weighted([
    [email, 80],
    [email.toUpperCase(), 4],
    [email.charAt(0).toUpperCase() + email.slice(1), 8],
    [` ${email} `, 4],
    [email.replace('@', ' @'), 1],
    [email.replace(/^([^@]+)/, (h) => h.replace(/^./, (ch) => ch.toUpperCase())), 3],
  ] as const);
}

/** A date 'YYYY-MM-DD' in one of the formats legacy screens accept. */
export function formatDate(rng: Random, iso: string): string {
  const [y, m, d] = iso.split('-');
  return rng.weighted([
    [iso, 45],
    [`${y}${m}${d}`, 20],
    [`${y}.${m}.${d}`, 12],
    [`${y}.${Number(m)}.${Number(d)}`, 6],
    [`${y}/${m}/${d}`, 7],
    [`${d}/${m}/${y}`, 5],
    [`${y}년 ${Number(m)}월 ${Number(d)}일`, 5],
  ] as const);
}

/** Another common spelling of the family name, as a clerk might type it. */
function familyVariant(rng: Random, person: Person): string {
  const family = FAMILY_NAMES.find((f) => f.hangul === person.familyHangul);
  return family && rng.chance(0.25) ? rng.pick(family.roman) : person.familyRoman;
}

/** The person's name as a Korean-language system stores it. */
export function hangulName(rng: Random, person: Person): string {
  return rng.chance(0.85) ? `${person.familyHangul}${person.givenHangul}` : `${person.familyHangul} ${person.givenHangul}`;
}

/** The person's name romanized, in one of several orders and styles. */
export function romanName(rng: Random, person: Person): string {
  const family = familyVariant(rng, person);
  const given = person.givenRoman;
  const hyphenated = given.length > 3 ? given.replace(/^(.[a-z]*?[aeiou][^aeiou]?)(?=[^aeiou]?[a-z]*[aeiou])/i, '$1-') : given;
  return rng.weighted([
    [`${given} ${family}`, 35],
    [`${family.toUpperCase()} ${given.toUpperCase()}`, 20],
    [`${family} ${given}`, 15],
    [`${family}, ${given}`, 8],
    [`${hyphenated} ${family}`, 12],
    [`${given.toUpperCase()} ${family.toUpperCase()}`, 10],
  ] as const);
}

/** One keying mistake: a dropped, doubled, swapped or replaced letter. */
export function typo(rng: Random, text: string): string {
  const letters = [...text];
  const positions = letters.map((ch, i) => (/[a-z]/i.test(ch) ? i : -1)).filter((i) => i > 0);
  if (positions.length < 3) return text;
  const i = rng.pick(positions);
  switch (rng.int(0, 3)) {
    case 0:
      letters.splice(i, 1);
      break;
    case 1:
      letters.splice(i, 0, letters[i]);
      break;
    case 2:
      if (i + 1 < letters.length) [letters[i], letters[i + 1]] = [letters[i + 1], letters[i]];
      break;
    default:
      letters[i] = rng.pick([...'aeiouhnrs']);
  }
  return letters.join('');
}

/** Placeholder emails that ERP clerks type when the customer gives none. */
export const PLACEHOLDER_EMAILS = ['no-email@none.com', 'none@none.com', 'test@test.com', '-', 'noemail', 'x@x.com'] as const;
