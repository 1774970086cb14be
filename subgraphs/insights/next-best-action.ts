// The next best action for a console user: ordered, explainable rules; marketing actions only on a channel the customer consented to.
//
// Every rule that applies becomes a candidate, in this priority order:
//   RESOLVE_OPEN_CASE          (service)   a CRM case is not closed
//   FOLLOW_UP_OVERDUE_INVOICE  (service)   an invoice is past due
//   RENEW_MEMBERSHIP           (marketing) the membership expires within 30 days or lapsed within 90
//   WIN_BACK                   (marketing) a repeat buyer is late: ≥ 120 days and ≥ 2× their usual gap
//   INVITE_TO_REFER            (marketing) a true fan or VIF with advocacy score ≥ 40 and no referral yet
//   INVITE_TO_MEMBERSHIP       (marketing) ≥ 2 orders and not a member
//   RECOMMEND_PRODUCT          (marketing) a buyer, and a top product of their lifecycle stage they have not bought
//   WELCOME_FIRST_PURCHASE     (marketing) identified or engaged, no purchase yet
// A marketing candidate needs a marketing channel (the best-responding consented one, see
// channel-preference.ts); without one it is suppressed, with the reason. The first remaining
// candidate is the action, the rest are alternatives; with none the action is NO_ACTION.
import type { ContactChannel } from './consent.ts';
import type { ComputedFeatures } from './features.ts';
import type { ProductAffinity } from './model.ts';
import type { CustomerFacts } from './representation.ts';
import { won } from '../kit/won.ts';

export type NextAction =
  | 'RESOLVE_OPEN_CASE' | 'FOLLOW_UP_OVERDUE_INVOICE' | 'RENEW_MEMBERSHIP' | 'WIN_BACK' | 'INVITE_TO_REFER'
  | 'INVITE_TO_MEMBERSHIP' | 'RECOMMEND_PRODUCT' | 'WELCOME_FIRST_PURCHASE' | 'NO_ACTION';

