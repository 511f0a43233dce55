// Number texts for the pure-JavaScript engine (js-core.ts): the full float and integer grammars of
// the WebAssembly core (assembly/float.ts, assembly/integer.ts), over bytes in a Uint8Array.
//
// These are the general paths: js-core.ts parses plain decimals itself, inline, and comes here for
// everything else (signs, exponents, quoted or trimmed values, long digit runs, nan/inf, errors).
//
// Exactness: a double holds every integer below 2^53 exactly, so digits accumulate in a plain number
// as long as the result stays below 2^53 (every partial value is smaller than the final one, so if
// the final value is below 2^53 nothing before it was rounded; and rounding is monotone, so a true
// value >= 2^53 never comes out below it). With such a w and a decimal exponent |q| <= 22, w and
// 10^|q| are both exact doubles and one IEEE multiply or divide is the correctly rounded result
// (Clinger). Everything else goes to Number() on the validated text, which V8 rounds correctly: it is
// the oracle the contract names, so it can't disagree with it.

/** 2^53: integers below it are exact doubles. */
export const TWO53 = 9007199254740992;

/** Exact doubles 10^0 .. 10^22 (10^q = 5^q * 2^q is exact while 5^q < 2^53). */
export const POW10 = new Float64Array([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

/** False after a parseFloatBytes/parseIntBytes call whose text is not a number of that grammar. */
export let numberOk = true;

/** The latin1 text of bytes [s, e): number texts are ASCII by the time they are converted. */
export function latin1(u8: Uint8Array, s: number, e: number): string {
  if (e - s <= 64) {
    let text = '';
    for (let i = s; i < e; i++) text += String.fromCharCode(u8[i]);
    return text;
  }
  let text = '';
  for (let i = s; i < e; i += 8192) text += String.fromCharCode.apply(null, u8.subarray(i, Math.min(e, i + 8192)) as unknown as number[]);
  return text;
}

/**
 * The f64 value of exactly the bytes [s, e) (s < e), by the grammar
 *   [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?   or   [+-]? (nan|inf|infinity) in any case.
 * Sets numberOk = false (and returns NaN) when the bytes are not that.
 */
export function parseFloatBytes(u8: Uint8Array, s: number, e: number): number {
  numberOk = true;
  let i = s;
  let neg = false;
  let c = u8[i];
  if (c === 0x2d) { neg = true; i++; } else if (c === 0x2b) i++;
  const intStart = i;
  let w = 0;
  while (i < e) {
    const d = u8[i] - 0x30;
    if (d < 0 || d > 9) break;
    w = w * 10 + d;
    i++;
  }
  let digits = i - intStart;
  let fracLen = 0;
  if (i < e && u8[i] === 0x2e) {
    i++;
    const fracStart = i;
    while (i < e) {
      const d = u8[i] - 0x30;
      if (d < 0 || d > 9) break;
      w = w * 10 + d;
      i++;
    }
    fracLen = i - fracStart;
    digits += fracLen;
  }
  if (digits === 0) return parseSpecial(u8, intStart, e, neg); // "", ".", "+", "nan", "inf", ...

  // Exponent: [eE][+-]?digits, all of it or the text is invalid (we need the whole field to match).
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
      if (d < 0 || d > 9) break;
      // Saturates: past a few hundred the value is already 0 or Infinity (Number() decides it).
      if (exp < 100_000_000) exp = exp * 10 + d;
      t++;
    }
    if (t === es || t !== e) return invalid();
    if (eneg) exp = -exp;
  }

  if (w < TWO53) {
    if (w === 0) return neg ? -0 : 0; // 0e99999, -0.000
    const q = exp - fracLen;
    if (q >= -22 && q <= 22) {
      const v = q < 0 ? w / POW10[-q] : w * POW10[q];
      return neg ? -v : v;
    }
    // Clinger's extension: w * 10^(q-22) is still an exact integer below 2^53, so * 1e22 rounds once.
    if (q > 22 && q <= 22 + 15) {
      const v = w * POW10[q - 22];
      if (v < TWO53) return neg ? -v * 1e22 : v * 1e22;
    }
  }
  return Number(latin1(u8, s, e));
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

/** Sign of the magnitude parseIntBytes returned. */
export let intNegative = false;
/** Set when parseIntBytes' magnitude has more than 15 significant digits: then it is a bigint in intBig. */
export let intBig: bigint | undefined;

/**
 * The magnitude of exactly the bytes [s, e) (s < e) as [+-]?[0-9]+, or numberOk = false. Magnitudes
 * of up to 15 significant digits are returned as exact numbers; longer ones return -1 with the exact
 * value in intBig (only 64-bit columns can hold them; for the rest it only says "out of range").
 */
export function parseIntBytes(u8: Uint8Array, s: number, e: number): number {
  numberOk = true;
  intBig = undefined;
  let i = s;
  let neg = false;
  const c = u8[i];
  if (c === 0x2d) { neg = true; i++; } else if (c === 0x2b) i++;
  const digitsStart = i;
  while (i < e && u8[i] >= 0x30 && u8[i] <= 0x39) i++;
  if (i === digitsStart || i !== e) return invalid();
  intNegative = neg;
  // Leading zeros are harmless: "000000000000000000005" is 5.
  let z = digitsStart;
  while (z < e - 1 && u8[z] === 0x30) z++;
  if (e - z <= 15) {
    let m = 0;
    for (let k = z; k < e; k++) m = m * 10 + (u8[k] - 0x30);
    return m;
  }
  // More than 20 digits is past 2^64 whatever they are: no need to build the bigint.
  intBig = e - z > 20 ? 1n << 64n : BigInt(latin1(u8, z, e));
  return -1;
}
