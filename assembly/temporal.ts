// Dates and timestamps: the ISO 8601 grammar, a strptime subset, and exact calendar arithmetic.
// src/core/js-temporal.ts is the same code for the pure-JS engine; keep them in step.
//
// A parse sets the t* globals: the civil date as days since 1970-01-01, the time of day in seconds
// minus the zone offset (so it may be negative or past 86400), and the fraction in nanoseconds.

import { parseF64, floatEnd } from "./float";

/** Days since 1970-01-01 of the last parsed date. */
export let tDays: i64 = 0;
/** Seconds into that day, zone offset already subtracted (UTC = local - offset). */
export let tSeconds: i64 = 0;
/** Fraction of a second in nanoseconds, 0 .. 999_999_999. */
export let tNanos: i64 = 0;

/** Scratch for the decimal text of a sub-millisecond timestamp (see msValue). */
const DECIMAL = memory.data(64);

// @ts-ignore: decorator
@inline function digit(p: usize): u32 { return <u32>load<u8>(p) - 0x30; }

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: i32, m: i32, d: i32): i64 {
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe = yy - era * 400;
  const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return <i64>era * 146097 + <i64>doe - 719468;
}

function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

/** Two digits at p as a number, or -1. */
function two(p: usize): i32 {
  const a = digit(p), b = digit(p + 1);
  return a <= 9 && b <= 9 ? <i32>(a * 10 + b) : -1;
}

/** Sets tDays from a checked calendar date; false when it is not a real date. */
function setDate(y: i32, m: i32, d: i32): bool {
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  tDays = daysFromCivil(y, m, d);
  return true;
}

/** Where the last zone parse ended, and its offset in seconds east of UTC. */
let zoneEnd: usize = 0;
let zoneSeconds: i32 = 0;

/** Z, or ±hh, ±hh:mm, ±hhmm at [p, e); false when it is none of them. */
function parseZone(p: usize, e: usize): bool {
  if (p >= e) return false;
  const c = <u32>load<u8>(p);
  if (c == 0x5A || c == 0x7A) { zoneSeconds = 0; zoneEnd = p + 1; return true; } // Z z
  if (c != 0x2B && c != 0x2D) return false;
  if (p + 3 > e) return false;
  const h = two(p + 1);
  if (h < 0 || h > 23) return false;
  let q = p + 3;
  let m = 0;
  if (q < e && <u32>load<u8>(q) == 0x3A) { // ':'
    if (q + 3 > e) return false;
    m = two(q + 1);
    if (m < 0) return false;
    q += 3;
  } else if (q + 2 <= e && digit(q) <= 9) {
    m = two(q);
    if (m < 0) return false;
    q += 2;
  }
  if (m > 59) return false;
  const s = h * 3600 + m * 60;
  zoneSeconds = c == 0x2D ? -s : s;
  zoneEnd = q;
  return true;
}

/** Where the last fraction parse ended. */
let fractionEnd: usize = 0;

/** 1..9 digits at [p, e) as nanoseconds; -1 when there are none or more than 9. */
function parseFraction(p: usize, e: usize): i64 {
  let q = p;
  let v: i64 = 0;
  while (q < e && digit(q) <= 9) {
    if (q - p == 9) return -1;
    v = v * 10 + <i64>digit(q);
    q++;
  }
  const n = <i32>(q - p);
  if (n == 0) return -1;
  for (let i = n; i < 9; i++) v *= 10;
  fractionEnd = q;
  return v;
}

/**
 * ISO 8601: YYYY-MM-DD, then (timestamps only) [T| ]hh:mm[:ss[.f{1,9}]][Z|±hh[:mm]|±hhmm]. Exactly
 * [s, e); a real calendar date and time of day (no 24:00, no leap second).
 */