export interface ActionCandidate {
  action: NextAction;
  title: string;
  reason: string;
  kind: 'SERVICE' | 'MARKETING';
  channel: ContactChannel | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const day = (iso: string) => iso.slice(0, 10);

export function nextBestAction(computed: ComputedFeatures, facts: CustomerFacts, marketingChannel: ContactChannel | null, affinity: ProductAffinity) {
  const f = computed.features;
  const candidates: Omit<ActionCandidate, 'channel'>[] = [];
  const service = facts.serviceSummary;
  if (f.service && f.service.openCases > 0) {
    const since = service?.oldestOpenCaseAt ? `, the oldest open since ${day(service.oldestOpenCaseAt)}` : '';
    const subject = service?.latestOpenCaseSubject ? ` ("${service.latestOpenCaseSubject}")` : '';
    candidates.push({ action: 'RESOLVE_OPEN_CASE', kind: 'SERVICE', title: 'Resolve the open case before offering anything', reason: `${plural(f.service.openCases, 'open case')}${subject}${since}` });
  }
  if (f.purchase.overdueInvoices > 0) {
    const since = facts.receivables?.oldestOverdueDueAt ? ` since ${day(facts.receivables.oldestOverdueDueAt)}` : '';
    candidates.push({ action: 'FOLLOW_UP_OVERDUE_INVOICE', kind: 'SERVICE', title: 'Follow up the overdue invoice', reason: `${plural(f.purchase.overdueInvoices, 'overdue invoice')}, ${won(f.purchase.overdueAmount)} overdue${since}` });
  }
  const m = f.membership;
  if (m && m.daysToExpiry !== null && m.daysToExpiry <= 30 && m.daysToExpiry >= -90) {
    const when = m.daysToExpiry >= 0 ? `expires in ${plural(m.daysToExpiry, 'day')}` : `lapsed ${plural(-m.daysToExpiry, 'day')} ago`;
    const activity = f.channel.appSessionsLast7Days > 0 ? `${plural(f.channel.appSessionsLast7Days, 'app session')} this week` : `${plural(f.channel.touchpointsLast30Days, 'touchpoint')} in 30 days`;
    const likelihood = f.renewalLikelihood !== null ? `, renewal likelihood ${f.renewalLikelihood}` : '';
    candidates.push({ action: 'RENEW_MEMBERSHIP', kind: 'MARKETING', title: 'Renew membership', reason: `${m.tier ?? 'Membership'} membership ${when}, ${activity}${likelihood}` });
  }
  const p = f.purchase;
  if (p.orderCount >= 2 && (p.daysSinceLastOrder ?? 0) >= 120 && (p.cadenceRatio ?? 0) >= 2) {
    candidates.push({ action: 'WIN_BACK', kind: 'MARKETING', title: 'Win back with a come-back offer', reason: `Last order ${p.daysSinceLastOrder} days ago; usually orders every ${Math.round(p.averageGapDays ?? 0)} days (${p.orderCount} orders)` });
  }
  const c = f.community;
  if ((f.lifecycleStage === 'TRUE_FAN' || f.lifecycleStage === 'VERY_IMPORTANT_FAN') && c && c.advocacyScore >= 40 && c.referralsMade === 0) {
    candidates.push({ action: 'INVITE_TO_REFER', kind: 'MARKETING', title: 'Invite to refer a friend', reason: `${f.lifecycleStage === 'TRUE_FAN' ? 'True fan' : 'Very important fan'} with advocacy score ${c.advocacyScore} and no referral yet` });
  }
  if (p.orderCount >= 2 && !m) {
    candidates.push({ action: 'INVITE_TO_MEMBERSHIP', kind: 'MARKETING', title: 'Invite to join the membership', reason: `${plural(p.orderCount, 'order')} (${won(p.totalSpend)}) without a membership: points would reward them` });
  }
  const owned = new Set(f.products);
  const pick = p.orderCount > 0 ? (affinity[f.lifecycleStage] ?? []).find((a) => !owned.has(a.sku)) : undefined;
  if (pick) {
    candidates.push({ action: 'RECOMMEND_PRODUCT', kind: 'MARKETING', title: `Recommend ${pick.name}`, reason: `Bought by ${Math.round(pick.share * 100)}% of customers at the same lifecycle stage (${f.lifecycleStage}); not bought by this customer yet` });
  }
  if (p.orderCount === 0 && (f.journeyStage === 'CONSIDERATION' || f.systems.some((s) => s !== 'CHANNEL'))) {
    candidates.push({ action: 'WELCOME_FIRST_PURCHASE', kind: 'MARKETING', title: 'Send a first-purchase welcome offer', reason: computed.journeyReason });
  }

  const offered: ActionCandidate[] = [];
  const suppressed: { action: NextAction; reason: string }[] = [];
  for (const candidate of candidates) {
    if (candidate.kind === 'SERVICE') offered.push({ ...candidate, channel: null });
    else if (marketingChannel) offered.push({ ...candidate, channel: marketingChannel, reason: `${candidate.reason}; via ${marketingChannel} (consented)` });
    else suppressed.push({ action: candidate.action, reason: `${candidate.title}: no marketing consent on any channel (${consentWords(computed)})` });
  }
  const [best, ...alternatives] = offered;
  const action = best ?? { action: 'NO_ACTION' as const, kind: 'SERVICE' as const, channel: null, title: 'No action needed now', reason: suppressed.length ? 'Every applicable action is a marketing one the customer has not consented to' : 'No rule applies to this customer' };
  return { ...action, alternatives, suppressed };
}

function consentWords(computed: ComputedFeatures): string {
  return (['EMAIL', 'SMS', 'PUSH', 'PHONE'] as const)
    .map((c) => {
      const d = computed.consent[c].decidedBy;
      return `${c.toLowerCase()}: ${d ? `opted out in ${d.source} on ${day(d.at)}` : 'never asked'}`;
    })
    .join(', ');
}
