// The governance configuration: environment variables plus an optional JSON policy file, validated at start-up with errors naming the setting.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, readBool, readInt, readString, readUrl } from '../runtime/config.ts';
import { readJwt } from './auth/jwt-config.ts';
import {
  DEFAULT_CONSENT_PURPOSES,
  DEFAULT_CONSUMERS,
  DEFAULT_MASKS,
  DEFAULT_PII_FIELDS,
  PII_KINDS,
  type ConsentPurpose,
  type MaskSpec,
  type NamedPolicy,
  type OperationLimits,
  type PiiKind,
  type RateLimitSettings,
} from './policy-defaults.ts';

export type { OperationLimits, RateLimitSettings };

export interface ConsumerProfile {
  name: string;
  /** May send operation text (and register APQ); false means persisted operations only. */
  freeText: boolean;
  /** Persisted operation ids (or names) this consumer may run; null means any in the manifests. */
  operations: ReadonlySet<string> | null;
  limits: OperationLimits;
  rateLimit: RateLimitSettings | null;
}

export interface PartnerKey {
  id: string;
  /** Hex SHA-256 of the key: keys are random 256-bit secrets, so a fast hash is the right one. */
  keyHash: string;
  scopes: string[];
  purpose: string;
  profile: ConsumerProfile;
}

export interface JwtSettings {
  jwksUrl: string | null;
  jwks: { keys: Record<string, unknown>[] } | null;
  issuer: string[] | null;
  audience: string[] | null;
  clockSkewSeconds: number;
  purposeClaim: string;
  /** Claim naming the client application, for per-client profiles (`clients`). */
  clientClaim: string;
  algorithms: string[] | null;
}

export interface PolicyConfig {
  environment: 'development' | 'production';
  /** Null when no JWT issuer is configured (only dev tokens and partner keys then). */
  jwt: JwtSettings | null;
  /** Accept tokens minted by `npm run token` (development only). */
  devTokens: { keyFile: string } | null;
  consumers: Record<string, ConsumerProfile>;
  /** Per-client profiles for JWT callers, by client id (or subject). */
  clients: Record<string, ConsumerProfile>;
  partners: PartnerKey[];
  policies: Record<string, NamedPolicy>;
  persistedManifests: string[];
  consentPurposes: Record<string, ConsentPurpose>;
  piiFields: Record<string, PiiKind>;
  masks: Record<PiiKind, MaskSpec>;
  redisUrl: string | null;
  rateLimitPrefix: string;
  audit: { enabled: boolean; file: string; mongodbUri: string | null; collection: string };
  cors: { origins: string[]; credentials: boolean; maxAgeSeconds: number };
}

export type Env = Record<string, string | undefined>;
export type Json = Record<string, unknown>;

const REPO = new URL('../', import.meta.url).pathname;
export const DEFAULT_MANIFEST = resolve(REPO, 'gateway/persisted/partner-operations.json');
export const DEFAULT_AUDIT_FILE = resolve(REPO, '.singleview/audit/pii-reads.jsonl');
export const DEFAULT_DEV_KEY_FILE = resolve(REPO, '.singleview/dev-signing-key.json');

/** A small validating reader over the policy file, whose errors name the offending setting. */
export class FileReader {
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }
  fail(path: string, problem: string): never {
    throw new ConfigError(`${this.source} ${path}`, problem);
  }
  object(value: unknown, path: string): Json {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'expected an object');
    return value as Json;
  }
  int(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) this.fail(path, `expected a number ${min}..${max}`);
    return value as number;
  }
  bool(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(path, 'expected true or false');
    return value as boolean;
  }
  string(value: unknown, path: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'expected a non-empty string');
    return value as string;
  }
  strings(value: unknown, path: string): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) this.fail(path, 'expected a list of strings');
    return value as string[];
  }
}

function limitsFrom(r: FileReader, raw: unknown, path: string, base: OperationLimits): OperationLimits {
  const o = r.object(raw, path);
  const out = { ...base };
  for (const key of Object.keys(o)) {
    if (!(key in base)) r.fail(`${path}.${key}`, `unknown limit; expected one of ${Object.keys(base).join(', ')}`);
    out[key as keyof OperationLimits] = r.int(o[key], `${path}.${key}`, 0)!;
  }
  return out;
}

function rateFrom(r: FileReader, raw: unknown, path: string, base: RateLimitSettings | null): RateLimitSettings | null {
  if (raw === null) return null;
  if (raw === undefined) return base;
  const o = r.object(raw, path);
  return {
    capacity: r.int(o.capacity, `${path}.capacity`, 1) ?? base?.capacity ?? 100,
    refillPerSecond: r.int(o.refillPerSecond, `${path}.refillPerSecond`, 0) ?? base?.refillPerSecond ?? 10,
  };
}

