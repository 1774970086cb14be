import { describe, expect, it } from 'vitest';
import { containsHangul, romanizeHangul } from './hangul.ts';

describe('romanizeHangul', () => {
  it.each([
    ['민준', 'minjun'],
    ['서연', 'seoyeon'],
    ['지훈', 'jihun'],
    ['테헤란로', 'teheranro'],
    ['강남구', 'gangnamgu'],
    ['서울', 'seoul'],
    ['한글', 'hangeul'],
    ['닭', 'dak'],
    ['쌍', 'ssang'],
    ['뷁', 'bwek'], // final ㄺ is read k
  ])('%s → %s', (hangul, roman) => {
    expect(romanizeHangul(hangul)).toBe(roman);
  });

  it('passes other characters through', () => {
    expect(romanizeHangul('A동 101호')).toBe('Adong 101ho');
  });

  it('detects Hangul', () => {
    expect(containsHangul('Kim 민준')).toBe(true);
    expect(containsHangul('Kim Minjun')).toBe(false);
  });
});
