import { describe, expect, it } from 'vitest';
import { bundledConfig } from './config.ts';
import { syntheticCustomers } from './evaluation/synthetic.ts';
import { IdentityIndex } from './incremental.ts';
import { resolve } from './resolve.ts';
import type { SourceRecord } from './types.ts';

const config = bundledConfig('customer');
const record = (system: string, id: string, fields: SourceRecord['fields']): SourceRecord => ({ system, id, fields });

describe('IdentityIndex', () => {
  const { records } = syntheticCustomers(3000, 5);

  it('adding records one at a time reaches the clusters a full run finds', () => {
    const base = records.slice(0, 2000);
    const rest = records.slice(2000);
    const { index } = IdentityIndex.build(base, config);
    for (const r of rest) index.upsert(r);
    const full = resolve(records, config);
    let agree = 0;
    for (const cluster of full.clusters) {
      const incremental = index.clusterOf(cluster.members[0])!;
      if (incremental.members.length === cluster.members.length && cluster.members.every((m) => incremental.members.includes(m))) agree++;
    }
    // The model is fitted once on the base records, so a few borderline pairs may differ.
    expect(agree / full.clusters.length).toBeGreaterThan(0.99);
  });

  it('reports the links of a new record and the clusters it joined', () => {
    const { index } = IdentityIndex.build(
      [record('crm', 'A', { name: '김민준', email: 'minjun.kim@naver.com', birthDate: '1985-03-07' }), record('erp', 'B', { name: '이서연', email: 'seoyeon.lee@gmail.com' })],
      config,
    );
    const change = index.upsert(record('channel', 'Z', { name: 'Minjun Kim', email: 'minjun.kim@naver.com', deviceIds: ['app-1'] }));
    expect(change.links).toHaveLength(1);
    expect(change.links[0]).toMatchObject({ a: 'channel:Z', b: 'crm:A', rule: 'same-email-and-name', status: 'merged' });
    expect(change.before.map((c) => c.anchor)).toEqual(['crm:A']);
    expect(change.after).toHaveLength(1);
    expect(change.cluster?.members).toEqual(['channel:Z', 'crm:A']);
    expect(change.cluster?.anchor).toBe('channel:Z');
  });

  it('re-resolves a changed record: it leaves a cluster when its evidence changes', () => {
    const { index } = IdentityIndex.build(
      [record('crm', 'A', { name: '김민준', email: 'minjun.kim@naver.com' }), record('erp', 'B', { name: 'Kim Minjun', email: 'minjun.kim@naver.com' })],
      config,
    );
    expect(index.clusterOf('erp:B')?.members).toEqual(['crm:A', 'erp:B']);
    const change = index.upsert(record('erp', 'B', { name: '박지훈', email: 'jihoon.park@daum.net' }));
    expect(index.clusterOf('erp:B')?.members).toEqual(['erp:B']);
    expect(index.clusterOf('crm:A')?.members).toEqual(['crm:A']);
    expect(change.after).toHaveLength(2);
  });

  it('links a CRM contact to a membership that arrives later, through the membership number', () => {
    const { index } = IdentityIndex.build([record('crm', 'C', { name: '이서연', membershipNumber: 'M-77' })], config);
    const change = index.upsert(record('membership', 'M77', { name: 'Lee Seoyeon' }));
    expect(change.links.map((link) => link.rule)).toContain('membership-number-reference');
    expect(index.clusterOf('crm:C')?.members).toEqual(['crm:C', 'membership:M77']);
  });

  it('supports the steward: unmerge, never-merge, force merge and removal', () => {
    const { index } = IdentityIndex.build(
      [
        record('crm', 'A', { name: '김민준', email: 'minjun.kim@naver.com' }),
        record('erp', 'B', { name: 'Kim Minjun', email: 'minjun.kim@naver.com' }),
        record('channel', 'C', { name: 'Minjun Kim', email: 'minjun.kim@naver.com' }),
      ],
      config,
    );
    expect(index.clusterOf('crm:A')?.members).toHaveLength(3);
    index.unmerge('erp:B');
    expect(index.clusterOf('erp:B')?.members).toEqual(['erp:B']);
    expect(index.clusterOf('crm:A')?.members).toEqual(['channel:C', 'crm:A']);
    // The unmerge sticks when the record changes again.
    index.upsert(record('erp', 'B', { name: 'Kim Minjun', email: 'minjun.kim@naver.com', phone: '010-3141-5926' }));
    expect(index.clusterOf('erp:B')?.members).toEqual(['erp:B']);
    const blocked = index.forceMerge('crm:A', 'erp:B');
    expect(blocked.links[0]).toMatchObject({ kind: 'steward', status: 'blocked', blockedBy: 'neverMerge' });
    const added = index.upsert(record('crm', 'D', { name: '박지훈', email: 'jihoon.park@daum.net' }));
    expect(added.cluster?.members).toEqual(['crm:D']);
    index.forceMerge('crm:D', 'channel:C');
    expect(index.clusterOf('crm:D')?.members).toEqual(['channel:C', 'crm:A', 'crm:D']);
    index.remove('crm:A');
    expect(index.clusterOf('crm:A')).toBeUndefined();
    expect(index.clusterOf('crm:D')?.members).toEqual(['channel:C', 'crm:D']);
    expect(index.records).toBe(3);
  });

  it('releases a tagged steward operation, also one given at build time, and lists the evidence of each link', () => {
    const records = [
      record('crm', 'A', { name: '김민준', email: 'minjun.kim@naver.com' }),
      record('erp', 'B', { name: 'Kim Minjun', email: 'minjun.kim@naver.com' }),
      record('crm', 'D', { name: '박지훈', email: 'jihoon.park@daum.net' }),
    ];
    const { index } = IdentityIndex.build(records, config, { neverMerge: [['crm:A', 'erp:B']], forceMerge: [['crm:A', 'crm:D']] }, { neverMerge: ['op-1'], forceMerge: ['op-2'] });
    expect(index.clusterOf('erp:B')?.members).toEqual(['erp:B']);
    expect(index.clusterOf('crm:D')?.members).toEqual(['crm:A', 'crm:D']);
    const evidence = index.linksOf(['erp:B']);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ a: 'crm:A', b: 'erp:B', rule: 'same-email-and-name', status: 'blocked', blockedBy: 'neverMerge' });
    expect(evidence[0].fields.find((f) => f.attribute === 'email')).toEqual({ attribute: 'email', level: 'exact', similarity: 1 });
    // Releasing the never-merge lets the email link join them; releasing the forced merge lets D go.
    index.release('op-1');
    expect(index.clusterOf('erp:B')?.members).toEqual(['crm:A', 'crm:D', 'erp:B']);
    expect(index.linksOf(['erp:B'])[0].status).toBe('merged');
    index.release('op-2');
    expect(index.clusterOf('crm:D')?.members).toEqual(['crm:D']);
    expect(index.linksOf(['crm:D'])).toEqual([]);
    // A tag in force is not added twice; a released one may be added again.
    index.preventMatch('crm:A', 'erp:B', 'op-3');
    expect(index.preventMatch('crm:A', 'erp:B', 'op-3').after).toEqual([]);
    index.release('op-3');
    index.forceMergeAll([['crm:A', 'crm:D']], 'op-2');
    expect(index.clusterOf('crm:D')?.members).toEqual(['crm:A', 'crm:D', 'erp:B']);
  });

  it('re-clusters the whole connected part a change touches, as a full run would', () => {
    // Three copies of one person; a never-merge between the first two leaves the third with the first.
    const same = { name: '김민준', email: 'minjun.kim@naver.com', phone: '010-3141-5926' };
    const records = [record('crm', '1', same), record('crm', '2', same), record('erp', '1', same)];
    const { index } = IdentityIndex.build(records, config);
    index.preventMatch('crm:1', 'crm:2');
    index.unmerge('crm:1');
    // crm:2 and erp:1 were in different clusters, linked only by a refused link: they meet again.
    const full = resolve(records, config, { neverMerge: [['crm:1', 'crm:2'], [['crm:1'], ['erp:1']]] });
    expect(index.clusterOf('crm:2')?.members).toEqual(['crm:2', 'erp:1']);
    expect(full.clusterOf.get('crm:2')).toBe(full.clusterOf.get('erp:1'));
  });
});
