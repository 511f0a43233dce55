/**
 * Glue between the real library and the reference parser: run the library (one-shot `parse` or
 * `parseStream` over a given chunking), turn its Table into the reference's plain form, check the
 * Table's own invariants, and describe the first difference between two results.
 */
import { parse, parseBatches, parseStream, CsvError } from '../../src/index.js';
import {
  decodeUtf8,
  type ColumnSpec,
  RECORD_ERRORS_KEPT,
  type ColumnType,
  type RefErrorInfo,
  type RefFailure,
  type RefOptions,
  type RefResult,
  type RefSuccess,
} from './reference-parser.js';

/** What the tests need from a Table, typed loosely so the tests don't depend on generic details. */
export interface TableLike {
  rowCount: number;
  columns: Record<string, unknown>;
  validity: Record<string, Uint8Array | undefined>;
  isNull(name: string, i: number): boolean;
  errors: readonly CsvError[];
  errorCount: number;
  skippedRecords: number;
  firstRow: number;
}

export interface StringColumnLike {
  length: number;
  data: Uint8Array;
  offsets: Int32Array;
  get(i: number): string | null;
  toArray(): (string | null)[];
}

export interface PlainTable {
  ok: true;
  rowCount: number;
  columns: Record<string, unknown[]>;
  stringBytes: Record<string, (Uint8Array | null)[]>;
  /** Schema columns that have a validity bitmap, in schema order. */
  validityColumns: string[];
  errors: PlainErrorInfo[];
  errorCount: number;
  skippedRecords: number;
  firstRow: number;
  /** Broken invariants of the Table itself (lengths, null slots, bitmap, array kinds). */
  problems: string[];
  /** Category columns: the dictionary's entries (their bytes, as keys), for the next batch's check. */
  dictionaries: Record<string, string[]>;
  /** parseBatches only: the batches' own counts, for checks of how errors are shared out. */
  batches?: { rowCount: number; errorCount: number; errors: number; skippedRecords: number }[];
}

/** A CsvError's fields as plain data. */
export interface PlainErrorInfo {
  code: string;
  line: number | undefined;
  row: number | undefined;
  column: string | undefined;
  columnIndex: number | undefined;
  byteOffset: number | undefined;
  text: string | undefined;
  message: string;
}

export interface PlainError extends PlainErrorInfo {
  ok: false;
}

export type LibResult = PlainTable | PlainError;

/** A chunking: a fixed chunk size, or a list of sizes used in turn (cycled). */
export type Chunking = number | readonly number[];

type ParseFn = (input: string | Uint8Array, options: RefOptions) => unknown;
type ParseStreamFn = (source: AsyncIterable<Uint8Array>, options: RefOptions) => Promise<unknown>;
type ParseBatchesFn = (source: AsyncIterable<Uint8Array>, options: RefOptions & { batchRows: number; reuseBuffers: boolean }) => AsyncIterable<TableLike>;
const parseLoose = parse as unknown as ParseFn;
const parseStreamLoose = parseStream as unknown as ParseStreamFn;
const parseBatchesLoose = parseBatches as unknown as ParseBatchesFn;

/** How tableToPlain reads a table. */
export interface PlainOptions {
  /**
   * The options' onError may turn bad values into nulls ('null' or a callback): then a column that
   * is not nullable may hold nulls, as long as it has a bitmap.
   */
  nullsFromErrors?: boolean;
  /**
   * Category columns: the previous batch's dictionaries. A batch's dictionary must start with them
   * (batches share one growing dictionary) and go on with this batch's new values in order of first
   * appearance; a whole table's dictionary is exactly its distinct values in that order.
   */
  dictionaryBefore?: Record<string, string[]>;
}

/** True when `options` let a bad value become a null (so any column may hold nulls). */
export function nullsFromErrors(options: { onError?: unknown }): boolean {
  return options.onError === 'null' || typeof options.onError === 'function';
}

