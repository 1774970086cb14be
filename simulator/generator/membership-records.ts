// The loyalty system's view of a person: membership, tier history, points ledger and community activity.
import { addDays, between, own, type BuildContext } from './context.ts';
import { formatDate, formatEmail, formatMobile, hangulName, romanName, typo } from './noise.ts';
import { PRODUCTS } from './places.ts';
import type { CommunityActivity, Member, Tier } from './types.ts';

const TIERS: readonly Tier[] = ['BASIC', 'SILVER', 'GOLD', 'VIP'];
const POST_TITLES = ['My weekend picks', 'Styling tips for autumn', 'Unboxing my new order', 'Question about sizing', 'Favourite store in Seoul'];
const EVENTS = ['Spring fan meetup', 'Brand pop-up store', 'Member night', 'Product launch party', 'Community run'];

export function recordInMembership(ctx: BuildContext): void {
  const { rng, person, story, data, anchor } = ctx;
  if (!story.inMembership || !story.memberSince) return;
  const memberNo = ctx.ids.next('M', 8, 10_000_001);
  ctx.keys.memberNo = memberNo;
  own(ctx, 'membership', memberNo);

  const spend = story.orders.filter((o) => o.at >= story.memberSince!).reduce((s, o) => s + o.total, 0);
  const tierIndex = spend > 3_000_000 ? 3 : spend > 1_000_000 ? 2 : spend > 300_000 ? 1 : 0;
  const tierHistory: Member['tierHistory'] = [{ at: story.memberSince, from: null, to: 'BASIC' }];
  for (let t = 1; t <= tierIndex; t++) {
    tierHistory.push({ at: between(rng, tierHistory[t - 1].at, new Date(anchor).toISOString()), from: TIERS[t - 1], to: TIERS[t] });
  }
  // Memberships renew yearly; lapsed ones stopped renewing.
  const years = Math.max(1, Math.ceil((anchor - Date.parse(story.memberSince)) / (365 * 86_400_000)));
  const lapsed = rng.chance(person.persona === 'potential' ? 0.3 : 0.08);
  const expiresAt = addDays(story.memberSince, 365 * (lapsed ? Math.max(1, years - 1) : years));

  const ledger = data.membership.ledger;
  let balance = 0;
  for (const order of story.orders) {
    if (order.at < story.memberSince || order.status === '90') continue;
    const points = Math.round(order.total / 100);
    balance += points;
    ledger.push({ _id: ctx.ids.next('PL', 10), memberNo, at: order.at, kind: 'EARN', points, balanceAfter: balance, reference: null, description: `Purchase reward (${order.items.length} items)` });
    if (balance > 3000 && rng.chance(0.3)) {
      const used = rng.int(1, Math.floor(balance / 1000)) * 1000;
      balance -= used;
      ledger.push({ _id: ctx.ids.next('PL', 10), memberNo, at: addDays(order.at, rng.int(1, 20)), kind: 'REDEEM', points: -used, balanceAfter: balance, reference: null, description: 'Points redeemed at checkout' });
    }
  }

  const member: Member = {
    _id: memberNo,
    name: rng.chance(0.9) ? hangulName(rng, person) : romanName(rng, person),
    nameEn: rng.chance(0.6) ? `${person.givenRoman} ${person.familyRoman}` : null,
    email: rng.chance(0.92) ? formatEmail(rng, person.oldEmail && rng.chance(0.3) ? person.oldEmail : person.email) : null,
    phone: rng.chance(0.9) ? formatMobile(rng, person.mobile) : null,
    birthDate: rng.chance(0.8) ? formatDate(rng, person.birthDate) : null,
    gender: rng.chance(0.7) ? person.gender : null,
    tier: TIERS[tierIndex],
    points: balance,
    joinedAt: story.memberSince,
    expiresAt,
    status: Date.parse(expiresAt) < anchor ? 'LAPSED' : 'ACTIVE',
    consents: { marketing: rng.chance(0.6), partnerSharing: rng.chance(0.3), updatedAt: story.memberSince },
    tierHistory,
    updatedAt: tierHistory[tierHistory.length - 1].at,
  };
  data.membership.members.push(member);
  recordCommunity(ctx, memberNo);

  // A member who lost their card re-joins under a new number: a duplicate inside one system.
  if (rng.chance(0.03)) {
    const again = ctx.ids.next('M', 8, 10_000_001);
    own(ctx, 'membership', again);
    data.membership.members.push({
      ...member,
      _id: again,
      name: rng.chance(0.5) ? typo(rng, romanName(rng, person)) : hangulName(rng, person),
      email: rng.chance(0.7) ? formatEmail(rng, person.email) : null,
      points: 0,
      tier: 'BASIC',
      tierHistory: [{ at: member.updatedAt, from: null, to: 'BASIC' }],
      joinedAt: member.updatedAt,
    });
  }
}

function recordCommunity(ctx: BuildContext, memberNo: string): void {
  const { rng, story, data, anchor, person } = ctx;
  const intensity = story.engagement * (person.persona === 'vip' || person.persona === 'fan' ? 10 : 2);
  const since = story.memberSince!;
  const now = new Date(anchor).toISOString();
  const add = (kind: CommunityActivity['kind'], title: string, extra: Partial<CommunityActivity> = {}) =>
    data.membership.activities.push({ _id: ctx.ids.next('CA', 10), memberNo, kind, at: between(rng, since, now), title, rating: null, productCode: null, converted: null, ...extra });
  for (let i = rng.count(intensity * 0.4, 30); i > 0; i--) add('POST', rng.pick(POST_TITLES));
  for (let i = rng.count(intensity * 0.8, 60); i > 0; i--) add('COMMENT', 'Comment on a community post');
  const bought = story.orders.flatMap((o) => o.items.map((it) => it.code));
  for (let i = Math.min(bought.length, rng.count(intensity * 0.3, 12)); i > 0; i--) {
    const code = rng.pick(bought);
    const rating = story.engagement > 0.6 ? rng.weighted([[5, 60], [4, 30], [3, 10]] as const) : rng.int(1, 5);
    add('REVIEW', `Review of ${PRODUCTS.find((p) => p.code === code)?.name ?? code}`, { rating, productCode: code });
  }
  for (let i = rng.count(intensity * 0.15, 8); i > 0; i--) add('REFERRAL', 'Referred a friend', { converted: rng.chance(0.45) });
  for (let i = rng.count(intensity * 0.1, 6); i > 0; i--) add('EVENT', rng.pick(EVENTS));
}
