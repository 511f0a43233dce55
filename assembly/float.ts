// Exact decimal -> f64 parsing for the typed-csv core.
//
// Result contract: for every accepted text the value is bit-for-bit JavaScript's Number(text)
// (correct rounding, round-half-even), whatever the digit count or exponent size.
//
// Pipeline (cheapest first):
//   1. One pass over the bytes accumulates the digits into a u64 `w` and the decimal exponent `q`,
//      so that value = w * 10^q (long fractions 8 digits per step, SWAR). Texts with more than 19
//      digit characters are rescanned (cold path): leading zeros dropped, the first 19 significant
//      digits kept, the rest only noted.
//   2. Clinger: w <= 2^53 and |q| <= 22 -> both w and 10^|q| are exact doubles, so one IEEE
//      multiply/divide is the correctly rounded answer. (Also w * 10^(q-22) exact, then * 1e22.)
//   3. Eisel–Lemire: w * (128-bit truncated 5^q) with clz normalization; the top 54 bits give the
//      mantissa and the rounding bit, the binary exponent comes from floor(q * log2 10). Exact ties
//      (0 <= q <= 23) round half to even. Truncation can only matter when every bit below the
//      rounding bit is one; then an exactly dyadic value (-27 <= q < 0, 5^-q | w) is computed
//      exactly, anything else is "undecided" (not seen in 10^7 generated hard cases).
//   4. Slow path, only for > 19 significant digits whose w and w+1 round differently (~1 in 1000
//      random such texts; every deliberate near-tie), or an undecided Eisel–Lemire: the host's
//      env.parseFloatExact (Number(text)) on the already-validated text.

import { POW5_128, POW5_MIN_Q, POW5_MAX_Q } from "../build/pow5-table";
import { digitRun, digitsValue, leadingZeros, POW10_U64 } from "./digits";

// Number(latin1 text of bytes [p, p+len)), supplied by the JS side. The bytes are always a complete,
// validated number text (sign included, never nan/inf), so Number() is the exact oracle answer.
// @ts-ignore: decorator
@external("env", "parseFloatExact") declare function parseFloatExact(p: usize, len: usize): f64;

/** Position just past the text consumed by the last parseF64 call; equals `p` when no number matched. */
export let floatEnd: usize = 0;

// Exact doubles 10^0 .. 10^22 (10^q = 5^q * 2^q is exact while 5^q < 2^53, i.e. up to q = 22).
// @ts-ignore: decorator
@lazy const POW10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

// @ts-ignore: decorator
@inline const EL_FAIL: u64 = 0xFFFF_FFFF_FFFF_FFFF; // not a bit pattern el() ever produces
// @ts-ignore: decorator
@inline const INF_BITS: u64 = 0x7FF0_0000_0000_0000;
// @ts-ignore: decorator
@inline const TWO53: u64 = 0x20_0000_0000_0000;

/** Parses the LONGEST PREFIX of bytes [p, end) matching the grammar
 *  [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?   or  [+-]? (nan|inf|infinity) any case,
 *  sets floatEnd, returns the value. The caller checks the byte at floatEnd (delimiter/newline/etc).
 *  "1e+" consumes "1" (exponent needs digits). "." or "+" or "" consume nothing (floatEnd = p).
 *  "infinity" consumes 8 bytes, "infin" consumes "inf". Never reads at or past `end`.
 *  Inlined into the caller's record loop (measured ~1 ns/value faster than a call); the rare paths
 *  below stay out of line so the inlined body is small. */
