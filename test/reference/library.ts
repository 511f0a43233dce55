/**
 * Glue between the real library and the reference parser: run the library (one-shot `parse` or
 * `parseStream` over a given chunking), turn its Table into the reference's plain form, check the
 * Table's own invariants, and describe the first difference between two results.
 */
import { parse, parseStream, CsvError } from '../../src/index.js';
import {
  decodeUtf8,
  type ColumnSpec,
  type ColumnType,
  type RefFailure,
  type RefOptions,
  type RefResult,
} from './reference-parser.js';

/** What the tests need from a Table, typed loosely so the tests don't depend on generic details. */
export interface TableLike {
  rowCount: number;
  columns: Record<string, unknown>;
  validity: Record<string, Uint8Array | undefined>;
  isNull(name: string, i: number): boolean;
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
  /** Broken invariants of the Table itself (lengths, null slots, bitmap, array kinds). */
  problems: string[];
}

export interface PlainError {
  ok: false;
  code: string;
  line: number | undefined;
  row: number | undefined;
  column: string | undefined;
  columnIndex: number | undefined;
  byteOffset: number | undefined;
  text: string | undefined;
  message: string;
}

export type LibResult = PlainTable | PlainError;

/** A chunking: a fixed chunk size, or a list of sizes used in turn (cycled). */
export type Chunking = number | readonly number[];

type ParseFn = (input: string | Uint8Array, options: RefOptions) => unknown;
type ParseStreamFn = (source: AsyncIterable<Uint8Array>, options: RefOptions) => Promise<unknown>;
const parseLoose = parse as unknown as ParseFn;
const parseStreamLoose = parseStream as unknown as ParseStreamFn;

export function specOf(spec: ColumnSpec): { type: ColumnType; nullable: boolean } {
  return typeof spec === 'string' ? { type: spec, nullable: false } : { type: spec.type, nullable: spec.nullable === true };
}

const ARRAY_KIND: Record<Exclude<ColumnType, 'string'>, string> = {
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
export function tableToPlain(table: unknown, schema: Record<string, ColumnSpec>): PlainTable {
  const t = table as TableLike;
  const problems: string[] = [];
  const columns: Record<string, unknown[]> = {};
  const stringBytes: Record<string, (Uint8Array | null)[]> = {};
  const n = t.rowCount;
  if (!Number.isInteger(n) || n < 0) problems.push(`rowCount is ${String(n)}`);

  for (const [name, rawSpec] of Object.entries(schema)) {
    const spec = specOf(rawSpec);
    const col = t.columns[name];
    const values: unknown[] = [];
    columns[name] = values;
    const validity = t.validity?.[name];
    if (spec.nullable) {
      if (!(validity instanceof Uint8Array)) problems.push(`${name}: no validity bitmap for a nullable column`);
      else if (validity.length < Math.ceil(n / 8)) problems.push(`${name}: validity bitmap has ${validity.length} bytes for ${n} rows`);
    }

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
          if (!spec.nullable) problems.push(`${name}[${i}]: null in a non-nullable column`);
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

    const kind = ARRAY_KIND[spec.type];
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
        if (!spec.nullable) problems.push(`${name}[${i}]: null in a non-nullable column`);
        const slot = arr[i];
        const expected = spec.type === 'f32' || spec.type === 'f64' ? NaN : spec.type === 'i64' || spec.type === 'u64' ? 0n : 0;
        if (!Object.is(slot, expected)) problems.push(`${name}[${i}]: null slot holds ${String(slot)}, expected ${String(expected)}`);
        values.push(null);
      } else {
        values.push(arr[i]);
      }
    }
  }
  return { ok: true, rowCount: n, columns, stringBytes, problems };
}

