// Messages between parseInWorker (main thread) and its module worker. Everything here survives
// structured cloning: Tables and CsvErrors are taken apart into plain data and typed arrays on one
// side and rebuilt on the other, because a clone keeps neither classes nor Error's own fields.

import { CsvError, type CsvErrorCode } from '../errors.js';
import type { ParseOptions, Progress } from '../options.js';
import type { ColumnInfo, Columns, NumericArray, Schema } from '../schema.js';
import { StringColumn } from '../string-column.js';
import { CategoryColumn } from '../category-column.js';
import { Table } from '../table.js';
import type { ThreadOptions } from '../threads/messages.js';
import type { RecordStretch } from '../threads/range-parse.js';
import type { ScanResult } from '../threads/split-scan.js';

/** Options that cross to the worker: everything but the callbacks and the signal. */
export type WireOptions = Omit<ParseOptions, 'signal' | 'onProgress'>;

/** What the worker reads: a Blob (a handle, never copied), bytes, or a URL to fetch there. */
export type WireSource = Blob | Uint8Array | { url: string };

export interface ParseRequest {
  type: 'parse';
  id: number;
  source: WireSource;
  options: WireOptions;
  /** Whether to send progress messages at all. */
  progress: boolean;
}

export interface AbortRequest {
  type: 'abort';
  id: number;
  reason: WireError | undefined;
}

/**
 * parseInWorker with threads, pass 1: scan `blob`, the split [start, start + blob.size) of the file,
 * for record starts under every quote state (src/threads/split-scan.ts).
 */
export interface ScanRequest {
  type: 'scan';
  id: number;
  blob: Blob;
  start: number;
  delimiter: number;
  quote: number;
}

/** Pass 2: parse `blob`, the records [stretch.start, stretch.end) of the file, with file offsets. */
export interface StretchRequest {
  type: 'stretch';
  id: number;
  blob: Blob;
  options: ThreadOptions;
  stretch: RecordStretch;
  progress: boolean;
}

/**
 * The stretches' Tables, in file order, joined into one (src/threads/join.ts) in a worker, so the
 * page's thread never copies columns; `lines[k]` is the LF count before piece k's stretch.
 */
export interface JoinRequest {
  type: 'join';
  id: number;
  pieces: WireTable[];
  lines: number[];
  options: ThreadOptions;
  names: string[] | undefined;
}

/** Tests only: the worker throws outside any request, as a bug or an out-of-memory would end it. */
export interface CrashRequest {
  type: 'crash';
}

export type Request = ParseRequest | AbortRequest | ScanRequest | StretchRequest | JoinRequest | CrashRequest;

/** A column as sent: its arrays' buffers go in the transfer list. */
export type WireColumn =
  | { kind: 'numeric'; values: NumericArray }
  | { kind: 'string'; data: Uint8Array; offsets: Int32Array; validity: Uint8Array | undefined }
  | { kind: 'category'; codes: Int32Array; data: Uint8Array; offsets: Int32Array; validity: Uint8Array | undefined };

export interface WireTable {
  rowCount: number;
  schema: ColumnInfo[];
  /** In schema order; arrays, not name-keyed objects, so a column named "__proto__" is safe. */
  columns: WireColumn[];
  validity: (Uint8Array | undefined)[];
  errors: WireError[];
  errorCount: number;
  skippedRecords: number;
  firstRow: number;
}

export type Response =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'done'; id: number; table: WireTable }
  | { type: 'scanned'; id: number; scan: ScanResult }
  /** A stretch's Table (its error rows count from the stretch's first record) and its LF bytes. */
  | { type: 'parsed'; id: number; table: WireTable; lines: number }
  | { type: 'error'; id: number; error: WireError };

/** An Error as data: CsvError's fields, or name and message of any other error. */
export interface WireError {
  name: string;
  message: string;
  stack?: string | undefined;
  code?: CsvErrorCode | undefined;
  line?: number | undefined;
  row?: number | undefined;
  column?: string | undefined;
  columnIndex?: number | undefined;
  byteOffset?: number | undefined;
  text?: string | undefined;
  cause?: WireError | undefined;
}

export function toWireError(err: unknown, depth = 0): WireError {
  if (err instanceof CsvError) {
    const { code, line, row, column, columnIndex, byteOffset, text } = err;
    const cause = (err as { cause?: unknown }).cause;
    return {
      name: err.name, message: err.message, stack: err.stack, code, line, row, column, columnIndex, byteOffset, text,
      cause: cause !== undefined && depth < 3 ? toWireError(cause, depth + 1) : undefined,
    };
  }
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
    const e = err as Error;
    return { name: String(e.name ?? 'Error'), message: String(e.message), stack: e.stack };
  }
  return { name: 'Error', message: String(err) };
}

