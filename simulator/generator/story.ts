// A person's life with the business (where they are known, what they bought, how engaged they are), before any system records it.
import { PRODUCTS } from './places.ts';
import { isoDaysBefore } from './persons.ts';
import type { Random } from './random.ts';
import type { Person, Persona } from './types.ts';

export interface StoryOrder {
  at: string;
  status: '10' | '20' | '30' | '80' | '90';
  items: { code: string; name: string; price: number; qty: number }[];
  total: number;
}

export interface Story {
  inCrm: boolean;
  inErp: boolean;
  inMembership: boolean;
  /** Registered on web/app (logged in at least once). */
  inChannel: boolean;
  /** Browsed anonymously on a device before (or without ever) logging in. */
  anonymousDevice: boolean;
  orders: StoryOrder[];
  /** 0..1: how much the person interacts (touchpoints, community). */
  engagement: number;
  memberSince: string | null;
}

const PRESENCE: Record<Persona, { crm: number; membership: number; channel: number; orders: [number, number] }> = {
  visitor: { crm: 0, membership: 0, channel: 0, orders: [0, 0] },
  prospect: { crm: 0, membership: 0, channel: 1, orders: [0, 0] },
  potential: { crm: 0.5, membership: 0.6, channel: 0.8, orders: [0, 0] },
  occasional: { crm: 0.3, membership: 0.25, channel: 0.7, orders: [1, 1] },
  regular: { crm: 0.45, membership: 0.55, channel: 0.85, orders: [2, 6] },
  fan: { crm: 0.55, membership: 1, channel: 0.95, orders: [6, 14] },
  vip: { crm: 0.8, membership: 1, channel: 0.95, orders: [12, 30] },
};

const ENGAGEMENT: Record<Persona, [number, number]> = {
  visitor: [0.05, 0.2], prospect: [0.1, 0.3], potential: [0.1, 0.4], occasional: [0.1, 0.4],
  regular: [0.2, 0.6], fan: [0.6, 0.9], vip: [0.7, 1],
};

export function tellStory(rng: Random, person: Person, anchor: number): Story {
  const p = PRESENCE[person.persona];
  const inCrm = rng.chance(p.crm);
  let inMembership = rng.chance(p.membership);
  const inChannel = rng.chance(p.channel);
  // "Potential" means identified somewhere beyond the channels.
  if (person.persona === 'potential' && !inCrm && !inMembership) inMembership = true;
  const tenureDays = (anchor - Date.parse(person.firstSeen)) / 86_400_000;
  const orderCount = rng.int(p.orders[0], p.orders[1]);
  const orders: StoryOrder[] = [];
  for (let i = 0; i < orderCount; i++) orders.push(makeOrder(rng, anchor, tenureDays));
  orders.sort((a, b) => a.at.localeCompare(b.at));
  const [lo, hi] = ENGAGEMENT[person.persona];
  return {
    inCrm,
    inErp: orderCount > 0,
    inMembership,
    inChannel,
    anonymousDevice: person.persona === 'visitor' || rng.chance(0.35),
    orders,
    engagement: lo + (hi - lo) * rng.float(),
    memberSince: inMembership ? isoDaysBefore(anchor, tenureDays * (0.4 + 0.6 * rng.float())) : null,
  };
}

function makeOrder(rng: Random, anchor: number, tenureDays: number): StoryOrder {
  const daysAgo = rng.float() * Math.max(tenureDays, 2);
  const items = Array.from({ length: rng.int(1, 4) }, () => {
    const product = rng.pick(PRODUCTS);
    return { code: product.code, name: product.name, price: product.price, qty: rng.weighted([[1, 80], [2, 15], [3, 5]] as const) };
  });
  const status = daysAgo < 2 ? '10' : daysAgo < 5 ? '20' : rng.weighted([['30', 90], ['80', 6], ['90', 4]] as const);
  return { at: isoDaysBefore(anchor, daysAgo), status, items, total: items.reduce((sum, it) => sum + it.price * it.qty, 0) };
}
