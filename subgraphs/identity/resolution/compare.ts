// Field comparators: the agreement level of two records on one attribute, and the evidence shown for a link.
import type { AttributeColumn, RecordTable } from './record-table.ts';
import { editDistance } from './similarity/edit-distance.ts';
import { jaroWinkler, tokenListJaroWinkler } from './similarity/jaro-winkler.ts';
import type { ComparatorName, ComparisonConfig, FieldEvidence, LevelConfig } from './types.ts';

/** Level returned when either record has no usable value. */
export const MISSING = -1;

export class Comparison {
  readonly attribute: string;
  readonly column: AttributeColumn;
  readonly comparator: ComparatorName;
  readonly levels: LevelConfig[];
  /** Level names, strongest first, then "else". */
  readonly levelNames: string[];
  /** Number of levels including "else". */
  readonly size: number;
  private readonly usesEdits: boolean;
  /** tokenJaroWinkler: value id → its words, split once. */
  private readonly tokens: string[][] = [];
  private readonly maxEdits: number;

  constructor(attribute: string, config: ComparisonConfig, table: RecordTable) {
    this.attribute = attribute;
    this.column = table.attribute(attribute);
    this.comparator = config.comparator;
    this.levels = config.levels ?? [{ name: 'exact', min: 1 }];
    this.levelNames = [...this.levels.map((level) => level.name), 'else'];
    this.size = this.levels.length + 1;
    this.usesEdits = config.comparator === 'editDistance' || config.comparator === 'date';
    this.maxEdits = Math.max(0, ...this.levels.map((level) => level.maxEdits ?? 0));
  }

  /** Index of a level name; throws on a name the comparison does not define. */
  levelIndex(name: string): number {
    const index = this.levelNames.indexOf(name);
    if (index < 0) throw new Error(`identity resolution: attribute "${this.attribute}" has no level "${name}" (has ${this.levelNames.join(', ')})`);
    return index;
  }

  /** Best level (0 = strongest) over the two rows' usable values, or MISSING. */
  level(rowA: number, rowB: number): number {
    const column = this.column;
    // Read the arrays on each call: incremental appends may have replaced them.
    const offsets = column.evidence.offsets.data;
    const items = column.evidence.items.data;
    const startA = offsets[rowA];
    const endA = offsets[rowA + 1];
    const startB = offsets[rowB];
    const endB = offsets[rowB + 1];
    const capped = column.capped;
    let best = MISSING;
    for (let i = startA; i < endA; i++) {
      const valueA = items[i];
      if (capped[valueA] === 1) continue;
      for (let j = startB; j < endB; j++) {
        const valueB = items[j];
        if (capped[valueB] === 1) continue;
        const level = valueA === valueB ? 0 : this.valueLevel(valueA, valueB);
        if (best === MISSING || level < best) best = level;
        if (best === 0) return 0;
      }
    }
    return best;
  }

  /** Level of two interned values. */
  valueLevel(valueA: number, valueB: number): number {
    if (valueA === valueB) return 0;
    if (this.comparator === 'exact') return this.levels.length;
    if (this.usesEdits) {
      const distance = this.distance(valueA, valueB);
      const similarity = this.similarityFromDistance(valueA, valueB, distance);
      return this.levelOf(similarity, distance);
    }
    return this.levelOf(this.similarity(valueA, valueB), 0);
  }

  /** Similarity in [0, 1] of two interned values. */
  similarity(valueA: number, valueB: number): number {
    if (valueA === valueB) return 1;
    const values = this.column.values;
    switch (this.comparator) {
      case 'exact':
        return 0;
      case 'jaroWinkler':
        return jaroWinkler(values[valueA], values[valueB]);
      case 'tokenJaroWinkler':
        return tokenListJaroWinkler(this.tokensOf(valueA), this.tokensOf(valueB));
      case 'personName':
        return personNameSimilarity(this.column, valueA, valueB);
      case 'editDistance':
      case 'date':
        return this.similarityFromDistance(valueA, valueB, this.distance(valueA, valueB));
    }
  }

  /** The evidence of one field for a link: level name and best similarity. */
  evidence(rowA: number, rowB: number): FieldEvidence {
    const level = this.level(rowA, rowB);
    if (level === MISSING) return { attribute: this.attribute, level: 'missing', similarity: null };
    const column = this.column;
    const offsets = column.evidence.offsets.data;
    const items = column.evidence.items.data;
    let best = 0;
    for (let i = offsets[rowA]; i < offsets[rowA + 1]; i++) {
      for (let j = offsets[rowB]; j < offsets[rowB + 1]; j++) {
        if (column.capped[items[i]] === 1 || column.capped[items[j]] === 1) continue;
        best = Math.max(best, this.similarity(items[i], items[j]));
      }
    }
    return { attribute: this.attribute, level: this.levelNames[level], similarity: Math.round(best * 10000) / 10000 };
  }

  private tokensOf(value: number): string[] {
    return (this.tokens[value] ??= this.column.values[value].split(' '));
  }

  private levelOf(similarity: number, distance: number): number {
    const levels = this.levels;
    for (let l = 0; l < levels.length; l++) {
      const level = levels[l];
      if (level.maxEdits !== undefined ? distance <= level.maxEdits : similarity >= (level.min ?? 1)) return l;
    }
    return levels.length;
  }

  private distance(valueA: number, valueB: number): number {
    const a = this.column.values[valueA];
    const b = this.column.values[valueB];
    return this.comparator === 'date' ? dateEdits(a, b, this.maxEdits) : editDistance(a, b, this.maxEdits);
  }

  private similarityFromDistance(valueA: number, valueB: number, distance: number): number {
    const length = Math.max(this.column.values[valueA].length, this.column.values[valueB].length);
    const digits = this.comparator === 'date' ? 8 : length;
    return digits === 0 ? 0 : Math.max(0, 1 - distance / digits);
  }
}

/**
 * Edits between two YYYY-MM-DD dates over their 8 digits; day and month swapped counts as one edit
 * (07/03 read as 03/07).
 */
export function dateEdits(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (a.slice(0, 4) === b.slice(0, 4) && a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7)) return 1;
  return editDistance(a.replaceAll('-', ''), b.replaceAll('-', ''), max);
}

/**
 * Similarity of two person names, tolerant of family/given order: the better of the straight and the
 * swapped pairing, where a pairing scores the weaker of its two Jaro-Winkler similarities. When one
 * side has no known family name, the whole names are compared both ways round.
 */
export function personNameSimilarity(column: AttributeColumn, valueA: number, valueB: number): number {
  if (valueA === valueB) return 1;
  const familyA = column.family[valueA];
  const givenA = column.given[valueA];
  const familyB = column.family[valueB];
  const givenB = column.given[valueB];
  if (familyA === '' || familyB === '') {
    const wholeA = familyA + givenA;
    return Math.max(jaroWinkler(wholeA, familyB + givenB), jaroWinkler(wholeA, givenB + familyB));
  }
  const straight = Math.min(jaroWinkler(familyA, familyB), jaroWinkler(givenA, givenB));
  if (straight === 1) return 1;
  const swapped = Math.min(jaroWinkler(familyA, givenB), jaroWinkler(givenA, familyB));
  return Math.max(straight, swapped);
}
