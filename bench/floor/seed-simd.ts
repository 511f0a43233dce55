// Seed floor, SIMD structural pass: per 64 KiB, i8x16.eq masks of ',', LF and '"' 64 bytes at a time (quote regions by prefix-XOR) give the positions of delimiters and line ends outside quotes; a second pass walks those positions: the int by SWAR from its known length, the decimal by the scalar digit loop from its known start (Clinger).
//
// Input as seed-scalar.ts (header skipped by the caller, LF or CRLF, last line end optional), plus:
// 64 zero bytes after `end` (the last block reads them), and a positions buffer of CHUNK + 64 u32.
// Quote regions are computed and delimiters inside them dropped, as a real parser must, but the walk
// reads fields as unquoted numbers. Does not handle: errors (none detected or reported), quoted
// fields, exponents, ints over 10 or decimals over 15 digits, blank lines.
import { digitsOf, decimalLoop } from "./common";

export function heapStart(): usize { return (__heap_base + 63) & ~63; }

// @ts-ignore: decorator
@inline const CHUNK: usize = 65536;
let inQuote: u64 = 0; // all ones while a quote region runs on past the last block

/** Appends to idx (from entry n) the positions of ',' and LF outside quotes in [p, stop), 64 bytes a step. */
function index(p: usize, stop: usize, idx: usize, n: usize): usize {
  let carry = inQuote;
  let w = idx + (n << 2);
  const Q = i8x16.splat(0x22), C = i8x16.splat(0x2C), L = i8x16.splat(0x0A);
  while (p < stop) {
    const a = v128.load(p), b = v128.load(p, 16), c = v128.load(p, 32), d = v128.load(p, 48);
    let q = <u64><u32>i8x16.bitmask(i8x16.eq(a, Q)) | (<u64><u32>i8x16.bitmask(i8x16.eq(b, Q)) << 16)
      | (<u64><u32>i8x16.bitmask(i8x16.eq(c, Q)) << 32) | (<u64><u32>i8x16.bitmask(i8x16.eq(d, Q)) << 48);
    let s = <u64><u32>i8x16.bitmask(v128.or(i8x16.eq(a, C), i8x16.eq(a, L)))
      | (<u64><u32>i8x16.bitmask(v128.or(i8x16.eq(b, C), i8x16.eq(b, L))) << 16)
      | (<u64><u32>i8x16.bitmask(v128.or(i8x16.eq(c, C), i8x16.eq(c, L))) << 32)
      | (<u64><u32>i8x16.bitmask(v128.or(i8x16.eq(d, C), i8x16.eq(d, L))) << 48);
    // Prefix-XOR: bit i is set when an odd number of quotes lie at or before i (inside a quoted region).
    q ^= q << 1; q ^= q << 2; q ^= q << 4; q ^= q << 8; q ^= q << 16; q ^= q << 32;
    q ^= carry;
    carry = <u64>(<i64>q >> 63);
    s &= ~q;
    const cnt = <usize>popcnt(s);
    // Eight positions written whatever the count (entries past cnt are scratch, overwritten next),
    // eight more when there are more, then one at a time: no branch that depends on the exact
    // count while a block holds 1..16 of them (simdjson's way).
    let o = w;
    for (let i = 0; i < 8; i++) { store<u32>(o, <u32>(p + <usize>ctz(s))); s &= s - 1; o += 4; }
    if (cnt > 8) {
      for (let i = 0; i < 8; i++) { store<u32>(o, <u32>(p + <usize>ctz(s))); s &= s - 1; o += 4; }
      while (s != 0) { store<u32>(o, <u32>(p + <usize>ctz(s))); s &= s - 1; o += 4; }
    }
    w += cnt << 2;
    p += 64;
  }
  inQuote = carry;
  return (w - idx) >> 2;
}

export function run(p0: usize, end: usize, ints: usize, floats: usize, idx: usize): i32 {
  inQuote = 0;
  let rows: i32 = 0;
  let s = p0; // the current row's start
  let n: usize = 0;
  let p = p0;
  while (true) {
    let stop = p + CHUNK;
    const final = stop >= end;
    if (final) stop = p + ((end - p + 63) & ~63);
    n = index(p, stop, idx, n);
    p = stop;
    if (final && end > s && <u32>load<u8>(end - 1) != 0x0A) { store<u32>(idx + (n << 2), <u32>end); n++; }
    let k: usize = 0;
    while (k + 2 <= n) {
      const c = <usize>load<u32>(idx + (k << 2));
      const e = <usize>load<u32>(idx + (k << 2), 4);
      k += 2;
      const neg = <u32>load<u8>(s) == 0x2D;
      const is = s + <usize>neg;
      const v = <i32>digitsOf(is, c - is);
      store<i32>(ints + (<usize>rows << 2), neg ? -v : v);
      store<f64>(floats + (<usize>rows << 3), decimalLoop(c + 1)); // up to the LF or the CR of CRLF
      s = e + 1;
      rows++;
    }
    if (final) break;
    if (k < n) memory.copy(idx, idx + (k << 2), (n - k) << 2);
    n -= k;
  }
  return rows;
}
