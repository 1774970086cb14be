// The simulated enterprise is reproducible, prefix-stable, noisy in the ways real data is, and fully labelled with ground truth.
import { describe, expect, it } from 'vitest';
import { generateEnterprise } from './index.ts';

const anchor = '2026-11-01T00:00:00.000Z';
const data = generateEnterprise({ persons: 3_000, anchor });

describe('generateEnterprise', () => {
  it('is deterministic in seed and anchor, and differs with another seed', () => {
    const again = generateEnterprise({ persons: 3_000, anchor });
    expect(again.crm.contacts).toEqual(data.crm.contacts);
    expect(again.erp.orders).toEqual(data.erp.orders);
    const other = generateEnterprise({ persons: 3_000, anchor, seed: 'another' });
    expect(other.crm.contacts).not.toEqual(data.crm.contacts);
  });

  it('keeps the first persons identical at a larger scale', () => {
    const small = generateEnterprise({ persons: 500, anchor });
    const ids = new Set(small.crm.contacts.map((c) => c.contactId));
    expect(data.crm.contacts.filter((c) => ids.has(c.contactId))).toEqual(small.crm.contacts);
  });

  it('labels every source record with its true person', () => {
    const keys = [
      ...data.crm.contacts.map((c) => `crm:${c.contactId}`),
      ...data.erp.customers.map((c) => `erp:${c.CUST_NO}`),
      ...data.membership.members.map((m) => `membership:${m._id}`),
      ...data.channel.profiles.map((p) => `channel:${p._id}`),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect([...data.truth.keys()].sort()).toEqual(keys.sort());
  });

  it('writes Korean names in Hangul and romanized forms, and phones in many formats', () => {
    const names = [...data.crm.contacts.map((c) => c.fullName), ...data.erp.customers.map((c) => c.CUST_NM)];
    expect(names.some((n) => /^[가-힣]+$/.test(n))).toBe(true);
    expect(names.some((n) => /^[가-힣] [가-힣]+$/.test(n))).toBe(true);
    expect(names.some((n) => /^[A-Z]+ [A-Z-]+$/.test(n))).toBe(true);
    expect(names.some((n) => /^[A-Z][a-z]+, [A-Z][a-z]+$/.test(n))).toBe(true);
    const phones = data.crm.contacts.map((c) => c.mobile ?? '');
    for (const format of [/^010-\d{4}-\d{4}$/, /^\+82 10 \d{4} \d{4}$/, /^82-10-\d{4}-\d{4}$/, /^010\d{8}$/]) {
      expect(phones.some((p) => format.test(p)), String(format)).toBe(true);
    }
  });

  it('adds placeholder emails, in-system duplicates, shared household phones and anonymous visitors', () => {
    expect(data.erp.customers.some((c) => c.EMAIL === 'no-email@none.com' || c.EMAIL === 'test@test.com')).toBe(true);
    const contactsPerPerson = new Map<string, number>();
    for (const c of data.crm.contacts) {
      const person = data.truth.get(`crm:${c.contactId}`)!;
      contactsPerPerson.set(person, (contactsPerPerson.get(person) ?? 0) + 1);
    }
    expect([...contactsPerPerson.values()].some((n) => n > 1)).toBe(true);
    // A landline that several different persons share.
    const ownersOfHomePhone = new Map<string, Set<string>>();
    for (const p of data.persons) if (p.homePhone) (ownersOfHomePhone.get(p.homePhone) ?? ownersOfHomePhone.set(p.homePhone, new Set()).get(p.homePhone)!).add(p.id);
    expect([...ownersOfHomePhone.values()].some((owners) => owners.size > 1)).toBe(true);
    // Anonymous visitors, some of whom later logged in on the same device.
    const anonymous = data.channel.profiles.filter((p) => p.kind === 'anonymous');
    expect(anonymous.length).toBeGreaterThan(100);
    const registeredDevices = new Set(data.channel.profiles.filter((p) => p.kind === 'registered').flatMap((p) => p.deviceIds));
    expect(anonymous.some((a) => registeredDevices.has(a.deviceIds[0]))).toBe(true);
  });

  it('places people in all four systems, and some in all of them at once', () => {
    const systemsOf = new Map<string, Set<string>>();
    for (const [key, person] of data.truth) (systemsOf.get(person) ?? systemsOf.set(person, new Set()).get(person)!).add(key.split(':')[0]);
    expect([...systemsOf.values()].filter((s) => s.size === 4).length).toBeGreaterThan(200);
  });

  it('rejects a bad scale', () => {
    expect(() => generateEnterprise({ persons: 0 })).toThrow(/positive integer/);
  });
});
