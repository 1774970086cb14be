// Deterministic Revised Romanization of Hangul syllables, so Hangul and Latin spellings of a name compare.

const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const MEDIALS = [
  'a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i',
];
const FINALS = [
  '', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't',
];

const SYLLABLE_FIRST = 0xac00;
const SYLLABLE_LAST = 0xd7a3;

export function isHangulSyllable(code: number): boolean {
  return code >= SYLLABLE_FIRST && code <= SYLLABLE_LAST;
}

export function containsHangul(text: string): boolean {
  return /[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]/u.test(text);
}

/**
 * Romanizes each Hangul syllable on its own (initial + medial + final), as names are romanized;
 * ㄹ is "r" as an initial and "l" as a final. Characters that are not syllables pass through.
 */
export function romanizeHangul(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (!isHangulSyllable(code)) {
      out += char;
      continue;
    }
    const index = code - SYLLABLE_FIRST;
    out += INITIALS[Math.floor(index / 588)] + MEDIALS[Math.floor((index % 588) / 28)] + FINALS[index % 28];
  }
  return out;
}