export function parseIso(s: usize, e: usize, withTime: bool): bool {
  if (e - s < 10) return false;
  const y1 = two(s), y2 = two(s + 2);
  if (y1 < 0 || y2 < 0 || <u32>load<u8>(s + 4) != 0x2D || <u32>load<u8>(s + 7) != 0x2D) return false;
  if (!setDate(y1 * 100 + y2, two(s + 5), two(s + 8))) return false;
  tSeconds = 0;
  tNanos = 0;
  let p = s + 10;
  if (p == e) return true;
  if (!withTime) return false;
  const sep = <u32>load<u8>(p);
  if (sep != 0x54 && sep != 0x74 && sep != 0x20) return false; // T t space
  p++;
  if (p + 5 > e || <u32>load<u8>(p + 2) != 0x3A) return false;
  const h = two(p), mi = two(p + 3);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return false;
  p += 5;
  let sec = 0;
  if (p < e && <u32>load<u8>(p) == 0x3A) {
    if (p + 3 > e) return false;
    sec = two(p + 1);
    if (sec < 0 || sec > 59) return false;
    p += 3;
    if (p < e && <u32>load<u8>(p) == 0x2E) {
      const f = parseFraction(p + 1, e);
      if (f < 0) return false;
      tNanos = f;
      p = fractionEnd;
    }
  }
  let offset = 0;
  if (p < e) {
    if (!parseZone(p, e) || zoneEnd != e) return false;
    offset = zoneSeconds;
  }
  tSeconds = <i64>(h * 3600 + mi * 60 + sec - offset);
  return true;
}

/** 1..2 digits at [p, e) (greedy), or -1; numberEnd is set after them. */
let numberEnd: usize = 0;
function oneOrTwo(p: usize, e: usize): i32 {
  if (p >= e || digit(p) > 9) return -1;
  let v = <i32>digit(p);
  p++;
  if (p < e && digit(p) <= 9) { v = v * 10 + <i32>digit(p); p++; }
  numberEnd = p;
  return v;
}

// "janfebmaraprmayjunjulaugsepoctnovdec", the %b month names.
const MONTHS = memory.data<u8>([
  0x6A, 0x61, 0x6E, 0x66, 0x65, 0x62, 0x6D, 0x61, 0x72, 0x61, 0x70, 0x72, 0x6D, 0x61, 0x79, 0x6A, 0x75, 0x6E,
  0x6A, 0x75, 0x6C, 0x61, 0x75, 0x67, 0x73, 0x65, 0x70, 0x6F, 0x63, 0x74, 0x6E, 0x6F, 0x76, 0x64, 0x65, 0x63,
]);

/**
 * The strptime subset at [f, fe) (checked by src/options.ts: %Y %m %d %H %M %S %f %z %b %% and
 * literal bytes; year, month and day each once) matched against exactly [s, e).
 */
export function parseFormat(s: usize, e: usize, f: usize, fe: usize): bool {
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, offset = 0;
  let nanos: i64 = 0;
  let p = s;
  while (f < fe) {
    const c = <u32>load<u8>(f);
    if (c != 0x25) { // a literal byte
      if (p >= e || <u32>load<u8>(p) != c) return false;
      p++;
      f++;
      continue;
    }
    const k = <u32>load<u8>(f + 1);
    f += 2;
    if (k == 0x59) { // %Y: exactly four digits
      if (p + 4 > e) return false;
      const a = two(p), b = two(p + 2);
      if (a < 0 || b < 0) return false;
      y = a * 100 + b;
      p += 4;
    } else if (k == 0x66) { // %f
      nanos = parseFraction(p, e);
      if (nanos < 0) return false;
      p = fractionEnd;
    } else if (k == 0x7A) { // %z
      if (!parseZone(p, e)) return false;
      offset = zoneSeconds;
      p = zoneEnd;
    } else if (k == 0x62) { // %b: English month abbreviation, any case
      if (p + 3 > e) return false;
      const a = <u32>load<u8>(p) | 0x20, b = <u32>load<u8>(p + 1) | 0x20, cc = <u32>load<u8>(p + 2) | 0x20;
      mo = 0;
      for (let i = 0; i < 12; i++) {
        const m = MONTHS + <usize>(i * 3);
        if (<u32>load<u8>(m) == a && <u32>load<u8>(m + 1) == b && <u32>load<u8>(m + 2) == cc) { mo = i + 1; break; }
      }
      if (mo == 0) return false;
      p += 3;
    } else if (k == 0x25) { // %%
      if (p >= e || <u32>load<u8>(p) != 0x25) return false;
      p++;
    } else {
      const v = oneOrTwo(p, e);
      if (v < 0) return false;
      p = numberEnd;
      if (k == 0x6D) mo = v;
      else if (k == 0x64) d = v;
      else if (k == 0x48) { if (v > 23) return false; h = v; }
      else if (k == 0x4D) { if (v > 59) return false; mi = v; }
      else { if (v > 59) return false; sec = v; } // %S
    }
  }
  if (p != e) return false;
  if (!setDate(y, mo, d)) return false;
  tSeconds = <i64>(h * 3600 + mi * 60 + sec - offset);
  tNanos = nanos;
  return true;
}