export function specOf(spec: ColumnSpec): { type: ColumnType; nullable: boolean; unit?: string } {
  return typeof spec === 'string' ? { type: spec, nullable: false } : { type: spec.type, nullable: spec.nullable === true, unit: spec.unit };
}

const bytesKey = (b: Uint8Array) => Array.from(b).join(',');

interface CategoryColumnLike {
  length: number;
  codes: Int32Array;
  dictionary: StringColumnLike & { bytes(i: number): Uint8Array };
  get(i: number): string | null;
}

function isCategoryColumn(x: unknown): x is CategoryColumnLike {
  return typeof x === 'object' && x !== null && (x as CategoryColumnLike).codes instanceof Int32Array && isStringColumn((x as CategoryColumnLike).dictionary);
}

const ARRAY_KIND: Record<Exclude<ColumnType, 'string' | 'category'>, string> = {
  bool: 'Uint8Array',
  date: 'Int32Array',
  timestamp: 'Float64Array',
  i8: 'Int8Array',
  i16: 'Int16Array',
  i32: 'Int32Array',
  u8: 'Uint8Array',
  u16: 'Uint16Array',
  u32: 'Uint32Array',
  i64: 'BigInt64Array',
  u64: 'BigUint64Array',
  f32: 'Float32Array',
  f64: 'Float64Array',
};

function isStringColumn(x: unknown): x is StringColumnLike {
  return typeof x === 'object' && x !== null && typeof (x as StringColumnLike).get === 'function' && (x as StringColumnLike).offsets instanceof Int32Array;
}

