// Masks by PII kind, as configured by default.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MASKS } from '../policy-defaults.ts';
import { applyMask } from './masking.ts';

describe('masks', () => {
  it('masks emails and phone numbers as the consoles show them', () => {
    expect(applyMask(DEFAULT_MASKS.email, 'jane.doe@example.com')).toBe('j***@example.com');
    expect(applyMask(DEFAULT_MASKS.phone, '010-1234-5678')).toBe('010-****-5678');
    expect(applyMask(DEFAULT_MASKS.phone, '+821012345678')).toBe('+821*****5678');
  });

  it('keeps initials of names, the year of a birth date, the start of an address', () => {
    expect(applyMask(DEFAULT_MASKS.name, '김민준')).toBe('김**');
    expect(applyMask(DEFAULT_MASKS.name, 'Minjun Kim')).toBe('M***** K**');
    expect(applyMask(DEFAULT_MASKS.birthDate, '1985-03-12')).toBe('1985-**-**');
    expect(applyMask(DEFAULT_MASKS.address, '서울 강남구 테헤란로 1')).toBe('서울 *** **** *');
  });

  it('never returns the value unchanged when it is too short to keep anything', () => {
    expect(applyMask(DEFAULT_MASKS.email, 'a@b.c')).toBe('***@b.c');
    expect(applyMask(DEFAULT_MASKS.phone, '1234')).toBe('****');
    expect(applyMask({ strategy: 'redact' }, 'anything')).toBe('***');
  });
});
