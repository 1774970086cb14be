// Consent rules per purpose and PII kind, from the CRM's statements and the loyalty desk's flags.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONSENT_PURPOSES } from '../policy-defaults.ts';
import { consents, consentState } from './consent.ts';

const marketing = DEFAULT_CONSENT_PURPOSES.marketing;
const partner = DEFAULT_CONSENT_PURPOSES.partner;
const crm = (...rows: [string, string | null, boolean][]) => rows.map(([purpose, channel, granted]) => ({ purpose, channel, granted }));

describe('consent', () => {
  it('follows the channel for contact data: email with an EMAIL grant, phone with an SMS or PHONE grant', () => {
    const state = consentState(marketing, crm(['MARKETING', 'EMAIL', true], ['MARKETING', 'SMS', false], ['MARKETING', 'PHONE', false]), [{ marketingConsent: true }]);
    expect(consents(state, marketing, 'email')).toBe(true);
    expect(consents(state, marketing, 'phone')).toBe(false);
    expect(consents(state, marketing, 'name')).toBe(true);
  });

  it('lets a purpose-wide refusal anywhere win over grants elsewhere', () => {
    const state = consentState(marketing, crm(['MARKETING', 'EMAIL', true]), [{ marketingConsent: false }]);
    expect(state.refused).toBe(true);
    expect(consents(state, marketing, 'email')).toBe(false);
    const partnerRefused = consentState(partner, crm(['PARTNER_SHARING', null, false]), [{ partnerSharingConsent: true }]);
    expect(partnerRefused.refused).toBe(true);
  });

  it('needs a grant: nothing on record is no consent, and an unreadable record is no consent', () => {
    const none = consentState(partner, crm(['MARKETING', 'EMAIL', true]), []);
    expect(none.refused).toBe(false);
    expect(consents(none, partner, 'name')).toBe(false);
    const down = consentState(partner, null, [{ partnerSharingConsent: true }]);
    expect(down.available).toBe(false);
    expect(consents(down, partner, 'name')).toBe(false);
    const granted = consentState(partner, crm(['PARTNER_SHARING', null, true]), [{ partnerSharingConsent: true }]);
    expect(consents(granted, partner, 'email')).toBe(true);
  });
});
