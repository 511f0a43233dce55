// A Parquet file writer for typed-csv's columns: one row group per table given, one Snappy data page per
// column chunk (v1 pages), dictionary encoding where a chunk has few distinct values, min/max and
// null-count statistics. Numbers go out as the typed array's own bytes; categories reuse their
// codes and dictionary as they are.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ColumnInfo, Table } from '../../index.js';
import { compareBytes } from '../distinct-bytes.js';
import { bitPack, definitionLevels, fixedDictionary, plainStrings, stringDictionary, type Dictionary } from './encode.js';
import { Scratch } from './scratch.js';
import { snappyCompress } from './snappy.js';
import { thrift, type TStruct, type TValue } from './thrift.js';

const TYPE = { BOOLEAN: 0, INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
const CONVERTED = { UTF8: 0, DATE: 6, TIMESTAMP_MILLIS: 9, TIMESTAMP_MICROS: 10, UINT_8: 11, UINT_16: 12, UINT_32: 13, UINT_64: 14, INT_8: 15, INT_16: 16 } as const;
const ENCODING = { PLAIN: 0, RLE: 3, RLE_DICTIONARY: 8 } as const;
const SNAPPY = 1;
const MAGIC = new TextEncoder().encode('PAR1');

const i32 = (v: number): TValue => ({ t: 'i32', v });
const i64 = (v: number | bigint): TValue => ({ t: 'i64', v });
const bin = (v: Uint8Array | string): TValue => ({ t: 'binary', v });
const struct = (v: TStruct): TValue => ({ t: 'struct', v });

interface Physical {
  type: number;
  converted?: number;
  logical?: TStruct;
}

function physical(info: ColumnInfo): Physical {
  const unit = (info as { unit?: string }).unit;
  const int = (bitWidth: number, isSigned: boolean): TStruct => ({ 10: struct({ 1: { t: 'byte', v: bitWidth }, 2: { t: 'bool', v: isSigned } }) });
  switch (info.type as string) {
    case 'i8': return { type: TYPE.INT32, converted: CONVERTED.INT_8, logical: int(8, true) };
    case 'i16': return { type: TYPE.INT32, converted: CONVERTED.INT_16, logical: int(16, true) };
    case 'i32': return { type: TYPE.INT32 };
    case 'u8': return { type: TYPE.INT32, converted: CONVERTED.UINT_8, logical: int(8, false) };
    case 'u16': return { type: TYPE.INT32, converted: CONVERTED.UINT_16, logical: int(16, false) };
    case 'u32': return { type: TYPE.INT32, converted: CONVERTED.UINT_32, logical: int(32, false) };
    case 'i64': return { type: TYPE.INT64 };
    case 'u64': return { type: TYPE.INT64, converted: CONVERTED.UINT_64, logical: int(64, false) };
    case 'f32': return { type: TYPE.FLOAT };
    case 'f64': return { type: TYPE.DOUBLE };
    case 'bool': return { type: TYPE.BOOLEAN };
    case 'date': return { type: TYPE.INT32, converted: CONVERTED.DATE, logical: { 6: struct({}) } };
    case 'timestamp': {
      const u = unit === 'ns' ? 3 : unit === 'us' ? 2 : 1;
      const logical = { 8: struct({ 1: { t: 'bool', v: true }, 2: struct({ [u]: struct({}) }) }) };
      return { type: TYPE.INT64, logical, ...(u === 1 ? { converted: CONVERTED.TIMESTAMP_MILLIS } : u === 2 ? { converted: CONVERTED.TIMESTAMP_MICROS } : {}) };
    }
    default: return { type: TYPE.BYTE_ARRAY, converted: CONVERTED.UTF8, logical: { 1: struct({}) } };
  }
}

interface Chunk {
  info: ColumnInfo;
  start: number;
  meta: TStruct;
}

export interface ParquetFile {
  writeBatch(batch: Table): void;
  close(): void;
  /** Closes the file without a footer (the caller deletes it). */
  abort(): void;
}

/** Opens `path` for a Parquet file of these columns; `nullable` says which may hold nulls. */
export function createParquetFile(path: string, columns: readonly ColumnInfo[], nullable: (c: ColumnInfo) => boolean, createdBy = 'typed-csv'): ParquetFile {
  const fd = openSync(path, 'w');
  let offset = 0;
  const write = (b: Uint8Array): void => {
    let done = 0;
    while (done < b.length) done += writeSync(fd, b, done, b.length - done);
    offset += b.length;
  };
  write(MAGIC);
  const rowGroups: TStruct[] = [];
  let numRows = 0;
  const kinds = columns.map(physical);
  const scratch = new Scratch();

  return {
    writeBatch(batch) {
      const n = batch.rowCount;
      if (n === 0) return;
      const chunks: Chunk[] = [];
      const groupStart = offset;
      columns.forEach((info, c) => {
        const start = offset;
        const column = (batch.columns as Record<string, unknown>)[info.name];
        const validity = (batch.validity as Record<string, Uint8Array | undefined>)[info.name] ?? (column as { validity?: Uint8Array }).validity;
        const optional = nullable(info);
        const present = presentRows(validity, n, scratch);
        const kind = kinds[c];
        const enc = encodeValues(info, kind, column, present, n, scratch);
        let dictionaryOffset: number | undefined;
        let uncompressed = 0;
        if (enc.dictionary) {
          dictionaryOffset = offset;
          uncompressed += writePage(write, { 1: i32(2), 7: struct({ 1: i32(enc.dictionary.size), 2: i32(ENCODING.PLAIN) }) }, enc.dictionary.plain, scratch);
        }
        const dataOffset = offset;
        const levels = optional ? definitionLevels(validity, n) : new Uint8Array(0);
        const width = enc.dictionary ? Math.max(1, enc.dictionary.width) : 0;
        const values = enc.dictionary ? [Uint8Array.of(width), bitPack(enc.dictionary.indexes, enc.dictionary.indexes.length, width, scratch)] : [enc.plain!];
        const nullCount = present === null ? 0 : n - present.length;
        const stats: TStruct = { 3: i64(nullCount), ...(enc.min !== undefined ? { 5: bin(enc.max!), 6: bin(enc.min) } : {}) };
        uncompressed += writePage(
          write,
          { 1: i32(0), 5: struct({ 1: i32(n), 2: i32(enc.dictionary ? ENCODING.RLE_DICTIONARY : ENCODING.PLAIN), 3: i32(ENCODING.RLE), 4: i32(ENCODING.RLE) }) },
          concat([levels, ...values], scratch),
          scratch,
        );
        const encodings = enc.dictionary ? [ENCODING.PLAIN, ENCODING.RLE, ENCODING.RLE_DICTIONARY] : [ENCODING.PLAIN, ENCODING.RLE];
        chunks.push({
          info,
          start,
          meta: {
            1: i32(kind.type),
            2: { t: 'list', elem: 'i32', v: encodings },
            3: { t: 'list', elem: 'binary', v: [info.name] },
            4: i32(SNAPPY),
            5: i64(n),
            6: i64(uncompressed),
            7: i64(offset - start),
            9: i64(dataOffset),
            ...(dictionaryOffset !== undefined ? { 11: i64(dictionaryOffset) } : {}),
            12: struct(stats),
          },
        });
      });
      rowGroups.push({
        1: { t: 'list', elem: 'struct', v: chunks.map((ch) => ({ 2: i64(ch.start), 3: struct(ch.meta) })) },
        2: i64(offset - groupStart),
        3: i64(n),
        5: i64(groupStart),
        6: i64(offset - groupStart),
      });
      numRows += n;
    },
    close() {
      const schema: TStruct[] = [{ 4: bin('schema'), 5: i32(columns.length) }];
      columns.forEach((info, c) => {
        const k = kinds[c];
        schema.push({
          1: i32(k.type),
          3: i32(nullable(info) ? 1 : 0),
          4: bin(info.name),
          ...(k.converted !== undefined ? { 6: i32(k.converted) } : {}),
          ...(k.logical !== undefined ? { 10: struct(k.logical) } : {}),
        });
      });
      const footer = thrift({
        1: i32(1),
        2: { t: 'list', elem: 'struct', v: schema },
        3: i64(numRows),
        4: { t: 'list', elem: 'struct', v: rowGroups },
        6: bin(createdBy),
      });
      write(footer);
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, footer.length, true);
      write(len);
      write(MAGIC);
      closeSync(fd);
    },
    abort() {
      closeSync(fd);
    },
  };
}

