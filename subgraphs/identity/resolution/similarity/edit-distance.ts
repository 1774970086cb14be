// Damerau-Levenshtein (optimal string alignment) distance with a cut-off, for short codes such as postcodes and ids.

let rowPrev2 = new Int32Array(32);
let rowPrev = new Int32Array(32);
let rowCurrent = new Int32Array(32);

/**
 * Edits (insert, delete, substitute, swap two adjacent characters) between `a` and `b`, or `max + 1`
 * as soon as it is known to exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  const lenA = a.length;
  const lenB = b.length;
  if (Math.abs(lenA - lenB) > max) return max + 1;
  if (lenA === 0) return lenB;
  if (lenB === 0) return lenA;
  if (lenB + 1 > rowPrev.length) {
    rowPrev2 = new Int32Array((lenB + 1) * 2);
    rowPrev = new Int32Array((lenB + 1) * 2);
    rowCurrent = new Int32Array((lenB + 1) * 2);
  }
  for (let j = 0; j <= lenB; j++) rowPrev[j] = j;
  for (let i = 1; i <= lenA; i++) {
    rowCurrent[0] = i;
    let rowMin = i;
    const codeA = a.charCodeAt(i - 1);
    for (let j = 1; j <= lenB; j++) {
      const codeB = b.charCodeAt(j - 1);
      const cost = codeA === codeB ? 0 : 1;
      let value = Math.min(rowPrev[j] + 1, rowCurrent[j - 1] + 1, rowPrev[j - 1] + cost);
      if (i > 1 && j > 1 && codeA === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === codeB) {
        value = Math.min(value, rowPrev2[j - 2] + 1);
      }
      rowCurrent[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const recycled = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCurrent;
    rowCurrent = recycled;
  }
  return rowPrev[lenB];
}