// @ts-ignore: decorator
@inline export function parseF64(p: usize, end: usize): f64 {
  let s = p;
  let neg = false;
  if (s < end) {
    let c = load<u8>(s);
    if (c == 0x2D) { neg = true; s++; } else if (c == 0x2B) s++;
  }
  // Integer digits. `d = byte - '0'` as unsigned: one compare rejects both sides of '0'..'9'.
  // w may wrap past 19 digits; that case is recomputed by the rescan below.
  let w: u64 = 0;
  let intStart = s;
  while (s < end) {
    let d = <u32>load<u8>(s) - 0x30;
    if (d > 9) break;
    w = w * 10 + <u64>d;
    s++;
  }
  let intEnd = s;
  let nd = <u32>(s - intStart);
  let fracLen: u32 = 0;
  if (s < end && load<u8>(s) == 0x2E) {
    s++;
    let fracStart = s;
    // SWAR: 8 fraction digits per step while 8 bytes remain and all are digits (0.30000000000000004,
    // String(Math.random())). Breaks the serial w*10+d chain: 17-digit texts ~24 -> ~18 ns; a short
    // fraction pays one failed check (~0.5 ns on "0.045"). Digit test: a byte b is '0'..'9' iff
    // b & 0xF0 == 0x30 and (b + 6) & 0xF0 == 0x30 (a carry out of b + 6 only comes from a byte that
    // already failed); little-endian, so byte 0 is the most significant digit.
    while (end - s >= 8) {
      let v = load<u64>(s);
      if (((v & 0xF0F0_F0F0_F0F0_F0F0) | (((v + 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)) != 0x3333_3333_3333_3333) break;
      v -= 0x3030_3030_3030_3030;
      v = (v * 10 + (v >> 8)) & 0x00FF_00FF_00FF_00FF;   // even bytes: 10*d[i] + d[i+1] (each <= 99, no carry)
      v = (v * 100 + (v >> 16)) & 0x0000_FFFF_0000_FFFF; // even u16 lanes: 4-digit groups (<= 9999)
      w = w * 100_000_000 + ((v * 10000 + (v >> 32)) & 0xFFFF_FFFF); // 8-digit value < 2^32
      s += 8;
    }
    while (s < end) {
      let d = <u32>load<u8>(s) - 0x30;
      if (d > 9) break;
      w = w * 10 + <u64>d;
      s++;
    }
    fracLen = <u32>(s - fracStart);
    nd += fracLen;
  }
  if (nd == 0) return parseSpecial(p, intStart, end, neg); // ".", "", "+", "nan", "inf", ...

  // Exponent: only consumed when at least one digit follows [eE][+-]?. Saturates at 1e9 (any
  // |exponent| beyond a few thousand already means 0 or Infinity).
  let e: i32 = 0;
  if (s < end && (load<u8>(s) | 0x20) == 0x65) {
    let t = s + 1;
    let eneg = false;
    if (t < end) {
      let c = load<u8>(t);
      if (c == 0x2D) { eneg = true; t++; } else if (c == 0x2B) t++;
    }
    let es = t;
    while (t < end) {
      let d = <u32>load<u8>(t) - 0x30;
      if (d > 9) break;
      if (e < 100_000_000) e = e * 10 + <i32>d;
      t++;
    }
    if (t != es) {
      s = t;
      if (eneg) e = -e;
    } else {
      e = 0;
    }
  }
  floatEnd = s;

  if (nd > 19) return parseManyDigits(p, intStart, intEnd, fracLen, e, neg);
  let q = e - <i32>fracLen;
  // Clinger fast path; <u32>(q + 22) <= 44 is -22 <= q <= 22 in one compare. Also covers w == 0.
  if (w <= TWO53 && <u32>(q + 22) <= 44) {
    let v = <f64>w;
    v = q < 0 ? v / load<f64>(POW10 + (<usize>-q << 3)) : v * load<f64>(POW10 + (<usize>q << 3));
    return neg ? -v : v;
  }
  return decimalToF64(w, q, neg, p);
}

/** Where the text fieldFloat took ends; 0 when it was not its shape. */
export let fieldFloatEnd: usize = 0;
/** Digit characters fieldFloat met (leading zeros included once past 19). */
export let fieldFloatDigits: u32 = 0;

/**
 * The record loop's second try at a float field: -?digits[.digits][(e|E)[+-]?digits] at p with at most
 * 19 significant digits, integer and fraction digits 8 per step (SWAR). Same value as parseF64 on the
 * same text (the same w and q meet the same Clinger and Eisel-Lemire steps), without its bounds
 * tests: it reads up to 24 bytes past a decimal point (8 past any other digit run), which the
 * window's 64 bytes of slack hold, and the 0 sentinel at the window's end stops every digit run. fieldFloatEnd = 0 for any other shape (signs
 * other than '-', no digits, ".5e", more significant digits): the general path decides those.
 */
export function fieldFloat(p: usize): f64 {
  // The sign as a 0/1 step, not a branch: numeric columns are half negative, and a mispredicted
  // sign branch also scrambles the history the digit-run branches below are predicted from.
  const neg = <u32>load<u8>(p) == 0x2D;
  const digitsStart = p + <usize>neg;
  let q = digitsStart;
  let v = load<u64>(q);
  let k = digitRun(v);
  let w = digitsValue(v, k);
  q += k;
  while (k == 8) { // w may wrap past 19 digits; judged below
    v = load<u64>(q);
    k = digitRun(v);
    w = w * load<u64>(POW10_U64 + (<usize>k << 3)) + digitsValue(v, k);
    q += k;
  }
  const intDigits = q - digitsStart;
  const intZero = w == 0 && intDigits < 8; // w exact: an integer part of zeros ("0.0000706...")
  let digits = intDigits;
  let decimals: usize = 0;
  let fractionZeros: usize = 8;
  if (<u32>load<u8>(q) == 0x2E) {
    const f = q + 1;
    // Up to 24 decimals in three chunks loaded and measured side by side, no branch between them:
    // a chunk after one that was not all digits counts as empty (k = 0 adds nothing). Reads up to
    // 24 bytes past the point; a run stops at the window's 0 sentinel, and the slack holds the rest.
    const v0 = load<u64>(f), v1 = load<u64>(f, 8), v2 = load<u64>(f, 16);
    const k0 = digitRun(v0);
    const k1 = k0 == 8 ? digitRun(v1) : 0;
    const k2 = k1 == 8 ? digitRun(v2) : 0;
    w = w * load<u64>(POW10_U64 + (<usize>k0 << 3)) + digitsValue(v0, k0);
    w = w * load<u64>(POW10_U64 + (<usize>k1 << 3)) + digitsValue(v1, k1);
    w = w * load<u64>(POW10_U64 + (<usize>k2 << 3)) + digitsValue(v2, k2);
    q = f + k0 + k1 + k2;
    k = k2;
    while (k == 8) { // more than 24 decimals
      v = load<u64>(q);
      k = digitRun(v);
      w = w * load<u64>(POW10_U64 + (<usize>k << 3)) + digitsValue(v, k);
      q += k;
    }
    decimals = q - f;
    digits += decimals;
    // '0' bytes leading the fraction (8 when its first chunk is all zeros, or k0 when all its digits are)
    fractionZeros = <usize>(ctz(v0 ^ 0x3030_3030_3030_3030) >> 3);
  }
  // Leading zeros left w at 0 while they passed: they don't count. After a zero integer part they
  // are its digits and the fraction's leading '0' bytes, known without a byte loop.
  if (digits > 19) digits -= intZero && fractionZeros < 8 ? intDigits + fractionZeros : leadingZeros(digitsStart, q);
  fieldFloatDigits = <u32>digits;
  if (digits - 1 >= 19) { fieldFloatEnd = 0; return 0; }
  let e: i32 = 0;
  if ((<u32>load<u8>(q) | 0x20) == 0x65) { // [eE][+-]?digits, saturated as in parseF64
    let t = q + 1;
    let eneg = false;
    const c = <u32>load<u8>(t);
    if (c == 0x2D) { eneg = true; t++; } else if (c == 0x2B) t++;
    const es = t;
    let dg = <u32>load<u8>(t) - 0x30;
    while (dg <= 9) { if (e < 100_000_000) e = e * 10 + <i32>dg; t++; dg = <u32>load<u8>(t) - 0x30; }
    if (t == es) { fieldFloatEnd = 0; return 0; }
    if (eneg) e = -e;
    q = t;
  }
  fieldFloatEnd = q;
  const qe = e - <i32>decimals;
  if (w > TWO53) {
    // 17 significant digits are always past 2^53: Eisel–Lemire straight away (decimalToF64's
    // zero and Clinger-extension tests are for w <= 2^53 only).
    const bits = elInline(w, qe);
    if (bits != EL_FAIL) return reinterpret<f64>(bits | (<u64>neg << 63));
  } else if (<u32>(qe + 22) <= 44) {
    let x = <f64>w;
    x = qe < 0 ? x / load<f64>(POW10 + (<usize>-qe << 3)) : x * load<f64>(POW10 + (<usize>qe << 3));
    return neg ? -x : x;
  }
  floatEnd = q; // the slow path's text is [p, q)
  return decimalToF64(w, qe, neg, p);
}

/** value of w * 10^q with the sign applied; p is the text start, for the slow path. */
function decimalToF64(w: u64, q: i32, neg: bool, p: usize): f64 {
  if (w == 0) return neg ? -0.0 : 0.0; // 0e99999, 0.000e-5
  // Clinger extension: w * 10^(q-22) still an exact integer below 2^53, so * 1e22 rounds once.
  if (w <= TWO53 && q > 22 && q <= 22 + 15) {
    let v = <f64>w * load<f64>(POW10 + (<usize>(q - 22) << 3));
    if (v < <f64>TWO53) {
      v *= 1e22;
      return neg ? -v : v;
    }
  }
  let bits = el(w, q);
  if (bits == EL_FAIL) return parseFloatExact(p, floatEnd - p);
  return reinterpret<f64>(bits | (<u64>neg << 63));
}

/** High 64 bits of the 128-bit product a * b, from 32-bit halves (wasm has no 64x64->128). */
// @ts-ignore: decorator
@inline function mulhi(a: u64, b: u64): u64 {
  let a0 = a & 0xFFFF_FFFF, a1 = a >> 32;
  let b0 = b & 0xFFFF_FFFF, b1 = b >> 32;
  let p01 = a0 * b1, p10 = a1 * b0;
  // the three terms of weight 2^32 (each < 2^32) cannot overflow their 64-bit sum
  let mid = ((a0 * b0) >> 32) + (p01 & 0xFFFF_FFFF) + (p10 & 0xFFFF_FFFF);
  return a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/** Eisel–Lemire for the cold callers; fieldFloat has its own inlined copy (no call per value). */
function el(w: u64, q: i32): u64 {
  return elInline(w, q);
}

/** Eisel–Lemire: bits of the correctly rounded |w * 10^q| (w != 0), or EL_FAIL when undecided. */
// @ts-ignore: decorator
@inline function elInline(w: u64, q: i32): u64 {
  if (q < POW5_MIN_Q) return 0;        // w < 2^64, so w * 10^q < 2^64 * 1e-343 < half the least subnormal
  if (q > POW5_MAX_Q) return INF_BITS; // w >= 1, so w * 10^q >= 1e309
  // x = w * 5^q * 2^q; with w' = w << lz (top bit set) and T = floor(5^q * 2^k) in [2^127, 2^128),
  // the top 64 bits `hi` of the 192-bit w' * T carry the mantissa.
  let lz = <i32>clz(w);
  let wn = w << lz;
  let entry = POW5_128 + (<usize>(q - POW5_MIN_Q) << 4);
  let th = load<u64>(entry);
  let lo = wn * th;
  let hi = mulhi(wn, th);
  // Only w' * T_high so far: the missing w' * T_low (and T's truncation) add less than one unit to
  // `hi`. That can move the 54 mantissa bits (bits >= 9) only if the low 9 bits are all ones.
  if ((hi & 0x1FF) == 0x1FF) {
    let lo2 = lo + mulhi(wn, load<u64>(entry, 8));
    hi += <u64>(lo2 < lo); // carry
    lo = lo2;
    // Now (hi:lo) is exact for 0 <= q <= 55 (T exact) and otherwise at most 1 below the true value.
    // One more unit can change the result only if every bit below the rounding bit is one.
    if (lo == EL_FAIL && (hi & 0x1FF) == 0x1FF && (q < 0 || q > 55)) return exactDyadic(w, q);
  }
  let upper = <i32>(hi >> 63);       // w' * T is in [2^190, 2^192): the product's top bit is 63 or 62
  let sh = 9 + upper;
  let m = hi >> sh;                  // 54 bits: 53 mantissa bits + the rounding bit
  // Biased exponent of m / 2^53: floor(q * log2 10) + 63 + upper - lz + 1023.
  // (217706 * q) >> 16 == floor(q * log2 10) over the whole table range (checked by the generator).
  let eb = ((217706 * q) >> 16) + 63 + upper - lz + 1023;
  // Exact halfway case: only possible for 0 <= q <= 23 (the odd part w * 5^q must fit in 54 bits),
  // where T = 5^q << k is exact and T_low = 0, so (hi:lo) is the whole product. Rounding bit set,
  // nothing below it, even mantissa -> clear the rounding bit so it rounds down (half to even).
  if (<u32>q <= 23 && lo == 0 && (m & 3) == 1 && (hi & ((<u64>1 << sh) - 1)) == 0) m ^= 1;
  if (eb <= 0) {
    // Subnormal: shift to the 2^-1074 grid, keeping one rounding bit. No ties here: a dyadic
    // w * 10^q needs 5^-q | w, i.e. q >= -27, far from the subnormal range.
    let rs = 1 - eb;
    if (rs >= 64) return 0;
    m >>= <u64>rs;
    m += m & 1;
    // m == 2^52 when rounding reached the least normal: that bit lands in the exponent field.
    return m >> 1;
  }
  m += m & 1;
  m >>= 1;
  if (m >= TWO53) { // rounding carried out of 53 bits: 2^53 -> 2^52 with the exponent one higher
    m >>= 1;
    eb++;
  }
  if (eb >= 0x7FF) return INF_BITS;
  return (<u64>eb << 52) | (m & 0xF_FFFF_FFFF_FFFF);
}

/** Undecided Eisel–Lemire. For -27 <= q < 0 the value may be exactly dyadic (5^-q divides w: exact
 *  doubles and halfway cases like "9007199254740993.0"); then it is f64(w / 5^-q) * 2^q, where the
 *  u64 -> f64 conversion rounds half-to-even and the power-of-two scaling is exact. */
function exactDyadic(w: u64, q: i32): u64 {
  if (q >= -27 && q < 0) {
    let p5: u64 = 1;
    for (let i = 0; i < -q; i++) p5 *= 5;
    if (w % p5 == 0) {
      let v = <f64>(w / p5) * reinterpret<f64>(<u64>(1023 + q) << 52);
      return reinterpret<u64>(v);
    }
  }
  return EL_FAIL;
}

/** More than 19 digit characters: rescan, keep the first 19 significant digits in w (value is then
 *  in [w, w+1) * 10^q). If every dropped digit is zero, w * 10^q is exact; otherwise the answer is
 *  known when w * 10^q and (w+1) * 10^q round to the same double (rounding is monotone). */
function parseManyDigits(p: usize, intStart: usize, intEnd: usize, fracLen: u32, e: i32, neg: bool): f64 {
  let w: u64 = 0;
  let nsig: u32 = 0;
  let q: i64 = e;
  let inexact = false;
  for (let s = intStart; s < intEnd; s++) {
    let d = <u32>load<u8>(s) - 0x30;
    if (nsig == 0 && d == 0) continue;   // leading zero
    if (nsig < 19) { w = w * 10 + d; nsig++; } else { q++; if (d != 0) inexact = true; }
  }
  let fracStart = intEnd + 1;
  let fracEnd = fracStart + fracLen;
  for (let s = fracStart; s < fracEnd; s++) {
    let d = <u32>load<u8>(s) - 0x30;
    if (nsig == 0 && d == 0) { q--; continue; } // zero between the point and the first significant digit
    if (nsig < 19) { w = w * 10 + d; nsig++; q--; } else if (d != 0) inexact = true;
  }
  // Any |q| past ~400 already means 0 or Infinity for 1 <= w < 2^64; clamp so i32 math is safe.
  let qc = <i32>(q < -100_000 ? -100_000 : q > 100_000 ? 100_000 : q);
  if (!inexact) {
    if (w <= TWO53 && <u32>(qc + 22) <= 44) { // Clinger, as in parseF64
      let v = <f64>w;
      v = qc < 0 ? v / load<f64>(POW10 + (<usize>-qc << 3)) : v * load<f64>(POW10 + (<usize>qc << 3));
      return neg ? -v : v;
    }
    return decimalToF64(w, qc, neg, p);
  }
  // inexact implies 19 significant digits, so w >= 1e18 > 2^53 and w + 1 <= 1e19 < 2^64.
  let a = el(w, qc);
  if (a != EL_FAIL && a == el(w + 1, qc)) return reinterpret<f64>(a | (<u64>neg << 63));
  return parseFloatExact(p, floatEnd - p);
}

/** No digits: nan, inf, infinity (any case) after the optional sign at s, or nothing. */
function parseSpecial(p: usize, s: usize, end: usize, neg: bool): f64 {
  if (s + 3 <= end) {
    let c0 = load<u8>(s) | 0x20, c1 = load<u8>(s, 1) | 0x20, c2 = load<u8>(s, 2) | 0x20;
    if (c0 == 0x6E && c1 == 0x61 && c2 == 0x6E) { // nan
      floatEnd = s + 3;
      return NaN; // canonical quiet NaN (what Number() and Float64Array produce), for either sign
    }
    if (c0 == 0x69 && c1 == 0x6E && c2 == 0x66) { // inf
      let n: usize = 3;
      if (s + 8 <= end
        && (load<u8>(s, 3) | 0x20) == 0x69 && (load<u8>(s, 4) | 0x20) == 0x6E // "in"
        && (load<u8>(s, 5) | 0x20) == 0x69 && (load<u8>(s, 6) | 0x20) == 0x74 // "it"
        && (load<u8>(s, 7) | 0x20) == 0x79) n = 8;                             // "y"
      floatEnd = s + n;
      return neg ? -Infinity : Infinity;
    }
  }
  floatEnd = p;
  return NaN;
}
