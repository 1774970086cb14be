// Governance plugin: who is calling. A bearer JWT (validated with jose) or a partner API key becomes the request's principal; no credentials, an anonymous one.
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../runtime/logger.ts';
import { ApiKeyStore } from '../auth/api-keys.ts';
import { DEV_AUDIENCE, DEV_ISSUER, devJwks } from '../auth/dev-key.ts';
import { InvalidTokenError, JwtVerifier, type IssuerTrust, type VerifiedToken } from '../auth/jwt.ts';
import { anonymousPrincipal, grantKey, type Principal } from '../auth/principal.ts';
import type { ConsumerProfile, PolicyConfig } from '../policy-config.ts';
import { PolicyCode, policyError } from '../policy-error.ts';
import { NO_OBSERVER, type GovernancePlugin, type PolicyObserver } from './hooks.ts';

export async function authenticationPlugin(config: PolicyConfig, logger: Logger, observer: PolicyObserver = NO_OBSERVER): Promise<GovernancePlugin> {
  const trusts: IssuerTrust[] = [];
  if (config.jwt) {
    trusts.push({ ...config.jwt, issuers: config.jwt.issuer ?? [], audience: config.jwt.audience ?? [] });
  }
  if (config.devTokens) {
    trusts.push({
      issuers: [DEV_ISSUER],
      audience: [DEV_AUDIENCE],
      jwks: (await devJwks(config.devTokens.keyFile)) as IssuerTrust['jwks'],
      clockSkewSeconds: 30,
      purposeClaim: 'purpose',
      clientClaim: 'client_id',
    });
    logger.warn('development tokens are accepted (SINGLEVIEW_ENV=development): mint one with `npm run token -- --role service`');
  }
  const verifier = trusts.length ? new JwtVerifier(trusts, (hit) => observer.cacheLookup('verified_tokens', hit)) : null;
  const keys = new ApiKeyStore(config.partners);

  const profileFor = (token: VerifiedToken): ConsumerProfile =>
    (token.clientId && config.clients[token.clientId]) ||
    config.clients[token.subject] ||
    (token.purpose && config.consumers[token.purpose]) ||
    config.consumers.default;

  const unauthenticated = (reason: string) =>
    policyError(PolicyCode.UNAUTHENTICATED, `Authentication failed: ${reason}`, 401, {}, {
      'www-authenticate': `Bearer realm="singleview", error="invalid_token", error_description="${reason}"`,
    });

  async function fromToken(token: string): Promise<Principal> {
    if (!verifier) throw unauthenticated('no token issuer is configured');
    let verified: VerifiedToken;
    try {
      verified = await verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthenticated(error.message);
      throw error;
    }
    return {
      kind: 'token',
      id: `jwt:${verified.issuer}|${verified.subject}`,
      subject: verified.subject,
      scopes: verified.scopes,
      purpose: verified.purpose,
      profile: profileFor(verified),
      expiresAt: verified.expiresAt,
      grantKey: grantKey(true, verified.scopes, verified.purpose),
    };
  }

  function fromApiKey(key: string): Principal {
    const partner = keys.find(key);
    if (!partner) throw policyError(PolicyCode.UNAUTHENTICATED, 'Authentication failed: unknown API key', 401, {}, { 'www-authenticate': 'ApiKey realm="singleview"' });
    const scopes = new Set(partner.scopes);
    return {
      kind: 'api-key',
      id: `partner:${partner.id}`,
      subject: partner.id,
      scopes,
      purpose: partner.purpose,
      profile: partner.profile,
      expiresAt: null,
      grantKey: grantKey(true, scopes, partner.purpose),
    };
  }

  return {
    name: 'authentication',
    async onRequest({ req, governance }) {
      const authorization = header(req, 'authorization');
      const apiKey = header(req, 'x-api-key');
      if (authorization && apiKey) throw policyError(PolicyCode.UNAUTHENTICATED, 'Send either a bearer token or an API key, not both', 400);
      if (apiKey) {
        governance.principal = fromApiKey(apiKey);
      } else if (authorization) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
        governance.principal = await fromToken(match[1]);
      } else {
        governance.principal = anonymousPrincipal(config.consumers.anonymous, req.socket.remoteAddress);
      }
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() !== '' ? text.trim() : undefined;
}
