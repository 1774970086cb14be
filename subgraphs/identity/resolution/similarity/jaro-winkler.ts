// Jaro-Winkler similarity without per-call allocation, for the millions of comparisons of a full resolution.
//
// Written here rather than taken from npm: @skyra/jaro-winkler (1.1.1) uses a match window one
// wider than Jaro's definition and counts a 5th prefix character when the first four agree, so its
// scores are not the standard ones; cmpstr builds a metric object, hashes options and caches per
// call (far too slow in this loop); talisman is unmaintained and pulls lodash. This is the textbook
// algorithm (Winkler 1990: prefix up to 4, scale 0.1) on UTF-16 code units with reused buffers.

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro similarity in [0, 1]. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const lenA = a.length;
  const lenB = b.length;
  if (lenA === 0 || lenB === 0) return 0;
  if (lenA > flagsA.length) flagsA = new Uint8Array(lenA * 2);
  if (lenB > flagsB.length) flagsB = new Uint8Array(lenB * 2);
  flagsA.fill(0, 0, lenA);
  flagsB.fill(0, 0, lenB);
  const window = Math.max(0, (Math.max(lenA, lenB) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < lenA; i++) {
    const code = a.charCodeAt(i);
    const start = i > window ? i - window : 0;
    const end = Math.min(i + window + 1, lenB);
    for (let j = start; j < end; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < lenA; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const transpositions = halfTranspositions >> 1;
  return (matches / lenA + matches / lenB + (matches - transpositions) / matches) / 3;
}

/** Jaro-Winkler similarity in [0, 1]: Jaro boosted by a common prefix of up to 4 characters. */
export function jaroWinkler(a: string, b: string): number {
  const similarity = jaro(a, b);
  if (similarity === 0 || similarity === 1) return similarity;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return similarity + prefix * 0.1 * (1 - similarity);
}

/**
 * Token-level similarity for multi-word values whose word order varies ("seoul gangnamgu teheranro 123"
 * vs "123 teheranro gangnamgu seoul"): the symmetric Monge-Elkan mean of each word's best Jaro-Winkler match.
 */
export function tokenJaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  return tokenListJaroWinkler(a.split(' '), b.split(' '));
}

let rowBest = new Float64Array(16);
let columnBest = new Float64Array(16);

/** `tokenJaroWinkler` over values already split into words (each word pair scored once for both directions). */
export function tokenListJaroWinkler(tokensA: readonly string[], tokensB: readonly string[]): number {
  const lengthA = tokensA.length;
  const lengthB = tokensB.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  if (lengthA > rowBest.length) rowBest = new Float64Array(lengthA * 2);
  if (lengthB > columnBest.length) columnBest = new Float64Array(lengthB * 2);
  rowBest.fill(0, 0, lengthA);
  columnBest.fill(0, 0, lengthB);
  for (let i = 0; i < lengthA; i++) {
    for (let j = 0; j < lengthB; j++) {
      const score = jaroWinkler(tokensA[i], tokensB[j]);
      if (score > rowBest[i]) rowBest[i] = score;
      if (score > columnBest[j]) columnBest[j] = score;
    }
  }
  let totalA = 0;
  for (let i = 0; i < lengthA; i++) totalA += rowBest[i];
  let totalB = 0;
  for (let j = 0; j < lengthB; j++) totalB += columnBest[j];
  return (totalA / lengthA + totalB / lengthB) / 2;
}
