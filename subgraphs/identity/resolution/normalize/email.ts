// Email normalization: one matching key per mailbox, and detection of placeholder and role addresses.
import type { NormalizedValue } from './normalized-value.ts';
import { cleanText } from './text.ts';

/** Providers where dots in the local part are ignored and `+tag` is an alias of the same mailbox. */
const DOT_AND_PLUS_INSENSITIVE = new Set(['gmail.com', 'googlemail.com']);

/** Shared or role mailboxes: a person's records must not be linked through them. */
const ROLE_LOCAL_PARTS = new Set([
  'info', 'admin', 'administrator', 'support', 'sales', 'contact', 'office', 'help', 'service', 'marketing',
  'hello', 'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'webmaster', 'postmaster', 'hostmaster',
  'abuse', 'billing', 'accounts', 'account', 'team', 'mail', 'email', 'enquiries', 'inquiry', 'hr', 'jobs',
  'root', 'security', 'privacy', 'customerservice', 'cs',
]);

/** Local parts that say "there is no email". */
const PLACEHOLDER_LOCAL = /^(no-?e?mail|none|null|nil|na|n\/a|test|tests?\d*|example|sample|dummy|fake|unknown|asdf+|qwerty|x+|a+|abc|abcd|1234\d*|0+|nobody|anonymous|temp)$/;

/** Domains reserved for examples or plainly fake. */
const PLACEHOLDER_DOMAINS = new Set([
  'example.com', 'example.org', 'example.net', 'test.com', 'test.co.kr', 'none.com', 'noemail.com', 'no-email.com',
  'nomail.com', 'email.invalid', 'invalid', 'localhost', 'mailinator.com', 'fake.com', 'dummy.com', 'na.com', 'abc.com',
]);

const LOCAL_ALLOWED = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const DOMAIN_ALLOWED = /^(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?\.)+[a-z\u00a1-\uffff]{2,}$/;

export function normalizeEmail(raw: string): NormalizedValue | null {
  let text = cleanText(raw).toLowerCase();
  if (text.startsWith('mailto:')) text = text.slice(7);
  text = text.replace(/^[<("']+|[>)"'.,;]+$/g, '').replace(/\s+/g, '');
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return null;
  const local = text.slice(0, at);
  let domain = text.slice(at + 1);
  if (!LOCAL_ALLOWED.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  if (!DOMAIN_ALLOWED.test(domain)) return null;
  let keyLocal = local;
  if (DOT_AND_PLUS_INSENSITIVE.has(domain)) {
    domain = 'gmail.com';
    const plus = keyLocal.indexOf('+');
    if (plus >= 0) keyLocal = keyLocal.slice(0, plus);
    keyLocal = keyLocal.replaceAll('.', '');
    if (keyLocal === '') return null;
  }
  const display = `${local}@${text.slice(at + 1)}`;
  const key = `${keyLocal}@${domain}`;
  const generic = isGenericEmail(keyLocal, domain);
  return generic ? { key, display, generic } : { key, display };
}

function isGenericEmail(local: string, domain: string): boolean {
  if (PLACEHOLDER_DOMAINS.has(domain) || domain.endsWith('.example') || domain.endsWith('.test') || domain.endsWith('.invalid')) return true;
  const base = local.split('+')[0];
  return ROLE_LOCAL_PARTS.has(base) || PLACEHOLDER_LOCAL.test(base);
}
