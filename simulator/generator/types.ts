// The shapes of the simulated enterprise: true persons, each legacy system's native records, and the ground truth.

export interface Address {
  postcode: string;
  city: string;
  cityEn: string;
  district: string;
  districtEn: string;
  road: string;
  building: number;
  unit: string;
  areaCode: string;
}

/** A real human being; the systems below only ever see noisy copies of them. */
export interface Person {
  id: string;
  familyHangul: string;
  givenHangul: string;
  familyRoman: string;
  givenRoman: string;
  gender: 'F' | 'M';
  birthDate: string; // YYYY-MM-DD
  email: string;
  /** An older address some systems still hold. */
  oldEmail?: string;
  mobile: string; // national format digits, 010xxxxxxxx
  householdId: string;
  homePhone?: string;
  address: Address;
  /** Who the person is to the business, which drives how much activity they generate. */
  persona: Persona;
  /** The person's first contact with the business. */
  firstSeen: string;
}

export type Persona = 'visitor' | 'prospect' | 'potential' | 'occasional' | 'regular' | 'fan' | 'vip';

// ---- CRM (REST/JSON legacy API): the wire contract the CRM subgraph's adapter reads ----
import type { CrmActivity, CrmCase, CrmConsent, CrmContact, CrmOpportunity, CrmUser } from '../../subgraphs/crm/adapters/rest-contract.ts';
export type { CrmActivity, CrmCase, CrmConsent, CrmContact, CrmOpportunity, CrmUser };
export interface CrmData {
  contacts: CrmContact[];
  cases: CrmCase[];
  opportunities: CrmOpportunity[];
  users: CrmUser[];
  consents: CrmConsent[];
  activities: CrmActivity[];
}

// ---- ERP (SQL legacy schema; column names as the ERP spells them) ----
export interface ErpCustomer {
  CUST_NO: string;
  CUST_NM: string;
  TEL_NO: string | null;
  HP_NO: string | null;
  EMAIL: string | null;
  ZIP_CD: string | null;
  ADDR1: string | null;
  ADDR2: string | null;
  BIRTH_DT: string | null; // YYYYMMDD
  CUST_GB: '01' | '02'; // 01 individual, 02 business
  REG_DT: string;
  UPD_DT: string;
}
export interface ErpOrder {
  SO_NO: string;
  CUST_NO: string;
  ORD_DT: string;
  ORD_STAT: '10' | '20' | '30' | '80' | '90'; // placed, shipped, delivered, returned, cancelled
  TOT_AMT: number;
  CURR_CD: string;
  SHIP_DT: string | null;
  RTN_DT: string | null;
}
export interface ErpOrderLine {
  SO_NO: string;
  LINE_NO: number;
  ITEM_CD: string;
  ITEM_NM: string;
  QTY: number;
  UNIT_PRC: number;
  AMT: number;
}
export interface ErpInvoice {
  INV_NO: string;
  SO_NO: string;
  CUST_NO: string;
  INV_DT: string;
  DUE_DT: string;
  INV_AMT: number;
  PAID_AMT: number;
  PAID_DT: string | null;
  INV_STAT: 'O' | 'P' | 'X'; // open, paid, written off
}
export interface ErpData {
  customers: ErpCustomer[];
  orders: ErpOrder[];
  lines: ErpOrderLine[];
  invoices: ErpInvoice[];
}

// ---- Membership / loyalty (MongoDB documents the membership subgraph reads) ----
import type { CommunityActivity, Member, PointsEntry, Tier } from '../../subgraphs/membership/model.ts';
export type { CommunityActivity, Member, PointsEntry, Tier };
export interface MembershipData {
  members: Member[];
  ledger: PointsEntry[];
  activities: CommunityActivity[];
}

// ---- Marketing channels (MongoDB documents the channel subgraph reads) ----
import type { ChannelKind, ChannelPreference, ChannelProfile, Device, Touchpoint } from '../../subgraphs/channel/model.ts';
export type { ChannelKind, ChannelPreference, ChannelProfile, Device, Touchpoint };
export interface ChannelData {
  profiles: ChannelProfile[];
  touchpoints: Touchpoint[];
  devices: Device[];
  preferences: ChannelPreference[];
}

export interface EnterpriseData {
  seed: string;
  anchor: string;
  persons: Person[];
  crm: CrmData;
  erp: ErpData;
  membership: MembershipData;
  channel: ChannelData;
  /** Ground truth: source record key (`system:id`) → person id. */
  truth: Map<string, string>;
}