/** Writes one page (header + Snappy body); returns its uncompressed size, header included. */
function writePage(write: (b: Uint8Array) => void, header: TStruct, body: Uint8Array, scratch: Scratch): number {
  const compressed = snappyCompress(body, scratch);
  const h = thrift({ ...header, 2: i32(body.length), 3: i32(compressed.length) });
  write(h);
  write(compressed);
  return h.length + body.length;
}

/** The parts one after another: the only non-empty part itself, else scratch slot "page". */
function concat(parts: Uint8Array[], scratch: Scratch): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0];
  const out = scratch.bytes('page', n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Row indexes with a value, or null when every row has one. */
function presentRows(validity: Uint8Array | undefined, n: number, scratch: Scratch): Int32Array | null {
  if (validity === undefined) return null;
  let count = 0;
  for (let i = 0; i < n; i++) if (validity[i >> 3] & (1 << (i & 7))) count++;
  if (count === n) return null;
  const rows = scratch.int32('present', count);
  let k = 0;
  for (let i = 0; i < n; i++) if (validity[i >> 3] & (1 << (i & 7))) rows[k++] = i;
  return rows;
}

interface Encoded {
  plain?: Uint8Array;
  dictionary?: Dictionary;
  min?: Uint8Array;
  max?: Uint8Array;
}

type Fixed = Int32Array | Float64Array | Float32Array | BigInt64Array | BigUint64Array | Uint32Array;

/** Most distinct values a chunk's dictionary may hold before plain encoding is used. */
function maxDistinct(n: number): number {
  return Math.max(1, Math.min(1 << 16, n >> 2));
}

/**
 * A column chunk's values, encoded. What it returns may be views into `scratch` (or the column's own
 * arrays): valid until the next chunk is encoded, by which time this one has been written.
 */
function encodeValues(info: ColumnInfo, kind: Physical, column: unknown, present: Int32Array | null, n: number, scratch: Scratch): Encoded {
  const type = info.type as string;
  if (kind.type === TYPE.BYTE_ARRAY) {
    const cat = column as { codes?: Int32Array; dictionary?: { data: Uint8Array; offsets: Int32Array; length: number } };
    if (cat.codes && cat.dictionary) {
      // a category column is already dictionary-encoded: its codes are the indexes
      const size = cat.dictionary.length;
      const all = scratch.identity(size);
      const indexes = present ? pick(cat.codes, present, scratch) : cat.codes.subarray(0, n);
      let width = 0;
      while (1 << width < size) width++;
      return { dictionary: { plain: plainStrings(cat.dictionary.data, cat.dictionary.offsets, all, (size) => scratch.bytes('dictionary plain', size)), size, indexes, width } };
    }
    const s = column as { data: Uint8Array; offsets: Int32Array };
    const rows = present ?? scratch.identity(n);
    const dictionary = stringDictionary(s.data, s.offsets, rows, maxDistinct(n), scratch);
    const stats = stringMinMax(s.data, s.offsets, rows);
    return dictionary ? { dictionary, ...stats } : { plain: plainStrings(s.data, s.offsets, rows, (size) => scratch.bytes('plain', size)), ...stats };
  }
  if (kind.type === TYPE.BOOLEAN) {
    const values = column as Uint8Array;
    const rows = present ?? null;
    const count = rows ? rows.length : n;
    const out = scratch.bytes('plain', Math.ceil(count / 8)).fill(0);
    for (let k = 0; k < count; k++) if (values[rows ? rows[k] : k]) out[k >> 3] |= 1 << (k & 7);
    return { plain: out };
  }
  // fixed width: the physical array (widened, reinterpreted or converted), non-null rows only
  let values: Fixed;
  let stats: { min?: Uint8Array; max?: Uint8Array } | undefined;
  const src = column as ArrayLike<number | bigint> & ArrayBufferView;
  if (type === 'timestamp' && src instanceof Float64Array) {
    // Milliseconds as INT64, written as two 32-bit halves: a BigInt per row costs more than the
    // rest of the column's encoding. Min and max are taken on the way, as numbers.
    const count = present ? present.length : n;
    const out = new BigInt64Array(scratch.bytes('plain', count * 8).buffer, 0, count);
    const words = new Uint32Array(out.buffer, 0, 2 * count);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < count; k++) {
      const v = Math.floor(src[present ? present[k] : k]);
      setInt64(words, k, v);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    values = out;
    if (count > 0) stats = { min: int64Bytes(lo), max: int64Bytes(hi) };
  } else {
    let base: Fixed;
    if (src instanceof Int8Array || src instanceof Int16Array || src instanceof Uint8Array || src instanceof Uint16Array) {
      base = scratch.int32('widened', n);
      base.set(src.subarray(0, n));
    }
    else base = (src as Fixed).subarray(0, n) as Fixed;
    values = present ? (pick(base as never, present, scratch) as Fixed) : base;
  }
  stats ??= minMax(values, type);
  const dictionary = fixedDictionary(values, maxDistinct(n), scratch);
  if (dictionary) return { dictionary, ...stats };
  return { plain: new Uint8Array(values.buffer, values.byteOffset, values.byteLength), ...stats };
}

/** Value k of an INT64 array seen as 32-bit words: an integer below 2^53 (epoch ms are) as its two halves. */
function setInt64(words: Uint32Array, k: number, v: number): void {
  const high = Math.floor(v / 4294967296);
  words[2 * k] = v - high * 4294967296;
  words[2 * k + 1] = high | 0;
}

/** An integer below 2^53 as 8 little-endian bytes (INT64 PLAIN). */
function int64Bytes(v: number): Uint8Array {
  const words = new Uint32Array(2);
  setInt64(words, 0, v);
  return new Uint8Array(words.buffer);
}

/** The values at `rows`, in scratch slot "picked". */
function pick<A extends Int32Array | Float64Array | Float32Array | BigInt64Array | BigUint64Array | Uint32Array>(a: A, rows: Int32Array, scratch: Scratch): A {
  const bytes = scratch.bytes('picked', rows.length * a.BYTES_PER_ELEMENT);
  const out = new (a.constructor as new (b: ArrayBuffer, at: number, n: number) => A)(bytes.buffer as ArrayBuffer, 0, rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = a[rows[k]];
  return out;
}

/** Min and max as PLAIN bytes of the physical type (unsigned columns compared unsigned; NaN left out). */
function minMax(values: Fixed, type: string): { min?: Uint8Array; max?: Uint8Array } {
  if (values.length === 0) return {};
  let min: number | bigint | undefined;
  let max: number | bigint | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
  }
  if (min === undefined || max === undefined) return {};
  const encode = (v: number | bigint): Uint8Array => {
    const out = new (values.constructor as new (n: number) => Fixed)(1);
    out[0] = v as never;
    return new Uint8Array(out.buffer);
  };
  void type;
  return { min: encode(min), max: encode(max) };
}

/** Byte-order min and max of the strings, when both are short enough to store whole (≤ 64 bytes). */
function stringMinMax(data: Uint8Array, offsets: Int32Array, rows: Int32Array): { min?: Uint8Array; max?: Uint8Array } {
  if (rows.length === 0) return {};
  let lo = rows[0];
  let hi = rows[0];
  // compared in JS: values differ within a few bytes, where Buffer.compare's native call costs more than the work
  for (let k = 1; k < rows.length; k++) {
    const i = rows[k];
    const at = offsets[i];
    const len = offsets[i + 1] - at;
    if (compareBytes(data, at, len, data, offsets[lo], offsets[lo + 1] - offsets[lo]) < 0) lo = i;
    else if (compareBytes(data, at, len, data, offsets[hi], offsets[hi + 1] - offsets[hi]) > 0) hi = i;
  }
  if (offsets[lo + 1] - offsets[lo] > 64 || offsets[hi + 1] - offsets[hi] > 64) return {};
  return { min: data.slice(offsets[lo], offsets[lo + 1]), max: data.slice(offsets[hi], offsets[hi + 1]) };
}
