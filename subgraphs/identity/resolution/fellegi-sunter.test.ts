import { describe, expect, it } from 'vitest';
import { bundledConfig } from './config.ts';
import { PatternCodec, estimateModel, matchProbability, matchWeight } from './fellegi-sunter.ts';
import { Resolver } from './resolver.ts';

/** A resolver over FEBRL-like attributes with no records: only its codec and comparisons are used. */
const resolver = new Resolver(bundledConfig('febrl'));
const codec = resolver.codec;
const fields = ['givenName', 'familyName', 'birthDate'];
const index = (name: string) => codec.comparisons.findIndex((comparison) => comparison.attribute === name);

/** Pattern with the given level per field (other fields missing). */
function pattern(levels: Record<string, number>): number {
  let code = 0;
  let multiplier = 1;
  for (const comparison of codec.comparisons) {
    const level = levels[comparison.attribute];
    code += (level === undefined ? 0 : level + 1) * multiplier;
    multiplier *= comparison.size + 1;
  }
  return code;
}

describe('Fellegi-Sunter model', () => {
  it('packs and unpacks levels', () => {
    const code = pattern({ givenName: 2, birthDate: 0 });
    expect(codec.level(code, index('givenName'))).toBe(2);
    expect(codec.level(code, index('birthDate'))).toBe(0);
    expect(codec.level(code, index('familyName'))).toBe(-1);
    expect(codec).toBeInstanceOf(PatternCodec);
  });

  it('EM recovers a known mixture: 30% matches agreeing on every field 95% of the time, non-matches 5%', () => {
    // Exact = level 0, "else" = the last level, for three independent fields.
    const histogram = new Map<number, number>();
    const total = 100_000;
    for (let mask = 0; mask < 8; mask++) {
      const agree = [0, 1, 2].map((bit) => (mask >> bit) & 1);
      const p = (q: number) => agree.reduce((product, a) => product * (a ? q : 1 - q), 1);
      const count = Math.round(total * (0.3 * p(0.95) + 0.7 * p(0.05)));
      const levels: Record<string, number> = {};
      fields.forEach((field, i) => (levels[field] = agree[i] ? 0 : codec.comparisons[index(field)].size - 1));
      histogram.set(pattern(levels), count);
    }
    const uStart = fields.map((field) => new Float64Array(codec.comparisons[index(field)].size).fill(1 / codec.comparisons[index(field)].size));
    const model = estimateModel(histogram, codec, { name: 'fs', threshold: 0.9, fields, initialLambda: 0.5 }, uStart);
    expect(model.lambda).toBeCloseTo(0.3, 2);
    expect(model.m[0][0]).toBeCloseTo(0.95, 2);
    expect(model.u[0][0]).toBeCloseTo(0.05, 2);
    const allAgree = pattern({ givenName: 0, familyName: 0, birthDate: 0 });
    const noneAgree = pattern({ givenName: 3, familyName: 3, birthDate: 1 + 1 });
    expect(matchProbability(model, matchWeight(model, codec, allAgree))).toBeGreaterThan(0.99);
    expect(matchProbability(model, matchWeight(model, codec, noneAgree))).toBeLessThan(0.01);
  });

  it('keeps fixed m and u from the configuration', () => {
    const histogram = new Map([[pattern({ birthDate: 0 }), 10]]);
    const model = estimateModel(histogram, codec, { name: 'fs', threshold: 0.9, fields: ['birthDate'], fixedM: { birthDate: [0.9, 0.08, 0.02] }, fixedU: { birthDate: [0.01, 0.02, 0.97] } }, [new Float64Array(3)]);
    expect([...model.m[0]]).toEqual([0.9, 0.08, 0.02]);
    expect(matchWeight(model, codec, pattern({ birthDate: 0 }))).toBeCloseTo(Math.log2(90), 6);
  });
});
