// Joins the tables of consecutive stretches into one: columns concatenated into contiguous arrays
// (ordinary ArrayBuffers the caller owns: the first piece's when it has room, else fresh ones),
// category dictionaries merged in order of first appearance, error rows made global, errors cut to
// maxErrors.

import { CategoryColumn } from '../category-column.js';
import { CsvError } from '../errors.js';
import type { ColumnInfo, Columns, NumericArray, Schema } from '../schema.js';
import { StringColumn } from '../string-column.js';
import { Table } from '../table.js';
import { DictionaryMerger, remapCodes } from './category-merge.js';

/**
 * The error of a stretch parsed on its own, placed in the file: its row moved by `rows`, its line by
 * `lines` (in the message too, which says "line N (byte B)"; the byte offset is already the file's).
 */
export function relocate(err: CsvError, rows: number, lines: number): CsvError {
  if ((rows === 0 || err.row === undefined) && (lines === 0 || err.line === undefined)) return err;
  const { line, row, column, columnIndex, byteOffset, text } = err;
  let message = err.message;
  const at = line === undefined ? undefined : line + lines;
  if (line !== undefined && lines !== 0) message = message.split(`line ${line} (byte ${byteOffset})`).join(`line ${at} (byte ${byteOffset})`);
  const moved = new CsvError(err.code, message, { line: at, row: row === undefined ? undefined : row + rows, column, columnIndex, byteOffset, text });
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined) (moved as { cause?: unknown }).cause = cause;
  return moved;
}

function bitsOf(table: Table, name: string): Uint8Array | undefined {
  return Object.prototype.hasOwnProperty.call(table.validity, name) ? table.validity[name] : undefined;
}

/** Copies `count` bits from `src` (from bit 0) to `dst` from bit `at`; no `src` means all set. */
export function appendBits(dst: Uint8Array, at: number, src: Uint8Array | undefined, count: number): void {
  if (count === 0) return;
  const shift = at & 7;
  let byte = at >> 3;
  if (src === undefined) {
    for (let i = at; i < at + count; i++) dst[i >> 3] |= 1 << (i & 7);
    return;
  }
  const bytes = (count + 7) >> 3;
  if (shift === 0) {
    dst.set(src.subarray(0, bytes), byte);
  } else {
    for (let i = 0; i < bytes; i++, byte++) {
      const b = src[i];
      dst[byte] |= (b << shift) & 0xff;
      if (byte + 1 < dst.length) dst[byte + 1] |= b >> (8 - shift);
    }
  }
  // A source's bits past `count` are zero (builders only set bits), so nothing else needs clearing.
}

export interface JoinOptions {
  /**
   * The pieces are the join's alone (nothing else holds their buffers): the first piece's columns
   * may be widened in place when their buffers have room, the others' rows written after them.
   * Not for views into a larger piece (rebatch's slices): that would overwrite rows still to come.
   */
  appendToFirst?: boolean;
}

/**
 * Joins pieces; `lines[k]` is the LF count before piece k's stretch (its errors' lines are local).
 * `names`, the header's names, order the validity bitmaps as one thread does (the file's order).
 */
