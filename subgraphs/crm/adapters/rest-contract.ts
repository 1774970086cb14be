// The legacy CRM's REST/JSON API v1, as the CRM adapter reads it: resource shapes and routes.

/** Routes of the legacy API. Every list route takes comma-separated ids and answers `{ records: [...] }`. */
export const CRM_ROUTES = {
  contacts: '/api/v1/contacts',
  cases: '/api/v1/cases',
  opportunities: '/api/v1/opportunities',
  consents: '/api/v1/consents',
  activities: '/api/v1/activities',
  users: '/api/v1/users',
} as const;

/** The API's limit on ids per call; larger batches are split. */
export const CRM_MAX_IDS_PER_CALL = 200;

export interface CrmListResponse<T> {
  records: T[];
  nextCursor?: string | null;
}

export interface CrmContact {
  contactId: string;
  fullName: string;
  email: string | null;
  mobile: string | null;
  phone: string | null;
  birthday: string | null;
  address: { line1: string; city: string; postcode: string } | null;
  membershipNo: string | null;
  ownerId: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: string;
  updatedAt: string;
}
export interface CrmCase {
  caseId: string;
  contactId: string;
  subject: string;
  status: 'OPEN' | 'PENDING' | 'CLOSED';
  priority: 'LOW' | 'MEDIUM' | 'HIGH';
  origin: 'PHONE' | 'EMAIL' | 'CHAT' | 'WEB';
  openedAt: string;
  closedAt: string | null;
  notes: { at: string; author: string; text: string }[];
}
export interface CrmOpportunity {
  opportunityId: string;
  contactId: string;
  name: string;
  stage: 'PROSPECTING' | 'PROPOSAL' | 'NEGOTIATION' | 'WON' | 'LOST';
  amount: number;
  currency: string;
  closeDate: string;
}
export interface CrmUser {
  userId: string;
  name: string;
  email: string;
  team: string;
}
export interface CrmConsent {
  contactId: string;
  purpose: 'MARKETING' | 'PARTNER_SHARING' | 'ANALYTICS' | 'SERVICE';
  channel: 'EMAIL' | 'SMS' | 'PUSH' | 'PHONE' | null;
  granted: boolean;
  updatedAt: string;
}
export interface CrmActivity {
  activityId: string;
  contactId: string;
  type: 'MEETING' | 'CAMPAIGN_RESPONSE' | 'CALL';
  subject: string;
  at: string;
}
