// Snappy compression (the raw format Parquet pages use): a varint of the length, then literals and
// back-references of up to 64 bytes within the last 64 KiB, found with a hash of 4-byte groups.
import type { Scratch } from './scratch.js';

const HASH_BITS = 14;
const table = new Int32Array(1 << HASH_BITS);

/** The compressed bytes: a view into `scratch`'s slot "snappy" (valid until its next use). */
export function snappyCompress(input: Uint8Array, scratch: Scratch): Uint8Array {
  const n = input.length;
  const out = scratch.bytes('snappy', 32 + n + Math.ceil(n / 6));
  let o = 0;
  let len = n;
  while (len >= 0x80) {
    out[o++] = (len & 0x7f) | 0x80;
    len >>>= 7;
  }
  out[o++] = len;
  if (n < 16) return finishLiteral(input, 0, n, out, o);
  table.fill(-1);
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  let literalStart = 0;
  let i = 0;
  const limit = n - 4;
  while (i <= limit) {
    const word = view.getUint32(i, true);
    const h = Math.imul(word, 0x1e35a7bd) >>> (32 - HASH_BITS);
    const candidate = table[h];
    table[h] = i;
    if (candidate >= 0 && i - candidate < 65536 && view.getUint32(candidate, true) === word) {
      // extend the match, 4 bytes at a time while they all agree
      let m = 4;
      while (i + m + 4 <= n && view.getUint32(candidate + m, true) === view.getUint32(i + m, true)) m += 4;
      while (i + m < n && input[candidate + m] === input[i + m]) m++;
      if (i > literalStart) o = literal(input, literalStart, i, out, o);
      const offset = i - candidate;
      let rest = m;
      while (rest > 0) {
        const take = rest > 64 ? (rest - 64 < 4 ? rest - 4 : 64) : rest;
        out[o++] = ((take - 1) << 2) | 2;
        out[o++] = offset & 0xff;
        out[o++] = offset >>> 8;
        rest -= take;
      }
      i += m;
      literalStart = i;
      continue;
    }
    i += 1 + ((i - literalStart) >> 5); // incompressible stretches are skipped faster
  }
  return finishLiteral(input, literalStart, n, out, o);
}

function finishLiteral(input: Uint8Array, from: number, to: number, out: Uint8Array, o: number): Uint8Array {
  if (to > from) o = literal(input, from, to, out, o);
  return out.subarray(0, o);
}

function literal(input: Uint8Array, from: number, to: number, out: Uint8Array, o: number): number {
  const len = to - from - 1;
  if (len < 60) out[o++] = len << 2;
  else if (len < 0x100) {
    out[o++] = 60 << 2;
    out[o++] = len;
  } else if (len < 0x10000) {
    out[o++] = 61 << 2;
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
  } else if (len < 0x1000000) {
    out[o++] = 62 << 2;
    out[o++] = len & 0xff;
    out[o++] = (len >>> 8) & 0xff;
    out[o++] = len >>> 16;
  } else {
    out[o++] = 63 << 2;
    out[o++] = len & 0xff;
    out[o++] = (len >>> 8) & 0xff;
    out[o++] = (len >>> 16) & 0xff;
    out[o++] = len >>> 24;
  }
  // short literals byte by byte: a subarray per literal costs more than copying it
  if (len < 32) for (let b = 0; b <= len; b++) out[o + b] = input[from + b];
  else out.set(input.subarray(from, to), o);
  return o + (to - from);
}
