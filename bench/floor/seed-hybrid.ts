// Seed floor, hybrid: row and field bounds from the fused SIMD masks (as seed-fused.ts), the int by SWAR from its known length, the decimal by the scalar digit loop from its known start (Clinger).
//
// Input as seed-simd.ts (header skipped by the caller, LF or CRLF, last line end optional, 64 zero
// bytes after `end`). Quote regions are computed and delimiters inside them dropped, but the walk
// reads fields as unquoted numbers. Does not handle: errors (none detected or reported), quoted
// fields, exponents, ints over 10 or decimals over 15 digits, blank lines.
import { digitsOf, decimalLoop } from "./common";

export function heapStart(): usize { return (__heap_base + 63) & ~63; }

let inQuote: u64 = 0;

/** The ',' and LF bits outside quotes of the 64 bytes at p (carrying the quote state in inQuote). */
// @ts-ignore: decorator
@inline function structural(p: usize): u64 {
  const Q = i8x16.splat(0x22), C = i8x16.splat(0x2C), L = i8x16.splat(0x0A);
  const a = v128.load(p), b = v128.load(p, 16), c = v128.load(p, 32), d = v128.load(p, 48);
  let q = <u64><u32>i8x16.bitmask(i8x16.eq(a, Q)) | (<u64><u32>i8x16.bitmask(i8x16.eq(b, Q)) << 16)
    | (<u64><u32>i8x16.bitmask(i8x16.eq(c, Q)) << 32) | (<u64><u32>i8x16.bitmask(i8x16.eq(d, Q)) << 48);
  const s = <u64><u32>i8x16.bitmask(v128.or(i8x16.eq(a, C), i8x16.eq(a, L)))
    | (<u64><u32>i8x16.bitmask(v128.or(i8x16.eq(b, C), i8x16.eq(b, L))) << 16)
    | (<u64><u32>i8x16.bitmask(v128.or(i8x16.eq(c, C), i8x16.eq(c, L))) << 32)
    | (<u64><u32>i8x16.bitmask(v128.or(i8x16.eq(d, C), i8x16.eq(d, L))) << 48);
  q ^= q << 1; q ^= q << 2; q ^= q << 4; q ^= q << 8; q ^= q << 16; q ^= q << 32;
  q ^= inQuote;
  inQuote = <u64>(<i64>q >> 63);
  return s & ~q;
}

export function run(p0: usize, end: usize, ints: usize, floats: usize): i32 {
  inQuote = 0;
  let rows: i32 = 0;
  let blk = p0;
  let bits = structural(blk);
  let s = p0;
  while (s < end) {
    while (bits == 0) { blk += 64; if (blk >= end) break; bits = structural(blk); }
    const c = bits == 0 ? end : blk + <usize>ctz(bits);
    bits &= bits - 1;
    while (bits == 0) { blk += 64; if (blk >= end) break; bits = structural(blk); }
    const e = bits == 0 ? end : blk + <usize>ctz(bits);
    bits &= bits - 1;
    const neg = <u32>load<u8>(s) == 0x2D;
    const is = s + <usize>neg;
    const v = <i32>digitsOf(is, c - is);
    store<i32>(ints + (<usize>rows << 2), neg ? -v : v);
    store<f64>(floats + (<usize>rows << 3), decimalLoop(c + 1)); // up to the LF or the CR of CRLF
    s = e + 1;
    rows++;
  }
  return rows;
}
