import { describe, expect, it } from 'vitest';
import { consonantSkeleton, soundex } from './phonetic.ts';

describe('soundex', () => {
  it.each([
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Ashcraft', 'A261'],
    ['Tymczak', 'T522'],
    ['Pfister', 'P236'],
    ['Honeyman', 'H555'],
    ['Lee', 'L000'],
    ['', ''],
  ])('%s → %s', (name, code) => {
    expect(soundex(name)).toBe(code);
  });
});

describe('consonantSkeleton', () => {
  it('folds romanization variants together', () => {
    expect(consonantSkeleton('minjun')).toBe(consonantSkeleton('minjoon'));
    expect(consonantSkeleton('seoyeon')).toBe(consonantSkeleton('soyeon'));
    expect(consonantSkeleton('jihun')).toBe(consonantSkeleton('jihoon'));
    expect(consonantSkeleton('minjun')).not.toBe(consonantSkeleton('seoyeon'));
    expect(consonantSkeleton('')).toBe('');
  });
});
