// Dates and timestamps for the pure-JS engine: assembly/temporal.ts step for step (the ISO 8601
// grammar, the strptime subset, calendar arithmetic), over a Uint8Array. Keep the two in step.

/** Days since 1970-01-01 of the last parsed date. */
export let tDays = 0;
/** Seconds into that day, zone offset already subtracted. */
export let tSeconds = 0;
/** Fraction of a second in nanoseconds. */
export let tNanos = 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.trunc((yy >= 0 ? yy : yy - 399) / 400);
  const yoe = yy - era * 400;
  const doy = Math.trunc((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.trunc(yoe / 4) - Math.trunc(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const isDigit = (c: number) => (c - 0x30) >>> 0 <= 9;

function two(u8: Uint8Array, p: number): number {
  const a = u8[p] - 0x30, b = u8[p + 1] - 0x30;
  return a >>> 0 <= 9 && b >>> 0 <= 9 ? a * 10 + b : -1;
}

function setDate(y: number, m: number, d: number): boolean {
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  tDays = daysFromCivil(y, m, d);
  return true;
}

let zoneEnd = 0;
let zoneSeconds = 0;

function parseZone(u8: Uint8Array, p: number, e: number): boolean {
  if (p >= e) return false;
  const c = u8[p];
  if (c === 0x5a || c === 0x7a) { zoneSeconds = 0; zoneEnd = p + 1; return true; }
  if (c !== 0x2b && c !== 0x2d) return false;
  if (p + 3 > e) return false;
  const h = two(u8, p + 1);
  if (h < 0 || h > 23) return false;
  let q = p + 3;
  let m = 0;
  if (q < e && u8[q] === 0x3a) {
    if (q + 3 > e) return false;
    m = two(u8, q + 1);
    if (m < 0) return false;
    q += 3;
  } else if (q + 2 <= e && isDigit(u8[q])) {
    m = two(u8, q);
    if (m < 0) return false;
    q += 2;
  }
  if (m > 59) return false;
  const s = h * 3600 + m * 60;
  zoneSeconds = c === 0x2d ? -s : s;
  zoneEnd = q;
  return true;
}

let fractionEnd = 0;

function parseFraction(u8: Uint8Array, p: number, e: number): number {
  let q = p;
  let v = 0;
  while (q < e && isDigit(u8[q])) {
    if (q - p === 9) return -1;
    v = v * 10 + (u8[q] - 0x30);
    q++;
  }
  const n = q - p;
  if (n === 0) return -1;
  for (let i = n; i < 9; i++) v *= 10;
  fractionEnd = q;
  return v;
}

/** ISO 8601 (see assembly/temporal.ts parseIso). */
export function parseIso(u8: Uint8Array, s: number, e: number, withTime: boolean): boolean {
  if (e - s < 10) return false;
  const y1 = two(u8, s), y2 = two(u8, s + 2);
  if (y1 < 0 || y2 < 0 || u8[s + 4] !== 0x2d || u8[s + 7] !== 0x2d) return false;
  if (!setDate(y1 * 100 + y2, two(u8, s + 5), two(u8, s + 8))) return false;
  tSeconds = 0;
  tNanos = 0;
  let p = s + 10;
  if (p === e) return true;
  if (!withTime) return false;
  const sep = u8[p];
  if (sep !== 0x54 && sep !== 0x74 && sep !== 0x20) return false;
  p++;
  if (p + 5 > e || u8[p + 2] !== 0x3a) return false;
  const h = two(u8, p), mi = two(u8, p + 3);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return false;
  p += 5;
  let sec = 0;
  if (p < e && u8[p] === 0x3a) {
    if (p + 3 > e) return false;
    sec = two(u8, p + 1);
    if (sec < 0 || sec > 59) return false;
    p += 3;
    if (p < e && u8[p] === 0x2e) {
      const f = parseFraction(u8, p + 1, e);
      if (f < 0) return false;
      tNanos = f;
      p = fractionEnd;
    }
  }
  let offset = 0;
  if (p < e) {
    if (!parseZone(u8, p, e) || zoneEnd !== e) return false;
    offset = zoneSeconds;
  }
  tSeconds = h * 3600 + mi * 60 + sec - offset;
  return true;
}

let numberEnd = 0;
function oneOrTwo(u8: Uint8Array, p: number, e: number): number {
  if (p >= e || !isDigit(u8[p])) return -1;
  let v = u8[p] - 0x30;
  p++;
  if (p < e && isDigit(u8[p])) { v = v * 10 + (u8[p] - 0x30); p++; }
  numberEnd = p;
  return v;
}

const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

/** The strptime subset at [f, fe) matched against exactly [s, e) (see assembly/temporal.ts). */
export function parseFormat(u8: Uint8Array, s: number, e: number, f: number, fe: number): boolean {
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, offset = 0, nanos = 0;
  let p = s;
  while (f < fe) {
    const c = u8[f];
    if (c !== 0x25) {
      if (p >= e || u8[p] !== c) return false;
      p++;
      f++;
      continue;
    }
    const k = u8[f + 1];
    f += 2;
    if (k === 0x59) {
      if (p + 4 > e) return false;
      const a = two(u8, p), b = two(u8, p + 2);
      if (a < 0 || b < 0) return false;
      y = a * 100 + b;
      p += 4;
    } else if (k === 0x66) {
      nanos = parseFraction(u8, p, e);
      if (nanos < 0) return false;
      p = fractionEnd;
    } else if (k === 0x7a) {
      if (!parseZone(u8, p, e)) return false;
      offset = zoneSeconds;
      p = zoneEnd;
    } else if (k === 0x62) {
      if (p + 3 > e) return false;
      const a = u8[p] | 0x20, b = u8[p + 1] | 0x20, cc = u8[p + 2] | 0x20;
      mo = 0;
      for (let i = 0; i < 12; i++) {
        if (MONTHS.charCodeAt(i * 3) === a && MONTHS.charCodeAt(i * 3 + 1) === b && MONTHS.charCodeAt(i * 3 + 2) === cc) { mo = i + 1; break; }
      }
      if (mo === 0) return false;
      p += 3;
    } else if (k === 0x25) {
      if (p >= e || u8[p] !== 0x25) return false;
      p++;
    } else {
      const v = oneOrTwo(u8, p, e);
      if (v < 0) return false;
      p = numberEnd;
      if (k === 0x6d) mo = v;
      else if (k === 0x64) d = v;
      else if (k === 0x48) { if (v > 23) return false; h = v; }
      else if (k === 0x4d) { if (v > 59) return false; mi = v; }
      else { if (v > 59) return false; sec = v; }
    }
  }
  if (p !== e) return false;
  if (!setDate(y, mo, d)) return false;
  tSeconds = h * 3600 + mi * 60 + sec - offset;
  tNanos = nanos;
  return true;
}

/** A date or timestamp: ISO 8601 when `format` is 0, else [len u32, bytes] at `format`. */
export function parseTemporal(u8: Uint8Array, s: number, e: number, format: number, withTime: boolean): boolean {
  if (format === 0) return parseIso(u8, s, e, withTime);
  const len = u8[format] | (u8[format + 1] << 8) | (u8[format + 2] << 16) | (u8[format + 3] << 24);
  return parseFormat(u8, s, e, format + 4, format + 4 + len);
}

/** Epoch milliseconds: exact for whole ms (< 2^53), else Number() of the exact decimal. */
export function msValue(): number {
  const ms = (tDays * 86400 + tSeconds) * 1000 + Math.floor(tNanos / 1e6);
  const rest = tNanos % 1e6;
  if (rest === 0) return ms;
  const text = ms < 0 ? `-${-(ms + 1)}.${String(1e6 - rest).padStart(6, '0')}` : `${ms}.${String(rest).padStart(6, '0')}`;
  return Number(text);
}

/** Epoch microseconds, a finer fraction cut toward the past. */
export function usValue(): bigint {
  return BigInt(tDays * 86400 + tSeconds) * 1000000n + BigInt(Math.floor(tNanos / 1000));
}

const NS_MIN = -(2n ** 63n);
const NS_MAX = 2n ** 63n - 1n;

/** Epoch nanoseconds, or undefined outside i64. */
export function nsValue(): bigint | undefined {
  const v = BigInt(tDays * 86400 + tSeconds) * 1000000000n + BigInt(tNanos);
  return v < NS_MIN || v > NS_MAX ? undefined : v;
}

let memoMonth = -1;
let memoDays = 0;
/** The value isoFast found. */
export let fastMs = 0;

/**
 * Whether byte b never occurs in isoFast's text (digits, '-', ':', 'T', ' ', '.', 'Z'); see
 * assembly/temporal.ts outsideIso: only then is isoFast's end the field's end.
 */
export function outsideIso(b: number): boolean {
  return (b - 0x30) >>> 0 > 9 && b !== 0x2d && b !== 0x3a && b !== 0x54 && b !== 0x20 && b !== 0x2e && b !== 0x5a;
}

const d2 = (u8: Uint8Array, p: number) => (u8[p] - 0x30) * 10 + (u8[p + 1] - 0x30);

/**
 * The common shape only, `YYYY-MM-DD(T| )hh:mm:ss[.d{1,3}][Z]`, at p (see assembly/temporal.ts
 * isoFast): returns where it ends with fastMs set, or -1 for anything else.
 */
export function isoFast(u8: Uint8Array, p: number): number {
  if (((u8[p] - 0x30) >>> 0 > 9) || ((u8[p + 1] - 0x30) >>> 0 > 9) || ((u8[p + 2] - 0x30) >>> 0 > 9) || ((u8[p + 3] - 0x30) >>> 0 > 9)
    || ((u8[p + 5] - 0x30) >>> 0 > 9) || ((u8[p + 6] - 0x30) >>> 0 > 9) || ((u8[p + 8] - 0x30) >>> 0 > 9) || ((u8[p + 9] - 0x30) >>> 0 > 9)
    || ((u8[p + 11] - 0x30) >>> 0 > 9) || ((u8[p + 12] - 0x30) >>> 0 > 9) || ((u8[p + 14] - 0x30) >>> 0 > 9) || ((u8[p + 15] - 0x30) >>> 0 > 9)
    || ((u8[p + 17] - 0x30) >>> 0 > 9) || ((u8[p + 18] - 0x30) >>> 0 > 9)) return -1;
  const sep = u8[p + 10];
  if (u8[p + 4] !== 0x2d || u8[p + 7] !== 0x2d || (sep !== 0x54 && sep !== 0x20) || u8[p + 13] !== 0x3a || u8[p + 16] !== 0x3a) return -1;
  const y = d2(u8, p) * 100 + d2(u8, p + 2), m = d2(u8, p + 5), d = d2(u8, p + 8);
  const h = d2(u8, p + 11), mi = d2(u8, p + 14), sec = d2(u8, p + 17);
  if (m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return -1;
  const key = y * 16 + m;
  if (key !== memoMonth) {
    memoDays = daysFromCivil(y, m, 1);
    memoMonth = key;
  }
  if (d > 28 && d > daysInMonth(y, m)) return -1;
  let q = p + 19;
  let ms = 0;
  if (u8[q] === 0x2e) {
    q++;
    let n = 0;
    while (n < 3 && (u8[q] - 0x30) >>> 0 <= 9) { ms = ms * 10 + (u8[q] - 0x30); q++; n++; }
    if (n === 0 || (u8[q] - 0x30) >>> 0 <= 9) return -1;
    if (n === 1) ms *= 100; else if (n === 2) ms *= 10;
  }
  if (u8[q] === 0x5a) q++;
  fastMs = ((memoDays + d - 1) * 86400 + h * 3600 + mi * 60 + sec) * 1000 + ms;
  return q;
}