export function errorToPlain(e: unknown): PlainError {
  if (!(e instanceof CsvError)) throw e;
  return {
    ok: false,
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

/** One-shot synchronous `parse`, as a plain result. */
export function libraryParseSync(input: string | Uint8Array, options: RefOptions): LibResult {
  try {
    return tableToPlain(parseLoose(input, options), options.schema);
  } catch (e) {
    return errorToPlain(e);
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
    return tableToPlain(await parseStreamLoose(fromChunks(chunkBytes(bytes, chunking)), options), options.schema);
  } catch (e) {
    return errorToPlain(e);
  }
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

/**
 * The first difference between the expected result (reference, or another library run) and the
 * library's, or undefined when they agree. Values are compared with Object.is (so NaN equals NaN
 * and -0 differs from 0); string columns also byte for byte.
 */
export function describeDifference(expected: RefResult | LibResult, actual: LibResult, compare: CompareOptions = {}): string | undefined {
  const locations = compare.locations ?? true;
  const withText = compare.text ?? true;
  if (actual.ok && actual.problems.length > 0) return `table invariants broken: ${actual.problems.slice(0, 5).join('; ')}`;
  if (expected.ok !== actual.ok) {
    return expected.ok
      ? `expected success with ${expected.rowCount} rows, library threw ${(actual as PlainError).code}: ${(actual as PlainError).message}`
      : `expected ${expected.code} at line ${expected.line} byte ${expected.byteOffset}, library returned ${(actual as PlainTable).rowCount} rows`;
  }
  if (!expected.ok && !actual.ok) {
    const headerCodes = ['MISSING_COLUMN', 'INVALID_OPTION'];
    const ambiguous = 'ambiguousHeader' in expected && (expected as RefFailure).ambiguousHeader === true;
    const codeOk = expected.code === actual.code || (ambiguous && headerCodes.includes(actual.code));
    const diffs: string[] = [];
    if (!codeOk) diffs.push(`code ${actual.code} != ${expected.code}`);
    else if (ambiguous) return undefined;
    if (headerCodes.includes(expected.code)) {
      // Option and header-matching errors: the semantics notes give them no location, so line and
      // byteOffset may be left undefined; when given, they must be the header record's (its first
      // byte and the line that byte is on), like every other record-level error.
      if (actual.column !== expected.column) diffs.push(`column ${show(actual.column)} != ${show(expected.column)}`);
      if (actual.line !== undefined && actual.line !== expected.line) diffs.push(`line ${actual.line} != ${expected.line} (the header's line)`);
      if (actual.byteOffset !== undefined && actual.byteOffset !== expected.byteOffset) diffs.push(`byteOffset ${actual.byteOffset} != ${expected.byteOffset} (the header's)`);
    } else {
      if (actual.line !== expected.line) diffs.push(`line ${actual.line} != ${expected.line}`);
      if (actual.byteOffset !== expected.byteOffset) diffs.push(`byteOffset ${actual.byteOffset} != ${expected.byteOffset}`);
      if (locations && expected.row !== undefined && actual.row !== expected.row) diffs.push(`row ${actual.row} != ${expected.row}`);
      const valueError = ['INVALID_NUMBER', 'OUT_OF_RANGE', 'EMPTY_VALUE', 'INVALID_QUOTE'].includes(expected.code);
      if (locations && valueError && actual.column !== expected.column) diffs.push(`column ${show(actual.column)} != ${show(expected.column)}`);
      if (locations && valueError && actual.columnIndex !== expected.columnIndex) diffs.push(`columnIndex ${actual.columnIndex} != ${expected.columnIndex}`);
      const textError = ['INVALID_NUMBER', 'OUT_OF_RANGE', 'EMPTY_VALUE'].includes(expected.code);
      if (withText && textError && expected.text !== undefined && expected.text.length <= 200 && actual.text !== expected.text) {
        diffs.push(`text ${show(actual.text)} != ${show(expected.text)}`);
      }
    }
    return diffs.length > 0 ? `${diffs.join(', ')} (library message: ${(actual as PlainError).message})` : undefined;
  }
  const e = expected as RefResult & { ok: true };
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
