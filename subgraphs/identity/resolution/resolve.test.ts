import { describe, expect, it } from 'vitest';
import { bundledConfig } from './config.ts';
import { syntheticCustomers } from './evaluation/synthetic.ts';
import { resolve } from './resolve.ts';
import { clusterIdOf } from './stable-id.ts';
import type { SourceRecord } from './types.ts';

const config = bundledConfig('customer');
const record = (system: string, id: string, fields: SourceRecord['fields'], updatedAt?: string): SourceRecord => ({ system, id, fields, updatedAt });

const person = [
  record('crm', 'C1', { name: '김민준', email: 'Minjun.Kim@Naver.com', phone: '010-3141-5926', birthDate: '1985-03-07', membershipNumber: 'M-0042' }, '2024-01-01T00:00:00Z'),
  record('erp', 'E9', { name: 'KIM MIN JUN', email: 'minjun.kim@naver.com', phone: '+82 10 3141 5926', address: '서울특별시 강남구 테헤란로 123' }, '2025-06-01T00:00:00Z'),
  record('membership', 'M0042', { name: 'Minjun Kim', phone: '82-10-3141-5926', birthDate: '07/03/1985' }, '2023-05-05T00:00:00Z'),
];

describe('resolve', () => {
  const background = syntheticCustomers(2000, 3).records;

  it('links one person across systems, with the rule, the per-field evidence and a score on each link', () => {
    const result = resolve([...background, ...person], config);
    const id = result.clusterOf.get('crm:C1');
    expect(result.clusterOf.get('erp:E9')).toBe(id);
    expect(result.clusterOf.get('membership:M0042')).toBe(id);
    const links = result.links.filter((link) => [link.a, link.b].every((key) => ['crm:C1', 'erp:E9', 'membership:M0042'].includes(key)));
    const emailLink = links.find((link) => link.a === 'crm:C1' && link.b === 'erp:E9')!;
    expect(emailLink.rule).toBe('same-email-and-name');
    expect(emailLink.kind).toBe('deterministic');
    expect(emailLink.score).toBeGreaterThan(0.9);
    expect(emailLink.fields.find((field) => field.attribute === 'email')).toEqual({ attribute: 'email', level: 'exact', similarity: 1 });
    expect(emailLink.fields.find((field) => field.attribute === 'address')).toEqual({ attribute: 'address', level: 'missing', similarity: null });
    const referenceLink = links.find((link) => link.a === 'crm:C1' && link.b === 'membership:M0042')!;
    expect(referenceLink.rule).toBe('membership-number-reference');
    expect(referenceLink.fields.at(-1)).toEqual({ attribute: 'membershipNumber', level: 'reference', similarity: 1 });
  });

  it('keys each cluster by its smallest record key and picks golden values with provenance', () => {
    const result = resolve(person, config);
    expect(result.clusters).toHaveLength(1);
    const [cluster] = result.clusters;
    expect(cluster.anchor).toBe('crm:C1');
    expect(cluster.id).toBe(clusterIdOf('crm:C1'));
    expect(cluster.members).toEqual(['crm:C1', 'erp:E9', 'membership:M0042']);
    // name: source priority crm > membership > erp.
    expect(cluster.profile.name).toEqual({ value: '김민준', system: 'crm', recordKey: 'crm:C1', updatedAt: '2024-01-01T00:00:00Z' });
    // email: most recent.
    expect(cluster.profile.email?.recordKey).toBe('erp:E9');
    // phone: most frequent, in E.164.
    expect(cluster.profile.phone?.value).toBe('+821031415926');
    expect(cluster.profile.birthDate?.value).toBe('1985-03-07');
    expect(cluster.profile.address?.value).toBe('서울특별시 강남구 테헤란로 123');
    expect(cluster.profile.postcode).toBeNull();
  });

  it('gives the same clusters, IDs and links whatever the input order', () => {
    const records = [...background, ...person];
    const first = resolve(records, config);
    const shuffled = [...records].sort((a, b) => (a.id.split('').reverse().join() < b.id.split('').reverse().join() ? -1 : 1));
    const second = resolve(shuffled, config);
    expect(second.clusters.map((c) => [c.id, c.members])).toEqual(first.clusters.map((c) => [c.id, c.members]));
    expect(second.links).toEqual(first.links);
  });

  it('keeps the later of two records with the same key', () => {
    const result = resolve([record('crm', 'X', { email: 'old.addr@naver.com' }), record('crm', 'X', { email: 'new.addr@naver.com' })], config);
    expect(result.stats.records).toBe(1);
    expect(result.clusters[0].profile.email?.value).toBe('new.addr@naver.com');
  });

  it('counts oversized blocks instead of comparing them', () => {
    // (A phone on that many records would not even form a block: the frequency cap drops it first.)
    // 120 people in one postcode with the same initials: one block of 120 > maxBlockSize 100.
    const crowd = Array.from({ length: 120 }, (_, i) => record('crm', `p${i}`, { postcode: '06236', name: `Lee Person${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${i}` }));
    const result = resolve(crowd, config);
    expect(result.stats.oversizedBlocks).toBeGreaterThan(0);
    expect(result.stats.recordsInOversizedBlocks).toBeGreaterThanOrEqual(120);
  });

  it('in link mode compares only records of different systems', () => {
    const records = [record('a', '1', { email: 'same.one@naver.com', name: 'Kim Minjun' }), record('a', '2', { email: 'same.one@naver.com', name: 'Kim Minjun' }), record('b', '1', { email: 'same.one@naver.com', name: 'Kim Minjun' })];
    const result = resolve(records, config, { mode: 'link' });
    expect(result.links.every((link) => link.a.split(':')[0] !== link.b.split(':')[0])).toBe(true);
  });
});
