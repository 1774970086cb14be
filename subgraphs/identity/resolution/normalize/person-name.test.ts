import { describe, expect, it } from 'vitest';
import { foldRomanization, nameParts, normalizeFamilyName, normalizeGivenName, normalizePersonName } from './person-name.ts';

const key = (raw: string) => normalizePersonName(raw)?.key ?? null;

describe('normalizePersonName', () => {
  it.each([
    ['김민준', 'kim|minjun'],
    ['김 민준', 'kim|minjun'],
    [' 김  민준 ', 'kim|minjun'],
    ['민준 김', 'kim|minjun'],
    ['Minjun Kim', 'kim|minjun'],
    ['Kim Minjun', 'kim|minjun'],
    ['KIM MIN JUN', 'kim|minjun'],
    ['Kim, Min-jun', 'kim|minjun'],
    ['kim,minjun', 'kim|minjun'],
    ['Min-Jun Kim', 'kim|minjun'],
    ['Min Jun Kim', 'kim|minjun'],
    ['Gim Minjun', 'kim|minjun'],
    ['Mr. Minjun Kim', 'kim|minjun'],
    ['김민준님', 'kim|minjun'],
    ['이서연', 'lee|seoyeon'],
    ['Seo-yeon Lee', 'lee|seoyeon'],
    ['LEE SEO YEON', 'lee|seoyeon'],
    ['Yi Seoyeon', 'lee|seoyeon'],
    ['박지훈', 'park|jihun'],
    ['남궁민수', 'namgung|minsu'],
    ['황보 혜정', 'hwangbo|hyejeong'],
    ['최 유리', 'choi|yuri'],
    ['John Smith', 'smith|john'],
    ['Smith, John', 'smith|john'],
    ['José  Álvarez', 'alvarez|jose'],
    ['Mary-Jane O\'Neil', 'oneil|maryjane'],
    ['ＫＩＭ　ＭＩＮＪＵＮ', 'kim|minjun'],
  ])('%j → %s', (raw, expected) => {
    expect(key(raw)).toBe(expected);
  });

  it('keeps the cleaned original for display', () => {
    expect(normalizePersonName('  김  민준 ')?.display).toBe('김 민준');
  });

  it('returns a name with no family part when it is one word', () => {
    expect(key('Minjun')).toBe('|minjun');
    expect(key('준')).toBe('|jun');
  });

  it.each(['', '   ', '123', '---', 'Mr.'])('rejects %j', (raw) => {
    expect(key(raw)).toBeNull();
  });

  it('splits a key back into parts', () => {
    expect(nameParts('kim|minjun')).toEqual({ family: 'kim', given: 'minjun' });
  });
});

describe('normalizeGivenName / normalizeFamilyName', () => {
  it('reduces a given name to letters', () => {
    expect(normalizeGivenName('Min-jun')?.key).toBe('minjun');
    expect(normalizeGivenName('elk i')?.key).toBe('elki');
    expect(normalizeGivenName('민준')?.key).toBe('minjun');
    expect(normalizeGivenName(' ')).toBeNull();
  });

  it('unifies Korean family-name spellings', () => {
    expect(normalizeFamilyName('Gim')?.key).toBe('kim');
    expect(normalizeFamilyName('김')?.key).toBe('kim');
    expect(normalizeFamilyName('Rhee')?.key).toBe('lee');
    expect(normalizeFamilyName('Harrington')?.key).toBe('harrington');
    expect(normalizeFamilyName("O'Brien")?.key).toBe('obrien');
  });
});

describe('foldRomanization', () => {
  it.each([
    ['younghee', 'yeonghui'],
    ['jihoon', 'jihun'],
    ['seung', 'sung'],
    ['eunji', 'unji'],
    ['hyunwoo', 'hyeonwu'],
    ['jung', 'jeong'],
  ])('%s and %s fold together', (a, b) => {
    expect(foldRomanization(a)).toBe(foldRomanization(b));
  });
});
