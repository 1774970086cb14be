// The governance settings Singleview ships with: consumer profiles, consent purposes, PII kinds and masks. A policy file overrides any of them.

/** Router-style operation limits; every one names itself in the error when exceeded. */
export interface OperationLimits {
  maxDepth: number;
  /** Field selections in the operation, fragments expanded, aliases counted (Router's "height"). */
  maxHeight: number;
  maxRootFields: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Estimated cost, IBM GraphQL cost spec (`@cost`, `@listSize`). */
  maxCost: number;
}

export interface RateLimitSettings {
  /** Bucket size: the burst a client may send at once. */
  capacity: number;
  /** Tokens added back per second: the sustained rate. */
  refillPerSecond: number;
}

export const INTERNAL_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxHeight: 400,
  maxRootFields: 20,
  maxAliases: 50,
  maxDirectives: 50,
  maxTokens: 5_000,
  maxCost: 100_000,
};

export const PARTNER_LIMITS: OperationLimits = {
  maxDepth: 6,
  maxHeight: 60,
  maxRootFields: 3,
  maxAliases: 5,
  maxDirectives: 5,
  maxTokens: 600,
  maxCost: 1_000,
};

export interface ConsumerDefaults {
  freeText: boolean;
  limits: OperationLimits;
  rateLimit: RateLimitSettings | null;
}

/**
 * Consumer profiles by name. A JWT caller gets the profile named by its purpose (or its
 * client's entry in `clients`), a partner key the `partner` profile with its own overrides.
 */
/** Internal callers: generous, to stop a runaway client rather than to shape normal traffic. */
const INTERNAL_RATE: RateLimitSettings = { capacity: 2_000, refillPerSecond: 1_000 };

export const DEFAULT_CONSUMERS: Record<string, ConsumerDefaults> = {
  anonymous: { freeText: true, limits: { ...INTERNAL_LIMITS, maxCost: 1_000 }, rateLimit: { capacity: 60, refillPerSecond: 10 } },
  default: { freeText: true, limits: INTERNAL_LIMITS, rateLimit: INTERNAL_RATE },
  service: { freeText: true, limits: INTERNAL_LIMITS, rateLimit: INTERNAL_RATE },
  sales: { freeText: true, limits: INTERNAL_LIMITS, rateLimit: INTERNAL_RATE },
  marketing: { freeText: true, limits: INTERNAL_LIMITS, rateLimit: INTERNAL_RATE },
  steward: { freeText: true, limits: INTERNAL_LIMITS, rateLimit: INTERNAL_RATE },
  partner: { freeText: false, limits: PARTNER_LIMITS, rateLimit: { capacity: 20, refillPerSecond: 5 } },
};

/** The kinds of personal data the gateway knows how to mask and which consents cover. */
export const PII_KINDS = ['name', 'email', 'phone', 'birthDate', 'address', 'postcode', 'other'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Which kind each PII field holds; fields not listed are guessed from their name (see masking.ts). */
export const DEFAULT_PII_FIELDS: Record<string, PiiKind> = {
  'Profile.name': 'name',
  'Profile.email': 'email',
  'Profile.phone': 'phone',
  'Profile.birthDate': 'birthDate',
  'Profile.address': 'address',
  'Profile.postcode': 'postcode',
  'Contact.name': 'name',
  'Contact.email': 'email',
  'Contact.mobile': 'phone',
  'Contact.phone': 'phone',
  'Contact.birthday': 'birthDate',
  'Contact.address': 'address',
  'ErpAccount.name': 'name',
  'ErpAccount.email': 'email',
  'ErpAccount.mobile': 'phone',
  'ErpAccount.phone': 'phone',
  'ErpAccount.birthDate': 'birthDate',
  'ErpAccount.address': 'address',
  'ErpAccount.postcode': 'postcode',
};

export type MaskSpec =
  | { strategy: 'email'; keep: number }
  | { strategy: 'digits'; keepStart: number; keepEnd: number }
  | { strategy: 'keepStart'; keep: number }
  | { strategy: 'initials' }
  | { strategy: 'redact' };

export const DEFAULT_MASKS: Record<PiiKind, MaskSpec> = {
  email: { strategy: 'email', keep: 1 },
  phone: { strategy: 'digits', keepStart: 3, keepEnd: 4 },
  name: { strategy: 'initials' },
  birthDate: { strategy: 'keepStart', keep: 4 },
  address: { strategy: 'keepStart', keep: 3 },
  postcode: { strategy: 'keepStart', keep: 2 },
  other: { strategy: 'redact' },
};

/** A purpose whose callers see a customer's PII only with that customer's consent. */
export interface ConsentPurpose {
  /** The CRM's `Consent.purpose` recording it. */
  crmPurpose: string;
  /** The membership's flag recording it, if the loyalty desk records it. */
  membershipFlag: 'marketingConsent' | 'partnerSharingConsent' | null;
  /** Customers who refused it are withheld entirely, as if they did not exist. */
  hideRefused: boolean;
  /** PII kinds bound to contact channels: such a kind needs a grant on one of its channels. */
  channels: Partial<Record<PiiKind, string[]>>;
}

export const DEFAULT_CONSENT_PURPOSES: Record<string, ConsentPurpose> = {
  marketing: {
    crmPurpose: 'MARKETING',
    membershipFlag: 'marketingConsent',
    hideRefused: false,
    channels: { email: ['EMAIL'], phone: ['SMS', 'PHONE'] },
  },
  partner: { crmPurpose: 'PARTNER_SHARING', membershipFlag: 'partnerSharingConsent', hideRefused: true, channels: {} },
};

/** Named `@policy` rules. `purpose:<name>` needs no entry: it holds when the caller's purpose is <name>. */
export interface NamedPolicy {
  purposes?: string[];
  scopes?: string[];
}
