// Per-column checksums that every parser's output is reduced to, so outputs can be compared
// before any timing is trusted. Numbers: row count, sum as f64 in row order, NaN count, and an
// FNV-1a hash of each value's canonical bytes (f64 bits; 64-bit integers as their two's-complement
// bytes) so that any single differing value shows. Strings: total UTF-8 bytes and FNV-1a of all
// values joined by \0. A value of the wrong JS type (a Date for a string column, a number for a
// 64-bit column) is counted and its first occurrence kept, to say what differs.
//
// Value types are reduced to one canonical number first, whatever shape a parser delivers them in:
// a timestamp to epoch milliseconds (a Date's getTime(), a bigint of the view's unit divided
// exactly), a date to days since 1970-01-01, a bool to 1/0 (true/false or 1/0). A category is
// compared by its values in row order, so codes + dictionary and plain strings check the same.
import { columnType, isBig, type ColumnType, type ColumnView, type ParseOutput, type SchemaSpec } from './types.js';

export interface ColumnChecksum {
  type: ColumnType;
  count: number;
  nulls: number;
  /** f64 sum in row order, as String() so Infinity/NaN survive JSON. */
  sum?: string;
  /** Exact sum modulo 2^64 (64-bit integer columns). */
  exactSum?: string;
  nan?: number;
  bytes?: number;
  hash: string;
  /** Values of the wrong JS type, and the first one. */
  wrongType: number;
  firstWrong?: { row: number; value: string; jsType: string };
}

export interface Checksum {
  rows: number;
  columns: Record<string, ColumnChecksum>;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

class Fnv {
  h = FNV_OFFSET;
  byte(b: number): void {
    this.h = Math.imul(this.h ^ b, FNV_PRIME);
  }
  bytes(buf: Uint8Array, start: number, end: number): void {
    let h = this.h;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
    this.h = h;
  }
  hex(): string {
    return (this.h >>> 0).toString(16).padStart(8, '0');
  }
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const u64 = new BigUint64Array(1);
const u64Bytes = new Uint8Array(u64.buffer);
const NULL_MARK = 0xff; // hashed for a null so null vs value vs NaN all differ

function describe(v: unknown): { value: string; jsType: string } {
  const jsType = v === null ? 'null' : v instanceof Date ? 'Date' : typeof v;
  const text = v instanceof Date ? (Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()) : String(v);
  return { value: text.length > 60 ? text.slice(0, 57) + '...' : text, jsType };
}

const MS_PER_DAY = 86_400_000;
const UNIT_DIVISOR = { ms: 1n, us: 1000n, ns: 1_000_000n } as const;

/**
 * A bool, date or timestamp value as the number typed-csv stores, or undefined when `v` is not a
 * shape that type is delivered in (then it is counted as a wrong type).
 */
function canonicalValue(type: ColumnType, v: unknown, unit: keyof typeof UNIT_DIVISOR): number | undefined {
  if (type === 'timestamp') {
    if (v instanceof Date) return v.getTime();
    if (typeof v === 'bigint') {
      // whole milliseconds exactly, then the rest (zero for millisecond data) as a fraction
      const d = UNIT_DIVISOR[unit];
      return Number(v / d) + Number(v % d) / Number(d);
    }
  } else if (type === 'date') {
    if (v instanceof Date) return Math.floor(v.getTime() / MS_PER_DAY);
  } else if (type === 'bool') {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v === 0 || v === 1) return v;
    return undefined;
  }
  return typeof v === 'number' ? v : undefined;
}

function numberChecksum(type: ColumnType, view: ColumnView): ColumnChecksum {
  if (view.kind !== 'values') throw new Error(`numeric column delivered as ${view.kind}`);
  const values = view.values;
  const canonical = type === 'timestamp' || type === 'date' || type === 'bool';
  const unit = view.unit ?? 'ms';
  const fnv = new Fnv();
  const out: ColumnChecksum = { type, count: values.length, nulls: 0, hash: '', wrongType: 0 };
  let sum = 0;
  let nan = 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (v === null || v === undefined || (view.valid && !view.valid(i))) {
      out.nulls++;
      fnv.byte(NULL_MARK);
      continue;
    }
    if (canonical) {
      const c = canonicalValue(type, v, unit);
      if (c === undefined) {
        if (out.wrongType++ === 0) out.firstWrong = { row: i, ...describe(v) };
        v = Number(v);
      } else v = c;
    } else if (typeof v !== 'number') {
      if (out.wrongType++ === 0) out.firstWrong = { row: i, ...describe(v) };
      v = Number(v); // still hashed, so the checksum differs from a correct one
    }
    let x = v as number;
    if (type === 'f32') x = Math.fround(x);
    if (Number.isNaN(x)) {
      nan++;
      x = NaN; // one canonical NaN pattern whatever the payload
    }
    sum += x;
    f64[0] = x;
    fnv.bytes(f64Bytes, 0, 8);
  }
  out.sum = String(sum);
  out.nan = nan;
  out.hash = fnv.hex();
  return out;
}

