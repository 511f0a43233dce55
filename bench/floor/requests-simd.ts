// Request-log floor, SIMD structural pass: per 64 KiB, i8x16.eq masks of ',', LF and '"' 64 bytes at a time (quote regions by prefix-XOR) give the positions of delimiters and line ends outside quotes; a second pass walks seven positions a row and converts each field from its known bounds.
//
// Schema, input and what it does not handle: as requests-scalar.ts, plus 64 zero bytes after `end`
// and a positions buffer of CHUNK + 64 u32. Fields' bounds come from the index (commas inside the
// quoted path are inside a quote region, so dropped); ints by SWAR from their length, the duration
// by the scalar digit loop from its start (decimalLoop), the path
// copied 16 bytes at a time (a quote mask per block finds "" pairs), the bool by its length.
import { isoMs, methodCode, digitsOf, decimalLoop } from "./common";

export function heapStart(): usize { return (__heap_base + 63) & ~63; }

// @ts-ignore: decorator
@inline const CHUNK: usize = 65536;
let inQuote: u64 = 0;

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

export function run(p0: usize, end: usize, out: usize, idx: usize): i32 {
  const ts = <usize>load<u32>(out), method = <usize>load<u32>(out, 4), offs = <usize>load<u32>(out, 8);
  const data = <usize>load<u32>(out, 12), status = <usize>load<u32>(out, 16), bytes = <usize>load<u32>(out, 20);
  const dur = <usize>load<u32>(out, 24), hit = <usize>load<u32>(out, 28);
  inQuote = 0;
  let w = data;
  let rows: i32 = 0;
  let s = p0;
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
    while (k + 7 <= n) {
      const x = idx + (k << 2);
      const e0 = <usize>load<u32>(x), e1 = <usize>load<u32>(x, 4), e2 = <usize>load<u32>(x, 8);
      const e3 = <usize>load<u32>(x, 12), e4 = <usize>load<u32>(x, 16), e5 = <usize>load<u32>(x, 20);
      let e6 = <usize>load<u32>(x, 24);
      k += 7;
      const r = <usize>rows;
      store<f64>(ts + (r << 3), isoMs(s));
      store<i32>(method + (r << 2), methodCode(e0 + 1, e1 - e0 - 1));
      const ps = e1 + 1;
      if (<u32>load<u8>(ps) == 0x22) w = copyContent(w, ps + 1, e2 - 1);
      else { memory.copy(w, ps, e2 - ps); w += e2 - ps; }
      store<i32>(offs + 4 + (r << 2), <i32>(w - data));
      store<u16>(status + (r << 1), <u16>digitsOf(e2 + 1, e3 - e2 - 1));
      store<u32>(bytes + (r << 2), <u32>digitsOf(e3 + 1, e4 - e3 - 1));
      store<f64>(dur + (r << 3), decimalLoop(e4 + 1));
      const next = e6 + 1;
      if (<u32>load<u8>(e6 - 1) == 0x0D) e6--;
      store<u8>(hit + r, <u8>(e6 - e5 == 5)); // `true` or `false`
      s = next;
      rows++;
    }
    if (final) break;
    if (k < n) memory.copy(idx, idx + (k << 2), (n - k) << 2);
    n -= k;
  }
  return rows;
}
