const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A string column in the Arrow layout: all values' UTF-8 bytes back to back in `data`, value i is
 * `data[offsets[i] .. offsets[i + 1])`. No JS string exists until you ask for one.
 */
export class StringColumn {
  /** Number of values. */
  readonly length: number;
  /** UTF-8 bytes of every value, concatenated. */
  readonly data: Uint8Array;
  /** length + 1 offsets into `data`. */
  readonly offsets: Int32Array;
  /** Arrow validity bitmap (bit i set = value i present), only for nullable columns. */
  readonly validity: Uint8Array | undefined;

  constructor(data: Uint8Array, offsets: Int32Array, validity?: Uint8Array) {
    this.data = data;
    this.offsets = offsets;
    this.length = offsets.length - 1;
    this.validity = validity;
  }

  /** True when value i is null (only nullable columns have nulls). */
  isNull(i: number): boolean {
    return this.validity !== undefined && (this.validity[i >> 3] & (1 << (i & 7))) === 0;
  }

  /** Value i as a string (invalid UTF-8 becomes U+FFFD, as TextDecoder does), or null. */
  get(i: number): string | null {
    if (i < 0 || i >= this.length || !Number.isInteger(i)) throw new RangeError(`index ${i} is outside 0..${this.length - 1}`);
    if (this.isNull(i)) return null;
    return decoder.decode(this.data.subarray(this.offsets[i], this.offsets[i + 1]));
  }

  /** Value i's raw UTF-8 bytes (a view, no copy). */
  bytes(i: number): Uint8Array {
    return this.data.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  /** Every value as a JS string (or null): one string per row, so only when you need them. */
  toArray(): (string | null)[] {
    const out = new Array<string | null>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<string | null> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}
