// The governance configuration: defaults, a policy file, and errors that name the setting at fault.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicyConfig } from './policy-config.ts';

const file = (content: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), 'sv-policy-')), 'policy.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('readPolicyConfig', () => {
  it('has working defaults: dev tokens in development only, partners persisted-only, the shipped manifest', () => {
    const dev = readPolicyConfig({}, 'development');
    expect(dev.devTokens).not.toBeNull();
    expect(dev.consumers.partner.freeText).toBe(false);
    expect(dev.consumers.service.freeText).toBe(true);
    expect(dev.persistedManifests[0]).toMatch(/gateway\/persisted\/partner-operations\.json$/);
    expect(readPolicyConfig({}, 'production').devTokens).toBeNull();
  });

  it('reads partners, per-consumer limits and masks from the policy file', () => {
    const config = readPolicyConfig(
      {
        GATEWAY_POLICY_FILE: file({
          consumers: { marketing: { limits: { maxDepth: 5 }, rateLimit: { capacity: 7, refillPerSecond: 1 } } },
          partners: [{ id: 'acme', keyHash: `sha256:${'a'.repeat(64)}`, scopes: ['pii:read'], operations: ['PartnerCustomer'] }],
          masking: { masks: { email: { strategy: 'redact' } } },
        }),
      },
      'development',
    );
    expect(config.consumers.marketing.limits.maxDepth).toBe(5);
    expect(config.consumers.marketing.limits.maxAliases).toBe(config.consumers.default.limits.maxAliases);
    expect(config.consumers.marketing.rateLimit).toEqual({ capacity: 7, refillPerSecond: 1 });
    expect(config.partners[0]).toMatchObject({ id: 'acme', keyHash: 'a'.repeat(64), purpose: 'partner' });
    expect(config.partners[0].profile.freeText).toBe(false);
    expect([...config.partners[0].profile.operations!]).toEqual(['PartnerCustomer']);
    expect(config.masks.email).toEqual({ strategy: 'redact' });
  });

  it('stops with a message naming the setting', () => {
    expect(() => readPolicyConfig({ DEV_TOKENS: 'true' }, 'production')).toThrow(/DEV_TOKENS/);
    expect(() => readPolicyConfig({ GATEWAY_POLICY_FILE: file({ partners: [{ id: 'x', keyHash: 'plain-text-key' }] }) }, 'development')).toThrow(/partners\[0\]\.keyHash/);
    expect(() => readPolicyConfig({ GATEWAY_POLICY_FILE: file({ consumers: { sales: { limits: { maxDepht: 3 } } } }) }, 'development')).toThrow(/consumers\.sales\.limits\.maxDepht/);
    expect(() => readPolicyConfig({ GATEWAY_POLICY_FILE: file('{ not json') }, 'development')).toThrow(/GATEWAY_POLICY_FILE/);
    expect(() => readPolicyConfig({ JWT_JWKS_URL: 'https://idp.example/jwks' }, 'production')).toThrow(/JWT_ISSUER/);
    expect(() => readPolicyConfig({ REDIS_URL: 'http://127.0.0.1:6379' }, 'development')).toThrow(/REDIS_URL/);
  });
});
