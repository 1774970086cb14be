// Engagement over a segment: active members, PAR, BAR and average reviews, from the materialized feature snapshots.
//
//   active member  a purchase, a channel response or community activity in the last 90 days
//   PAR            public action ratio: purchasers ÷ members (every member is aware of the brand)
//   BAR            brand advocate ratio: advocates ÷ members, an advocate being a customer who
//                  referred someone, wrote a positive (4–5★) review or posted in the community
//   averageReviews reviews ÷ members
import type { MembershipSnapshot } from './model.ts';

export const ACTIVE_DAYS = 90;

export class EngagementCounter {
  members = 0;
  active = 0;
  purchasers = 0;
  advocates = 0;
  reviews = 0;
  asOf: string | null = null;

  add(snapshot: MembershipSnapshot): void {
    const f = snapshot.features;
    this.members++;
    const recent = (days: number | null | undefined) => days !== null && days !== undefined && days <= ACTIVE_DAYS;
    if (recent(f.purchase.daysSinceLastOrder) || recent(f.channel.daysSinceSeen) || recent(f.community?.daysSinceActive)) this.active++;
    if (f.purchase.orderCount > 0) this.purchasers++;
    if (f.community?.advocate) this.advocates++;
    this.reviews += f.community?.reviews ?? 0;
    if (this.asOf === null || snapshot.refreshedAt < this.asOf) this.asOf = snapshot.refreshedAt;
  }

  result(segmentId: string | null) {
    const ratio = (n: number) => (this.members ? Math.round((n / this.members) * 10_000) / 10_000 : 0);
    return {
      segmentId,
      members: this.members,
      activeMembers: this.active,
      par: ratio(this.purchasers),
      bar: ratio(this.advocates),
      averageReviews: this.members ? Math.round((this.reviews / this.members) * 100) / 100 : 0,
      purchasers: this.purchasers,
      advocates: this.advocates,
      asOf: this.asOf,
    };
  }
}
