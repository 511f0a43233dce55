// Seed breakdown, not a parser: seed-hybrid.ts's steps added one at a time (and the bare memory traffic), to show where its time goes; their outputs are not the seed's values and are not checked.
//
// Each export takes (p, end, ints, floats) like the seed loops (memory_ also the row count) and returns rows.
// memory: reads every input byte (64 a step) and writes every output slot, nothing else.
// masks: the structural masks of every 64-byte block (quotes by prefix-XOR), counted.
// positions: + taking each row's two positions from the masks with ctz (stored as the values).
// ints: + the int field by SWAR. noDivision: + the decimal's digits by the digit loop, converted
// without Clinger's division (the full seed-hybrid.ts adds only that division).
import { digitsOf } from "./common";

export function heapStart(): usize { return (__heap_base + 63) & ~63; }

let inQuote: u64 = 0;
export let sink: u64 = 0;

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

export function memory_(p: usize, end: usize, ints: usize, floats: usize, rows: i32): i32 {
  let acc = i64x2.splat(0);
  while (p < end) {
    acc = v128.xor(acc, v128.xor(v128.xor(v128.load(p), v128.load(p, 16)), v128.xor(v128.load(p, 32), v128.load(p, 48))));
    p += 64;
  }
  sink = i64x2.extract_lane(acc, 0) ^ i64x2.extract_lane(acc, 1);
  for (let i: i32 = 0; i < rows; i++) {
    store<i32>(ints + (<usize>i << 2), i);
    store<f64>(floats + (<usize>i << 3), <f64>i);
  }
  return rows;
}

export function masks(p: usize, end: usize, ints: usize, floats: usize): i32 {
  inQuote = 0;
  let n: u64 = 0;
  while (p < end) { n += popcnt(structural(p)); p += 64; }
  sink = n;
  return <i32>(n >> 1);
}

/** 0: positions only, 1: + int, 2: + decimal digits without the division. */
// @ts-ignore: decorator
@inline function walk(p0: usize, end: usize, ints: usize, floats: usize, level: i32): i32 {
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
    let e = bits == 0 ? end : blk + <usize>ctz(bits);
    bits &= bits - 1;
    if (level == 0) {
      store<i32>(ints + (<usize>rows << 2), <i32>c);
    } else {
      const neg = <u32>load<u8>(s) == 0x2D;
      const is = s + <usize>neg;
      const v = <i32>digitsOf(is, c - is);
      store<i32>(ints + (<usize>rows << 2), neg ? -v : v);
    }
    const next = e + 1;
    if (level < 2) {
      store<f64>(floats + (<usize>rows << 3), <f64>e);
    } else {
      if (<u32>load<u8>(e - 1) == 0x0D) e--;
      // decimalLoop (common.ts) without its last step, the division by 10^decimals
      let q = c + 1;
      const neg = <u32>load<u8>(q) == 0x2D;
      q += <usize>neg;
      let w: u64 = 0;
      let d = <u32>load<u8>(q) - 0x30;
      while (d <= 9) { w = w * 10 + <u64>d; q++; d = <u32>load<u8>(q) - 0x30; }
      if (d == <u32>(0x2E - 0x30)) {
        q++;
        d = <u32>load<u8>(q) - 0x30;
        while (d <= 9) { w = w * 10 + <u64>d; q++; d = <u32>load<u8>(q) - 0x30; }
      }
      const f = <f64><i64>w;
      store<f64>(floats + (<usize>rows << 3), neg ? -f : f);
    }
    s = next;
    rows++;
  }
  return rows;
}

export function positions(p0: usize, end: usize, ints: usize, floats: usize): i32 { return walk(p0, end, ints, floats, 0); }
export function ints(p0: usize, end: usize, ints_: usize, floats: usize): i32 { return walk(p0, end, ints_, floats, 1); }
export function noDivision(p0: usize, end: usize, ints_: usize, floats: usize): i32 { return walk(p0, end, ints_, floats, 2); }
