// Marketing consent per contact channel, reconciled across the CRM, the channel platform and the loyalty desk.
//
// Every system's statement about marketing on a channel counts: a CRM consent (purpose
// MARKETING, per channel), a channel-platform opt-in (EMAIL, SMS, PUSH) and the loyalty
// desk's general marketing consent (every channel). For each channel the most recent
// statement wins; on a tie an opt-out wins; with no statement at all the answer is no
// (marketing is opt-in). Service messages need no marketing consent.
import type { CustomerFacts } from './representation.ts';

export const CONTACT_CHANNELS = ['EMAIL', 'SMS', 'PUSH', 'PHONE'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface ConsentStatement {
  granted: boolean;
  at: string;
  source: 'crm' | 'channel' | 'membership';
}

export interface ConsentDecision {
  granted: boolean;
  /** The statement that decided, or null when there was none. */
  decidedBy: ConsentStatement | null;
}

export type ConsentMap = Record<ContactChannel, ConsentDecision>;

const isContactChannel = (c: string | null | undefined): c is ContactChannel => !!c && (CONTACT_CHANNELS as readonly string[]).includes(c);

export function consentOf(facts: Pick<CustomerFacts, 'consents' | 'channelPreferences' | 'loyaltySummary'>): ConsentMap {
  const statements: Record<ContactChannel, ConsentStatement[]> = { EMAIL: [], SMS: [], PUSH: [], PHONE: [] };
  for (const c of facts.consents ?? []) {
    if (c.purpose === 'MARKETING' && isContactChannel(c.channel)) statements[c.channel].push({ granted: c.granted, at: c.updatedAt, source: 'crm' });
  }
  for (const p of facts.channelPreferences ?? []) {
    if (isContactChannel(p.channel)) statements[p.channel].push({ granted: p.optIn, at: p.updatedAt, source: 'channel' });
  }
  const loyalty = facts.loyaltySummary;
  if (loyalty && typeof loyalty.marketingConsent === 'boolean' && loyalty.marketingConsentAt) {
    for (const channel of CONTACT_CHANNELS) statements[channel].push({ granted: loyalty.marketingConsent, at: loyalty.marketingConsentAt, source: 'membership' });
  }
  const decide = (list: ConsentStatement[]): ConsentDecision => {
    let best: ConsentStatement | null = null;
    for (const s of list) {
      if (!best || s.at > best.at || (s.at === best.at && !s.granted)) best = s;
    }
    return { granted: best?.granted ?? false, decidedBy: best };
  };
  return { EMAIL: decide(statements.EMAIL), SMS: decide(statements.SMS), PUSH: decide(statements.PUSH), PHONE: decide(statements.PHONE) };
}

export function consentFlags(map: ConsentMap) {
  return {
    email: map.EMAIL.granted,
    sms: map.SMS.granted,
    push: map.PUSH.granted,
    phone: map.PHONE.granted,
    anyMarketing: CONTACT_CHANNELS.some((c) => map[c].granted),
  };
}
