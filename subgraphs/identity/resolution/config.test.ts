import { describe, expect, it } from 'vitest';
import { bundledConfig, ConfigError, validateResolutionConfig } from './config.ts';
import type { ResolutionConfig } from './types.ts';

const broken = (change: (config: ResolutionConfig) => void): ResolutionConfig => {
  const config = structuredClone(bundledConfig('customer'));
  change(config);
  return config;
};

describe('configuration', () => {
  it('accepts the bundled files', () => {
    expect(() => bundledConfig('customer')).not.toThrow();
    expect(() => bundledConfig('febrl')).not.toThrow();
  });

  it.each([
    ['an unknown normalizer', (c: ResolutionConfig) => ((c.mapping.attributes.email as { normalizer: string }).normalizer = 'mail'), /mapping\.attributes\.email.*unknown normalizer "mail"/],
    ['a comparison of an unknown attribute', (c: ResolutionConfig) => (c.rules.comparisons.shoeSize = { comparator: 'exact' }), /rules\.comparisons\.shoeSize.*unknown attribute/],
    ['a level without min or maxEdits', (c: ResolutionConfig) => (c.rules.comparisons.name.levels = [{ name: 'exact' }]), /levels\[0\].*exactly one of/],
    ['a rule on a missing level', (c: ResolutionConfig) => (c.rules.deterministic![0].when = { email: 'close' }), /deterministic\[0\]\.when\.email.*no level "close"/],
    ['a threshold out of range', (c: ResolutionConfig) => (c.rules.probabilistic!.threshold = 1.5), /probabilistic\.threshold/],
    ['a block cap of 1', (c: ResolutionConfig) => (c.rules.blocking.maxBlockSize = 1), /maxBlockSize/],
    ['an unknown survivorship rule', (c: ResolutionConfig) => (c.rules.survivorship!.fields.name.rules = ['loudest' as never]), /survivorship\.fields\.name\.rules.*"loudest"/],
    ['a veto on a missing level', (c: ResolutionConfig) => (c.rules.deterministic![0].unless = { email: 'close' }), /deterministic\[0\]\.unless\.email.*no level "close"/],
    ['a survivorship field on an unknown attribute', (c: ResolutionConfig) => (c.rules.survivorship!.fields.phone.attribute = ['phone', 'fax']), /survivorship\.fields\.phone\.attribute.*unknown attribute "fax"/],
    ['an identifier limit on an unknown level', (c: ResolutionConfig) => (c.rules.guards!.identifierLimits = { birthDate: { max: 1, sameAt: 'sameYear' } }), /identifierLimits\.birthDate\.sameAt/],
  ])('rejects %s with a message naming the setting', (_, change, message) => {
    expect(() => validateResolutionConfig(broken(change))).toThrow(ConfigError);
    expect(() => validateResolutionConfig(broken(change))).toThrow(message);
  });
});
