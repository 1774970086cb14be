import { describe, expect, it } from 'vitest';
import { tokenJaroWinkler } from '../similarity/jaro-winkler.ts';
import { normalizeAddress } from './address.ts';

const key = (raw: string) => normalizeAddress(raw)?.key ?? null;

describe('normalizeAddress', () => {
  it('romanizes Hangul and unifies region names', () => {
    expect(key('서울특별시 강남구 테헤란로 123')).toBe('seoul gangnamgu teheranro 123');
    expect(key('서울 강남구 테헤란로 123')).toBe('seoul gangnamgu teheranro 123');
    expect(key('서울시 강남구 테헤란로 123')).toBe('seoul gangnamgu teheranro 123');
    expect(key('경기도 성남시 분당구 판교역로 235')).toBe('gyeonggi seongnamsi bundanggu pangyoyeokro 235');
  });

  it('reads romanized Korean addresses the same way', () => {
    expect(key('123 Teheran-ro, Gangnam-gu, Seoul, Republic of Korea')).toBe('123 teheranro gangnamgu seoul');
    expect(key('123, Teheran-ro, Gangnam-gu, Seoul-si')).toBe('123 teheranro gangnamgu seoul');
    const hangul = key('서울특별시 강남구 테헤란로 123')!;
    const roman = key('123 Teheran-ro, Gangnam-gu, Seoul')!;
    expect(tokenJaroWinkler(hangul, roman)).toBe(1);
  });

  it('expands postal abbreviations, drops punctuation and case', () => {
    expect(key('12 Tullaroop St.')).toBe('12 tullaroop street');
    expect(key('Unit 4, 7  Maltby Cct')).toBe('unit 4 7 maltby circuit');
    expect(key('  ')).toBeNull();
  });

  it('keeps lot numbers with their hyphen', () => {
    expect(key('역삼동 123-45')).toBe('yeoksamdong 123-45');
  });
});
