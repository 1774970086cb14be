// Rule validation: every built-in rule is valid; malformed rules, unknown fields, unsafe and unsupported operators and bad values are named.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SEGMENTS } from '../builtin-segments.ts';
import { parseRule, RuleError, type RuleProblem } from './validate.ts';

function problemOf(rule: unknown): { problem: RuleProblem; at: string; message: string } {
  try {
    parseRule(rule);
  } catch (error) {
    if (error instanceof RuleError) return { problem: error.problem, at: error.at, message: error.message };
    throw error;
  }
  throw new Error(`rule was accepted: ${JSON.stringify(rule)}`);
}

describe('segment rule validation', () => {
  it('accepts every built-in rule and the documented examples', () => {
    for (const segment of BUILT_IN_SEGMENTS) expect(parseRule(segment.rule)).toEqual(segment.rule);
    expect(parseRule('{"lifecycleStage":"TRUE_FAN","region":"Seoul","service.openCases":{"$gte":1}}')).toEqual({ lifecycleStage: 'TRUE_FAN', region: 'Seoul', 'service.openCases': { $gte: 1 } });
    parseRule({ $or: [{ 'consent.email': true }, { 'consent.sms': true }], 'purchase.totalSpend': { $gte: 1e6, $lt: 5e6 } });
    parseRule({ systems: { $all: ['CRM', 'ERP'] }, products: { $size: 0 }, membership: null });
    parseRule({ 'membership.tier': { $in: ['GOLD', 'VIP'] }, 'rfm.recency': { $not: { $lte: 2 } }, community: { $exists: true } });
    parseRule({ $nor: [{ 'channel.preferred': 'EMAIL' }] });
  });

  it('rejects text that is not JSON, and JSON that is not a filter document', () => {
    expect(problemOf('{"lifecycleStage": ')).toMatchObject({ problem: 'MALFORMED_RULE', at: '$' });
    expect(problemOf('{"lifecycleStage": ').message).toMatch(/not valid JSON/);
    expect(problemOf([{ lifecycleStage: 'NEW' }])).toMatchObject({ problem: 'MALFORMED_RULE', message: expect.stringMatching(/filter document/) });
    expect(problemOf({})).toMatchObject({ problem: 'MALFORMED_RULE', message: expect.stringMatching(/at least one clause/) });
    expect(problemOf({ $and: {} })).toMatchObject({ problem: 'MALFORMED_RULE', at: '$.$and' });
    expect(problemOf({ $or: [] })).toMatchObject({ problem: 'MALFORMED_RULE', at: '$.$or' });
    expect(problemOf({ $or: [{}] })).toMatchObject({ problem: 'MALFORMED_RULE', at: '$.$or[0]' });
    expect(problemOf({ 'rfm.recency': { $gt: 3, recency: 4 } })).toMatchObject({ problem: 'MALFORMED_RULE', at: '$.rfm.recency.recency' });
    expect(problemOf({ 'rfm.recency': { $not: 3 } })).toMatchObject({ problem: 'MALFORMED_RULE' });
    let deep: Record<string, unknown> = { lifecycleStage: 'NEW' };
    for (let i = 0; i < 12; i++) deep = { $and: [deep] };
    expect(problemOf(deep)).toMatchObject({ problem: 'MALFORMED_RULE', message: expect.stringMatching(/nests deeper/) });
  });

  it('names an unknown field, with a suggestion', () => {
    expect(problemOf({ 'purchase.ordercount': { $gt: 1 } })).toMatchObject({ problem: 'UNKNOWN_FIELD', at: '$.purchase.ordercount', message: expect.stringMatching(/"purchase.ordercount".*did you mean "purchase.orderCount"/) });
    expect(problemOf({ purchase: { orderCount: 1 } }).message).toMatch(/"purchase" is a group, use a dotted path/);
    expect(problemOf({ $or: [{ city: 'Seoul' }] })).toMatchObject({ problem: 'UNKNOWN_FIELD', at: '$.$or[0].city' });
    expect(problemOf({ __proto__x: 1 })).toMatchObject({ problem: 'UNKNOWN_FIELD' });
  });

  it('rejects constructs that would run code as unsafe, wherever they hide', () => {
    expect(problemOf({ $where: 'this.purchase.orderCount > 1' })).toMatchObject({ problem: 'UNSAFE_OPERATOR', at: '$.$where' });
    expect(problemOf('{"$expr": {"$gt": ["$purchase.orderCount", 1]}}')).toMatchObject({ problem: 'UNSAFE_OPERATOR' });
    expect(problemOf({ $or: [{ 'purchase.orderCount': { $function: { body: 'return true', args: [], lang: 'js' } } }] })).toMatchObject({ problem: 'UNSAFE_OPERATOR', at: '$.$or[0].purchase.orderCount.$function' });
    expect(problemOf({ 'rfm.recency': { $not: { $where: '1' } } })).toMatchObject({ problem: 'UNSAFE_OPERATOR' });
    expect(problemOf({ $accumulator: {} }).problem).toBe('UNSAFE_OPERATOR');
  });

  it('rejects operators the language does not support', () => {
    expect(problemOf({ region: { $regex: '^Se' } })).toMatchObject({ problem: 'UNSUPPORTED_OPERATOR', at: '$.region.$regex' });
    expect(problemOf({ $text: { $search: 'x' } })).toMatchObject({ problem: 'UNSUPPORTED_OPERATOR' });
    expect(problemOf({ products: { $elemMatch: { $eq: 'SKU-1' } } }).problem).toBe('UNSUPPORTED_OPERATOR');
  });

  it('rejects values of the wrong type and unknown enumeration values', () => {
    expect(problemOf({ lifecycleStage: 'TRUE_FANS' })).toMatchObject({ problem: 'INVALID_VALUE', message: expect.stringMatching(/no value "TRUE_FANS"; use one of PROSPECT/) });
    expect(problemOf({ 'purchase.orderCount': { $gt: '5' } })).toMatchObject({ problem: 'INVALID_VALUE', at: '$.purchase.orderCount.$gt' });
    expect(problemOf({ region: { $gt: 'A' } }).message).toMatch(/compares numbers/);
    expect(problemOf({ 'consent.email': 'yes' }).problem).toBe('INVALID_VALUE');
    expect(problemOf({ 'purchase.orderCount': { gt: 5 } }).message).toMatch(/operators start with "\$"/);
    expect(problemOf({ 'membership.tier': { $in: [] } }).problem).toBe('INVALID_VALUE');
    expect(problemOf({ membership: { tier: 'GOLD' } }).problem).toBe('INVALID_VALUE');
    expect(problemOf({ region: { $size: 1 } }).problem).toBe('INVALID_VALUE');
  });
});
