import { describe, expect, it } from 'vitest';
import { lineTypeOf, normalizePhone } from './phone.ts';

const key = (raw: string, options?: Record<string, unknown>) => normalizePhone(raw, options)?.key ?? null;

describe('normalizePhone', () => {
  it.each([
    ['010-1234-5679', '+821012345679'],
    ['01012345679', '+821012345679'],
    ['010 1234 5679', '+821012345679'],
    ['010.1234.5679', '+821012345679'],
    ['(010) 1234-5679', '+821012345679'],
    ['+82 10 1234 5679', '+821012345679'],
    ['+82 10-1234-5679', '+821012345679'],
    ['+82-(0)10-1234-5679', '+821012345679'],
    ['82-10-1234-5679', '+821012345679'],
    ['821012345679', '+821012345679'],
    ['0082-10-1234-5679', '+821012345679'],
    ['001-82-10-1234-5679', '+821012345679'],
    ['1012345679', '+821012345679'], // the trunk 0 lost in a spreadsheet
    ['＋８２ １０ １２３４ ５６７９', '+821012345679'], // full-width
    ['011-234-5678', '+82112345678'],
    ['016-1234-5678', '+821612345678'],
    ['02-123-4567', '+8221234567'],
    ['02-1234-5678', '+82212345678'],
    ['(02) 1234-5678', '+82212345678'],
    ['031-123-4567', '+82311234567'],
    ['031-1234-5678', '+823112345678'],
    ['051-987-6543', '+82519876543'],
    ['064-712-3456', '+82647123456'],
    ['070-1234-5678', '+827012345678'],
    ['1588-1234', '+8215881234'],
    ['010-1234-5679 ext. 12', '+821012345679'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+81 3-1234-5678', '+81312345678'],
  ])('%j → %s', (raw, expected) => {
    expect(key(raw)).toBe(expected);
  });

  it.each(['', 'none', 'n/a', '010-1234', '010-1234-56789', '099-123-4567', '02-12-345', '12345', '+82 99 1234 5678', '+1 23', 'call me', '000-0000-0000'])(
    'rejects %j',
    (raw) => {
      expect(key(raw)).toBeNull();
    },
  );

  it.each(['010-0000-0000', '010-1111-1111', '010-1234-5678', '02-000-0000', '+82 10 9999 9999', '010-1111-2222'])('flags placeholder %j as generic', (raw) => {
    expect(normalizePhone(raw)?.generic).toBe(true);
  });

  it('does not flag real numbers', () => {
    expect(normalizePhone('010-3141-5926')?.generic).toBeUndefined();
  });

  it('without a Korean default, only international numbers are accepted', () => {
    expect(key('010-3141-5926', { defaultCountry: 'US' })).toBeNull();
    expect(key('+82 10 3141 5926', { defaultCountry: 'US' })).toBe('+821031415926');
  });

  it.each([
    ['010-3141-5926', 'mobile'],
    ['016-314-1592', 'mobile'],
    ['0505-123-4567', 'personal'],
    ['02-555-1234', 'fixed'],
    ['(031) 975-1951', 'fixed'],
    ['070-1234-5679', 'voip'],
    ['080-123-4567', 'service'],
    ['1588-1234', 'service'],
    ['1644-1234', 'service'],
    ['+1 (415) 555-2671', 'unknown'],
  ])('%j is a %s line', (raw, type) => {
    expect(lineTypeOf(normalizePhone(raw)!.key)).toBe(type);
  });

  it('keeps only the line types asked for (personal numbers apart from household lines)', () => {
    const personal = { defaultCountry: 'KR', lineTypes: ['mobile', 'personal', 'unknown'] };
    const shared = { defaultCountry: 'KR', lineTypes: ['fixed', 'voip', 'service'] };
    expect(key('010-3141-5926', personal)).toBe('+821031415926');
    expect(key('010-3141-5926', shared)).toBeNull();
    expect(key('02-555-1234', personal)).toBeNull();
    expect(key('+82 2 555 1234', shared)).toBe('+8225551234');
  });
});
