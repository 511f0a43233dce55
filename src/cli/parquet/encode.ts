// Parquet value encodings for typed columns: PLAIN (the typed array's own little-endian bytes;
// length-prefixed bytes for strings), a dictionary of distinct values with bit-packed indexes
// (RLE_DICTIONARY), and definition levels straight from the Arrow validity bitmap (a bit-packed
// run of width 1 has exactly the bitmap's layout).
import { DistinctBytes } from '../distinct-bytes.js';
import type { Scratch } from './scratch.js';

/** Unsigned LEB128. */
export function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Bit-packed hybrid run of `n` values of `width` bits (no length prefix), in slot "packed" of `scratch`. */
export function bitPack(values: Int32Array, n: number, width: number, scratch: Scratch): Uint8Array {
  const groups = Math.ceil(n / 8);
  const head = varint((groups << 1) | 1);
  const out = scratch.bytes('packed', head.length + groups * width);
  out.set(head);
  let o = head.length;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < groups * 8; i++) {
    const v = i < n ? values[i] : 0;
    acc |= v << bits; // width ≤ 24 keeps acc within 32 bits
    bits += width;
    while (bits >= 8) {
      out[o++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  return out;
}

/** Definition levels (1 = present) of n rows from a validity bitmap, with the 4-byte length prefix. */
export function definitionLevels(validity: Uint8Array | undefined, n: number): Uint8Array {
  const groups = Math.ceil(n / 8);
  const head = varint((groups << 1) | 1);
  const body = new Uint8Array(4 + head.length + groups);
  new DataView(body.buffer).setUint32(0, head.length + groups, true);
  body.set(head, 4);
  if (validity) body.set(validity.subarray(0, groups), 4 + head.length);
  else body.fill(0xff, 4 + head.length);
  // bits past n must be 0 in the last group (readers stop at n, but keep it clean)
  if (n % 8 !== 0) body[body.length - 1] &= (1 << (n % 8)) - 1;
  return body;
}

export interface Dictionary {
  /** Distinct values in first-seen order, PLAIN-encoded. */
  plain: Uint8Array;
  size: number;
  /** Index of each value into the dictionary. */
  indexes: Int32Array;
  width: number;
}

/**
 * A dictionary of a fixed-width column's values (their bytes: 4 or 8 per value), or undefined when
 * more than `maxDistinct` are distinct (plain encoding is then as good). Open addressing on the
 * value's bits, so no value is boxed. The indexes are `scratch`'s slot "indexes".
 */
export function fixedDictionary(
  values: Int32Array | Float64Array | Float32Array | BigInt64Array | BigUint64Array | Uint32Array, maxDistinct: number, scratch: Scratch,
): Dictionary | undefined {
  const n = values.length;
  const wide = values.BYTES_PER_ELEMENT === 8;
  const words = new Uint32Array(values.buffer, values.byteOffset, n * (wide ? 2 : 1));
  let cap = 1024;
  while (cap < maxDistinct * 2) cap <<= 1;
  const slots = scratch.int32('dictionary slots', cap).fill(-1);
  const firstRow = scratch.int32('dictionary rows', maxDistinct + 1);
  const indexes = scratch.int32('indexes', n);
  let size = 0;
  const mask = cap - 1;
  for (let i = 0; i < n; i++) {
    const lo = wide ? words[2 * i] : words[i];
    const hi = wide ? words[2 * i + 1] : 0;
    let h = (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const s = slots[h];
      if (s < 0) {
        if (size === maxDistinct) return undefined;
        slots[h] = size;
        firstRow[size] = i;
        indexes[i] = size++;
        break;
      }
      const r = firstRow[s];
      if ((wide ? words[2 * r] === lo && words[2 * r + 1] === hi : words[r] === lo)) {
        indexes[i] = s;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const each = values.BYTES_PER_ELEMENT;
  const plain = new Uint8Array(size * each);
  for (let d = 0; d < size; d++) plain.set(bytes.subarray(firstRow[d] * each, firstRow[d] * each + each), d * each);
  return { plain, size, indexes, width: bitWidth(size) };
}

/** The same for strings (UTF-8 bytes in Arrow layout), keyed by their bytes in place (no JS string per row). */
export function stringDictionary(data: Uint8Array, offsets: Int32Array, rows: Int32Array, maxDistinct: number, scratch: Scratch): Dictionary | undefined {
  const seen = new DistinctBytes({ limit: maxDistinct });
  const indexes = scratch.int32('indexes', rows.length);
  const order: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const d = seen.entryOf(data, offsets[i], offsets[i + 1]);
    if (d < 0) return undefined;
    // entries are numbered in order of first appearance: a new one is the next number
    if (d === order.length) order.push(i);
    indexes[k] = d;
  }
  const plain = plainStrings(data, offsets, Int32Array.from(order));
  return { plain, size: order.length, indexes, width: bitWidth(order.length) };
}

/** PLAIN BYTE_ARRAY: each value as a 4-byte little-endian length and its bytes; in `into(size)` if given. */
export function plainStrings(data: Uint8Array, offsets: Int32Array, rows: Int32Array, into?: (size: number) => Uint8Array): Uint8Array {
  let total = 0;
  for (let k = 0; k < rows.length; k++) total += 4 + offsets[rows[k] + 1] - offsets[rows[k]];
  const out = into ? into(total) : new Uint8Array(total);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let o = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const at = offsets[i];
    const len = offsets[i + 1] - at;
    view.setUint32(o, len, true);
    o += 4;
    // short values byte by byte: a subarray per value costs more than copying it
    if (len <= 32) for (let b = 0; b < len; b++) out[o + b] = data[at + b];
    else out.set(data.subarray(at, at + len), o);
    o += len;
  }
  return out;
}

export function bitWidth(size: number): number {
  let w = 0;
  while (1 << w < size) w++;
  return w;
}