function bigChecksum(type: ColumnType, view: ColumnView): ColumnChecksum {
  if (view.kind !== 'values') throw new Error(`64-bit column delivered as ${view.kind}`);
  const values = view.values;
  const fnv = new Fnv();
  const out: ColumnChecksum = { type, count: values.length, nulls: 0, hash: '', wrongType: 0 };
  let sum = 0;
  let exact = 0n;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (view.valid && !view.valid(i))) {
      out.nulls++;
      fnv.byte(NULL_MARK);
      continue;
    }
    let b: bigint;
    if (typeof v === 'bigint') b = v;
    else {
      // a Number cannot hold every 64-bit value: count it, and use what it holds
      if (out.wrongType++ === 0) out.firstWrong = { row: i, ...describe(v) };
      const n = Number(v);
      b = Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n;
    }
    sum += Number(b);
    exact = BigInt.asUintN(64, exact + b);
    u64[0] = BigInt.asUintN(64, b);
    fnv.bytes(u64Bytes, 0, 8);
  }
  out.sum = String(sum);
  out.exactSum = exact.toString();
  out.hash = fnv.hex();
  return out;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(1 << 16);

/** Each entry of a category's dictionary as UTF-8 bytes (strings encoded once, not per row). */
function dictionaryBytes(view: ColumnView): Uint8Array[] {
  if (view.kind === 'utf8') {
    return Array.from({ length: view.length }, (_, i) => view.data.subarray(view.offsets[i], view.offsets[i + 1]));
  }
  if (view.kind !== 'values') throw new Error(`category dictionary delivered as ${view.kind}`);
  return Array.from(view.values, (v) => encoder.encode(String(v)));
}

/** A dictionary-encoded column hashed exactly like the strings it stands for (stringChecksum). */
function dictionaryChecksum(type: ColumnType, view: Extract<ColumnView, { kind: 'dictionary' }>): ColumnChecksum {
  const fnv = new Fnv();
  const entries = dictionaryBytes(view.dictionary);
  const out: ColumnChecksum = { type, count: view.codes.length, nulls: 0, hash: '', wrongType: 0 };
  let bytes = 0;
  for (let i = 0; i < view.codes.length; i++) {
    if (i > 0) fnv.byte(0);
    if (view.valid && !view.valid(i)) {
      out.nulls++;
      fnv.byte(NULL_MARK);
      continue;
    }
    const entry = entries[view.codes[i]];
    if (entry === undefined) {
      if (out.wrongType++ === 0) out.firstWrong = { row: i, value: `code ${view.codes[i]} of ${entries.length}`, jsType: 'code' };
      fnv.byte(NULL_MARK);
      continue;
    }
    fnv.bytes(entry, 0, entry.length);
    bytes += entry.length;
  }
  out.bytes = bytes;
  out.hash = fnv.hex();
  return out;
}