/** Parses a date or timestamp: ISO 8601 when `format` is 0, else [len u32, bytes] at `format`. */
export function parseTemporal(s: usize, e: usize, format: usize, withTime: bool): bool {
  if (format == 0) return parseIso(s, e, withTime);
  return parseFormat(s, e, format + 4, format + 4 + <usize>load<u32>(format));
}

/** Writes the decimal digits of v (> 0 or == 0) ending just before `end`; returns the first digit's address. */
function writeDigits(end: usize, v: u64): usize {
  let p = end;
  do {
    p--;
    store<u8>(p, <u8>(0x30 + <u32>(v % 10)));
    v /= 10;
  } while (v != 0);
  return p;
}

/**
 * The last parsed timestamp in epoch milliseconds: exact for whole milliseconds; a finer fraction
 * is the double nearest to the exact value, found by the float parser on its decimal text.
 */
export function msValue(): f64 {
  const sec = tDays * 86400 + tSeconds;
  const ms = sec * 1000 + tNanos / 1000000;
  const rest = tNanos % 1000000;
  if (rest == 0) return <f64>ms;
  // ms + rest / 10^6, written as sign, integer part, '.', six digits.
  const negative = ms < 0;
  const whole: u64 = negative ? <u64>(-(ms + 1)) : <u64>ms;
  const frac: u64 = negative ? <u64>(1000000 - rest) : <u64>rest;
  const end = DECIMAL + 48;
  let p = end - 6;
  writeDigits(end, frac + 1000000); // "1dddddd": the leading 1 is overwritten by the point
  store<u8>(p - 1, 0x2E);
  p = writeDigits(p - 1, whole);
  if (negative) { p--; store<u8>(p, 0x2D); }
  store<u8>(end, 0);
  const v = parseF64(p, end);
  return floatEnd == end ? v : NaN;
}

/** The last parsed timestamp in epoch microseconds (a finer fraction is cut toward the past). */
export function usValue(): i64 {
  return (tDays * 86400 + tSeconds) * 1000000 + tNanos / 1000;
}

/** False when the last parsed timestamp is outside what i64 nanoseconds hold (1677-09-21 .. 2262-04-11). */
export function nsInRange(): bool {
  const sec = tDays * 86400 + tSeconds;
  if (sec > 9223372036 || sec < -9223372037) return false;
  if (sec == 9223372036) return tNanos <= 854775807;
  if (sec == -9223372037) return tNanos >= 145224192;
  return true;
}

/** The last parsed timestamp in epoch nanoseconds; check nsInRange first. */
export function nsValue(): i64 {
  const sec = tDays * 86400 + tSeconds;
  if (sec < 0) return (sec + 1) * 1000000000 + (tNanos - 1000000000);
  return sec * 1000000000 + tNanos;
}

// The fast path's memo: timestamps in a file are mostly in order, so the month repeats.
let memoMonth: i32 = -1;
let memoDays: i64 = 0;

/** Where the text isoFast took ends (0: not its shape). */
export let fastEnd: usize = 0;

