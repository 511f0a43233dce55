// Number texts for the pure-JavaScript engine (js-core.ts): the full float and integer grammars of
// the WebAssembly core (assembly/float.ts, assembly/integer.ts), over bytes in a Uint8Array, with the
// same values bit for bit.
//
// js-core.ts parses plain decimals itself, inline; it comes here for everything else (signs,
// exponents, long digit runs, quoted or trimmed values, nan/inf, errors).
//
// Floats, cheapest first:
//   1. Clinger: the digits form w < 2^53 and |q| <= 22 (value = w * 10^q), so w and 10^|q| are exact
//      doubles and one IEEE multiply or divide is the correctly rounded result. (A double holds every
//      integer below 2^53, so digits accumulate exactly in a plain number while the result stays
//      below 2^53: every partial value is smaller than the final one, and rounding is monotone, so a
//      true value >= 2^53 never comes out below it.)
//   2. Eisel–Lemire on up to 19 significant digits, as assembly/float.ts does it, with 64-bit values
//      held as two uint32 halves and 32x32 -> 64-bit products built from 16-bit pieces (every partial
//      product then fits a double exactly). More than 19 digits: w and w+1 (the first 19 digits,
//      truncated and rounded up) must give the same double.
//   3. Number() on the validated text for what Eisel–Lemire leaves undecided (a true near-tie
//      hidden by the table's truncation, or > 19 digits straddling a rounding boundary): V8 rounds
//      correctly, and it is the oracle the contract names.
// Integers: up to 15 significant digits are exact doubles; 16-20 (64-bit columns) become two uint32
// halves with the same 16-bit-piece arithmetic; more is out of range for every type.

/** 2^53: integers below it are exact doubles. */
export const TWO53 = 9007199254740992;
const TWO32 = 4294967296;
const INV32 = 1 / TWO32; // exact: a power of two

