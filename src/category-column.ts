// A dictionary-encoded string column: the Arrow Dictionary<Utf8, Int32> layout.
import type { StringColumn } from './string-column.js';

/**
 * A category column: `codes[i]` indexes `dictionary`, the column's distinct values in order of
 * first appearance. A null (nullable columns only) has its validity bit cleared and code 0, so every
 * code is a valid index whenever the dictionary is not empty, as Arrow's dictionary arrays expect.
 */
export class CategoryColumn {
  /** Number of values. */
  readonly length: number;
  /** One dictionary index per row. */
  readonly codes: Int32Array;
  /** The distinct values, in order of first appearance (never null). */
  readonly dictionary: StringColumn;
  /** Arrow validity bitmap (bit i set = value i present), only for columns that can hold nulls. */
  readonly validity: Uint8Array | undefined;

  constructor(codes: Int32Array, dictionary: StringColumn, validity?: Uint8Array) {
    this.codes = codes;
    this.dictionary = dictionary;
    this.length = codes.length;
    this.validity = validity;
  }

  /** True when value i is null. */
  isNull(i: number): boolean {
    return this.validity !== undefined && (this.validity[i >> 3] & (1 << (i & 7))) === 0;
  }

  /** Value i as a string, or null. */
  get(i: number): string | null {
    if (i < 0 || i >= this.length || !Number.isInteger(i)) throw new RangeError(`index ${i} is outside 0..${this.length - 1}`);
    if (this.isNull(i)) return null;
    return this.dictionary.get(this.codes[i]);
  }

  /** Every value as a JS string (or null); the strings are shared per dictionary entry. */
  toArray(): (string | null)[] {
    const names = this.dictionary.toArray();
    const out = new Array<string | null>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.isNull(i) ? null : names[this.codes[i]];
    return out;
  }

  *[Symbol.iterator](): IterableIterator<string | null> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}
