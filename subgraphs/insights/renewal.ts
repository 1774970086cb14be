// Renewal likelihood of the membership: an explainable points-based score (not a trained model), with every factor listed.
//
// score = clamp(0.5 + Σ effects, 0.02, 0.98); HIGH ≥ 0.7, MEDIUM ≥ 0.4, else LOW. Effects:
//   membership already lapsed                     −0.30
//   tenure                                        +0.05 per full year, at most +0.15
//   tier SILVER / GOLD / VIP                      +0.05 / +0.10 / +0.15
//   last order ≤ 90 days / ≤ 180 / > 365 / none   +0.15 / +0.05 / −0.15 / −0.10
//   channel: ≥ 3 touchpoints in 30 days / none in 90 days   +0.10 / −0.10
//   community active in the last 90 days          +0.05
//   advocacy score ≥ 50                           +0.05
//   unused points balance > 0                     +0.05
//   open service case(s)                          −0.10
//   overdue invoice(s)                            −0.05

export interface RenewalInputs {
  membership: { tier: string | null; active: boolean; tenureYears: number; daysToExpiry: number | null; points: number } | null;
  purchase: { orderCount: number; daysSinceLastOrder: number | null; overdueInvoices: number };
  channel: { touchpointsLast30Days: number; touchpointsLast90Days: number };
  community: { daysSinceActive: number | null; advocacyScore: number } | null;
  service: { openCases: number } | null;
}

export interface ScoreFactor {
  name: string;
  value: string;
  effect: number;
}

const TIER_EFFECT: Record<string, number> = { BASIC: 0, SILVER: 0.05, GOLD: 0.1, VIP: 0.15 };

export function renewalOf(input: RenewalInputs): { score: number; level: 'HIGH' | 'MEDIUM' | 'LOW'; daysToExpiry: number | null; factors: ScoreFactor[] } | null {
  const m = input.membership;
  if (!m) return null;
  const factors: ScoreFactor[] = [];
  const add = (name: string, value: string, effect: number) => effect !== 0 && factors.push({ name, value, effect: Math.round(effect * 100) / 100 });
  if (!m.active) add('Membership status', `lapsed ${Math.abs(m.daysToExpiry ?? 0)} days ago`, -0.3);
  add('Tenure', `${Math.floor(m.tenureYears)} full years`, Math.min(0.15, 0.05 * Math.floor(m.tenureYears)));
  add('Tier', m.tier ?? 'none', TIER_EFFECT[m.tier ?? ''] ?? 0);
  const days = input.purchase.daysSinceLastOrder;
  if (input.purchase.orderCount === 0 || days === null) add('Purchases', 'no orders', -0.1);
  else if (days <= 90) add('Last order', `${days} days ago`, 0.15);
  else if (days <= 180) add('Last order', `${days} days ago`, 0.05);
  else if (days > 365) add('Last order', `${days} days ago`, -0.15);
  if (input.channel.touchpointsLast30Days >= 3) add('Channel activity', `${input.channel.touchpointsLast30Days} touchpoints in 30 days`, 0.1);
  else if (input.channel.touchpointsLast90Days === 0) add('Channel activity', 'none in 90 days', -0.1);
  const c = input.community;
  if (c && c.daysSinceActive !== null && c.daysSinceActive <= 90) add('Community', `active ${c.daysSinceActive} days ago`, 0.05);
  if (c && c.advocacyScore >= 50) add('Advocacy', `score ${c.advocacyScore}`, 0.05);
  if (m.points > 0) add('Points balance', `${m.points.toLocaleString('en-US')} unused points`, 0.05);
  if (input.service && input.service.openCases > 0) add('Service', `${input.service.openCases} open case(s)`, -0.1);
  if (input.purchase.overdueInvoices > 0) add('Billing', `${input.purchase.overdueInvoices} overdue invoice(s)`, -0.05);
  const raw = 0.5 + factors.reduce((sum, f) => sum + f.effect, 0);
  const score = Math.round(Math.min(0.98, Math.max(0.02, raw)) * 100) / 100;
  return { score, level: score >= 0.7 ? 'HIGH' : score >= 0.4 ? 'MEDIUM' : 'LOW', daysToExpiry: m.daysToExpiry, factors };
}
