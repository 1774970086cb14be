import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, tokenJaroWinkler } from './jaro-winkler.ts';

describe('jaroWinkler', () => {
  it('matches the published reference values (Winkler 1990; Cohen et al.)', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaro('DWAYNE', 'DUANE')).toBeCloseTo(0.8222, 4);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 4);
    expect(jaro('DIXON', 'DICKSONX')).toBeCloseTo(0.7667, 4);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
  });

  it('caps the common prefix at four characters', () => {
    // Five shared leading characters give the same boost as four.
    const four = jaroWinkler('abcdxyz', 'abcdzyx');
    expect(jaroWinkler('abcdexyz', 'abcdezyx')).toBeLessThanOrEqual(1);
    expect(four).toBeLessThan(1);
    expect(jaroWinkler('harrington', 'harington')).toBeGreaterThan(0.95);
  });

  it('handles empty and identical strings', () => {
    expect(jaroWinkler('', '')).toBe(0);
    expect(jaroWinkler('a', '')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('is symmetric and reuses its buffers across lengths', () => {
    const long = 'x'.repeat(500) + 'abc';
    expect(jaroWinkler(long, 'abc')).toBeCloseTo(jaroWinkler('abc', long), 10);
    expect(jaroWinkler('kim', 'kym')).toBeCloseTo(jaroWinkler('kym', 'kim'), 10);
  });
});

describe('tokenJaroWinkler', () => {
  it('ignores word order', () => {
    expect(tokenJaroWinkler('seoul gangnamgu teheranro 123', '123 teheranro gangnamgu seoul')).toBe(1);
  });

  it('scores a typo in one word high and different addresses low', () => {
    expect(tokenJaroWinkler('seoul gangnamgu teheranro 123', 'seoul gangnamgu teheranro 132')).toBeGreaterThanOrEqual(0.85);
    expect(tokenJaroWinkler('seoul gangnamgu teheranro 123', 'seoul songpagu olympicro 123')).toBeLessThan(0.8);
    expect(tokenJaroWinkler('seoul gangnamgu teheranro 123', 'busan haeundaegu haeundaero 7')).toBeLessThan(0.6);
  });
});
