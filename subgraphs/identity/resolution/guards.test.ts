import { describe, expect, it } from 'vitest';
import { bundledConfig } from './config.ts';
import { syntheticCustomers } from './evaluation/synthetic.ts';
import { resolve } from './resolve.ts';
import type { ResolutionConfig, SourceRecord } from './types.ts';

const customer = () => bundledConfig('customer');

/** The customer config with only deterministic rules (no model), so that each test controls exactly what links. */
function deterministicOnly(when: Record<string, string>, guards: ResolutionConfig['rules']['guards']): ResolutionConfig {
  const config = customer();
  return {
    mapping: config.mapping,
    rules: { ...config.rules, deterministic: [{ name: 'rule-under-test', when }], probabilistic: undefined, guards },
  };
}

const record = (system: string, id: string, fields: SourceRecord['fields']): SourceRecord => ({ system, id, fields });

describe('merge guards', () => {
  // A mother and her son share the household landline and address: different names, birth dates and emails.
  const household = [
    record('crm', 'h1', { name: '김영희', phone: '02-555-1234', birthDate: '1962-04-11', email: 'younghee.kim@naver.com', address: '서울특별시 마포구 월드컵로 12', postcode: '03900' }),
    record('erp', 'h2', { name: 'Kim Younghee', phone: '+82 2 555 1234', birthDate: '19620411', address: '12 World Cup-ro, Mapo-gu, Seoul', postcode: '03900' }),
    record('crm', 'h3', { name: '김민준', phone: '02-555-1234', birthDate: '1991-09-30', email: 'mj.kim@gmail.com', address: '서울특별시 마포구 월드컵로 12', postcode: '03900' }),
    record('channel', 'h4', { name: 'Minjun Kim', phone: '025551234', email: 'mj.kim@gmail.com', deviceIds: ['app-77'] }),
  ];

  it('a shared household phone does not merge two different persons (full customer rules)', () => {
    const background = syntheticCustomers(3000, 11).records;
    const result = resolve([...background, ...household], customer());
    const of = (key: string) => result.clusterOf.get(key);
    expect(of('crm:h1')).toBe(of('erp:h2'));
    expect(of('crm:h3')).toBe(of('channel:h4'));
    expect(of('crm:h1')).not.toBe(of('crm:h3'));
  });

  it('even when a rule links on the phone alone, the birth-date and name limits refuse the merge, and count it', () => {
    // The household line is a fixed line, so the customer mapping reads it as `landline`, not as a personal `phone`.
    const config = deterministicOnly({ landline: 'exact' }, { identifierLimits: { birthDate: { max: 1, sameAt: 'oneEdit' }, name: { max: 1, sameAt: 'similar' } } });
    const result = resolve(household, config);
    const of = (key: string) => result.clusterOf.get(key);
    expect(of('crm:h1')).toBe(of('erp:h2'));
    expect(of('crm:h3')).toBe(of('channel:h4'));
    expect(of('crm:h1')).not.toBe(of('crm:h3'));
    const blocked = result.links.filter((link) => link.status === 'blocked');
    expect(blocked).toHaveLength(4); // every phone link between the two persons
    expect(blocked.every((link) => link.blockedBy?.startsWith('identifierLimit:'))).toBe(true);
    const counted = Object.values(result.stats.guards.mergesBlocked).reduce((sum, count) => sum + count, 0);
    expect(counted).toBe(4);
  });

  it('without the guards the same rule would chain the household together (the guard is what stops it)', () => {
    const result = resolve(household, deterministicOnly({ landline: 'exact' }, {}));
    expect(new Set(household.map((r) => result.clusterOf.get(`${r.system}:${r.id}`))).size).toBe(1);
  });

  it('a generic email does not chain strangers', () => {
    const strangers = [
      record('crm', 's1', { name: '박지훈', email: 'test@test.com', birthDate: '1980-01-01' }),
      record('crm', 's2', { name: '최유리', email: 'TEST@test.com ', birthDate: '1975-05-05' }),
      record('erp', 's3', { name: 'Lee Seoyeon', email: 'test@test.com', birthDate: '1999-12-31' }),
      record('crm', 's4', { name: '정하은', email: 'info@shop.co.kr' }),
      record('erp', 's5', { name: '강도윤', email: 'info@shop.co.kr' }),
      record('channel', 's6', { email: 'no-email', deviceIds: ['d1'] }),
      record('channel', 's7', { email: 'no-email', deviceIds: ['d2'] }),
    ];
    const result = resolve(strangers, deterministicOnly({ email: 'exact' }, { blockedValues: { email: { generic: true } } }));
    expect(result.clusters).toHaveLength(strangers.length);
    expect(result.stats.guards.blockedValues.email).toBe(5);
    // With the full customer rules as well.
    expect(resolve(strangers, customer()).clusters).toHaveLength(strangers.length);
  });

  it('a landline is a household identifier, not a personal phone: it never feeds the personal-phone rule', () => {
    const result = resolve(household, deterministicOnly({ phone: 'exact' }, {}));
    expect(result.clusters).toHaveLength(household.length);
  });

  it('a shared family tablet does not merge two registered profiles whose emails differ (rule veto)', () => {
    const records = [
      record('channel', 'mother', { email: 'younghee.kim@naver.com', deviceIds: ['PHONE-1', 'TABLET-9'] }),
      record('channel', 'son', { email: 'mj.kim@gmail.com', deviceIds: ['PHONE-2', 'TABLET-9'] }),
      // An anonymous visit on the son's phone has nothing to conflict with: the device links it.
      record('channel', 'anon-1', { deviceIds: ['PHONE-2'] }),
    ];
    const result = resolve(records, customer());
    const of = (key: string) => result.clusterOf.get(key);
    expect(of('channel:mother')).not.toBe(of('channel:son'));
    expect(of('channel:anon-1')).toBe(of('channel:son'));
    // Without the veto, the same rule chains the family together.
    const config = customer();
    const noVeto = { ...config, rules: { ...config.rules, deterministic: config.rules.deterministic!.map(({ unless: _unless, ...rule }) => rule) } };
    const chained = resolve(records, noVeto);
    expect(chained.clusterOf.get('channel:mother')).toBe(chained.clusterOf.get('channel:son'));
  });

  it('listed values and patterns are blocked like generic ones', () => {
    const records = [
      record('crm', 'a', { phone: '010-3141-5926' }),
      record('crm', 'b', { phone: '010-3141-5926' }),
      record('crm', 'c', { phone: '010-2718-2818' }),
      record('crm', 'd', { phone: '010-2718-2818' }),
    ];
    const result = resolve(records, deterministicOnly({ phone: 'exact' }, { blockedValues: { phone: { values: ['010-3141-5926'], patterns: ['^\\+8210271'] } } }));
    expect(result.clusters).toHaveLength(4);
  });

  it('a value on more records than its frequency cap is not evidence (a kiosk device)', () => {
    const kiosk = Array.from({ length: 6 }, (_, i) => record('channel', `k${i}`, { deviceIds: ['KIOSK-1', `own-${i}`] }));
    const config = deterministicOnly({ deviceId: 'exact' }, { frequencyCaps: { deviceId: 5 } });
    const result = resolve([...kiosk, record('channel', 'k0b', { deviceIds: ['own-0'] })], config);
    expect(result.stats.guards.frequencyCapValues.deviceId).toBe(1);
    expect(result.stats.guards.frequencyCapRecords.deviceId).toBe(6);
    expect(result.clusters).toHaveLength(6); // only k0 and k0b (own-0) are linked
    expect(result.clusterOf.get('channel:k0')).toBe(result.clusterOf.get('channel:k0b'));
  });

  it("a steward's never-merge keeps two records apart, and is counted", () => {
    const records = [
      record('crm', 'x', { email: 'twin@naver.com', name: '김하나' }),
      record('erp', 'y', { email: 'twin@naver.com', name: '김두나' }),
      record('channel', 'z', { email: 'twin@naver.com' }),
    ];
    const config = deterministicOnly({ email: 'exact' }, {});
    expect(resolve(records, config).clusters).toHaveLength(1);
    const result = resolve(records, config, { neverMerge: [['crm:x', 'erp:y']] });
    expect(result.clusterOf.get('crm:x')).not.toBe(result.clusterOf.get('erp:y'));
    // Both links that would join x and y (directly, and through z) are refused.
    expect(result.stats.guards.mergesBlocked.neverMerge).toBe(2);
    // Sides may be groups of records (e.g. a cluster's members).
    const grouped = resolve(records, config, { neverMerge: [[['crm:x'], ['erp:y', 'channel:z']]] });
    expect(grouped.clusterOf.get('crm:x')).not.toBe(grouped.clusterOf.get('channel:z'));
  });

  it('a system limit keeps one membership per cluster, and a steward merge passes limits but not a never-merge', () => {
    const records = [
      record('membership', 'M1', { email: 'shared@naver.com' }),
      record('membership', 'M2', { email: 'shared@naver.com' }),
      record('crm', 'c1', { email: 'other@naver.com' }),
    ];
    const config = deterministicOnly({ email: 'exact' }, { systemLimits: { membership: 1 } });
    const limited = resolve(records, config);
    expect(limited.clusterOf.get('membership:M1')).not.toBe(limited.clusterOf.get('membership:M2'));
    expect(limited.stats.guards.mergesBlocked['systemLimit:membership']).toBe(1);
    const forced = resolve(records, config, { forceMerge: [['membership:M1', 'membership:M2']] });
    expect(forced.clusterOf.get('membership:M1')).toBe(forced.clusterOf.get('membership:M2'));
    expect(forced.links.find((link) => link.kind === 'steward')?.status).toBe('merged');
    const refused = resolve(records, config, { forceMerge: [['membership:M1', 'crm:c1']], neverMerge: [['membership:M1', 'crm:c1']] });
    expect(refused.clusterOf.get('membership:M1')).not.toBe(refused.clusterOf.get('crm:c1'));
  });

  it('processes links strongest first, so the guard keeps the best evidence', () => {
    // r1-r2 share an email (strong rule); r2-r3 share only a phone (weaker rule). r3's birth date conflicts with r1.
    const records = [
      record('crm', 'r1', { email: 'jiyoon.han@naver.com', birthDate: '1980-01-01' }),
      record('erp', 'r2', { email: 'jiyoon.han@naver.com', phone: '010-3141-5926' }),
      record('crm', 'r3', { phone: '010-3141-5926', birthDate: '1990-06-06' }),
    ];
    const config = customer();
    const rules: ResolutionConfig = {
      mapping: config.mapping,
      rules: {
        ...config.rules,
        // Listed weakest first on purpose: priority is the rule order, so phone ranks above email here.
        deterministic: [
          { name: 'same-email', when: { email: 'exact' } },
          { name: 'same-phone', when: { phone: 'exact' } },
        ],
        probabilistic: undefined,
        guards: { identifierLimits: { birthDate: 1 } },
      },
    };
    const result = resolve(records, rules);
    expect(result.clusterOf.get('crm:r1')).toBe(result.clusterOf.get('erp:r2'));
    expect(result.clusterOf.get('crm:r3')).not.toBe(result.clusterOf.get('erp:r2'));
    const swapped = resolve(records, { ...rules, rules: { ...rules.rules, deterministic: [...rules.rules.deterministic!].reverse() } });
    expect(swapped.clusterOf.get('crm:r3')).toBe(swapped.clusterOf.get('erp:r2'));
    expect(swapped.clusterOf.get('crm:r1')).not.toBe(swapped.clusterOf.get('erp:r2'));
  });
});
