// Request-log floor, SIMD masks fused with the walk: each 64-byte block's ',' / LF mask (quote regions by prefix-XOR) stays in a register and the walk takes a row's seven positions from its set bits with ctz as it needs them; no positions array.
//
// Schema, input and what it does not handle: as requests-scalar.ts, plus 64 zero bytes after `end`.
// Fields are converted as in requests-simd.ts.
import { isoMs, methodCode, digitsOf, decimalOf } from "./common";

export function heapStart(): usize { return (__heap_base + 63) & ~63; }

let inQuote: u64 = 0;
const ends = memory.data(32); // the row's seven field ends

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

/** Copies a quoted field's content [s, e) to w, "" as one quote; 16 bytes a step. Returns the new w. */
// @ts-ignore: decorator
@inline function copyContent(w: usize, s: usize, e: usize): usize {
  const Q = i8x16.splat(0x22);
  while (s < e) {
    const v = v128.load(s);
    v128.store(w, v); // may write past the kept bytes: the next value overwrites them
    const left = e - s;
    let m = <u32>i8x16.bitmask(i8x16.eq(v, Q));
    if (left < 16) m &= (<u32>1 << <u32>left) - 1;
    if (m == 0) { const k = left < 16 ? left : 16; s += k; w += k; continue; }
    const i = <usize>ctz(m);
    w += i + 1; // keep the first quote of the pair, skip the second
    s += i + 2;
  }
  return w;
}

export function run(p0: usize, end: usize, out: usize): i32 {
  const ts = <usize>load<u32>(out), method = <usize>load<u32>(out, 4), offs = <usize>load<u32>(out, 8);
  const data = <usize>load<u32>(out, 12), status = <usize>load<u32>(out, 16), bytes = <usize>load<u32>(out, 20);
  const dur = <usize>load<u32>(out, 24), hit = <usize>load<u32>(out, 28);
  inQuote = 0;
  let w = data;
  let rows: i32 = 0;
  let blk = p0;
  let bits = structural(blk);
  let s = p0;
  while (s < end) {
    for (let f: usize = 0; f < 28; f += 4) {
      while (bits == 0) { blk += 64; if (blk >= end) break; bits = structural(blk); }
      store<u32>(ends + f, <u32>(bits == 0 ? end : blk + <usize>ctz(bits)));
      bits &= bits - 1;
    }
    const e0 = <usize>load<u32>(ends), e1 = <usize>load<u32>(ends, 4), e2 = <usize>load<u32>(ends, 8);
    const e3 = <usize>load<u32>(ends, 12), e4 = <usize>load<u32>(ends, 16), e5 = <usize>load<u32>(ends, 20);
    let e6 = <usize>load<u32>(ends, 24);
    const r = <usize>rows;
    store<f64>(ts + (r << 3), isoMs(s));
    store<i32>(method + (r << 2), methodCode(e0 + 1, e1 - e0 - 1));
    const ps = e1 + 1;
    if (<u32>load<u8>(ps) == 0x22) w = copyContent(w, ps + 1, e2 - 1);
    else { memory.copy(w, ps, e2 - ps); w += e2 - ps; }
    store<i32>(offs + 4 + (r << 2), <i32>(w - data));
    store<u16>(status + (r << 1), <u16>digitsOf(e2 + 1, e3 - e2 - 1));
    store<u32>(bytes + (r << 2), <u32>digitsOf(e3 + 1, e4 - e3 - 1));
    store<f64>(dur + (r << 3), decimalOf(e4 + 1, e5));
    const next = e6 + 1;
    if (<u32>load<u8>(e6 - 1) == 0x0D) e6--;
    store<u8>(hit + r, <u8>(e6 - e5 == 5));
    s = next;
    rows++;
  }
  return rows;
}