const ERROR_TYPES: Record<string, ErrorConstructor> = { TypeError, RangeError, SyntaxError, ReferenceError };

export function fromWireError(wire: WireError): Error {
  let err: Error;
  if (wire.code !== undefined) {
    const { line, row, column, columnIndex, byteOffset, text } = wire;
    err = new CsvError(wire.code, wire.message, { line, row, column, columnIndex, byteOffset, text });
    if (wire.cause) (err as { cause?: unknown }).cause = fromWireError(wire.cause);
  } else if (wire.name === 'AbortError' && typeof DOMException === 'function') {
    err = new DOMException(wire.message, 'AbortError');
  } else {
    err = new (ERROR_TYPES[wire.name] ?? Error)(wire.message);
    if (!(wire.name in ERROR_TYPES) && wire.name !== 'Error') err.name = wire.name;
  }
  // The worker's stack says where it failed; keep it after ours.
  if (wire.stack && err.stack) {
    try {
      err.stack = `${err.stack}\n    --- in the typed-csv worker ---\n${wire.stack}`;
    } catch {
      // Some engines make a DOMException's stack read-only; the message is what matters.
    }
  }
  return err;
}

/** The table as plain data, and every buffer behind it (each once: a duplicate is a DataCloneError). */
export function packTable(table: Table): { wire: WireTable; transfer: ArrayBuffer[] } {
  const buffers = new Set<ArrayBuffer>();
  const add = (view: ArrayBufferView | undefined) => {
    // A SharedArrayBuffer is shared, not transferred; nothing of ours uses one, but be exact.
    if (view && view.buffer instanceof ArrayBuffer) buffers.add(view.buffer);
  };
  const columns: WireColumn[] = [];
  const validity: (Uint8Array | undefined)[] = [];
  for (const info of table.schema) {
    const column = table.columns[info.name] as unknown;
    if (column instanceof StringColumn) {
      columns.push({ kind: 'string', data: column.data, offsets: column.offsets, validity: column.validity });
      add(column.data);
      add(column.offsets);
      add(column.validity);
    } else if (column instanceof CategoryColumn) {
      const d = column.dictionary;
      columns.push({ kind: 'category', codes: column.codes, data: d.data, offsets: d.offsets, validity: column.validity });
      add(column.codes);
      add(d.data);
      add(d.offsets);
      add(column.validity);
    } else {
      const values = column as NumericArray;
      columns.push({ kind: 'numeric', values });
      add(values);
    }
    const bits = Object.prototype.hasOwnProperty.call(table.validity, info.name) ? table.validity[info.name] : undefined;
    validity.push(bits);
    add(bits);
  }
  const wire: WireTable = {
    rowCount: table.rowCount,
    schema: table.schema.map((c) => ({ ...c })),
    columns,
    validity,
    errors: table.errors.map((e) => toWireError(e)),
    errorCount: table.errorCount,
    skippedRecords: table.skippedRecords,
    firstRow: table.firstRow,
  };
  return { wire, transfer: [...buffers] };
}

/** Every buffer behind a WireTable, each once, to transfer it on. */
export function wireBuffers(wire: WireTable): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (view: ArrayBufferView | undefined) => {
    if (view && view.buffer instanceof ArrayBuffer) buffers.add(view.buffer);
  };
  for (const column of wire.columns) {
    if (column.kind === 'numeric') add(column.values);
    else {
      add(column.data);
      add(column.offsets);
      add(column.validity);
      if (column.kind === 'category') add(column.codes);
    }
  }
  for (const bits of wire.validity) add(bits);
  return [...buffers];
}

/** The Table again, around the arrays that came in the message (no copy). */
export function unpackTable<S extends Schema>(wire: WireTable): Table<S> {
  // Null-prototype objects, as the library makes them: a column may be called "__proto__".
  const columns: Record<string, unknown> = Object.create(null);
  const validity: Record<string, Uint8Array> = Object.create(null);
  wire.schema.forEach((info, i) => {
    const column = wire.columns[i];
    columns[info.name] = column.kind === 'string' ? new StringColumn(column.data, column.offsets, column.validity)
      : column.kind === 'category' ? new CategoryColumn(column.codes, new StringColumn(column.data, column.offsets), column.validity)
      : column.values;
    const bits = wire.validity[i];
    if (bits) validity[info.name] = bits;
  });
  return new Table<S>({
    rowCount: wire.rowCount,
    schema: wire.schema,
    columns: columns as Columns<S>,
    validity: validity as Table<S>['validity'],
    errors: wire.errors.map((e) => fromWireError(e) as CsvError), // they were CsvErrors in the worker
    errorCount: wire.errorCount,
    skippedRecords: wire.skippedRecords,
    firstRow: wire.firstRow,
  });
}