/** Exact doubles 10^0 .. 10^22 (10^q = 5^q * 2^q is exact while 5^q < 2^53). */
export const POW10 = new Float64Array([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

/** False after a parseFloatBytes/parseIntBytes call whose text is not a number of that grammar. */
export let numberOk = true;

// One reusable array per length for String.fromCharCode.apply: measured the fastest portable way to
// turn a short byte run into a string (no subarray object, no array growth, no concatenation).
const charBuffers: number[][] = Array.from({ length: 65 }, (_, n) => new Array<number>(n).fill(0x30));

/** The latin1 text of bytes [s, e): number texts are ASCII by the time they are converted. */
export function latin1(u8: Uint8Array, s: number, e: number): string {
  const n = e - s;
  if (n <= 64) {
    const codes = charBuffers[n];
    for (let i = 0; i < n; i++) codes[i] = u8[s + i];
    return String.fromCharCode.apply(null, codes);
  }
  let text = '';
  for (let i = s; i < e; i += 8192) text += String.fromCharCode.apply(null, u8.subarray(i, Math.min(e, i + 8192)) as unknown as number[]);
  return text;
}

// ---------------------------------------------------------------------------------------------
// 64-bit arithmetic on uint32 halves
//
// Everything below stays an exact integer double below 2^53, so `x >>> 0` is exactly x mod 2^32 and
// `x & 0xffff` exactly x mod 2^16 (ToInt32 keeps the low 32 bits); `%` on doubles would be a call
// to fmod in V8, several times slower.

// Outputs of the helpers below, in a Float64Array rather than module variables: a module `let`
// holding a number past the Smi range is a heap number, allocated on every write (measured: the
// whole Eisel-Lemire step ran 4x slower that way).
const out = new Float64Array(2);
const HI = 0; // high uint32 half (or more: see toHalves)
const LO = 1; // low uint32 half

/** Low 32 bits of a * b (a, b uint32): Math.imul keeps exactly those. */
function mulLo(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

/**
 * High 32 bits of a * b (a, b uint32), given lo = mulLo(a, b). The double a * b is within 2^11 of
 * the exact product P = hi * 2^32 + lo, so (a * b - lo) / 2^32 is within 2^-19 of hi: rounding it
 * gives hi exactly.
 */
function mulHi(a: number, b: number, lo: number): number {
  return Math.round((a * b - lo) * INV32);
}

/**
 * out[HI]:out[LO] = a * p + b, a value below 2^64 (for a u64 range check it may reach ~2^67: out[HI] then
 * exceeds 2^32 and is still exact). Needs a < 2^37, p <= 10^10, b < p, and a * p < 2^71: then
 * every intermediate below is an exact integer double.
 */
function toHalves(a: number, p: number, b: number): void {
  const a0 = a & 0xffff, a1 = Math.floor(a / 65536);
  const x = a0 * p + b; // < 2^16 * 2^34 + 2^34
  const y = a1 * p; // < 2^21 * 2^30 (integers: p = 1e9) or < 2^14 * 2^34 (floats: a < 1e9)
  const z = (y & 0xffff) * 65536 + x; // < 2^32 + 2^51
  out[LO] = z >>> 0;
  out[HI] = Math.floor(y / 65536) + Math.floor(z / TWO32);
}

// ---------------------------------------------------------------------------------------------
// Integers

/** Sign of the last parseIntBytes number. */
export let intNegative = false;
/** Where its significant digits start (leading zeros skipped; at least one digit is kept). */
export let intDigits = 0;

/**
 * Checks that exactly the bytes [s, e) (s < e) are [+-]?[0-9]+; numberOk = false otherwise. Sets
 * intNegative and intDigits: the value's digits are [intDigits, e).
 */
export function parseIntBytes(u8: Uint8Array, s: number, e: number): void {
  numberOk = true;
  let i = s;
  let neg = false;
  const c = u8[i];
  if (c === 0x2d) { neg = true; i++; } else if (c === 0x2b) i++;
  const digitsStart = i;
  while (i < e && ((u8[i] - 0x30) >>> 0) <= 9) i++;
  if (i === digitsStart || i !== e) { numberOk = false; return; }
  // Leading zeros are harmless: "000000000000000000005" is 5.
  let z = digitsStart;
  while (z < e - 1 && u8[z] === 0x30) z++;
  intNegative = neg;
  intDigits = z;
}

/** The value of 1..15 decimal digits [s, e): an exact double. */
export function smallDigits(u8: Uint8Array, s: number, e: number): number {
  let m = 0;
  for (let k = s; k < e; k++) m = m * 10 + (u8[k] - 0x30);
  return m;
}

/**
 * The magnitude of 16..20 significant digits [s, e) into out[HI]:out[LO] (out[HI] may exceed 2^32 - 1 for
 * 20-digit values past 2^64: the caller's range check sees that). Returns false for more digits.
 */
export function wideDigits(u8: Uint8Array, s: number, e: number): boolean {
  if (e - s > 20) return false;
  const split = e - 9;
  toHalves(smallDigits(u8, s, split), 1e9, smallDigits(u8, split, e));
  return true;
}

/** High and low uint32 halves of the last wideDigits magnitude. */
export function wideHigh(): number {
  return out[HI];
}
export function wideLow(): number {
  return out[LO];
}

// ---------------------------------------------------------------------------------------------
// Floats

const POW5_MIN_Q = -342;
const POW5_MAX_Q = 308;
/**
 * T(q) = floor(5^q * 2^k) with the k that puts it in [2^127, 2^128), for POW5_MIN_Q <= q <= POW5_MAX_Q
 * (exact for 0 <= q <= 55, truncated otherwise): four uint32 per entry, most significant first.
 * Built on first use (a few ms of BigInt arithmetic), since only long or exponent texts need it.
 */
let pow5: Uint32Array | undefined;

function pow5Table(): Uint32Array {
  const table = new Uint32Array((POW5_MAX_Q - POW5_MIN_Q + 1) * 4);
  const bits = (v: bigint) => v.toString(2).length;
  for (let q = POW5_MIN_Q; q <= POW5_MAX_Q; q++) {
    let t: bigint;
    if (q >= 0) {
      const v = 5n ** BigInt(q);
      const b = bits(v);
      t = b <= 128 ? v << BigInt(128 - b) : v >> BigInt(b - 128);
    } else {
      // 2^(b-1) < 5^n < 2^b, so 2^(127+b) / 5^n lies strictly inside (2^127, 2^128).
      const d = 5n ** BigInt(-q);
      t = (1n << BigInt(127 + bits(d))) / d;
    }
    const i = (q - POW5_MIN_Q) * 4;
    for (let k = 3; k >= 0; k--) {
      table[i + k] = Number(t & 0xffffffffn);
      t >>= 32n;
    }
  }
  return table;
}

/** What eiselLemire answers when it can't decide (never a value: those are >= 0). */
const UNDECIDED = -1;

/**
 * Eisel–Lemire (assembly/float.ts el): the high word of the correctly rounded |w * 10^q| for w =
 * wh:wl (1 <= w < 2^64), low word in elLow; or UNDECIDED.
 */
function eiselLemire(wh: number, wl: number, q: number): number {
  if (q < POW5_MIN_Q) return 0; // below half the least subnormal
  if (q > POW5_MAX_Q) return Infinity;
  // Normalize: w' = w << lz has its top bit set.
  const lz = wh !== 0 ? Math.clz32(wh) : 32 + Math.clz32(wl);
  if (lz >= 32) {
    wh = (wl << (lz - 32)) >>> 0;
    wl = 0;
  } else if (lz > 0) {
    wh = ((wh << lz) | (wl >>> (32 - lz))) >>> 0;
    wl = (wl << lz) >>> 0;
  }
  const table = (pow5 ??= pow5Table());
  const i = (q - POW5_MIN_Q) * 4;
  const t3 = table[i], t2 = table[i + 1];
  // hi:lo (four uint32 p3 p2 p1 p0) = w' * T_high, T_high = t3:t2, column by column: each column
  // sums the halves of the 32x32 products that land in it (below 2^35: exact), carrying upward.
  const ll = mulLo(wl, t2), lh = mulLo(wl, t3), hl = mulLo(wh, t2), hh = mulLo(wh, t3);
  const p0 = ll;
  const c1 = mulHi(wl, t2, ll) + lh + hl;
  const c2 = mulHi(wl, t3, lh) + mulHi(wh, t2, hl) + hh + Math.floor(c1 * INV32);
  let p1 = c1 >>> 0;
  let p2 = c2 >>> 0;
  let p3 = mulHi(wh, t3, hh) + Math.floor(c2 * INV32);
  let lo0 = p0;
  // Only w' * T_high so far: the missing w' * T_low (and T's truncation) add less than one unit to
  // hi. That can move the 54 mantissa bits (bits >= 9) only if the low 9 bits of hi are all ones.
  if ((p2 & 0x1ff) === 0x1ff) {
    const t1 = table[i + 2], t0 = table[i + 3];
    // The high 64 bits (r3:r2) of w' * T_low, added to lo with its carry into hi.
    const kl = mulLo(wl, t0), kh = mulLo(wl, t1), jl = mulLo(wh, t0), jh = mulLo(wh, t1);
    const d1 = mulHi(wl, t0, kl) + kh + jl;
    const d2 = mulHi(wl, t1, kh) + mulHi(wh, t0, jl) + jh + Math.floor(d1 * INV32);
    const r2 = d2 >>> 0;
    const r3 = mulHi(wh, t1, jh) + Math.floor(d2 * INV32);
    const s0 = lo0 + r2;
    lo0 = s0 >>> 0;
    const s1 = p1 + r3 + Math.floor(s0 * INV32);
    p1 = s1 >>> 0;
    if (s1 >= TWO32) {
      // The carry into hi: hi < 2^64 - 1 here (T < 2^128 and w' < 2^64 keep the product below it).
      const s2 = p2 + 1;
      p2 = s2 >>> 0;
      p3 += Math.floor(s2 * INV32);
    }
    // hi:lo is now exact for 0 <= q <= 55 (T exact) and otherwise at most 1 below the true value:
    // one more unit changes the result only if every bit below the rounding bit is one.
    if (p1 === 0xffffffff && lo0 === 0xffffffff && (p2 & 0x1ff) === 0x1ff && (q < 0 || q > 55)) return UNDECIDED;
  }
  const upper = p3 >>> 31; // the product's top bit is bit 127 or 126
  const sh = 9 + upper;
  // m = hi >> sh: 54 bits (53 mantissa bits and the rounding bit), as mh (22 bits) : ml (32 bits).
  let mh = p3 >>> sh;
  let ml = ((p2 >>> sh) | (p3 << (32 - sh))) >>> 0;
  // Biased exponent of m / 2^53: floor(q * log2 10) + 63 + upper - lz + 1023.
  let eb = ((217706 * q) >> 16) + 63 + upper - lz + 1023;
  // Exact halfway (only possible for 0 <= q <= 23, where hi:lo is the whole product): rounding bit
  // set, nothing below it, even mantissa -> clear the rounding bit so it rounds down (half to even).
  if (q >= 0 && q <= 23 && p1 === 0 && lo0 === 0 && (ml & 3) === 1 && (p2 & ((1 << sh) - 1)) === 0) ml = (ml ^ 1) >>> 0;
  if (eb <= 0) {
    // Subnormal: shift to the 2^-1074 grid keeping one rounding bit (no ties this far down).
    const rs = 1 - eb;
    if (rs >= 64) return 0;
    let m: number; // after the shift m < 2^53: an exact double
    if (rs >= 32) m = mh >>> (rs - 32);
    else m = (mh >>> rs) * TWO32 + (((ml >>> rs) | (mh << (32 - rs))) >>> 0);
    // m <= 2^52 after rounding; 2^52 is the least normal. m * 2^-1074 is exact either way.
    return ((m + (m & 1)) / 2) * Number.MIN_VALUE;
  }
  // Round to 53 bits: m = (m + (m & 1)) >> 1. The bit is added to the low half first: m + (m & 1)
  // is even and below 2^54 + 2, so exact as a double (an odd 54-bit m would not be).
  let m = (mh * TWO32 + (ml + (ml & 1))) / 2;
  if (m >= TWO53) { // rounding carried out of 53 bits: 2^53 -> 2^52, exponent one higher
    m /= 2;
    eb++;
  }
  if (eb >= 0x7ff) return Infinity;
  // m in [2^52, 2^53) times a power of two whose product is a normal double: exact.
  return m * (pow2 ??= pow2Table())[eb];
}

/** pow2[eb] = 2^(eb - 1075) for 1 <= eb <= 2046: the scale of a 53-bit mantissa m with biased exponent eb. */
let pow2: Float64Array | undefined;

function pow2Table(): Float64Array {
  const table = new Float64Array(2047);
  let v = Number.MIN_VALUE; // 2^-1074
  for (let eb = 1; eb < 2047; eb++, v *= 2) table[eb] = v;
  return table;
}

/**
 * The f64 value of exactly the bytes [s, e) (s < e), by the grammar
 *   [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?   or   [+-]? (nan|inf|infinity) in any case.
 * Sets numberOk = false (and returns NaN) when the bytes are not that.
 */
export function parseFloatBytes(u8: Uint8Array, s: number, e: number): number {
  numberOk = true;
  // First only the shape: where the integer digits, the fraction and the exponent are.
  let i = s;
  let neg = false;
  const c = u8[i];
  if (c === 0x2d) { neg = true; i++; } else if (c === 0x2b) i++;
  const intStart = i;
  while (i < e && ((u8[i] - 0x30) >>> 0) <= 9) i++;
  const intEnd = i;
  let fracLen = 0;
  if (i < e && u8[i] === 0x2e) {
    const fracStart = ++i;
    while (i < e && ((u8[i] - 0x30) >>> 0) <= 9) i++;
    fracLen = i - fracStart;
  }
  if (intEnd - intStart + fracLen === 0) return parseSpecial(u8, intStart, e, neg); // "", ".", "+", "nan", ...

  // Exponent: [eE][+-]?digits, all of it or the text is invalid (the whole field must match).
  let exp = 0;
  if (i < e) {
    if ((u8[i] | 0x20) !== 0x65) return invalid();
    let t = i + 1;
    let eneg = false;
    if (t < e) {
      const sign = u8[t];
      if (sign === 0x2d) { eneg = true; t++; } else if (sign === 0x2b) t++;
    }
    const es = t;
    while (t < e) {
      const d = u8[t] - 0x30;
      if (d >>> 0 > 9) break;
      // Saturates: past a few hundred the value is already 0 or Infinity.
      if (exp < 100_000_000) exp = exp * 10 + d;
      t++;
    }
    if (t === es || t !== e) return invalid();
    if (eneg) exp = -exp;
  }
  const v = decimalValue(u8, e, intStart, intEnd, fracLen, exp);
  return neg ? -v : v;
}

/**
 * |value| of the validated number text [intStart, e) (no sign) with integer digits [intStart, intEnd),
 * fracLen fraction digits after a point at intEnd, and decimal exponent exp.
 *
 * The first 19 significant digits become w = a * 10^k + b (a the first 9, b the rest), the others
 * are only noted: w * 10^q is then exact when every dropped digit is zero, and otherwise the value
 * lies in [w, w+1) * 10^q and is known when both ends round alike.
 */
export function decimalValue(u8: Uint8Array, e: number, intStart: number, intEnd: number, fracLen: number, exp: number): number {
  const fracStart = intEnd + 1, fracEnd = fracStart + fracLen;
  // The first significant digit: skip leading zeros (those after the point lower q).
  let k = intStart;
  let q = exp;
  while (k < intEnd && u8[k] === 0x30) k++;
  if (k === intEnd) {
    k = fracStart;
    while (k < fracEnd && u8[k] === 0x30) k++;
    q -= k - fracStart;
    if (k === fracEnd) return 0; // only zeros: 0e99999, 0.000
  }
  // Digits taken from the fraction lower q by one each; integer digits dropped raise it.
  let a = 0, b = 0, pb = 1, nsig = 0;
  let inexact = false;
  if (k < intEnd) {
    for (; k < intEnd && nsig < 9; k++, nsig++) a = a * 10 + (u8[k] - 0x30);
    for (; k < intEnd && nsig < 19; k++, nsig++) { b = b * 10 + (u8[k] - 0x30); pb *= 10; }
    q += intEnd - k; // integer digits past the 19th
    for (; k < intEnd; k++) if (u8[k] !== 0x30) inexact = true;
    k = fracStart;
  }
  const taken = k;
  for (; k < fracEnd && nsig < 9; k++, nsig++) a = a * 10 + (u8[k] - 0x30);
  for (; k < fracEnd && nsig < 19; k++, nsig++) { b = b * 10 + (u8[k] - 0x30); pb *= 10; }
  q -= k - taken;
  for (; k < fracEnd; k++) if (u8[k] !== 0x30) inexact = true;
  // |q| past a few hundred already means 0 or Infinity; clamp to keep the arithmetic small.
  q = q < -100_000 ? -100_000 : q > 100_000 ? 100_000 : q;

  let wh: number, wl: number;
  if (nsig <= 15) {
    const w = a * pb + b; // < 10^15: exact
    if (q >= -22 && q <= 22) return q < 0 ? w / POW10[-q] : w * POW10[q]; // Clinger
    // Clinger's extension: w * 10^(q-22) is still an exact integer below 2^53, so * 1e22 rounds once.
    if (q > 22 && q <= 22 + 15) {
      const v = w * POW10[q - 22];
      if (v < TWO53) return v * 1e22;
    }
    wh = Math.floor(w / TWO32);
    wl = w >>> 0;
  } else {
    toHalves(a, pb, b);
    wh = out[HI];
    wl = out[LO];
  }
  const v = eiselLemire(wh, wl, q);
  if (v !== UNDECIDED) {
    if (!inexact) return v;
    // w + 1 (w < 10^19 < 2^64 - 1, so the carry never leaves 64 bits).
    if (v === (wl === 0xffffffff ? eiselLemire(wh + 1, 0, q) : eiselLemire(wh, wl + 1, q))) return v;
  }
  return Number(latin1(u8, intStart, e)); // |value|: the text after the sign
}

function invalid(): number {
  numberOk = false;
  return NaN;
}

/** No digits: exactly nan, inf or infinity (any case) in [s, e), or invalid. */
function parseSpecial(u8: Uint8Array, s: number, e: number, neg: boolean): number {
  const n = e - s;
  if (n === 3) {
    const c0 = u8[s] | 0x20, c1 = u8[s + 1] | 0x20, c2 = u8[s + 2] | 0x20;
    if (c0 === 0x6e && c1 === 0x61 && c2 === 0x6e) return NaN; // nan: the canonical NaN, either sign
    if (c0 === 0x69 && c1 === 0x6e && c2 === 0x66) return neg ? -Infinity : Infinity; // inf
  } else if (n === 8) {
    // "infinity": compare lowercased bytes with the word.
    const word = 'infinity';
    for (let k = 0; k < 8; k++) if ((u8[s + k] | 0x20) !== word.charCodeAt(k)) return invalid();
    return neg ? -Infinity : Infinity;
  }
  return invalid();
}
