import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.ts';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['4011', '4011', 0],
    ['4011', '4012', 1],
    ['4011', '4101', 1], // adjacent swap
    ['4011', '401', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['ca', 'abc', 3], // OSA, not full Damerau
  ])('%s → %s = %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });

  it('stops early past the cut-off', () => {
    expect(editDistance('1234567', '7654321', 1)).toBe(2);
    expect(editDistance('12', '123456', 2)).toBe(3);
  });

  it('grows its buffers for long strings', () => {
    expect(editDistance('a'.repeat(100), 'a'.repeat(99) + 'b')).toBe(1);
  });
});
