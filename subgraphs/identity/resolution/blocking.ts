// Blocking: records that share a key of any blocking rule become candidate pairs; oversized blocks are skipped.
import { RowLists } from './growable.ts';
import type { RecordTable } from './record-table.ts';
import { consonantSkeleton, soundex } from './similarity/phonetic.ts';
import type { BlockingKeyConfig, KeyTransform } from './types.ts';

/** Keys one record may produce for one rule (the product of its multi-valued parts), beyond which the rest are dropped. */
const MAX_KEYS_PER_ROW = 64;

type Transform = (value: string) => string;

function compileTransform(name: KeyTransform): Transform {
  const [kind, argument] = name.split(':');
  const count = Number(argument);
  switch (kind) {
    case 'value':
      return (value) => value;
    case 'year':
      return (value) => (/^\d{4}/.test(value) ? value.slice(0, 4) : '');
    case 'monthDay':
      return (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value.slice(5) : '');
    case 'family':
      return (value) => (value.includes('|') ? value.slice(0, value.indexOf('|')) : value);
    case 'given':
      return (value) => (value.includes('|') ? value.slice(value.indexOf('|') + 1) : value);
    case 'initials':
      return (value) =>
        value
          .split(/[|\s]/)
          .filter((part) => part !== '')
          .map((part) => part[0])
          .join('');
    case 'soundex':
      return soundex;
    case 'skeleton':
      return consonantSkeleton;
    case 'digits':
      return (value) => value.replace(/\D/g, '');
    case 'firstToken':
      return (value) => value.split(/[|\s]/).find((part) => part !== '') ?? '';
    case 'prefix':
      if (!(count > 0)) throw new Error(`identity resolution: blocking transform "${name}" needs a positive length`);
      return (value) => value.slice(0, count);
    case 'suffix':
      if (!(count > 0)) throw new Error(`identity resolution: blocking transform "${name}" needs a positive length`);
      return (value) => value.slice(-count);
    default:
      throw new Error(`identity resolution: unknown blocking transform "${name}"`);
  }
}

interface CompiledPart {
  attribute: number;
  transforms: Transform[];
  /** Value id → hash of the transformed value (computed once per distinct value), EMPTY when it yields nothing, NaN before. */
  hashes: Float64Array;
}

const EMPTY = -1;

/** FNV-1a over UTF-16 code units with a murmur3 finalizer: a well-mixed 32-bit string hash. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return finalize(hash);
}

function finalize(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * One blocking rule over a record table: keys per row, block membership, and the oversized blocks.
 * A key is kept as a 30-bit hash of its parts (a small integer for V8), never as a string: two keys
 * that collide (about 500 pairs among a million keys) only share a block, which adds a few
 * comparisons and cannot create a link on its own.
 */
export class BlockIndex {
  readonly name: string;
  private readonly parts: CompiledPart[];
  private readonly table: RecordTable;
  private readonly maxBlockSize: number;
  readonly keyIds = new Map<number, number>();
  /** Block id → live + dead member count (a block over the cap is never compared). */
  readonly blockSize: number[] = [];
  /** Row → its block ids. */
  readonly rowBlocks = new RowLists();
  /** Members of the blocks seen at build time, in row order. */
  private blockStart = new Int32Array(1);
  private blockMembers = new Int32Array(0);
  private builtBlocks = 0;
  /** Members added after the build. */
  private readonly appended = new Map<number, number[]>();
  private readonly scratch: number[] = [];
  private readonly next: number[] = [];

  constructor(config: BlockingKeyConfig, table: RecordTable, maxBlockSize: number) {
    this.name = config.name;
    this.table = table;
    this.maxBlockSize = maxBlockSize;
    this.parts = config.parts.map((part) => {
      const transforms = part.transform === undefined ? [] : Array.isArray(part.transform) ? part.transform : [part.transform];
      const attribute = table.attributeIndex.get(part.attribute);
      if (attribute === undefined) throw new Error(`identity resolution: blocking key "${config.name}" uses unknown attribute "${part.attribute}"`);
      return { attribute, transforms: transforms.map(compileTransform), hashes: new Float64Array(0) };
    });
  }

  /** Key strings of a row (for inspection and tests): one per combination of its parts' usable values. */
  keysOf(row: number): string[] {
    let keys = [''];
    this.parts.forEach((part, p) => {
      const values = new Set<string>();
      const column = this.table.attributes[part.attribute];
      const offsets = column.evidence.offsets.data;
      const items = column.evidence.items.data;
      for (let e = offsets[row]; e < offsets[row + 1]; e++) {
        if (column.capped[items[e]] === 1) continue;
        const value = this.transformed(part, items[e]);
        if (value !== '') values.add(value);
      }
      keys = keys.flatMap((prefix) => [...values].map((value) => (p === 0 ? value : `${prefix}\u0001${value}`)));
    });
    return keys.slice(0, MAX_KEYS_PER_ROW);
  }

  private transformed(part: CompiledPart, value: number): string {
    let text = this.table.attributes[part.attribute].values[value];
    for (const transform of part.transforms) text = transform(text);
    return text;
  }

  private partHash(part: CompiledPart, value: number): number {
    if (value >= part.hashes.length) {
      const grown = new Float64Array(Math.max(1024, (value + 1) * 2)).fill(Number.NaN);
      grown.set(part.hashes);
      part.hashes = grown;
    }
    let hash = part.hashes[value];
    if (Number.isNaN(hash)) {
      const text = this.transformed(part, value);
      hash = text === '' ? EMPTY : hashString(text);
      part.hashes[value] = hash;
    }
    return hash;
  }