export function joinTables<S extends Schema>(
  pieces: readonly Table<S>[], lines: readonly number[], schema: readonly ColumnInfo[], maxErrors: number, names?: readonly string[], options: JoinOptions = {},
): Table<S> {
  const roomFor = options.appendToFirst ? roomInFirst : () => undefined;
  let rowCount = 0;
  let skipped = 0;
  let errorCount = 0;
  const errors: CsvError[] = [];
  for (const [k, t] of pieces.entries()) {
    for (const e of t.errors) if (errors.length < maxErrors) errors.push(relocate(e, rowCount + skipped, lines[k]));
    rowCount += t.rowCount;
    skipped += t.skippedRecords;
    errorCount += t.errorCount;
  }
  const columns: Record<string, unknown> = Object.create(null);
  const validity: Record<string, Uint8Array> = Object.create(null);
  for (const info of schema) {
    const name = info.name;
    const keepBits = info.nullable || pieces.some((t) => bitsOf(t, name) !== undefined);
    const bits = keepBits ? new Uint8Array((rowCount + 7) >> 3) : undefined;
    if (bits) {
      let at = 0;
      for (const t of pieces) {
        appendBits(bits, at, bitsOf(t, name), t.rowCount);
        at += t.rowCount;
      }
      validity[name] = bits;
    }
    if (info.type === 'string') {
      let bytes = 0;
      for (const t of pieces) bytes += (t.columns[name] as unknown as StringColumn).data.length;
      if (bytes > 0x7fffffff) {
        throw new CsvError('COLUMN_TOO_LARGE', `string column "${name}" holds more than 2 GiB of text; read this file with parseBatches`, { column: name });
      }
      const head = pieces[0].columns[name] as unknown as StringColumn;
      const data = roomFor(head.data, bytes) ?? new Uint8Array(bytes);
      const offsets = roomFor(head.offsets, rowCount + 1) ?? new Int32Array(rowCount + 1);
      let row = 0;
      let base = 0;
      for (const t of pieces) {
        const col = t.columns[name] as unknown as StringColumn;
        if (col.data !== head.data || data.buffer !== head.data.buffer) data.set(col.data, base);
        const o = col.offsets;
        if (o !== head.offsets || offsets.buffer !== head.offsets.buffer) for (let i = 1; i < o.length; i++) offsets[row + i] = o[i] + base;
        row += col.length;
        base += col.data.length;
      }
      columns[name] = new StringColumn(data, offsets, bits);
    } else if (info.type === 'category') {
      columns[name] = joinCategories(pieces.map((t) => t.columns[name] as unknown as CategoryColumn), rowCount, bits, roomFor);
    } else {
      // The pieces' own array type: numbers, and bool/date/timestamp stored as numbers.
      const first = pieces[0].columns[name] as unknown as NumericArray;
      const Ctor = first.constructor as new (length: number) => NumericArray;
      const inPlace = roomFor(first, rowCount);
      const out = inPlace ?? new Ctor(rowCount);
      let row = 0;
      for (const [k, t] of pieces.entries()) {
        const values = t.columns[name] as unknown as NumericArray;
        if (k > 0 || !inPlace) (out as Float64Array).set(values as Float64Array, row);
        row += values.length;
      }
      columns[name] = out;
    }
  }
  return new Table<S>({
    rowCount,
    schema: schema as ColumnInfo[],
    columns: columns as Columns<S>,
    validity: inFileOrder(validity, names) as Table<S>['validity'],
    errors,
    errorCount,
    skippedRecords: skipped,
  });
}

/**
 * Category columns joined: pieces that share one dictionary object (rebatch's, already in its
 * codes) keep it and their codes; else the pieces' dictionaries are merged in piece order (each
 * piece's distinct values in order of first appearance, so the merge is the file's order of first
 * appearance: what one thread builds) and each later piece's codes remapped into the merged one.
 * The first piece's entries come first, so its codes stand as they are (and stay in place).
 */
function joinCategories(
  cols: CategoryColumn[], rowCount: number, bits: Uint8Array | undefined, roomFor: (head: Int32Array, length: number) => Int32Array | undefined,
): CategoryColumn {
  const head = cols[0];
  const shared = cols.every((c) => c.dictionary === head.dictionary);
  const merger = shared ? undefined : new DictionaryMerger();
  const inPlace = roomFor(head.codes, rowCount);
  const codes = inPlace ?? new Int32Array(rowCount);
  let row = 0;
  for (const [k, c] of cols.entries()) {
    const mapping = merger?.take(c.dictionary, 0, new Int32Array(0));
    if (mapping === undefined || k === 0) {
      if (k > 0 || !inPlace) codes.set(c.codes, row);
    } else {
      remapCodes(c.codes, mapping, c.validity, codes, row);
    }
    row += c.length;
  }
  return new CategoryColumn(codes, merger ? merger.dictionary() : head.dictionary, bits);
}

/**
 * The first piece's array widened to `length` over its own buffer, when that buffer has the room
 * (the first split reserves it: RecordStretch.sizeFor): the other pieces are then appended after
 * it, and its values are neither copied nor written to fresh pages a second time. First-touch page
 * faults, not the copy itself, made the join cost as much as a whole one-thread parse.
 */
function roomInFirst<A extends NumericArray>(head: A, length: number): A | undefined {
  const buffer = head.buffer;
  // Only an ordinary buffer of ours: not shared, not resizable (a user may hold neither).
  if (!(buffer instanceof ArrayBuffer) || (buffer as { resizable?: boolean }).resizable === true) return undefined;
  if (head.byteOffset !== 0 || buffer.byteLength < length * head.BYTES_PER_ELEMENT) return undefined;
  const Ctor = head.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => A;
  return new Ctor(buffer, 0, length);
}

/** The bitmaps keyed in the order the file has the columns (one thread builds them in that order). */
export function inFileOrder<V extends Readonly<Record<string, Uint8Array | undefined>>>(validity: V, names: readonly string[] | undefined): V {
  if (names === undefined) return validity; // no header: the file's order is the schema's
  const ordered: Record<string, Uint8Array | undefined> = Object.create(null);
  for (const name of names) if (Object.prototype.hasOwnProperty.call(validity, name)) ordered[name] = validity[name];
  return ordered as V;
}
