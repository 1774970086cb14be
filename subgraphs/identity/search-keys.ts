// Normalized search keys for a record or a query, so that "010-1234-5678" finds "+82 10 1234 5678".
import { normalizeEmail } from './resolution/normalize/email.ts';
import { normalizePersonName } from './resolution/normalize/person-name.ts';
import { normalizePhone } from './resolution/normalize/phone.ts';

type Raw = string | string[] | null | undefined;

function keysOf(raw: Raw, normalize: (value: string) => { key: string; generic?: boolean } | null): string[] {
  const values = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const keys = new Set<string>();
  for (const value of values) {
    const normalized = normalize(value);
    if (normalized && !normalized.generic) keys.add(normalized.key);
  }
  return [...keys];
}

export function searchKeys(fields: { email?: Raw; phone?: Raw; name?: Raw }): { email: string[]; phone: string[]; name: string[] } {
  return {
    email: keysOf(fields.email, normalizeEmail),
    phone: keysOf(fields.phone, (v) => normalizePhone(v, { defaultCountry: 'KR' })),
    name: keysOf(fields.name, normalizePersonName),
  };
}
