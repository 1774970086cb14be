// Columnar store of normalized source records: each value normalized once, interned to an integer id.
import { IntColumn, RowLists } from './growable.ts';
import type { NormalizedValue } from './normalize/normalized-value.ts';
import { foldRomanization, nameParts } from './normalize/person-name.ts';
import { NORMALIZERS } from './normalize/registry.ts';
import type { AttributeMapping, GuardsConfig, NormalizerName, ResolutionConfig, SourceRecord } from './types.ts';

/**
 * Normalizers whose raw inputs repeat across records (a family's names, a household's address, the
 * same birth date written the same way), so that remembering their output pays: names are
 * romanized and parsed once per spelling. Emails, phones and identifiers are mostly unique.
 */
const MEMOIZED = new Set<NormalizerName>(['personName', 'givenName', 'familyName', 'address', 'date', 'postcode', 'text']);
/** Distinct raw values remembered per attribute: bounds the memory the memo can take. */
const MEMO_LIMIT = 200_000;

/** One canonical attribute over all rows. */
export class AttributeColumn {
  readonly name: string;
  readonly mapping: AttributeMapping;
  /** Interned normalized keys: value id → key. */
  readonly values: string[] = [];
  readonly valueIds = new Map<string, number>();
  /** Value id → rows that hold it as evidence (drives the frequency cap). */
  readonly valueRows: number[] = [];
  /** Value id → 1 when the frequency cap removed it from the evidence. */
  readonly capped: number[] = [];
  /** For personName: value id → parsed family and given names, romanization variants folded (see foldRomanization). */
  readonly family: string[] = [];
  readonly given: string[] = [];
  /** Every normalized value of a row (for survivorship): value ids, display forms, and 1 when usable as evidence. */
  readonly entries = new RowLists();
  readonly entryDisplay: string[] = [];
  readonly entryUsable = new IntColumn();
  /** Distinct usable value ids of a row: the evidence that matching and blocking see. */
  readonly evidence = new RowLists();
  blockedValueCount = 0;
  /** Raw value → its normalized form, for normalizers whose inputs repeat (names, addresses, dates). */
  private readonly memo: Map<string, NormalizedValue | null> | undefined;
  private readonly blockedKeys: Set<string>;
  private readonly blockedPatterns: RegExp[];
  private readonly blockGeneric: boolean;

  constructor(name: string, mapping: AttributeMapping, guards: GuardsConfig | undefined) {
    this.name = name;
    this.mapping = mapping;
    const blocked = guards?.blockedValues?.[name];
    this.blockGeneric = blocked?.generic ?? true;
    this.blockedPatterns = (blocked?.patterns ?? []).map((pattern) => new RegExp(pattern, 'u'));
    this.blockedKeys = new Set();
    this.memo = MEMOIZED.has(mapping.normalizer) ? new Map() : undefined;
    for (const value of blocked?.values ?? []) {
      this.blockedKeys.add(value);
      const normalized = this.normalize(value);
      if (normalized !== null) this.blockedKeys.add(normalized.key);
    }
  }

  normalize(raw: string): NormalizedValue | null {
    return NORMALIZERS[this.mapping.normalizer](raw, this.mapping.options);
  }

  /** Normalizes a record's raw values for this attribute and appends them as the next row. */
  appendRow(record: SourceRecord): void {
    const raws: string[] = [];
    for (const field of this.mapping.from) {
      const raw = record.fields[field];
      if (typeof raw === 'string') raws.push(raw);
      else if (Array.isArray(raw)) for (const item of raw) if (typeof item === 'string') raws.push(item);
    }
    const inputs = this.mapping.combine === 'join' ? (raws.length > 0 ? [raws.join(' ')] : []) : raws;
    const evidenceStart = this.evidence.items.length;
    for (const raw of inputs) {
      const normalized = this.normalizeRepeated(raw);
      if (normalized === null) continue;
      const id = this.intern(normalized.key);
      const usable = !this.isBlocked(normalized);
      if (!usable) this.blockedValueCount++;
      this.entries.push(id);
      this.entryDisplay.push(normalized.display);
      this.entryUsable.push(usable ? 1 : 0);
      if (usable && !includes(this.evidence.items.data, evidenceStart, this.evidence.items.length, id)) {
        this.evidence.push(id);
        this.valueRows[id]++;
      }
    }
    this.entries.endRow();
    this.evidence.endRow();
  }

  /** `normalize`, remembered per raw value where values repeat (up to MEMO_LIMIT distinct ones). */
  private normalizeRepeated(raw: string): NormalizedValue | null {
    const memo = this.memo;
    if (memo === undefined) return this.normalize(raw);
    let normalized = memo.get(raw);
    if (normalized === undefined) {
      normalized = this.normalize(raw);
      if (memo.size < MEMO_LIMIT) memo.set(raw, normalized);
    }
    return normalized;
  }