/**
 * Whether byte b never occurs in isoFast's text (digits, '-', ':', 'T', ' ', '.', 'Z'). Only when the
 * delimiter and the quote both don't is the end isoFast finds the field's end: a ' ' or ':'
 * delimiter (both allowed) ends a field inside such text, a quote there is the general path's.
 */
export function outsideIso(b: u32): bool {
  return b - 0x30 > 9 && b != 0x2D && b != 0x3A && b != 0x54 && b != 0x20 && b != 0x2E && b != 0x5A;
}

// @ts-ignore: decorator
@inline function d2(p: usize): u32 { return (<u32>load<u8>(p) - 0x30) * 10 + (<u32>load<u8>(p + 1) - 0x30); }

/**
 * The common shape only, `YYYY-MM-DD(T| )hh:mm:ss[.d{1,3}][Z]` (what toISOString and most logs
 * write), at p, as epoch milliseconds; fastEnd = 0 for anything else (the general path then decides:
 * offsets, finer fractions, errors). Reads at most 24 bytes from p: the driver's window slack holds
 * them, and the 0 sentinel at the window's end stops a match.
 */
export function isoFast(p: usize): f64 {
  fastEnd = 0;
  // Every digit position at once: a byte outside '0'..'9' sets a high bit of (b - '0') | ('9' - b).
  const a = load<u64>(p); // YYYY-MM-
  const b = load<u64>(p + 8); // DDThh:mm
  const digitsA = (a & 0x00FF_FF00_FFFF_FFFF) | 0x3000_0030_0000_0000;
  const digitsB = (b & 0xFFFF_00FF_FF00_FFFF) | 0x0000_3000_0030_0000;
  const bad = ((digitsA - 0x3030_3030_3030_3030) | (0x3939_3939_3939_3939 - digitsA)
    | (digitsB - 0x3030_3030_3030_3030) | (0x3939_3939_3939_3939 - digitsB)) & 0x8080_8080_8080_8080;
  if (bad != 0) return 0;
  if ((a & 0xFF00_00FF_0000_0000) != 0x2D00_002D_0000_0000) return 0; // '-' at 4 and 7
  const sep = <u32>(b >> 16) & 0xFF;
  if ((sep != 0x54 && sep != 0x20) || ((b >> 40) & 0xFF) != 0x3A) return 0; // T or space, ':'
  if (<u32>load<u8>(p + 16) != 0x3A) return 0;
  const s1 = <u32>load<u8>(p + 17) - 0x30, s2 = <u32>load<u8>(p + 18) - 0x30;
  if (s1 > 5 || s2 > 9) return 0;
  const y = <i32>(d2(p) * 100 + d2(p + 2)), m = <i32>d2(p + 5), d = <i32>d2(p + 8);
  const h = d2(p + 11), mi = d2(p + 14);
  if (m < 1 || m > 12 || d < 1 || h > 23 || mi > 59) return 0;
  const key = y * 16 + m;
  if (key != memoMonth) {
    memoMonth = -1; // daysInMonth below is checked first; a bad day never reaches the memo
    memoDays = daysFromCivil(y, m, 1);
    memoMonth = key;
  }
  if (d > 28 && d > daysInMonth(y, m)) return 0;
  let q = p + 19;
  let ms: i64 = 0;
  if (<u32>load<u8>(q) == 0x2E) {
    q++;
    let n = 0;
    while (n < 3 && <u32>load<u8>(q) - 0x30 <= 9) { ms = ms * 10 + <i64>(<u32>load<u8>(q) - 0x30); q++; n++; }
    if (n == 0 || <u32>load<u8>(q) - 0x30 <= 9) return 0; // no digits, or finer than a millisecond
    if (n == 1) ms *= 100; else if (n == 2) ms *= 10;
  }
  if (<u32>load<u8>(q) == 0x5A) q++; // Z
  fastEnd = q;
  const sec = (memoDays + <i64>(d - 1)) * 86400 + <i64>(h * 3600 + mi * 60 + s1 * 10 + s2);
  return <f64>(sec * 1000 + ms);
}
