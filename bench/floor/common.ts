// Shared pieces of the floor loops: exact powers of ten (Clinger), SWAR digit runs of known length, civil days.

// Exact doubles 10^0 .. 10^22: w / 10^k is the correctly rounded value while w <= 2^53 and k <= 22.
export const POW10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);
export const POW10_U64: usize = memory.data<u64>([
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
  10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
  1000000000000000, 10000000000000000,
]);

/** 1..8 ASCII digits at p as a number (Lemire's SWAR: three multiplies). Reads 8 bytes from p. */
// @ts-ignore: decorator
@inline export function swar8(p: usize, len: usize): u64 {
  let v = (load<u64>(p) & 0x0F0F0F0F0F0F0F0F) << (<u64>(8 - len) << 3);
  v = (v * 2561) >> 8;
  v = ((v & 0x00FF00FF00FF00FF) * 6553601) >> 16;
  return ((v & 0x0000FFFF0000FFFF) * 42949672960001) >> 32;
}

/** 0..16 ASCII digits at p (length known from the structural index) as a number. */
// @ts-ignore: decorator
@inline export function digitsOf(p: usize, len: usize): u64 {
  if (len <= 8) return len == 0 ? 0 : swar8(p, len);
  return swar8(p, len - 8) * 100000000 + swar8(p + len - 8, 8);
}

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian; Hinnant's days_from_civil). */
export function daysFromCivil(y: i32, m: i32, d: i32): i32 {
  y -= m <= 2 ? 1 : 0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

let memoKey: i32 = -1;
let memoDays: i64 = 0;

/**
 * `YYYY-MM-DDThh:mm:ss.fffZ` at p (exactly that shape: 24 bytes) as epoch milliseconds. Three u64
 * loads; each byte's low nibble times 10 plus the next byte's gives every two-digit pair at once
 * (no byte exceeds 165, so no carries). Digits are not validated (the floor reports no errors); the
 * month's first day is memoised as in the core.
 */
// @ts-ignore: decorator
@inline export function isoMs(p: usize): f64 {
  let a = load<u64>(p) & 0x0F0F0F0F0F0F0F0F; // YYYY-MM-
  let b = load<u64>(p, 8) & 0x0F0F0F0F0F0F0F0F; // DDThh:mm
  const c = load<u64>(p, 16) & 0x0F0F0F0F0F0F0F0F; // :ss.fffZ
  a = a * 10 + (a >> 8);
  b = b * 10 + (b >> 8);
  const c2 = c * 10 + (c >> 8);
  const y = <i32>(a & 0xFF) * 100 + <i32>((a >> 16) & 0xFF), m = <i32>((a >> 40) & 0xFF);
  const key = y * 16 + m;
  if (key != memoKey) { memoDays = <i64>daysFromCivil(y, m, 1); memoKey = key; }
  const d = <i32>(b & 0xFF), h = <i32>((b >> 24) & 0xFF), mi = <i32>((b >> 48) & 0xFF);
  const s = <i32>((c2 >> 8) & 0xFF);
  const ms = <i32>((c2 >> 32) & 0xFF) * 10 + <i32>((c >> 48) & 0xFF);
  const sec = (memoDays + <i64>(d - 1)) * 86400 + <i64>(h * 3600 + mi * 60 + s);
  return <f64>(sec * 1000 + <i64>ms);
}

/** Method names in code order: the fixed dictionary the request-log loops code into. */
// GET POST PUT DELETE PATCH HEAD OPTIONS as little-endian words of their bytes.
// @ts-ignore: decorator
@inline export function methodCode(s: usize, len: usize): i32 {
  const x = load<u64>(s) & ((<u64>1 << (<u64>len << 3)) - 1); // len <= 7
  if (x == 0x544547) return 0; // GET
  if (x == 0x54534F50) return 1; // POST
  if (x == 0x545550) return 2; // PUT
  if (x == 0x4554454C4544) return 3; // DELETE
  if (x == 0x4843544150) return 4; // PATCH
  if (x == 0x44414548) return 5; // HEAD
  if (x == 0x534E4F4954504F) return 6; // OPTIONS
  return -1;
}

/** 1..8 ASCII digits in the low bytes of x as a number (swar8 on a value). */
// @ts-ignore: decorator
@inline export function swarValue(x: u64, len: usize): u64 {
  let v = (x & 0x0F0F0F0F0F0F0F0F) << (<u64>(8 - len) << 3);
  v = (v * 2561) >> 8;
  v = ((v & 0x00FF00FF00FF00FF) * 6553601) >> 16;
  return ((v & 0x0000FFFF0000FFFF) * 42949672960001) >> 32;
}

/**
 * Float field [s, e), bounds known: [-]digits[.digits]. Up to 8 characters after the sign (the seed's
 * and the request log's durations): one u64, the dot found by a SWAR zero-byte test and squeezed out,
 * the digits converted by one SWAR; longer (up to 16 characters, 15 digits) by decimalWide.
 */
// @ts-ignore: decorator
@inline export function decimalOf(s: usize, e: usize): f64 {
  const neg = <u32>load<u8>(s) == 0x2D;
  const ds = s + <usize>neg;
  const len = e - ds;
  if (len > 8) return decimalWide(s, e);
  const x = load<u64>(ds);
  const t = x ^ 0x2E2E2E2E2E2E2E2E;
  const dp = <usize>ctz((t - 0x0101010101010101) & ~t & 0x8080808080808080) >> 3; // 8: no dot in the 8 bytes
  let y = x, n = len, dec: usize = 0;
  if (dp < len) {
    const sh = <u64>dp << 3;
    y = (x & ((<u64>1 << sh) - 1)) | (((x >> sh) >> 8) << sh); // the dot squeezed out
    n = len - 1;
    dec = len - dp - 1;
  }
  const f = <f64><i64>select<u64>(swarValue(y, n), 0, n != 0) / load<f64>(POW10 + (dec << 3));
  return neg ? -f : f;
}

/** Float field [s, e) known bounds: [-]digits[.digits], at most 16 characters after the sign, 15 digits. */
export function decimalWide(s: usize, e: usize): f64 {
  const neg = <u32>load<u8>(s) == 0x2D;
  s += <usize>neg;
  const len = <u32>(e - s);
  const dots = <u32>i8x16.bitmask(i8x16.eq(v128.load(s), i8x16.splat(0x2E))) & ((<u32>1 << len) - 1);
  let w: u64;
  let dec: usize = 0;
  if (dots == 0) {
    w = digitsOf(s, len);
  } else {
    const dp = ctz(dots);
    dec = len - dp - 1;
    w = digitsOf(s, dp) * load<u64>(POW10_U64 + (dec << 3)) + digitsOf(s + dp + 1, dec);
  }
  const x = <f64>w / load<f64>(POW10 + (dec << 3));
  return neg ? -x : x;
}

/**
 * Float field from its start s: [-]digits[.digits] byte by byte up to the first non-digit (the field
 * end need not be known), at most 15 digits (Clinger). Cheaper than decimalOf when the field's shape
 * repeats (the branch predictor learns the digit loops), dearer when lengths vary.
 */
// @ts-ignore: decorator
@inline export function decimalLoop(s: usize): f64 {
  let p = s;
  const neg = <u32>load<u8>(p) == 0x2D;
  p += <usize>neg;
  let w: u64 = 0;
  let d = <u32>load<u8>(p) - 0x30;
  while (d <= 9) { w = w * 10 + <u64>d; p++; d = <u32>load<u8>(p) - 0x30; }
  let dec: usize = 0;
  if (d == <u32>(0x2E - 0x30)) {
    p++;
    const fs = p;
    d = <u32>load<u8>(p) - 0x30;
    while (d <= 9) { w = w * 10 + <u64>d; p++; d = <u32>load<u8>(p) - 0x30; }
    dec = p - fs;
  }
  const x = <f64><i64>w / load<f64>(POW10 + (dec << 3));
  return neg ? -x : x;
}
