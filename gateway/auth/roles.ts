// The consumer roles Singleview knows, with the scopes and purpose a token for each carries (used by `npm run token` and the docs).

export interface RoleGrant {
  purpose: string;
  scopes: string[];
  description: string;
}

/**
 * Scopes:
 * - `pii:read`    personal data (name, email, phone, birth date, address) in clear;
 * - `pii:masked`  the same fields, masked (j***@example.com, 010-****-5678);
 * - `cases:read`  CRM service cases (their notes also need the `service` purpose);
 * - `orders:read` ERP orders and invoices;
 * - `segments:read` insights segments;
 * - `steward`     data-steward mutations (merge, unmerge, never-merge).
 * Reading any customer at all needs an authenticated caller.
 */
export const ROLES: Record<string, RoleGrant> = {
  service: {
    purpose: 'service',
    scopes: ['pii:read', 'cases:read', 'orders:read', 'segments:read'],
    description: 'customer-service console: full profile, cases with notes, orders, membership, journey',
  },
  sales: {
    purpose: 'sales',
    scopes: ['pii:read', 'cases:read', 'orders:read', 'segments:read'],
    description: 'sales console: profile, orders, segments, journey; case notes are for service only',
  },
  marketing: {
    purpose: 'marketing',
    scopes: ['pii:read', 'segments:read'],
    description: "marketing: segments and journey; PII only where the customer consented to marketing (per channel)",
  },
  partner: {
    purpose: 'partner',
    scopes: ['pii:read'],
    description: 'partner integration: persisted operations only; PII only with partner-sharing consent; never customers who refused it',
  },
  steward: {
    purpose: 'steward',
    scopes: ['pii:read', 'orders:read', 'segments:read', 'steward'],
    description: 'data steward: profiles and source records, merge/unmerge/never-merge mutations',
  },
  analyst: {
    purpose: 'analytics',
    scopes: ['pii:masked', 'orders:read', 'segments:read'],
    description: 'internal analytics app: masked PII, orders, segments',
  },
};

export const ALL_SCOPES = ['pii:read', 'pii:masked', 'cases:read', 'orders:read', 'segments:read', 'steward'];