/** The reference's plain form of a Table (nulls read with isNull), plus the Table's broken invariants. */
export function tableToPlain(table: unknown, schema: Record<string, ColumnSpec>, how: PlainOptions = {}): PlainTable {
  const t = table as TableLike;
  const errorNulls = how.nullsFromErrors ?? false;
  const problems: string[] = [];
  const validityColumns = Object.keys(schema).filter((name) => Object.prototype.hasOwnProperty.call(t.validity ?? {}, name) && t.validity[name] !== undefined);
  for (const name of Object.keys(t.validity ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(schema, name)) problems.push(`validity bitmap for ${name}, which is not in the schema`);
  }
  const columns: Record<string, unknown[]> = {};
  const stringBytes: Record<string, (Uint8Array | null)[]> = {};
  const dictionaries: Record<string, string[]> = {};
  const n = t.rowCount;
  if (!Number.isInteger(n) || n < 0) problems.push(`rowCount is ${String(n)}`);

  for (const [name, rawSpec] of Object.entries(schema)) {
    const spec = specOf(rawSpec);
    const col = t.columns[name];
    const values: unknown[] = [];
    columns[name] = values;
    const validity = t.validity?.[name];
    if (spec.nullable && !(validity instanceof Uint8Array)) problems.push(`${name}: no validity bitmap for a nullable column`);
    if (validity !== undefined && (!(validity instanceof Uint8Array) || validity.length < Math.ceil(n / 8))) {
      problems.push(`${name}: validity bitmap has ${(validity as Uint8Array).length} bytes for ${n} rows`);
    }
    // A value may be null only in a nullable column, or where an error was made a null.
    const mayBeNull = spec.nullable || errorNulls;

    if (spec.type === 'string') {
      if (!isStringColumn(col)) {
        problems.push(`${name}: not a StringColumn`);
        continue;
      }
      const bytes: (Uint8Array | null)[] = [];
      stringBytes[name] = bytes;
      if (col.length !== n) problems.push(`${name}: length ${col.length} != rowCount ${n}`);
      if (col.offsets.length < n + 1) problems.push(`${name}: offsets has ${col.offsets.length} entries for ${n} rows`);
      if (col.offsets[0] !== 0) problems.push(`${name}: offsets[0] is ${col.offsets[0]}`);
      for (let i = 0; i < n; i++) {
        const isNull = t.isNull(name, i);
        const got = col.get(i);
        if (isNull) {
          if (!mayBeNull) problems.push(`${name}[${i}]: null in a non-nullable column`);
          if (got !== null) problems.push(`${name}[${i}]: isNull but get() returned ${JSON.stringify(got)}`);
          values.push(null);
          bytes.push(null);
          continue;
        }
        const start = col.offsets[i];
        const end = col.offsets[i + 1];
        if (!(start <= end && end <= col.data.length)) problems.push(`${name}[${i}]: bad offsets ${start}..${end}`);
        const slice = col.data.slice(start, end);
        if (got !== decodeUtf8(slice)) problems.push(`${name}[${i}]: get() ${JSON.stringify(got)} != decoded bytes`);
        values.push(got);
        bytes.push(slice);
      }
      continue;
    }

    if (spec.type === 'category') {
      if (!isCategoryColumn(col)) {
        problems.push(`${name}: not a CategoryColumn`);
        continue;
      }
      const dict = col.dictionary;
      const entries: string[] = [];
      for (let k = 0; k < dict.length; k++) {
        if (dict.get(k) === null) problems.push(`${name}: dictionary entry ${k} is null`);
        entries.push(bytesKey(dict.bytes(k)));
      }
      dictionaries[name] = entries;
      if (new Set(entries).size !== entries.length) problems.push(`${name}: dictionary has repeated entries`);
      const before = how.dictionaryBefore?.[name] ?? [];
      if (before.some((e, k) => entries[k] !== e)) problems.push(`${name}: dictionary does not start with the previous batch's`);
      const bytes: (Uint8Array | null)[] = [];
      stringBytes[name] = bytes;
      if (col.length !== n || col.codes.length !== n) problems.push(`${name}: length ${col.length} (codes ${col.codes.length}) != rowCount ${n}`);
      let next = before.length; // the code the next new value must have
      for (let i = 0; i < n; i++) {
        const isNull = t.isNull(name, i);
        const code = col.codes[i];
        const got = col.get(i);
        if (isNull) {
          if (!mayBeNull) problems.push(`${name}[${i}]: null in a non-nullable column`);
          if (code !== 0) problems.push(`${name}[${i}]: null with code ${code}, expected 0`);
          if (got !== null) problems.push(`${name}[${i}]: isNull but get() returned ${JSON.stringify(got)}`);
          values.push(null);
          bytes.push(null);
          continue;
        }
        if (!(code >= 0 && code < dict.length)) {
          problems.push(`${name}[${i}]: code ${code} outside the dictionary (${dict.length} entries)`);
          values.push(undefined);
          bytes.push(null);
          continue;
        }
        if (code > next) problems.push(`${name}[${i}]: code ${code} before code ${next} appeared (not in order of first appearance)`);
        if (code === next) next++;
        values.push(got);
        bytes.push(dict.bytes(code).slice());
      }
      if (next !== dict.length) problems.push(`${name}: dictionary has ${dict.length} entries, but the rows use ${next}`);
      continue;
    }

    const kind = spec.type === 'timestamp' && (spec.unit === 'us' || spec.unit === 'ns') ? 'BigInt64Array' : ARRAY_KIND[spec.type];
    if (!ArrayBuffer.isView(col) || col.constructor.name !== kind) {
      problems.push(`${name}: expected ${kind}, got ${col === null || col === undefined ? String(col) : (col as object).constructor.name}`);
      continue;
    }
    const arr = col as unknown as ArrayLike<number | bigint>;
    if (arr.length !== n) problems.push(`${name}: length ${arr.length} != rowCount ${n}`);
    for (let i = 0; i < n; i++) {
      const isNull = t.isNull(name, i);
      if (validity instanceof Uint8Array) {
        const bit = (validity[i >> 3] >> (i & 7)) & 1;
        if (bit !== (isNull ? 0 : 1)) problems.push(`${name}[${i}]: validity bit ${bit} but isNull ${isNull}`);
      }
      if (isNull) {
        if (!mayBeNull) problems.push(`${name}[${i}]: null in a non-nullable column`);
        const slot = arr[i];
        const expected = spec.type === 'f32' || spec.type === 'f64' ? NaN : spec.type === 'i64' || spec.type === 'u64' || kind === 'BigInt64Array' ? 0n
          : kind === 'Float64Array' ? NaN : 0;
        if (!Object.is(slot, expected)) problems.push(`${name}[${i}]: null slot holds ${String(slot)}, expected ${String(expected)}`);
        values.push(null);
      } else {
        values.push(arr[i]);
      }
    }
  }
  const errors = (t.errors ?? []).map((e) => {
    if (!(e instanceof CsvError)) problems.push(`errors holds a ${String(e)}, not a CsvError`);
    return errorInfo(e);
  });
  if (!Number.isInteger(t.errorCount) || t.errorCount < errors.length) problems.push(`errorCount ${t.errorCount} with ${errors.length} errors kept`);
  if (!Number.isInteger(t.skippedRecords) || t.skippedRecords < 0) problems.push(`skippedRecords is ${t.skippedRecords}`);
  return {
    ok: true, rowCount: n, columns, stringBytes, dictionaries, validityColumns, errors, errorCount: t.errorCount, skippedRecords: t.skippedRecords,
    firstRow: t.firstRow, problems,
  };
}

