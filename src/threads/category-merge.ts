// One category dictionary from the dictionaries of consecutive splits, in order of first appearance.
//
// Each split's dictionary holds its kept rows' distinct values in the order they first appear in the
// split. Taking split 0's entries, then each later split's entries not seen yet, in split order,
// gives the distinct values in order of first appearance in the file: one thread's dictionary. A
// split's codes then go through its mapping (local code -> merged code).

import { StringColumn } from '../string-column.js';

/** A growing dictionary, keyed by the entries' exact bytes (not UTF-8 decoded: invalid bytes differ). */
export class DictionaryMerger {
  private readonly index = new Map<string, number>();
  private data = new Uint8Array(256);
  private dataLength = 0;
  private offsets = new Int32Array(65);
  /** Entries so far. */
  count = 0;

  /**
   * Takes in entries [from, dictionary.length) of a split's dictionary (its earlier entries were
   * taken in before, into `mapping`), adding the new ones; returns the mapping grown to cover them.
   */
  take(dictionary: StringColumn, from: number, mapping: Int32Array): Int32Array {
    const n = dictionary.length;
    if (n <= from) return mapping;
    let map = mapping;
    if (map.length < n) {
      map = new Int32Array(Math.max(n, map.length * 2, 16));
      map.set(mapping.subarray(0, from));
    }
    const { data, offsets } = dictionary;
    for (let code = from; code < n; code++) {
      const bytes = data.subarray(offsets[code], offsets[code + 1]);
      const key = keyOf(bytes);
      let merged = this.index.get(key);
      if (merged === undefined) {
        merged = this.add(bytes);
        this.index.set(key, merged);
      }
      map[code] = merged;
    }
    return map;
  }

  /** The first `count` entries (all by default), as a column of their own. */
  dictionary(count = this.count): StringColumn {
    return new StringColumn(this.data.slice(0, this.offsets[count]), this.offsets.slice(0, count + 1));
  }

  private add(bytes: Uint8Array): number {
    if (this.dataLength + bytes.length > this.data.length) {
      const next = new Uint8Array(Math.max(this.dataLength + bytes.length, this.data.length * 2));
      next.set(this.data.subarray(0, this.dataLength));
      this.data = next;
    }
    if (this.count + 2 > this.offsets.length) {
      const next = new Int32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.data.set(bytes, this.dataLength);
    this.dataLength += bytes.length;
    this.offsets[++this.count] = this.dataLength;
    return this.count - 1;
  }
}

/** One UTF-16 unit per byte: exact for any bytes, and cheap for the short values categories hold. */
function keyOf(bytes: Uint8Array): string {
  let key = '';
  for (let i = 0; i < bytes.length; i += 4096) key += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  return key;
}

/**
 * `codes` with every present value's code put through `mapping` (a null keeps code 0, as one thread
 * writes it), into `out` from `at`. `validity` bit i clear: row i is null.
 */
export function remapCodes(codes: Int32Array, mapping: Int32Array, validity: Uint8Array | undefined, out: Int32Array, at: number): void {
  const n = codes.length;
  if (validity === undefined) {
    for (let i = 0; i < n; i++) out[at + i] = mapping[codes[i]];
    return;
  }
  for (let i = 0; i < n; i++) out[at + i] = (validity[i >> 3] & (1 << (i & 7))) === 0 ? 0 : mapping[codes[i]];
}
