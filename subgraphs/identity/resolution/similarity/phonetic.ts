// Phonetic keys for blocking: American Soundex, and a consonant skeleton that also folds romanization variants.

const SOUNDEX_CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
};

/** American Soundex (letter + 3 digits) of the ASCII letters of `text`; "" when it has none. */
export function soundex(text: string): string {
  const letters = text.toLowerCase().replace(/[^a-z]/g, '');
  if (letters === '') return '';
  let code = letters[0].toUpperCase();
  let previous = SOUNDEX_CODES[letters[0]] ?? '';
  for (let i = 1; i < letters.length && code.length < 4; i++) {
    const letter = letters[i];
    const digit = SOUNDEX_CODES[letter];
    if (digit !== undefined && digit !== previous) code += digit;
    // h and w do not separate equal codes; vowels do.
    if (letter !== 'h' && letter !== 'w') previous = digit ?? '';
  }
  return code.padEnd(4, '0');
}

/** Romanization variants folded before the skeleton: "joon"/"jun", "seo"/"so", "ee"/"i", "ph"/"f". */
const FOLDS: Array<[RegExp, string]> = [
  [/oo/g, 'u'], [/eo/g, 'o'], [/eu/g, 'u'], [/ae/g, 'e'], [/ee/g, 'i'], [/ph/g, 'f'], [/ck/g, 'k'], [/sh/g, 's'],
  [/ch/g, 'c'], [/wh/g, 'w'], [/y/g, 'i'],
];

/** First letter plus the consonants that follow, repeats collapsed: "minjoon", "min-jun" → "mnjn". */
export function consonantSkeleton(text: string): string {
  let letters = text.toLowerCase().replace(/[^a-z]/g, '');
  if (letters === '') return '';
  for (const [pattern, replacement] of FOLDS) letters = letters.replace(pattern, replacement);
  let key = letters[0];
  for (let i = 1; i < letters.length; i++) {
    const letter = letters[i];
    if ('aeiou'.includes(letter) || letter === key[key.length - 1]) continue;
    key += letter;
  }
  return key;
}
