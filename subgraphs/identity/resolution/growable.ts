// Append-only typed-array columns that double their capacity, so millions of rows cost no per-row objects.

export class IntColumn {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  grow(least: number): void {
    const next = new Int32Array(Math.max(least, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** A copy trimmed to the used length. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** A compressed-sparse-row list: row r's items are `items[offsets[r]] .. items[offsets[r + 1] - 1]`. */
export class RowLists {
  readonly offsets = new IntColumn();
  readonly items = new IntColumn();

  constructor() {
    this.offsets.push(0);
  }

  get rows(): number {
    return this.offsets.length - 1;
  }

  push(item: number): void {
    this.items.push(item);
  }

  /** Closes the current row. */
  endRow(): void {
    this.offsets.push(this.items.length);
  }
}
