// JWT validation with jose: keys from a JWKS URL or a static key set, issuer, audience, expiry with clock skew; verified tokens are cached until they expire.
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';

export interface IssuerTrust {
  issuers: string[];
  audience: string[];
  /** A JWKS URL or an inline key set. */
  jwksUrl?: string | null;
  jwks?: { keys: Record<string, unknown>[] } | null;
  clockSkewSeconds: number;
  purposeClaim: string;
  clientClaim: string;
  algorithms?: string[] | null;
}

export interface VerifiedToken {
  issuer: string;
  subject: string;
  scopes: Set<string>;
  purpose: string | null;
  clientId: string | null;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Why a token was refused, in words safe to return (never the token itself). */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

interface Trust extends IssuerTrust {
  keys: JWTVerifyGetKey;
}

export class JwtVerifier {
  private readonly trusts: Trust[];
  private readonly cache = new LRUCache<string, VerifiedToken>({ max: 10_000, ttl: 5 * 60_000 });

  private readonly onCacheLookup: (hit: boolean) => void;

  constructor(trusts: IssuerTrust[], onCacheLookup: (hit: boolean) => void = () => {}) {
    this.onCacheLookup = onCacheLookup;
    this.trusts = trusts.map((t) => ({
      ...t,
      keys: t.jwksUrl
        ? createRemoteJWKSet(new URL(t.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 })
        : createLocalJWKSet(t.jwks as Parameters<typeof createLocalJWKSet>[0]),
    }));
  }

  async verify(token: string): Promise<VerifiedToken> {
    const now = Date.now() / 1000;
    const cached = this.cache.get(token);
    this.onCacheLookup(cached !== undefined);
    if (cached) {
      const skew = this.trustFor(cached.issuer)?.clockSkewSeconds ?? 0;
      if (cached.expiresAt + skew > now) return cached;
      this.cache.delete(token);
      throw new InvalidTokenError('token expired');
    }
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new InvalidTokenError('malformed token');
    }
    const trust = typeof unverified.iss === 'string' ? this.trustFor(unverified.iss) : undefined;
    if (!trust) throw new InvalidTokenError('token issuer is not trusted');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trust.keys, {
        issuer: trust.issuers,
        audience: trust.audience,
        clockTolerance: trust.clockSkewSeconds,
        algorithms: trust.algorithms ?? undefined,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new InvalidTokenError(reasonOf(error));
    }
    const verified: VerifiedToken = {
      issuer: payload.iss!,
      subject: payload.sub!,
      scopes: scopesOf(payload.scope),
      purpose: typeof payload[trust.purposeClaim] === 'string' ? (payload[trust.purposeClaim] as string) : null,
      clientId: typeof payload[trust.clientClaim] === 'string' ? (payload[trust.clientClaim] as string) : null,
      expiresAt: payload.exp!,
    };
    this.cache.set(token, verified);
    return verified;
  }

  private trustFor(issuer: string): Trust | undefined {
    return this.trusts.find((t) => t.issuers.includes(issuer));
  }
}

function scopesOf(claim: unknown): Set<string> {
  if (typeof claim === 'string') return new Set(claim.split(' ').filter(Boolean));
  if (Array.isArray(claim)) return new Set(claim.filter((s): s is string => typeof s === 'string'));
  return new Set();
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim "${error.claim}" is not valid here`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token was not signed by a trusted key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not allowed';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return 'token could not be verified';
  return 'token could not be verified';
}
