// Rule evaluation and explanation: clause by clause with the customer's values, including $or branches.
import { describe, expect, it } from 'vitest';
import { explainRule, matches, reasonText, ruleText } from './explain.ts';

const doc = { lifecycleStage: 'TRUE_FAN', region: 'Seoul', service: { openCases: 2 }, consent: { email: false, sms: true }, systems: ['CRM', 'ERP'] };

describe('rule evaluation and explanation', () => {
  it('evaluates MongoDB-style filters', () => {
    expect(matches({ lifecycleStage: 'TRUE_FAN', 'service.openCases': { $gte: 1 } }, doc)).toBe(true);
    expect(matches({ lifecycleStage: 'ROOKIE' }, doc)).toBe(false);
    expect(matches({ systems: 'ERP' }, doc)).toBe(true);
    expect(matches({ 'service.missing': null }, doc)).toBe(true);
  });

  it('never runs code, even when a rule slipped past validation', () => {
    expect(() => matches({ $where: 'globalThis.hacked = true; return true' } as never, doc)).toThrow();
    expect((globalThis as Record<string, unknown>).hacked).toBeUndefined();
  });

  it('explains each clause with the customer value and whether it matched', () => {
    const rule = { lifecycleStage: { $in: ['TRUE_FAN', 'VERY_IMPORTANT_FAN'] }, region: 'Seoul', 'service.openCases': { $gte: 1 }, $or: [{ 'consent.email': true }, { 'consent.sms': true }] };
    const clauses = explainRule(rule, doc);
    expect(clauses.map((c) => [c.field, c.matched, c.actual])).toEqual([
      ['lifecycleStage', true, 'TRUE_FAN'],
      ['region', true, 'Seoul'],
      ['service.openCases', true, 2],
      [null, true, null],
    ]);
    expect(clauses[3].children.map((c) => c.matched)).toEqual([false, true]);
    expect(clauses[3].children[1].children[0]).toMatchObject({ field: 'consent.sms', actual: true, matched: true });
    expect(reasonText(clauses)).toBe('lifecycleStage in [TRUE_FAN, VERY_IMPORTANT_FAN] (is TRUE_FAN); region = Seoul (is Seoul); service.openCases ≥ 1 (is 2); any of: consent.sms = true (is true)');
    expect(ruleText(rule)).toBe('lifecycleStage in [TRUE_FAN, VERY_IMPORTANT_FAN] and region = Seoul and service.openCases ≥ 1 and any of (consent.email = true; consent.sms = true)');
  });

  it('reports unmatched clauses of a customer outside the segment', () => {
    const clauses = explainRule({ region: 'Busan', 'service.openCases': { $lt: 1 } }, doc);
    expect(clauses.every((c) => !c.matched)).toBe(true);
  });
});