function profileFrom(r: FileReader, name: string, raw: unknown, path: string, base: ConsumerProfile): ConsumerProfile {
  const o = r.object(raw, path);
  const operations = r.strings(o.operations, `${path}.operations`);
  return {
    name,
    freeText: r.bool(o.freeText, `${path}.freeText`) ?? base.freeText,
    operations: operations ? new Set(operations) : base.operations,
    limits: limitsFrom(r, o.limits, `${path}.limits`, base.limits),
    rateLimit: rateFrom(r, o.rateLimit, `${path}.rateLimit`, base.rateLimit),
  };
}

export function envList(env: Env, name: string): string[] | null {
  const raw = readString(env, name);
  return raw === undefined ? null : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function readJsonFile(path: string, setting: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(setting, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(setting, `${path} is not valid JSON`);
  }
}

export function readPolicyConfig(env: Env, environment: 'development' | 'production'): PolicyConfig {
  const file = readString(env, 'GATEWAY_POLICY_FILE');
  const r = new FileReader(file ? `GATEWAY_POLICY_FILE (${file})` : 'policy defaults');
  const root = file ? r.object(readJsonFile(file, 'GATEWAY_POLICY_FILE'), '(root)') : {};
  const fromRepo = (p: string) => (isAbsolute(p) ? p : resolve(file ? resolve(file, '..') : REPO, p));

  // Consumer profiles: built-in defaults, overridden per name by the file.
  const consumers: Record<string, ConsumerProfile> = {};
  for (const [name, d] of Object.entries(DEFAULT_CONSUMERS)) {
    consumers[name] = { name, freeText: d.freeText, operations: null, limits: d.limits, rateLimit: d.rateLimit };
  }
  const fileConsumers = r.object(root.consumers, 'consumers');
  for (const [name, raw] of Object.entries(fileConsumers)) {
    consumers[name] = profileFrom(r, name, raw, `consumers.${name}`, consumers[name] ?? consumers.default);
  }
  const clients: Record<string, ConsumerProfile> = {};
  for (const [id, raw] of Object.entries(r.object(root.clients, 'clients'))) {
    const o = r.object(raw, `clients.${id}`);
    const base = r.string(o.consumer, `clients.${id}.consumer`) ?? 'default';
    if (!consumers[base]) r.fail(`clients.${id}.consumer`, `unknown consumer "${base}"`);
    clients[id] = profileFrom(r, `${base}:${id}`, o, `clients.${id}`, consumers[base]);
  }

  const partnersRaw = root.partners ?? [];
  if (!Array.isArray(partnersRaw)) r.fail('partners', 'expected a list');
  const partners: PartnerKey[] = (partnersRaw as unknown[]).map((raw, i) => {
    const path = `partners[${i}]`;
    const o = r.object(raw, path);
    const id = r.string(o.id, `${path}.id`) ?? r.fail(`${path}.id`, 'required');
    const keyHash = (r.string(o.keyHash, `${path}.keyHash`) ?? r.fail(`${path}.keyHash`, 'required')).replace(/^sha256:/, '');
    if (!/^[0-9a-f]{64}$/.test(keyHash)) r.fail(`${path}.keyHash`, 'expected "sha256:" and 64 lower-case hex digits (see `npm run token -- --new-partner-key`)');
    const profile = profileFrom(r, `partner:${id}`, o, path, consumers.partner);
    return {
      id,
      keyHash,
      scopes: r.strings(o.scopes, `${path}.scopes`) ?? [],
      purpose: r.string(o.purpose, `${path}.purpose`) ?? 'partner',
      profile,
    };
  });
  const seen = new Set<string>();
  for (const p of partners) {
    if (seen.has(p.keyHash)) r.fail('partners', `two partners share one key hash (${p.id})`);
    seen.add(p.keyHash);
  }

  const policies: Record<string, NamedPolicy> = {};
  for (const [name, raw] of Object.entries(r.object(root.policies, 'policies'))) {
    const o = r.object(raw, `policies.${name}`);
    policies[name] = { purposes: r.strings(o.purposes, `policies.${name}.purposes`), scopes: r.strings(o.scopes, `policies.${name}.scopes`) };
  }

  const consentPurposes: Record<string, ConsentPurpose> = { ...DEFAULT_CONSENT_PURPOSES };
  for (const [name, raw] of Object.entries(r.object(root.consentPurposes, 'consentPurposes'))) {
    if (raw === null) {
      delete consentPurposes[name];
      continue;
    }
    const path = `consentPurposes.${name}`;
    const o = r.object(raw, path);
    const flag = o.membershipFlag;
    if (flag !== undefined && flag !== null && flag !== 'marketingConsent' && flag !== 'partnerSharingConsent') {
      r.fail(`${path}.membershipFlag`, 'expected marketingConsent, partnerSharingConsent or null');
    }
    const channels = r.object(o.channels, `${path}.channels`);
    for (const kind of Object.keys(channels)) {
      if (!(PII_KINDS as readonly string[]).includes(kind)) r.fail(`${path}.channels.${kind}`, `unknown PII kind; expected one of ${PII_KINDS.join(', ')}`);
      r.strings(channels[kind], `${path}.channels.${kind}`);
    }
    consentPurposes[name] = {
      crmPurpose: r.string(o.crmPurpose, `${path}.crmPurpose`) ?? r.fail(`${path}.crmPurpose`, 'required'),
      membershipFlag: (flag as ConsentPurpose['membershipFlag']) ?? null,
      hideRefused: r.bool(o.hideRefused, `${path}.hideRefused`) ?? false,
      channels: channels as ConsentPurpose['channels'],
    };
  }

  const masking = r.object(root.masking, 'masking');
  const piiFields: Record<string, PiiKind> = { ...DEFAULT_PII_FIELDS };
  for (const [coordinate, kind] of Object.entries(r.object(masking.fields, 'masking.fields'))) {
    if (typeof kind !== 'string' || !(PII_KINDS as readonly string[]).includes(kind)) r.fail(`masking.fields.${coordinate}`, `expected one of ${PII_KINDS.join(', ')}`);
    piiFields[coordinate] = kind as PiiKind;
  }
  const masks: Record<PiiKind, MaskSpec> = { ...DEFAULT_MASKS };
  for (const [kind, raw] of Object.entries(r.object(masking.masks, 'masking.masks'))) {
    const path = `masking.masks.${kind}`;
    if (!(PII_KINDS as readonly string[]).includes(kind)) r.fail(path, `unknown PII kind; expected one of ${PII_KINDS.join(', ')}`);
    masks[kind as PiiKind] = maskFrom(r, raw, path);
  }

  const persisted = r.object(root.persistedOperations, 'persistedOperations');
  const manifests = envList(env, 'PERSISTED_OPERATIONS_MANIFESTS') ?? r.strings(persisted.manifests, 'persistedOperations.manifests') ?? [DEFAULT_MANIFEST];

  const fileAudit = r.object(root.audit, 'audit');
  const fileCors = r.object(root.cors, 'cors');
  const devTokens = readBool(env, 'DEV_TOKENS', environment === 'development');
  if (devTokens && environment === 'production') throw new ConfigError('DEV_TOKENS', 'development tokens cannot be accepted when SINGLEVIEW_ENV=production');

  return {
    environment,
    jwt: readJwt(env, r, r.object(root.jwt, 'jwt')),
    devTokens: devTokens ? { keyFile: readString(env, 'DEV_KEY_FILE', DEFAULT_DEV_KEY_FILE) } : null,
    consumers,
    clients,
    partners,
    policies,
    persistedManifests: manifests.map(fromRepo),
    consentPurposes,
    piiFields,
    masks,
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']) ?? null,
    rateLimitPrefix: readString(env, 'RATE_LIMIT_PREFIX', 'singleview:rate:'),
    audit: {
      enabled: readBool(env, 'AUDIT_ENABLED', r.bool(fileAudit.enabled, 'audit.enabled') ?? true),
      file: fromRepo(readString(env, 'AUDIT_FILE') ?? r.string(fileAudit.file, 'audit.file') ?? DEFAULT_AUDIT_FILE),
      mongodbUri: readUrl(env, 'AUDIT_MONGODB_URI', ['mongodb:', 'mongodb+srv:']) ?? r.string(fileAudit.mongodbUri, 'audit.mongodbUri') ?? null,
      collection: readString(env, 'AUDIT_COLLECTION') ?? r.string(fileAudit.collection, 'audit.collection') ?? 'pii_reads',
    },
    cors: {
      origins: envList(env, 'CORS_ORIGINS') ?? r.strings(fileCors.origins, 'cors.origins') ?? [],
      credentials: readBool(env, 'CORS_CREDENTIALS', r.bool(fileCors.credentials, 'cors.credentials') ?? false),
      maxAgeSeconds: readInt(env, 'CORS_MAX_AGE_SECONDS', r.int(fileCors.maxAgeSeconds, 'cors.maxAgeSeconds', 0, 86_400) ?? 600, 0, 86_400),
    },
  };
}

function maskFrom(r: FileReader, raw: unknown, path: string): MaskSpec {
  const o = r.object(raw, path);
  switch (o.strategy) {
    case 'email':
      return { strategy: 'email', keep: r.int(o.keep, `${path}.keep`, 0, 64) ?? 1 };
    case 'digits':
      return { strategy: 'digits', keepStart: r.int(o.keepStart, `${path}.keepStart`, 0, 32) ?? 3, keepEnd: r.int(o.keepEnd, `${path}.keepEnd`, 0, 32) ?? 4 };
    case 'keepStart':
      return { strategy: 'keepStart', keep: r.int(o.keep, `${path}.keep`, 0, 256) ?? 1 };
    case 'initials':
      return { strategy: 'initials' };
    case 'redact':
      return { strategy: 'redact' };
    default:
      return r.fail(`${path}.strategy`, 'expected email, digits, keepStart, initials or redact');
  }
}
