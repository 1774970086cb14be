// JWT validation against a static key set: issuer, audience, expiry with clock skew, scopes and purpose.
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { InvalidTokenError, JwtVerifier } from './jwt.ts';

describe('JwtVerifier with static keys', async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const verifier = new JwtVerifier([
    { issuers: ['https://idp.test'], audience: ['singleview'], jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] }, clockSkewSeconds: 30, purposeClaim: 'purpose', clientClaim: 'azp' },
  ]);
  const token = (claims: Record<string, unknown>, exp: number, iss = 'https://idp.test') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(iss).setAudience('singleview').setSubject('u1').setExpirationTime(exp).sign(privateKey);
  const now = Math.floor(Date.now() / 1000);

  it('reads scopes, purpose and client from a valid token', async () => {
    const verified = await verifier.verify(await token({ scope: 'pii:read orders:read', purpose: 'sales', azp: 'sales-console' }, now + 60));
    expect([...verified.scopes]).toEqual(['pii:read', 'orders:read']);
    expect(verified).toMatchObject({ issuer: 'https://idp.test', subject: 'u1', purpose: 'sales', clientId: 'sales-console' });
  });

  it('tolerates the configured clock skew, and no more', async () => {
    await expect(verifier.verify(await token({}, now - 10))).resolves.toBeDefined();
    await expect(verifier.verify(await token({}, now - 120))).rejects.toThrow(new InvalidTokenError('token expired'));
  });

  it('refuses other issuers and tampered tokens', async () => {
    await expect(verifier.verify(await token({}, now + 60, 'https://evil.test'))).rejects.toThrow('token issuer is not trusted');
    const good = await token({ scope: 'pii:read' }, now + 60);
    const [h, , s] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: 'https://idp.test', aud: 'singleview', sub: 'u1', exp: now + 60, scope: 'steward' })).toString('base64url')}.${s}`;
    await expect(verifier.verify(forged)).rejects.toThrow('token signature is not valid');
  });
});
