import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledConfig } from './config.ts';
import { IdentityIndex } from './incremental.ts';
import { resolve } from './resolve.ts';
import type { ResolutionConfig, SourceRecord } from './types.ts';

const SYSTEMS = ['crm', 'erp', 'membership', 'channel'];
const EMAILS = ['minjun.kim@naver.com', 'seoyeon.lee@gmail.com', 'test@test.com', 'jh.park@daum.net', undefined];
const PHONES = ['010-3141-5926', '+82 10 3141 5926', '02-555-1234', '010-0000-0000', undefined];
const NAMES = ['김민준', 'Minjun Kim', '이서연', 'LEE SEO YEON', '박지훈', 'Park Jihoon', undefined];
const DATES = ['1985-03-07', '19850307', '1990-12-25', '1985-03-17', undefined];

const recordArbitrary = fc.record({
  system: fc.constantFrom(...SYSTEMS),
  id: fc.integer({ min: 1, max: 40 }).map(String),
  email: fc.constantFrom(...EMAILS),
  phone: fc.constantFrom(...PHONES),
  name: fc.constantFrom(...NAMES),
  birthDate: fc.constantFrom(...DATES),
  membershipNumber: fc.option(fc.integer({ min: 1, max: 40 }).map(String), { nil: undefined }),
  devices: fc.array(fc.constantFrom('d1', 'd2', 'd3'), { maxLength: 2 }),
});

type RawRecord = typeof recordArbitrary extends fc.Arbitrary<infer T> ? T : never;

const toRecord = (r: RawRecord): SourceRecord => ({
  system: r.system,
  id: r.id,
  fields: { email: r.email, phone: r.phone, name: r.name, birthDate: r.birthDate, membershipNumber: r.membershipNumber, deviceIds: r.devices },
});

/** The customer rules with a small random set of guards switched on. */
const configArbitrary = fc
  .record({ birth: fc.boolean(), email: fc.integer({ min: 1, max: 3 }), membership: fc.boolean(), cap: fc.integer({ min: 2, max: 30 }) })
  .map(({ birth, email, membership, cap }): ResolutionConfig => {
    const config = bundledConfig('customer');
    return {
      mapping: config.mapping,
      rules: {
        ...config.rules,
        guards: {
          ...config.rules.guards,
          frequencyCaps: { phone: cap, email: cap, deviceId: cap },
          identifierLimits: { email, ...(birth ? { birthDate: { max: 1, sameAt: 'oneEdit' } } : {}) },
          systemLimits: membership ? { membership: 1 } : {},
        },
      },
    };
  });

function assertPartition(keys: Set<string>, clusters: Array<{ members: string[] }>): void {
  const seen = new Map<string, number>();
  for (const cluster of clusters) for (const member of cluster.members) seen.set(member, (seen.get(member) ?? 0) + 1);
  expect(new Set(seen.keys())).toEqual(keys);
  expect([...seen.values()].every((count) => count === 1)).toBe(true);
}

describe('clustering (property)', () => {
  it('never loses or duplicates a record, whatever the guards', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 40 }), configArbitrary, fc.array(fc.tuple(fc.nat(39), fc.nat(39)), { maxLength: 3 }), (raw, config, pairs) => {
        const records = raw.map(toRecord);
        const keys = new Set(records.map((r) => `${r.system}:${r.id}`));
        const keyList = [...keys];
        const neverMerge = pairs.filter(([a, b]) => a < keyList.length && b < keyList.length && a !== b).map(([a, b]): [string, string] => [keyList[a], keyList[b]]);
        const result = resolve(records, config, { neverMerge });
        assertPartition(keys, result.clusters);
        expect(result.clusterOf.size).toBe(keys.size);
        // Each merged link joins two clusters: n records - merges = clusters.
        expect(keys.size - result.links.filter((link) => link.status === 'merged').length).toBe(result.clusters.length);
        for (const link of result.links) expect(keys.has(link.a) && keys.has(link.b)).toBe(true);
        for (const [a, b] of neverMerge) expect(result.clusterOf.get(a)).not.toBe(result.clusterOf.get(b));
      }),
      { numRuns: 60 },
    );
  });

  it('incremental upserts, removals and steward actions keep every record in exactly one cluster', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 25 }), fc.array(recordArbitrary, { maxLength: 15 }), fc.nat(), (base, changes, seed) => {
        const { index } = IdentityIndex.build(base.map(toRecord), bundledConfig('customer'));
        const live = new Set(base.map((r) => `${r.system}:${r.id}`));
        changes.forEach((change, i) => {
          const record = toRecord(change);
          const key = `${record.system}:${record.id}`;
          if ((seed + i) % 5 === 0 && live.size > 0) {
            const victim = [...live][(seed + i) % live.size];
            index.remove(victim);
            live.delete(victim);
          } else if ((seed + i) % 7 === 0 && live.size > 1) {
            index.unmerge([...live][(seed + i) % live.size]);
          } else {
            index.upsert(record);
            live.add(key);
          }
        });
        const clusters = new Map<string, { members: string[] }>();
        for (const key of live) {
          const cluster = index.clusterOf(key)!;
          expect(cluster.members).toContain(key);
          clusters.set(cluster.id + cluster.members.join(), cluster);
        }
        assertPartition(live, [...clusters.values()]);
        expect(index.records).toBe(live.size);
      }),
      { numRuns: 40 },
    );
  });
});