  /** Removes a row's evidence from the value counts (the row was replaced or deleted). */
  forgetRow(row: number): void {
    const offsets = this.evidence.offsets.data;
    const items = this.evidence.items.data;
    for (let e = offsets[row]; e < offsets[row + 1]; e++) this.valueRows[items[e]]--;
  }

  private intern(key: string): number {
    let id = this.valueIds.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(key);
      this.valueIds.set(key, id);
      this.valueRows.push(0);
      this.capped.push(0);
      if (this.mapping.normalizer === 'personName') {
        const parts = nameParts(key);
        this.family.push(parts.family);
        this.given.push(foldRomanization(parts.given));
      }
    }
    return id;
  }

  private isBlocked(value: NormalizedValue): boolean {
    if (value.generic === true && this.blockGeneric) return true;
    if (this.blockedKeys.has(value.key)) return true;
    return this.blockedPatterns.some((pattern) => pattern.test(value.key));
  }
}

function includes(items: Int32Array, start: number, end: number, value: number): boolean {
  for (let i = start; i < end; i++) if (items[i] === value) return true;
  return false;
}

/** All rows of a resolution: keys, systems, update times and the attribute columns. */
export class RecordTable {
  readonly keys: string[] = [];
  readonly systemNames: string[] = [];
  private readonly systemIndex = new Map<string, number>();
  readonly systems = new IntColumn();
  readonly updatedAt: (string | null)[] = [];
  readonly updatedMs: number[] = [];
  /** 0 once a row was replaced by a newer version of its record or removed. */
  readonly alive: number[] = [];
  /** Record key → its live row. */
  readonly rowOf = new Map<string, number>();
  readonly attributes: AttributeColumn[];
  readonly attributeIndex = new Map<string, number>();

  constructor(config: ResolutionConfig) {
    this.attributes = Object.entries(config.mapping.attributes).map(
      ([name, mapping]) => new AttributeColumn(name, mapping, config.rules.guards),
    );
    this.attributes.forEach((column, index) => this.attributeIndex.set(column.name, index));
  }

  get rows(): number {
    return this.keys.length;
  }

  attribute(name: string): AttributeColumn {
    const index = this.attributeIndex.get(name);
    if (index === undefined) throw new Error(`identity resolution: unknown attribute "${name}"`);
    return this.attributes[index];
  }

  systemId(system: string): number {
    let id = this.systemIndex.get(system);
    if (id === undefined) {
      id = this.systemNames.length;
      this.systemNames.push(system);
      this.systemIndex.set(system, id);
    }
    return id;
  }

  /** Appends a record as a new row; a previous row of the same key stops being alive. Returns the row. */
  append(record: SourceRecord): number {
    const key = `${record.system}:${record.id}`;
    const previous = this.rowOf.get(key);
    if (previous !== undefined) this.retire(previous);
    const row = this.keys.length;
    this.keys.push(key);
    this.systems.push(this.systemId(record.system));
    const updatedAt = typeof record.updatedAt === 'string' && record.updatedAt !== '' ? record.updatedAt : null;
    this.updatedAt.push(updatedAt);
    const ms = updatedAt === null ? Number.NaN : Date.parse(updatedAt);
    this.updatedMs.push(ms);
    this.alive.push(1);
    this.rowOf.set(key, row);
    for (const column of this.attributes) column.appendRow(record);
    return row;
  }

  /** Marks a row dead and removes its evidence from the value counts. */
  retire(row: number): void {
    if (this.alive[row] === 0) return;
    this.alive[row] = 0;
    for (const column of this.attributes) column.forgetRow(row);
    if (this.rowOf.get(this.keys[row]) === row) this.rowOf.delete(this.keys[row]);
  }

  /** Applies the frequency caps: values held by more rows than allowed stop being evidence. */
  applyFrequencyCaps(caps: Record<string, number>): { values: Record<string, number>; records: Record<string, number> } {
    const values: Record<string, number> = {};
    const records: Record<string, number> = {};
    for (const [name, cap] of Object.entries(caps)) {
      const column = this.attribute(name);
      let cappedValues = 0;
      let cappedRecords = 0;
      for (let id = 0; id < column.values.length; id++) {
        const capped = column.valueRows[id] > cap ? 1 : 0;
        column.capped[id] = capped;
        if (capped) {
          cappedValues++;
          cappedRecords += column.valueRows[id];
        }
      }
      values[name] = cappedValues;
      records[name] = cappedRecords;
    }
    return { values, records };
  }
}