function errorInfo(e: CsvError): PlainErrorInfo {
  return {
    code: e.code,
    line: e.line,
    row: e.row,
    column: e.column,
    columnIndex: e.columnIndex,
    byteOffset: e.byteOffset,
    text: e.text,
    message: e.message,
  };
}

export function errorToPlain(e: unknown): PlainError {
  if (!(e instanceof CsvError)) throw e;
  return { ok: false, ...errorInfo(e) };
}

/** Slices `bytes` per the chunking; every chunk is a fresh copy, like a real stream's buffers. */
export function chunkBytes(bytes: Uint8Array, chunking: Chunking): Uint8Array[] {
  const sizes = typeof chunking === 'number' ? [chunking] : chunking;
  const out: Uint8Array[] = [];
  let pos = 0;
  for (let k = 0; pos < bytes.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]);
    out.push(bytes.slice(pos, pos + size));
    pos += size;
  }
  return out;
}

async function* fromChunks(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

const encoder = new TextEncoder();

/**
 * A thrown value that is not a CsvError (a TypeError from inside the library, or an onError
 * callback's own exception) as a failure that names it, instead of an exception that ends the test.
 */
function plainFailure(e: unknown): PlainError {
  if (e instanceof CsvError) return errorToPlain(e);
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { ok: false, code: `NOT_A_CSV_ERROR`, line: undefined, row: undefined, column: undefined, columnIndex: undefined, byteOffset: undefined, text: undefined, message: what };
}

/** One-shot synchronous `parse`, as a plain result. */
export function libraryParseSync(input: string | Uint8Array, options: RefOptions): LibResult {
  try {
    return tableToPlain(parseLoose(input, options), options.schema, { nullsFromErrors: nullsFromErrors(options) });
  } catch (e) {
    return plainFailure(e);
  }
}

/**
 * The library as a plain result: one-shot `parse` without a chunking, else `parseStream` fed with
 * the input cut into chunks (an async generator of Uint8Array slices).
 */
export async function libraryParse(input: string | Uint8Array, options: RefOptions, chunking?: Chunking): Promise<LibResult> {
  if (chunking === undefined) return libraryParseSync(input, options);
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  try {
    return tableToPlain(await parseStreamLoose(fromChunks(chunkBytes(bytes, chunking)), options), options.schema, { nullsFromErrors: nullsFromErrors(options) });
  } catch (e) {
    return plainFailure(e);
  }
}

/**
 * `parseBatches` fed like libraryParse, its batches joined into one plain table (values, counts,
 * errors and bitmaps concatenated), plus each batch's own counts. Problems include batches that
 * break their own invariants: a firstRow that is not the running row count, a batch other than the
 * last that is not full, a batch that keeps more errors than maxErrors, or fewer than it counted
 * while under maxErrors.
 */
export async function libraryParseBatches(input: string | Uint8Array, options: RefOptions, chunking: Chunking, batchRows: number): Promise<LibResult> {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const how = { nullsFromErrors: nullsFromErrors(options) };
  const parts: PlainTable[] = [];
  try {
    // Odd batch sizes hand each batch's memory back (reuseBuffers): later batches must not show a trace of it.
    for await (const batch of parseBatchesLoose(fromChunks(chunkBytes(bytes, chunking)), { ...options, batchRows, reuseBuffers: batchRows % 2 === 1 })) {
      parts.push(tableToPlain(batch, options.schema, { ...how, dictionaryBefore: parts.at(-1)?.dictionaries }));
    }
  } catch (e) {
    return plainFailure(e);
  }
  const maxErrors = options.maxErrors ?? 100;
  const joined: PlainTable = {
    ok: true, rowCount: 0, columns: {}, stringBytes: {}, validityColumns: [], errors: [], errorCount: 0, skippedRecords: 0, firstRow: 0,
    problems: [], batches: [], dictionaries: {},
  };
  for (const name of Object.keys(options.schema)) {
    joined.columns[name] = [];
    if (['string', 'category'].includes(specOf(options.schema[name]).type)) joined.stringBytes[name] = [];
  }
  parts.forEach((b, k) => {
    const where = `batch ${k} of ${parts.length}`;
    joined.problems.push(...b.problems.map((p) => `${where}: ${p}`));
    if (b.firstRow !== joined.rowCount) joined.problems.push(`${where}: firstRow ${b.firstRow}, but ${joined.rowCount} rows came before it`);
    if (k < parts.length - 1 && b.rowCount !== batchRows) joined.problems.push(`${where}: ${b.rowCount} rows in a batch that is not the last (batchRows ${batchRows})`);
    if (b.rowCount > batchRows) joined.problems.push(`${where}: ${b.rowCount} rows, more than batchRows ${batchRows}`);
    // A batch keeps its first maxErrors errors, less those past the RECORD_ERRORS_KEPT of a record.
    const kept = Math.min(b.errorCount, maxErrors);
    if (b.errors.length > kept || (b.errorCount <= RECORD_ERRORS_KEPT && b.errors.length !== kept)) joined.problems.push(`${where}: keeps ${b.errors.length} errors of ${b.errorCount} with maxErrors ${maxErrors}`);
    for (const name of Object.keys(joined.columns)) {
      joined.columns[name].push(...b.columns[name]);
      if (joined.stringBytes[name]) joined.stringBytes[name].push(...b.stringBytes[name]);
    }
    for (const name of b.validityColumns) if (!joined.validityColumns.includes(name)) joined.validityColumns.push(name);
    joined.rowCount += b.rowCount;
    joined.errors.push(...b.errors);
    joined.errorCount += b.errorCount;
    joined.skippedRecords += b.skippedRecords;
    joined.batches!.push({ rowCount: b.rowCount, errorCount: b.errorCount, errors: b.errors.length, skippedRecords: b.skippedRecords });
  });
  // A column with no rows at all still has its nullable bitmap in every batch; keep schema order.
  joined.validityColumns = Object.keys(options.schema).filter((name) => joined.validityColumns.includes(name) || (parts.length === 0 && specOf(options.schema[name]).nullable));
  return joined;
}

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return JSON.stringify(v);
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export interface CompareOptions {
  /** Also compare row and (for value errors) column. Default true. */
  locations?: boolean;
  /** Compare error text when it is short. Default true. */
  text?: boolean;
}

const HEADER_CODES = ['MISSING_COLUMN', 'INVALID_OPTION', 'TOO_MANY_COLUMNS'];
/** Errors about one field: they name its column. */
const FIELD_CODES = ['INVALID_NUMBER', 'OUT_OF_RANGE', 'EMPTY_VALUE', 'INVALID_UTF8', 'INVALID_VALUE', 'TOO_MANY_CATEGORIES', 'INVALID_QUOTE', 'UNTERMINATED_QUOTE'];
/**
 * Errors whose text is the field's value exactly. (INVALID_QUOTE's is the malformed field as written,
 * UNTERMINATED_QUOTE's the rest of the input: both are for people, not compared.)
 */
const TEXT_CODES = ['INVALID_NUMBER', 'OUT_OF_RANGE', 'EMPTY_VALUE', 'INVALID_UTF8', 'INVALID_VALUE', 'TOO_MANY_CATEGORIES'];

type ErrorLike = RefErrorInfo | PlainErrorInfo;

/** How one error differs from the expected one (code, location, text), or an empty list. */
function errorDifferences(expected: ErrorLike, actual: PlainErrorInfo, compare: CompareOptions): string[] {
  const locations = compare.locations ?? true;
  const withText = compare.text ?? true;
  const diffs: string[] = [];
  if (expected.code !== actual.code) return [`code ${actual.code} != ${expected.code}`];
  if (HEADER_CODES.includes(expected.code)) {
    // Option and header-matching errors: the semantics notes give them no location, so line and
    // byteOffset may be left undefined; when given, they must be the header record's (its first
    // byte and the line that byte is on), like every other record-level error.
    if (actual.column !== expected.column) diffs.push(`column ${show(actual.column)} != ${show(expected.column)}`);
    if (actual.line !== undefined && actual.line !== expected.line) diffs.push(`line ${actual.line} != ${expected.line} (the header's line)`);
    if (actual.byteOffset !== undefined && actual.byteOffset !== expected.byteOffset) diffs.push(`byteOffset ${actual.byteOffset} != ${expected.byteOffset} (the header's)`);
    return diffs;
  }
  if (actual.line !== expected.line) diffs.push(`line ${actual.line} != ${expected.line}`);
  if (actual.byteOffset !== expected.byteOffset) diffs.push(`byteOffset ${actual.byteOffset} != ${expected.byteOffset}`);
  if (locations && expected.row !== undefined && actual.row !== expected.row) diffs.push(`row ${actual.row} != ${expected.row}`);
  const fieldError = FIELD_CODES.includes(expected.code) && expected.row !== undefined; // not the header's
  if (locations && fieldError && actual.column !== expected.column) diffs.push(`column ${show(actual.column)} != ${show(expected.column)}`);
  if (locations && fieldError && actual.columnIndex !== expected.columnIndex) diffs.push(`columnIndex ${actual.columnIndex} != ${expected.columnIndex}`);
  if (withText && TEXT_CODES.includes(expected.code) && expected.text !== undefined && expected.text.length <= 200 && actual.text !== expected.text) {
    diffs.push(`text ${show(actual.text)} != ${show(expected.text)}`);
  }
  return diffs;
}

/** An error in one line, for failure messages. */
export function showError(e: ErrorLike): string {
  return `${e.code} line ${e.line} byte ${e.byteOffset} row ${e.row}${e.column !== undefined ? ` column ${JSON.stringify(e.column)}` : ''}`;
}

/**
 * The first difference between the expected result (reference, or another library run) and the
 * library's, or undefined when they agree. Values are compared with Object.is (so NaN equals NaN
 * and -0 differs from 0); string columns also byte for byte; then the error policy's results:
 * skippedRecords, errorCount, the kept errors one by one, and which columns have a bitmap.
 */
export function describeDifference(expected: RefResult | LibResult, actual: LibResult, compare: CompareOptions = {}): string | undefined {
  if (actual.ok && actual.problems.length > 0) return `table invariants broken: ${actual.problems.slice(0, 5).join('; ')}`;
  if (expected.ok !== actual.ok) {
    return expected.ok
      ? `expected success with ${expected.rowCount} rows, library threw ${(actual as PlainError).code}: ${(actual as PlainError).message}`
      : `expected ${expected.code} at line ${expected.line} byte ${expected.byteOffset}, library returned ${(actual as PlainTable).rowCount} rows`;
  }
  if (!expected.ok && !actual.ok) {
    const ambiguous = 'ambiguousHeader' in expected && (expected as RefFailure).ambiguousHeader === true;
    if (ambiguous && ['MISSING_COLUMN', 'INVALID_OPTION'].includes(actual.code)) return undefined;
    const diffs = errorDifferences(expected, actual, compare);
    return diffs.length > 0 ? `${diffs.join(', ')} (library message: ${actual.message})` : undefined;
  }
  const e = expected as RefSuccess | PlainTable;
  const a = actual as PlainTable;
  if (e.rowCount !== a.rowCount) return `rowCount ${a.rowCount} != ${e.rowCount}`;
  for (const name of Object.keys(e.columns)) {
    const ev = e.columns[name];
    const av = a.columns[name];
    if (av === undefined) return `column ${name} missing`;
    for (let i = 0; i < e.rowCount; i++) {
      if (!Object.is(ev[i], av[i])) return `${name}[${i}] = ${show(av[i])}, expected ${show(ev[i])}`;
    }
    const eb = e.stringBytes[name];
    const ab = a.stringBytes[name];
    if (eb !== undefined) {
      for (let i = 0; i < e.rowCount; i++) {
        if (!sameBytes(eb[i], ab?.[i] ?? null)) return `${name}[${i}] bytes [${ab?.[i]}] != [${eb[i]}]`;
      }
    }
  }
  if (a.skippedRecords !== e.skippedRecords) return `skippedRecords ${a.skippedRecords} != ${e.skippedRecords}`;
  if (a.errorCount !== e.errorCount) return `errorCount ${a.errorCount} != ${e.errorCount}`;
  // Batches keep maxErrors each: their errors joined are all of them, unless a batch had to cut.
  const batches = a.batches;
  const all = 'allErrors' in e ? e.allErrors : e.errors;
  const expectedErrors = batches === undefined ? e.errors : all;
  const cut = batches !== undefined && batches.some((b) => b.errors < b.errorCount);
  if (!cut && a.errors.length !== expectedErrors.length) {
    return `${a.errors.length} errors kept, expected ${expectedErrors.length}: ${a.errors.slice(0, 3).map(showError).join('; ')} vs ${expectedErrors.slice(0, 3).map(showError).join('; ')}`;
  }
  let k = 0;
  for (let i = 0; i < a.errors.length; i++) {
    if (cut) {
      // Each batch keeps its first errors: the joined list must be a subsequence of all of them.
      while (k < all.length && errorDifferences(all[k], a.errors[i], compare).length > 0) k++;
      if (k === all.length) return `errors[${i}] (${showError(a.errors[i])}) is not one of the expected errors, in order`;
      k++;
      continue;
    }
    const diffs = errorDifferences(expectedErrors[i], a.errors[i], compare);
    if (diffs.length > 0) return `errors[${i}]: ${diffs.join(', ')} (expected ${showError(expectedErrors[i])}; library message: ${a.errors[i].message})`;
  }
  if (a.validityColumns.join() !== e.validityColumns.join()) {
    return `validity bitmaps for [${a.validityColumns.join(', ')}], expected [${e.validityColumns.join(', ')}]`;
  }
  return undefined;
}

/** A short, copy-pasteable description of a case for failure messages. */
export function describeCase(input: Uint8Array | string, options: RefOptions, chunking?: Chunking): string {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const text = decodeUtf8(bytes);
  const roundTrips = encoder.encode(text).length === bytes.length && encoder.encode(text).every((b, i) => b === bytes[i]);
  const inputSource = roundTrips ? JSON.stringify(text) : `new Uint8Array([${Array.from(bytes).join(',')}])`;
  const chunkText = chunking === undefined ? '' : `\n  chunking: ${JSON.stringify(chunking)}`;
  return `\n  input: ${inputSource}\n  options: ${JSON.stringify(options)}${chunkText}`;
}
