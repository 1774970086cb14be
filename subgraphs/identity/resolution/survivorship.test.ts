import { describe, expect, it } from 'vitest';
import { bundledConfig } from './config.ts';
import { resolve } from './resolve.ts';
import type { ResolutionConfig, SourceRecord, SurvivorshipConfig } from './types.ts';

const base = bundledConfig('customer');
/** Everything links on the membership number, so that the test is only about survivorship. */
function withSurvivorship(survivorship: SurvivorshipConfig): ResolutionConfig {
  return {
    mapping: base.mapping,
    rules: { ...base.rules, deterministic: [{ name: 'same-membership-number', when: { membershipNumber: 'exact' } }], probabilistic: undefined, guards: {}, survivorship },
  };
}
const record = (system: string, id: string, updatedAt: string | undefined, fields: SourceRecord['fields']): SourceRecord => ({ system, id, updatedAt, fields: { membershipNumber: 'M1', ...fields } });

const records = [
  record('channel', '1', '2025-01-01T00:00:00Z', { email: 'newest@naver.com', phone: '010-3141-5926', name: 'Minjun Kim' }),
  record('crm', '2', '2020-01-01T00:00:00Z', { email: 'oldest@naver.com', phone: '01031415926', name: '김민준' }),
  record('erp', '3', '2023-01-01T00:00:00Z', { email: 'middle@naver.com', phone: '010-2718-2818', name: 'KIM MIN JUN' }),
  record('erp', '4', undefined, { email: 'test@test.com', phone: '010-2718-2818' }),
];

describe('survivorship', () => {
  const profile = (survivorship: SurvivorshipConfig) => resolve(records, withSurvivorship(survivorship)).clusters[0].profile;

  it('sourcePriority takes the first system in the list that has a value', () => {
    expect(profile({ sourcePriority: ['erp', 'crm'], fields: { name: { attribute: 'name', rules: ['sourcePriority'] } } }).name).toMatchObject({ value: 'KIM MIN JUN', system: 'erp', recordKey: 'erp:3' });
    expect(profile({ sourcePriority: ['erp'], fields: { name: { attribute: 'name', rules: ['sourcePriority'], sourcePriority: ['crm'] } } }).name?.value).toBe('김민준');
  });

  it('mostRecent takes the latest updatedAt, records without one last', () => {
    expect(profile({ fields: { email: { attribute: 'email', rules: ['mostRecent'] } } }).email).toEqual({
      value: 'newest@naver.com', system: 'channel', recordKey: 'channel:1', updatedAt: '2025-01-01T00:00:00Z',
    });
  });

  it('mostFrequent counts normalized values, then the chain breaks ties', () => {
    // +821031415926 twice, +821027182818 twice: tie, broken by most recent.
    expect(profile({ fields: { phone: { attribute: 'phone', rules: ['mostFrequent', 'mostRecent'], value: 'normalized' } } }).phone).toMatchObject({ value: '+821031415926', recordKey: 'channel:1' });
  });

  it('nonEmpty with no other rule falls back to the smallest record key', () => {
    expect(profile({ fields: { email: { attribute: 'email', rules: ['nonEmpty'] } } }).email?.recordKey).toBe('channel:1');
  });

  it('never prefers a placeholder value, and yields null when no record has a value', () => {
    const result = profile({ fields: { email: { attribute: 'email', rules: ['mostRecent'] }, address: { attribute: 'address', rules: ['mostRecent'] } } });
    expect(result.email?.value).not.toBe('test@test.com');
    expect(result.address).toBeNull();
  });

  it('a list of attributes takes the first one the cluster has a value for (a mobile, else the household line)', () => {
    const field = { attribute: ['phone', 'landline'], rules: ['mostRecent' as const], value: 'normalized' as const };
    expect(profile({ fields: { phone: field } }).phone?.value).toBe('+821031415926');
    const onlyLandlines = [record('crm', 'a', '2024-01-01T00:00:00Z', { phone: '02-555-1234' }), record('erp', 'b', '2025-01-01T00:00:00Z', { phone: ['031-975-1951'] })];
    expect(resolve(onlyLandlines, withSurvivorship({ fields: { phone: field } })).clusters[0].profile.phone).toMatchObject({ value: '+82319751951', recordKey: 'erp:b' });
  });
});
