import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.ts';

describe('normalizeEmail', () => {
  it.each([
    ['  John.Smith@Example.co.kr ', 'john.smith@example.co.kr'],
    ['MAILTO:minjun.kim@naver.com', 'minjun.kim@naver.com'],
    ['<minjun.kim@naver.com>', 'minjun.kim@naver.com'],
    ['ｍｉｎｊｕｎ＠ｎａｖｅｒ．ｃｏｍ', 'minjun@naver.com'], // full-width, folded by NFKC
    ['minjun.kim@naver.com.', 'minjun.kim@naver.com'],
    ['minjun kim@naver.com', 'minjunkim@naver.com'],
  ])('cleans %j', (raw, key) => {
    expect(normalizeEmail(raw)?.key).toBe(key);
  });

  it('folds gmail dots and plus tags, and googlemail into gmail', () => {
    expect(normalizeEmail('Min.Jun.Kim+shop@gmail.com')?.key).toBe('minjunkim@gmail.com');
    expect(normalizeEmail('minjunkim@googlemail.com')?.key).toBe('minjunkim@gmail.com');
    expect(normalizeEmail('Min.Jun.Kim+shop@gmail.com')?.display).toBe('min.jun.kim+shop@gmail.com');
  });

  it('keeps dots and plus tags for other providers, where they may be distinct mailboxes', () => {
    expect(normalizeEmail('min.jun+a@naver.com')?.key).toBe('min.jun+a@naver.com');
    expect(normalizeEmail('min.jun@naver.com')?.key).not.toBe(normalizeEmail('minjun@naver.com')?.key);
  });

  it.each(['', '   ', 'no-email', 'none', 'N/A', 'kim@', '@naver.com', 'kim@naver', 'kim..lee@naver.com', 'kim@@naver.com', '.kim@naver.com'])(
    'rejects %j',
    (raw) => {
      expect(normalizeEmail(raw)).toBeNull();
    },
  );

  it.each(['none@none.com', 'test@test.com', 'no-email@naver.com', 'noemail@gmail.com', 'info@samsung.com', 'support@shop.co.kr', 'noreply@kakao.com', 'user@example.com', 'x@company.test', 'dummy@gmail.com'])(
    'flags placeholder and role address %j as generic',
    (raw) => {
      expect(normalizeEmail(raw)?.generic).toBe(true);
    },
  );

  it('does not flag personal addresses', () => {
    expect(normalizeEmail('minjun.kim@naver.com')?.generic).toBeUndefined();
    expect(normalizeEmail('information.kim@naver.com')?.generic).toBeUndefined();
  });
});
