// The loyalty system's MongoDB documents, as the membership subgraph reads them (collections: members, pointsLedger, communityActivities).

export const MEMBERSHIP_COLLECTIONS = { members: 'members', ledger: 'pointsLedger', activities: 'communityActivities' } as const;

export type Tier = 'BASIC' | 'SILVER' | 'GOLD' | 'VIP';
export interface Member {
  _id: string; // membership number
  name: string;
  nameEn: string | null;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  gender: 'F' | 'M' | null;
  tier: Tier;
  points: number;
  joinedAt: string;
  expiresAt: string;
  status: 'ACTIVE' | 'LAPSED';
  consents: { marketing: boolean; partnerSharing: boolean; updatedAt: string };
  tierHistory: { at: string; from: Tier | null; to: Tier }[];
  updatedAt: string;
}
export interface PointsEntry {
  _id: string;
  memberNo: string;
  at: string;
  kind: 'EARN' | 'REDEEM' | 'EXPIRE';
  points: number;
  balanceAfter: number;
  reference: string | null;
  description: string;
}
export interface CommunityActivity {
  _id: string;
  memberNo: string;
  kind: 'POST' | 'COMMENT' | 'REVIEW' | 'REFERRAL' | 'EVENT';
  at: string;
  title: string;
  rating: number | null;
  productCode: string | null;
  converted: boolean | null;
}

/** The parent value of the Community type: all of a customer's activities, newest first. */
export type CommunityFeed = CommunityActivity[];
