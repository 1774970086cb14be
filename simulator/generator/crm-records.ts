// The CRM's view of a person: contacts (sometimes duplicated), cases with notes, opportunities, consents and activities.
import { between, own, type BuildContext } from './context.ts';
import { formatDate, formatEmail, formatLandline, formatMobile, hangulName, romanName, typo } from './noise.ts';
import type { CrmConsent, CrmContact } from './types.ts';

export const CRM_USER_COUNT = 24;
const TEAMS = ['Seoul Retail', 'Gyeonggi Retail', 'Key Accounts', 'Online Sales'];
const CASE_SUBJECTS = ['Delivery delayed', 'Refund request', 'Wrong size received', 'Membership points missing', 'Damaged item', 'Change shipping address', 'Invoice question', 'App login problem'];
const NOTES = ['Customer called; explained the delivery schedule.', 'Asked for a photo of the damaged item.', 'Escalated to logistics team.', 'Refund approved, 3-5 business days.', 'Customer satisfied with the resolution.', 'Left a voicemail; waiting for a call back.'];
const OPPORTUNITIES = ['Corporate gift order', 'Annual wellness package', 'Premium membership upgrade', 'Store event sponsorship'];

export function crmUsers() {
  return Array.from({ length: CRM_USER_COUNT }, (_, i) => ({
    userId: `U${String(i + 1).padStart(4, '0')}`,
    name: `Sales Rep ${i + 1}`,
    email: `rep${i + 1}@singleview-demo.example`,
    team: TEAMS[i % TEAMS.length],
  }));
}

export function recordInCrm(ctx: BuildContext): void {
  const { rng, person, story, data, anchor } = ctx;
  if (!story.inCrm) return;
  const now = new Date(anchor).toISOString();
  const ownerId = `U${String(rng.int(1, CRM_USER_COUNT)).padStart(4, '0')}`;
  const contact = (): CrmContact => {
    const contactId = ctx.ids.next('C', 7);
    own(ctx, 'crm', contactId);
    ctx.keys.contactIds.push(contactId);
    const createdAt = between(rng, person.firstSeen, now);
    return {
      contactId,
      fullName: rng.chance(0.7) ? hangulName(rng, person) : romanName(rng, person),
      email: rng.chance(0.9) ? formatEmail(rng, person.oldEmail && rng.chance(0.3) ? person.oldEmail : person.email) : null,
      // A shared household line sometimes sits in the mobile field.
      mobile: person.homePhone && rng.chance(0.05) ? formatLandline(rng, person.homePhone) : rng.chance(0.88) ? formatMobile(rng, person.mobile) : null,
      phone: person.homePhone && rng.chance(0.4) ? formatLandline(rng, person.homePhone) : null,
      birthday: rng.chance(0.6) ? formatDate(rng, person.birthDate) : null,
      address: rng.chance(0.7) ? { line1: `${person.address.road} ${person.address.building} ${person.address.unit}`.trim(), city: `${person.address.city} ${person.address.district}`, postcode: person.address.postcode } : null,
      membershipNo: ctx.keys.memberNo && rng.chance(0.4) ? ctx.keys.memberNo : null,
      ownerId,
      status: 'ACTIVE',
      createdAt,
      updatedAt: between(rng, createdAt, now),
    };
  };
  const primary = contact();
  data.crm.contacts.push(primary);
  // Another agent creates the same customer again: a duplicate with different spelling or details.
  if (rng.chance(0.05)) {
    const dup = contact();
    dup.fullName = rng.chance(0.6) ? typo(rng, romanName(rng, person)) : dup.fullName;
    dup.email = rng.chance(0.5) ? dup.email : null;
    data.crm.contacts.push(dup);
  }

  for (let i = rng.count(1 + story.engagement * 1.5, 10); i > 0; i--) {
    const openedAt = between(rng, primary.createdAt, now);
    const status = Date.parse(openedAt) > anchor - 7 * 86_400_000 ? rng.pick(['OPEN', 'PENDING'] as const) : rng.weighted([['CLOSED', 90], ['OPEN', 5], ['PENDING', 5]] as const);
    const notes = Array.from({ length: rng.int(1, 3) }, () => ({ at: between(rng, openedAt, now), author: `U${String(rng.int(1, CRM_USER_COUNT)).padStart(4, '0')}`, text: rng.pick(NOTES) }));
    notes.sort((a, b) => a.at.localeCompare(b.at));
    data.crm.cases.push({
      caseId: ctx.ids.next('CS', 8),
      contactId: primary.contactId,
      subject: rng.pick(CASE_SUBJECTS),
      status,
      priority: rng.weighted([['LOW', 40], ['MEDIUM', 45], ['HIGH', 15]] as const),
      origin: rng.pick(['PHONE', 'EMAIL', 'CHAT', 'WEB'] as const),
      openedAt,
      closedAt: status === 'CLOSED' ? between(rng, openedAt, now) : null,
      notes,
    });
  }
  if (rng.chance(person.persona === 'vip' ? 0.5 : 0.1)) {
    data.crm.opportunities.push({
      opportunityId: ctx.ids.next('OP', 7),
      contactId: primary.contactId,
      name: rng.pick(OPPORTUNITIES),
      stage: rng.pick(['PROSPECTING', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST'] as const),
      amount: rng.int(5, 200) * 100_000,
      currency: 'KRW',
      closeDate: between(rng, primary.createdAt, new Date(anchor + 90 * 86_400_000).toISOString()).slice(0, 10),
    });
  }
  const consent = (purpose: CrmConsent['purpose'], channel: CrmConsent['channel'], p: number): CrmConsent => ({
    contactId: primary.contactId, purpose, channel, granted: rng.chance(p), updatedAt: primary.updatedAt,
  });
  data.crm.consents.push(
    consent('SERVICE', null, 1),
    consent('ANALYTICS', null, 0.8),
    consent('PARTNER_SHARING', null, 0.3),
    consent('MARKETING', 'EMAIL', 0.6),
    consent('MARKETING', 'SMS', 0.45),
    consent('MARKETING', 'PUSH', 0.5),
    consent('MARKETING', 'PHONE', 0.2),
  );
  for (let i = rng.count(story.engagement * 3, 12); i > 0; i--) {
    const type = rng.weighted([['CAMPAIGN_RESPONSE', 60], ['MEETING', 15], ['CALL', 25]] as const);
    data.crm.activities.push({
      activityId: ctx.ids.next('AC', 8),
      contactId: primary.contactId,
      type,
      subject: type === 'CAMPAIGN_RESPONSE' ? rng.pick(['Spring sale', 'Member week', 'New arrivals', 'Year-end gifts']) : type === 'MEETING' ? 'Store consultation' : 'Follow-up call',
      at: between(rng, primary.createdAt, now),
    });
  }
}