  /** Key hashes of a row, written to `this.scratch`; returns how many. */
  private keyHashes(row: number): number {
    const keys = this.scratch;
    keys.length = 0;
    keys.push(0x9747b28c);
    for (const part of this.parts) {
      const column = this.table.attributes[part.attribute];
      const offsets = column.evidence.offsets.data;
      const items = column.evidence.items.data;
      const next = this.next;
      next.length = 0;
      for (let e = offsets[row]; e < offsets[row + 1]; e++) {
        if (column.capped[items[e]] === 1) continue;
        const hash = this.partHash(part, items[e]);
        if (hash === EMPTY) continue;
        for (let k = 0; k < keys.length && next.length < MAX_KEYS_PER_ROW; k++) {
          const combined = finalize(Math.imul(keys[k] ^ hash, 0x01000193) + 0x9e3779b9);
          if (!next.includes(combined)) next.push(combined);
        }
      }
      if (next.length === 0) return 0;
      keys.length = 0;
      for (const key of next) keys.push(key);
    }
    for (let k = 0; k < keys.length; k++) keys[k] = keys[k] >>> 2;
    return keys.length;
  }

  /** Indexes rows 0..rows-1 at once (the full run). */
  build(rows: number): void {
    for (let row = 0; row < rows; row++) this.addKeys(row);
    const blocks = this.blockSize.length;
    const start = new Int32Array(blocks + 1);
    for (let b = 0; b < blocks; b++) start[b + 1] = start[b] + this.blockSize[b];
    const fill = start.slice(0, blocks);
    const members = new Int32Array(start[blocks]);
    const offsets = this.rowBlocks.offsets.data;
    const items = this.rowBlocks.items.data;
    for (let row = 0; row < rows; row++) {
      for (let e = offsets[row]; e < offsets[row + 1]; e++) members[fill[items[e]]++] = row;
    }
    this.blockStart = start;
    this.blockMembers = members;
    this.builtBlocks = blocks;
  }

  /** Indexes one more row (incremental). */
  append(row: number): void {
    if (this.rowBlocks.rows !== row) throw new Error(`identity resolution: block index "${this.name}" is out of step with the record table`);
    const first = this.rowBlocks.items.length;
    this.addKeys(row);
    const items = this.rowBlocks.items.data;
    for (let e = first; e < this.rowBlocks.items.length; e++) {
      const block = items[e];
      let list = this.appended.get(block);
      if (list === undefined) this.appended.set(block, (list = []));
      list.push(row);
    }
  }

  private addKeys(row: number): void {
    const count = this.keyHashes(row);
    for (let k = 0; k < count; k++) {
      const key = this.scratch[k];
      let id = this.keyIds.get(key);
      if (id === undefined) {
        id = this.blockSize.length;
        this.keyIds.set(key, id);
        this.blockSize.push(0);
      }
      this.blockSize[id]++;
      this.rowBlocks.push(id);
    }
    this.rowBlocks.endRow();
  }

  isOversized(block: number): boolean {
    return this.blockSize[block] > this.maxBlockSize;
  }

  /** Members of a block in the order they were indexed (dead rows included: callers check `alive`). */
  forEachMember(block: number, visit: (row: number) => void): void {
    if (block < this.builtBlocks) {
      for (let m = this.blockStart[block]; m < this.blockStart[block + 1]; m++) visit(this.blockMembers[m]);
    }
    const extra = this.appended.get(block);
    if (extra !== undefined) for (const row of extra) visit(row);
  }

  /** Built-time members as a typed-array slice range (the full run's hot loop). */
  builtRange(block: number): [Int32Array, number, number] {
    return [this.blockMembers, this.blockStart[block], this.blockStart[block + 1]];
  }

  get blockCount(): number {
    return this.blockSize.length;
  }

  /** Whether two rows share a block of this rule that is small enough to be compared, with an id below `before`. */
  shareBlock(rowA: number, rowB: number, before = Number.MAX_SAFE_INTEGER): boolean {
    const offsets = this.rowBlocks.offsets.data;
    const items = this.rowBlocks.items.data;
    for (let i = offsets[rowA]; i < offsets[rowA + 1]; i++) {
      const block = items[i];
      if (block >= before || this.isOversized(block)) continue;
      for (let j = offsets[rowB]; j < offsets[rowB + 1]; j++) if (items[j] === block) return true;
    }
    return false;
  }
}

/** Candidate pairs of a full run, each once: a pair is emitted by the first rule (and lowest block) that holds it. */
export function generateCandidatePairs(
  indexes: BlockIndex[],
  table: RecordTable,
  mode: 'dedupe' | 'link',
  emit: (rowA: number, rowB: number) => void,
): { oversizedBlocks: number; recordsInOversizedBlocks: number } {
  let oversizedBlocks = 0;
  let recordsInOversizedBlocks = 0;
  const systems = table.systems.data;
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k];
    for (let block = 0; block < index.blockCount; block++) {
      const size = index.blockSize[block];
      if (size < 2) continue;
      if (index.isOversized(block)) {
        oversizedBlocks++;
        recordsInOversizedBlocks += size;
        continue;
      }
      const [members, start, end] = index.builtRange(block);
      for (let x = start; x < end; x++) {
        const rowA = members[x];
        for (let y = x + 1; y < end; y++) {
          const rowB = members[y];
          if (mode === 'link' && systems[rowA] === systems[rowB]) continue;
          if (index.shareBlock(rowA, rowB, block)) continue;
          let seen = false;
          for (let earlier = 0; earlier < k && !seen; earlier++) seen = indexes[earlier].shareBlock(rowA, rowB);
          if (!seen) emit(rowA, rowB);
        }
      }
    }
  }
  return { oversizedBlocks, recordsInOversizedBlocks };
}