function stringChecksum(type: ColumnType, view: ColumnView): ColumnChecksum {
  if (view.kind === 'dictionary') return dictionaryChecksum(type, view);
  const fnv = new Fnv();
  let bytes = 0;
  if (view.kind === 'utf8') {
    const out: ColumnChecksum = { type, count: view.length, nulls: 0, hash: '', wrongType: 0 };
    for (let i = 0; i < view.length; i++) {
      if (i > 0) fnv.byte(0);
      if (view.valid && !view.valid(i)) {
        out.nulls++;
        fnv.byte(NULL_MARK);
        continue;
      }
      const s = view.offsets[i];
      const e = view.offsets[i + 1];
      fnv.bytes(view.data, s, e);
      bytes += e - s;
    }
    out.bytes = bytes;
    out.hash = fnv.hex();
    return out;
  }
  const values = view.values;
  const out: ColumnChecksum = { type, count: values.length, nulls: 0, hash: '', wrongType: 0 };
  for (let i = 0; i < values.length; i++) {
    if (i > 0) fnv.byte(0);
    let v = values[i];
    if (v === null || v === undefined || (view.kind === 'values' && view.valid && !view.valid(i))) {
      out.nulls++;
      fnv.byte(NULL_MARK);
      continue;
    }
    if (typeof v !== 'string') {
      if (out.wrongType++ === 0) out.firstWrong = { row: i, ...describe(v) };
      v = v instanceof Date ? v.toISOString() : String(v);
    }
    const s = v as string;
    // ASCII fast path; otherwise encode (U+FFFD for lone surrogates, like TextEncoder)
    let ascii = true;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      let h = fnv.h;
      for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), FNV_PRIME);
      fnv.h = h;
      bytes += s.length;
    } else {
      if (scratch.length < s.length * 3) scratch = new Uint8Array(s.length * 3);
      const { written } = encoder.encodeInto(s, scratch);
      fnv.bytes(scratch, 0, written);
      bytes += written;
    }
  }
  out.bytes = bytes;
  out.hash = fnv.hex();
  return out;
}

export function checksum(output: ParseOutput, schema: SchemaSpec): Checksum {
  const columns: Record<string, ColumnChecksum> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const type = columnType(spec);
    const view = output.column(name);
    columns[name] =
      type === 'string' || type === 'category'
        ? stringChecksum(type, view)
        : isBig(type)
          ? bigChecksum(type, view)
          : numberChecksum(type, view);
  }
  return { rows: output.rowCount, columns };
}

/** Human-readable differences of `got` from `ref`; empty when they agree. */
export function compareChecksums(ref: Checksum, got: Checksum): string[] {
  const diffs: string[] = [];
  if (ref.rows !== got.rows) diffs.push(`rows ${got.rows.toLocaleString('en-US')} (expected ${ref.rows.toLocaleString('en-US')})`);
  for (const [name, r] of Object.entries(ref.columns)) {
    const g = got.columns[name];
    if (!g) {
      diffs.push(`${name}: missing`);
      continue;
    }
    const what: string[] = [];
    if (g.wrongType > 0 && g.firstWrong) {
      const expected =
        r.type === 'string' || r.type === 'category' ? 'string'
        : isBig(r.type) ? 'bigint'
        : r.type === 'bool' ? 'boolean or 0/1'
        : r.type === 'timestamp' ? 'epoch ms, Date or bigint'
        : r.type === 'date' ? 'days or Date'
        : 'number';
      what.push(
        `${g.wrongType.toLocaleString('en-US')} values are ${g.firstWrong.jsType}, not ${expected} ` +
          `(row ${g.firstWrong.row}: ${g.firstWrong.value})`,
      );
    }
    if (g.count !== r.count) what.push(`${g.count} values (expected ${r.count})`);
    if (g.nulls !== r.nulls) what.push(`${g.nulls} nulls (expected ${r.nulls})`);
    if ((g.nan ?? 0) !== (r.nan ?? 0)) what.push(`${g.nan} NaN (expected ${r.nan})`);
    if (g.exactSum !== r.exactSum) what.push(`exact sum ${g.exactSum} (expected ${r.exactSum})`);
    else if (g.sum !== r.sum) what.push(`sum ${g.sum} (expected ${r.sum})`);
    if (g.bytes !== r.bytes) what.push(`${g.bytes} UTF-8 bytes (expected ${r.bytes})`);
    if (g.hash !== r.hash && what.length === 0) what.push('some values differ (hash; sums equal)');
    if (what.length > 0) diffs.push(`${name}: ${what.join('; ')}`);
  }
  return diffs;
}

/** Canonical key for voting when there is no typed-csv reference. */
export function checksumKey(c: Checksum): string {
  return JSON.stringify(c, (k, v: unknown) => (k === 'firstWrong' ? undefined : v));
}
