/**
 * A slow, deliberately plain reference parser for typed-csv.
 *
 * It follows /work/notes/semantics.md (mirrored in DESIGN.md) rule by rule, plus the error policies
 * of issue 5, and is used as the oracle for the differential, chunk-boundary, conformance and
 * regression tests. It is written for reading, not for speed: records are read one at a time, field
 * by field with the strict quoting rules; each field is checked and converted as soon as it is
 * complete, with BigInt for integer range checks, Number() for floats after a regular-expression
 * check, and a fatal TextDecoder for UTF-8 validation. It shares no code with the library.
 *
 * Errors are found in reading order, exactly as rule 7 asks: field by field, left to right; a bad
 * quote is found while reading the field it is in; "too many fields" is found when the first extra
 * field starts (before anything in it is read); "too few" when the record ends.
 *
 * Error policies (option onError):
 * - 'throw' (default): the first error is the result.
 * - 'skip': the bad record is dropped; the error is noted; reading goes on after the record.
 * - 'null': a value error (INVALID_NUMBER, OUT_OF_RANGE, EMPTY_VALUE, INVALID_UTF8) makes that
 *   field null and reading goes on in the same record (which may have more errors, each noted);
 *   a structural error (FIELD_COUNT, INVALID_QUOTE, UNTERMINATED_QUOTE) drops the record.
 * - a function (error) => 'throw' | 'skip' | 'null', called once per error in reading order with
 *   the error's code, line, row, column, columnIndex, byteOffset and text; 'null' on a structural
 *   error drops the record; any other answer is INVALID_OPTION.
 * With skip/null: `errorCount` counts every noted error, `errors` keeps the first `maxErrors`
 * (default 100), `skippedRecords` counts dropped records, and rowCount + skippedRecords is the
 * number of data records. Of one record's errors only the first RECORD_ERRORS_KEPT (256) are kept:
 * the rest are counted and, with a function, not asked about (its last answer for the record
 * stands). An error's `row` is the index of its record among all data records, kept or dropped.
 *
 * Where a dropped record ends: the bad record spans from its first byte to the next LF or CRLF (or a
 * CR that is the last byte) outside quotes, read leniently: a quote opens a quoted field only as a
 * field's first byte (ending at a quote not followed by a quote), and anything else — a quote in the
 * middle of a field, text after a closing quote — is data. So one bad quote costs one record, and a
 * quote that is never closed makes the rest of the input that one dropped record. For a record whose
 * fields were fine up to the error this is where the strict reading would have ended it, so the
 * rule can be stated once for every kind of error.
 *
 * A column that holds a null only because of an error has a validity bitmap even when it is not
 * nullable (`validityColumns`); a null noted in a record that is then dropped leaves no trace.
 *
 * Decisions the semantics notes leave open (each is repeated in the test report):
 * - Errors that are not about a data record (header quote errors, MISSING_COLUMN, TOO_MANY_COLUMNS,
 *   INVALID_OPTION) have `row` undefined, and are thrown whatever the policy: there is no record to
 *   drop, and the callback is not asked.
 * - `columnIndex` is the 0-based position of the field in the file record (not in the schema).
 *   `column` is the schema/header name of that file column when it is known (a skipped column's
 *   header name included); undefined for header-record errors and for FIELD_COUNT.
 * - INVALID_QUOTE is a field error, so it is reported at the field's first byte (its opening quote).
 * - With header:true an input without any record (empty, a BOM alone or only blank lines) is an
 *   empty table, as without a header (the library's documented choice in src/core/driver.ts).
 * - TOO_MANY_COLUMNS (a header with more than maxColumns names), MISSING_COLUMN and INVALID_OPTION
 *   (duplicate header name) are reported at the header record's first byte, in that order. Schema
 *   keys are checked in schema order; for each key "missing" is checked before "duplicated".
 *   (Callers that compare against a library may treat a header with both defects as ambiguous: see
 *   `ambiguousHeader`.) Without a header, a schema of more than maxColumns columns is INVALID_OPTION.
 * - trim:true: a whitespace-only unquoted field in a numeric column trims to empty, so it is
 *   treated as an empty field (null when nullable, else EMPTY_VALUE). Header names are not trimmed.
 * - validateUtf8: only the string columns the schema reads are checked (header names and skipped
 *   columns are not values); the check is the WHATWG one (a fatal TextDecoder): overlong forms,
 *   surrogates, code points above U+10FFFF, truncated sequences and stray continuation bytes fail.
 * - `text` of UNTERMINATED_QUOTE is the quoted content read until the end of input (cut);
 *   FIELD_COUNT, MISSING_COLUMN and INVALID_OPTION have no text.
 * - Error `text` longer than 200 UTF-16 code units is cut to its first 200 plus "…".
 * - maxRecordBytes and chunkSize are the library's buffer limits; the reference ignores them (no
 *   record in the fuzz comes near the limit; RECORD_TOO_LARGE is tested on its own).
 */

import { refBool, refDate, refTimestamp, type ValueSettings } from './reference-values.js';

export type ColumnType = 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'string'
  | 'bool' | 'date' | 'timestamp' | 'category';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'i8', 'i16', 'i32', 'u8', 'u16', 'u32', 'i64', 'u64', 'f32', 'f64', 'string', 'bool', 'date', 'timestamp', 'category',
];

/** A column: its type, nullable, and the settings of bool/date/timestamp/category columns. */
export type ColumnSpec = ColumnType | ({ type: ColumnType; nullable?: boolean } & ValueSettings);

export type PolicyAnswer = 'throw' | 'skip' | 'null';

/** What an onError callback is given: the error's code and location. */
export interface RefErrorInfo {
  code: ErrorCode;
  line: number | undefined;
  row: number | undefined;
  column: string | undefined;
  columnIndex: number | undefined;
  byteOffset: number | undefined;
  text: string | undefined;
}

export interface RefOptions {
  schema: Record<string, ColumnSpec>;
  header?: boolean;
  delimiter?: string;
  quote?: string;
  trim?: boolean;
  onError?: PolicyAnswer | ((error: RefErrorInfo) => unknown);
  maxErrors?: number;
  validateUtf8?: boolean;
  maxColumns?: number;
  /**
   * Library-only (the size of its input window, which decides where records are split between core
   * calls); the reference ignores it, since it must not change any result.
   */
  chunkSize?: number;
  /** Library-only, like chunkSize. */
  maxRecordBytes?: number;
}

export type ErrorCode =
  | 'INVALID_NUMBER'
  | 'OUT_OF_RANGE'
  | 'EMPTY_VALUE'
  | 'FIELD_COUNT'
  | 'UNTERMINATED_QUOTE'
  | 'INVALID_QUOTE'
  | 'MISSING_COLUMN'
  | 'INVALID_OPTION'
  | 'INVALID_UTF8'
  | 'TOO_MANY_COLUMNS'
  | 'INVALID_VALUE'
  | 'TOO_MANY_CATEGORIES';

/** Errors a record can have; the policies apply to these only. */
export const RECORD_ERROR_CODES: readonly ErrorCode[] = [
  'INVALID_NUMBER', 'OUT_OF_RANGE', 'EMPTY_VALUE', 'INVALID_UTF8', 'INVALID_VALUE', 'TOO_MANY_CATEGORIES', 'FIELD_COUNT', 'INVALID_QUOTE', 'UNTERMINATED_QUOTE',
];
/** Record errors that only a null can stand in for; the others break the record's structure. */
export const VALUE_ERROR_CODES: readonly ErrorCode[] = ['INVALID_NUMBER', 'OUT_OF_RANGE', 'EMPTY_VALUE', 'INVALID_UTF8', 'INVALID_VALUE', 'TOO_MANY_CATEGORIES'];

export interface RefSuccess {
  ok: true;
  rowCount: number;
  /** Values per schema column, in schema key order: number, bigint, string or null. */
  columns: Record<string, unknown[]>;
  /** For string columns only: the exact stored bytes of each value (null for nulls). */
  stringBytes: Record<string, (Uint8Array | null)[]>;
  /** Schema columns that must have a validity bitmap: the nullable ones and those an error made null. */
  validityColumns: string[];
  /** The first maxErrors errors noted under skip/null policies, in reading order. */
  errors: RefErrorInfo[];
  /** Every noted error, however many (for checking batches, which keep maxErrors each). */
  allErrors: RefErrorInfo[];
  errorCount: number;
  skippedRecords: number;
  /** Data records (kept and dropped), in order: for each, whether it was kept. */
  recordKept: boolean[];
}

export interface RefFailure extends RefErrorInfo {
  ok: false;
  /** True when the header both lacks a schema key and repeats one (the order is a choice). */
  ambiguousHeader?: boolean;
}

export type RefResult = RefSuccess | RefFailure;

/** Errors of one record that are kept (and asked about): the library's per-record error log. */
export const RECORD_ERRORS_KEPT = 256;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

export const INTEGER_RANGES: Record<string, readonly [bigint, bigint]> = {
  i8: [-(2n ** 7n), 2n ** 7n - 1n],
  i16: [-(2n ** 15n), 2n ** 15n - 1n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
  u8: [0n, 2n ** 8n - 1n],
  u16: [0n, 2n ** 16n - 1n],
  u32: [0n, 2n ** 32n - 1n],
  u64: [0n, 2n ** 64n - 1n],
};

const INTEGER_TEXT = /^[+-]?[0-9]+$/;
const FLOAT_TEXT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL_FLOAT_TEXT = /^([+-]?)(nan|inf|infinity)$/i;

/** Thrown inside the reference only; turned into a RefFailure at the top. */
class RefError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly byteOffset: number | undefined,
    readonly details: {
      row?: number;
      column?: string;
      columnIndex?: number;
      text?: string;
      ambiguousHeader?: boolean;
    } = {},
  ) {
    super(code);
  }
}

// Not fatal: invalid bytes become U+FFFD. ignoreBOM: true keeps a leading U+FEFF of a value as a
// character: rule 1 skips only the BOM at the very start of the input; a value (or header name)
// that starts with EF BB BF holds that character, which a default TextDecoder would silently drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
// The validity check of validateUtf8: the WHATWG decoder throws on exactly the ill-formed sequences.
const strictDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The `text` of an error: the decoded field, cut to 200 characters plus an ellipsis. */
export function errorText(bytes: Uint8Array): string {
  const s = decodeUtf8(bytes);
  return s.length > 200 ? s.slice(0, 200) + '…' : s;
}

/** 1-based line of a byte position: one plus the number of LF bytes before it. */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === LF) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------
// Reading: fields (strict), record ends (lenient, for dropped records) and blank lines.
// Knows nothing about schemas or types.
// ---------------------------------------------------------------------------------------------

/** Length of the record end (LF, CRLF, or a CR that is the very last byte) at `pos`, or 0. */
function recordEndLength(bytes: Uint8Array, pos: number): number {
  const n = bytes.length;
  if (pos >= n) return 0;
  if (bytes[pos] === LF) return 1;
  if (bytes[pos] === CR) {
    if (pos + 1 === n) return 1;
    if (bytes[pos + 1] === LF) return 2;
  }
  return 0;
}

/** Rule 3: past the blank lines at `pos`. */
function skipBlankLines(bytes: Uint8Array, pos: number): number {
  for (let k = recordEndLength(bytes, pos); k > 0; k = recordEndLength(bytes, pos)) pos += k;
  return pos;
}

type FieldRead =
  | {
      kind: 'field';
      start: number;
      quoted: boolean;
      content: Uint8Array;
      /** What follows the field, and the position after that. */
      then: 'delimiter' | 'record-end';
      next: number;
    }
  | { kind: 'UNTERMINATED_QUOTE' | 'INVALID_QUOTE'; start: number; content: Uint8Array };

/** Rule 4: the field that starts at `pos` (which may be the end of input: an empty last field). */
function readField(bytes: Uint8Array, pos: number, delimiter: number, quote: number): FieldRead {
  const n = bytes.length;
  const start = pos;
  const content: number[] = [];
  let quoted = false;
  if (pos < n && bytes[pos] === quote) {
    quoted = true;
    pos++;
    for (;;) {
      if (pos >= n) return { kind: 'UNTERMINATED_QUOTE', start, content: Uint8Array.from(content) };
      const b = bytes[pos];
      if (b === quote) {
        if (pos + 1 < n && bytes[pos + 1] === quote) {
          content.push(quote);
          pos += 2;
          continue;
        }
        pos++; // the closing quote
        break;
      }
      content.push(b);
      pos++;
    }
    if (pos < n && bytes[pos] !== delimiter && recordEndLength(bytes, pos) === 0) {
      return { kind: 'INVALID_QUOTE', start, content: Uint8Array.from(content) };
    }
  } else {
    // Unquoted: everything up to the delimiter, a record end or the end of input. A quote byte here
    // is ordinary data; so is a lone CR.
    while (pos < n && bytes[pos] !== delimiter && recordEndLength(bytes, pos) === 0) content.push(bytes[pos++]);
  }
  const field = { kind: 'field' as const, start, quoted, content: Uint8Array.from(content) };
  if (pos < n && bytes[pos] === delimiter) return { ...field, then: 'delimiter', next: pos + 1 };
  return { ...field, then: 'record-end', next: pos + recordEndLength(bytes, pos) };
}

/**
 * Where a dropped record that starts at `start` ends (the position after its line end): the lenient
 * reading described at the top of this file.
 */
export function lenientRecordEnd(bytes: Uint8Array, start: number, delimiter: number, quote: number): number {
  const n = bytes.length;
  let pos = start;
  let fieldStart = true;
  while (pos < n) {
    const b = bytes[pos];
    if (fieldStart && b === quote) {
      pos++;
      while (pos < n && !(bytes[pos] === quote && bytes[pos + 1] !== quote)) pos += bytes[pos] === quote ? 2 : 1;
      pos++; // the closing quote (or past the end: never closed, the record runs to the end)
      fieldStart = false;
      continue;
    }
    if (b === delimiter) {
      fieldStart = true;
      pos++;
      continue;
    }
    const end = recordEndLength(bytes, pos);
    if (end > 0) return pos + end;
    fieldStart = false;
    pos++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

interface ResolvedColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
  settings: ValueSettings;
}

/** A category value's identity: its bytes (two invalid UTF-8 values may decode alike). */
const bytesKey = (b: Uint8Array) => Array.from(b).join(',');

type Converted = { ok: true; value: unknown } | { ok: false; code: ErrorCode };

function trimSpacesAndTabs(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s.charCodeAt(start) === SPACE || s.charCodeAt(start) === TAB)) start++;
  while (end > start && (s.charCodeAt(end - 1) === SPACE || s.charCodeAt(end - 1) === TAB)) end--;
  return s.slice(start, end);
}

/** Rule 8 and 9: the value of one field in a column of the given type. */
export function convertField(
  column: { type: ColumnType; nullable: boolean; settings?: ValueSettings },
  content: Uint8Array,
  quoted: boolean,
  trim: boolean,
): Converted {
  // A category's value is its text, like a string's (its dictionary is the library's business).
  if (column.type === 'string' || column.type === 'category') {
    if (content.length === 0 && !quoted && column.nullable) return { ok: true, value: null };
    return { ok: true, value: decodeUtf8(content) };
  }

  let text = decodeUtf8(content);
  if (trim && !quoted) text = trimSpacesAndTabs(text);
  if (text.length === 0) {
    return column.nullable ? { ok: true, value: null } : { ok: false, code: 'EMPTY_VALUE' };
  }

  const settings = column.settings ?? {};
  if (column.type === 'bool' || column.type === 'date') {
    const v = column.type === 'bool' ? refBool(text, settings) : refDate(text, settings);
    return v === undefined ? { ok: false, code: 'INVALID_VALUE' } : { ok: true, value: v };
  }
  if (column.type === 'timestamp') {
    const v = refTimestamp(text, settings);
    if (v === undefined) return { ok: false, code: 'INVALID_VALUE' };
    if (v === 'range') return { ok: false, code: 'OUT_OF_RANGE' };
    return { ok: true, value: v };
  }

  if (column.type === 'f32' || column.type === 'f64') {
    let value: number;
    const special = SPECIAL_FLOAT_TEXT.exec(text);
    if (special) {
      const word = special[2].toLowerCase();
      if (word === 'nan') value = NaN;
      else value = special[1] === '-' ? -Infinity : Infinity;
    } else if (FLOAT_TEXT.test(text)) {
      value = Number(text);
    } else {
      return { ok: false, code: 'INVALID_NUMBER' };
    }
    return { ok: true, value: column.type === 'f32' ? Math.fround(value) : value };
  }

  // Integers.
  if (!INTEGER_TEXT.test(text)) return { ok: false, code: 'INVALID_NUMBER' };
  const big = BigInt(text);
  const [min, max] = INTEGER_RANGES[column.type];
  if (big < min || big > max) return { ok: false, code: 'OUT_OF_RANGE' };
  return { ok: true, value: column.type === 'i64' || column.type === 'u64' ? big : Number(big) };
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

function singleByte(value: unknown, what: string): number {
  if (typeof value !== 'string') throw new RefError('INVALID_OPTION', undefined, { text: what });
  const encoded = new TextEncoder().encode(value);
  if (encoded.length !== 1) throw new RefError('INVALID_OPTION', undefined, { text: what });
  const b = encoded[0];
  if (b === LF || b === CR) throw new RefError('INVALID_OPTION', undefined, { text: what });
  return b;
}

function wholeNumber(value: unknown, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RefError('INVALID_OPTION', undefined, { text: what });
  }
  return value;
}

function resolveOptions(options: RefOptions) {
  const schema = options.schema as unknown;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new RefError('INVALID_OPTION', undefined, { text: 'schema' });
  }
  const columns: ResolvedColumn[] = [];
  for (const [name, spec] of Object.entries(schema as Record<string, unknown>)) {
    let type: unknown;
    let nullable = false;
    let settings: ValueSettings = {};
    if (typeof spec === 'string') {
      type = spec;
    } else if (spec !== null && typeof spec === 'object') {
      type = (spec as { type?: unknown }).type;
      nullable = (spec as { nullable?: unknown }).nullable === true;
      settings = spec as ValueSettings;
    }
    if (typeof type !== 'string' || !(COLUMN_TYPES as readonly string[]).includes(type)) {
      throw new RefError('INVALID_OPTION', undefined, { column: name, text: 'schema' });
    }
    columns.push({ name, type: type as ColumnType, nullable, settings });
  }
  if (columns.length === 0) throw new RefError('INVALID_OPTION', undefined, { text: 'schema' });
  const header = options.header ?? true;
  const maxColumns = wholeNumber(options.maxColumns, 16384, 1, 1 << 24, 'maxColumns');
  if (!header && columns.length > maxColumns) throw new RefError('INVALID_OPTION', undefined, { text: 'maxColumns' });
  const delimiter = singleByte(options.delimiter ?? ',', 'delimiter');
  const quote = singleByte(options.quote ?? '"', 'quote');
  if (delimiter === quote) throw new RefError('INVALID_OPTION', undefined, { text: 'quote' });
  // Not in the semantics notes, but the library's choice (src/options.ts): a delimiter that can be
  // part of a number (digits, letters, '.', '+', '-') is refused, since it would make "1.5" ambiguous.
  if (/[0-9A-Za-z.+-]/.test(String.fromCharCode(delimiter))) throw new RefError('INVALID_OPTION', undefined, { text: 'delimiter' });
  const onError = options.onError ?? 'throw';
  if (typeof onError !== 'function' && onError !== 'throw' && onError !== 'skip' && onError !== 'null') {
    throw new RefError('INVALID_OPTION', undefined, { text: 'onError' });
  }
  const validateUtf8 = options.validateUtf8 ?? false;
  if (typeof validateUtf8 !== 'boolean') throw new RefError('INVALID_OPTION', undefined, { text: 'validateUtf8' });
  return {
    columns,
    header,
    delimiter,
    quote,
    trim: options.trim ?? false,
    onError,
    maxErrors: wholeNumber(options.maxErrors, 100, 0, 1e9, 'maxErrors'),
    validateUtf8,
    maxColumns,
  };
}

// ---------------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------------

export function referenceParse(input: Uint8Array | string, options: RefOptions): RefResult {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  try {
    return run(bytes, options);
  } catch (e) {
    if (e instanceof RefError) return { ok: false, ...located(bytes, e), ...(e.details.ambiguousHeader ? { ambiguousHeader: true } : {}) };
    throw e;
  }
}

/** An error with its line, as users see it. */
function located(bytes: Uint8Array, e: RefError): RefErrorInfo {
  const at = e.byteOffset;
  return {
    code: e.code,
    line: at === undefined ? undefined : lineAt(bytes, at),
    row: e.details.row,
    column: e.details.column,
    columnIndex: e.details.columnIndex,
    byteOffset: at,
    text: e.code === 'INVALID_OPTION' ? undefined : e.details.text,
  };
}

function run(bytes: Uint8Array, options: RefOptions): RefSuccess {
  const opts = resolveOptions(options);
  const n = bytes.length;
  const values: Record<string, unknown[]> = {};
  const stringBytes: Record<string, (Uint8Array | null)[]> = {};
  for (const c of opts.columns) {
    values[c.name] = [];
    if (c.type === 'string' || c.type === 'category') stringBytes[c.name] = [];
  }
  const errors: RefErrorInfo[] = [];
  const allErrors: RefErrorInfo[] = [];
  /** Category column → the distinct values of its kept rows. */
  const categories = new Map<string, Set<string>>(opts.columns.map((c) => [c.name, new Set<string>()]));
  const recordKept: boolean[] = [];
  const nulledByError = new Set<string>();
  const empty = (): RefSuccess => ({
    ok: true, rowCount: 0, columns: values, stringBytes, validityColumns: opts.columns.filter((c) => c.nullable).map((c) => c.name),
    errors, allErrors, errorCount: 0, skippedRecords: 0, recordKept,
  });

  // Rule 1: a UTF-8 BOM at the very start is skipped (offsets keep counting it).
  let pos = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;

  // File column index -> schema column (undefined: skipped by projection), and the file's names.
  let fileColumns: (ResolvedColumn | undefined)[] = opts.columns.slice();
  let fileNames = opts.columns.map((c) => c.name);
  if (opts.header) {
    pos = skipBlankLines(bytes, pos);
    if (pos >= n) return empty(); // no record at all: an empty table
    const headerStart = pos;
    const names: string[] = [];
    for (;;) {
      const f = readField(bytes, pos, opts.delimiter, opts.quote);
      if (f.kind !== 'field') throw new RefError(f.kind, f.start, { columnIndex: names.length, text: errorText(f.content) });
      names.push(decodeUtf8(f.content));
      pos = f.next;
      if (f.then === 'record-end') break;
    }
    if (names.length > opts.maxColumns) throw new RefError('TOO_MANY_COLUMNS', headerStart);
    fileColumns = matchHeader(names, opts.columns, headerStart);
    fileNames = names;
  }
  const expected = fileColumns.length;

  let rowCount = 0;
  let skippedRecords = 0;
  let errorCount = 0;

  /**
   * Notes a record error and answers what becomes of it: 'null' (go on with a null in this field)
   * or 'skip' (drop the record). Throws for the throw policy.
   */
  let recordErrors = 0; // errors noted in the current record
  let lastAnswer: 'skip' | 'null' = 'null';
  const decide = (e: RefError, structural: boolean): 'skip' | 'null' => {
    if (recordErrors >= RECORD_ERRORS_KEPT) {
      // Past the first RECORD_ERRORS_KEPT of one record: counted, not kept, and a function is not
      // asked (its last answer for the record stands).
      errorCount++;
      return structural ? 'skip' : typeof opts.onError === 'function' ? lastAnswer : (opts.onError as 'skip' | 'null');
    }
    const info = located(bytes, e);
    const policy = opts.onError;
    const answer = typeof policy === 'function' ? policy(info) : policy;
    if (answer === 'throw') throw e;
    if (answer !== 'skip' && answer !== 'null') throw new RefError('INVALID_OPTION', undefined, { text: 'onError' });
    errorCount++;
    recordErrors++;
    lastAnswer = answer;
    allErrors.push(info);
    if (errors.length < opts.maxErrors) errors.push(info);
    return structural ? 'skip' : answer;
  };

  for (;;) {
    pos = skipBlankLines(bytes, pos);
    if (pos >= n) break;
    const recordStart = pos;
    const row = rowCount + skippedRecords; // among all data records, kept or dropped
    recordErrors = 0;
    const record: { column: ResolvedColumn; value: unknown; bytes: Uint8Array | null; byError: boolean }[] = [];
    let dropped = false;
    for (let index = 0; ; index++) {
      if (index >= expected) {
        // Rule 7: too many fields, found when the first extra field starts.
        decide(new RefError('FIELD_COUNT', recordStart, { row }), true);
        dropped = true;
        break;
      }
      const f = readField(bytes, pos, opts.delimiter, opts.quote);
      if (f.kind !== 'field') {
        decide(new RefError(f.kind, f.start, { row, column: fileNames[index], columnIndex: index, text: errorText(f.content) }), true);
        dropped = true;
        break;
      }
      const column = fileColumns[index];
      if (column !== undefined) {
        let code: ErrorCode | undefined;
        let value: unknown;
        if ((column.type === 'string' || column.type === 'category') && opts.validateUtf8 && !isValidUtf8(f.content)) {
          code = 'INVALID_UTF8';
        } else {
          const converted = convertField(column, f.content, f.quoted, opts.trim);
          if (converted.ok) value = converted.value;
          else code = converted.code;
          // A category holds at most maxCategories distinct values of the kept rows.
          if (converted.ok && column.type === 'category' && value !== null) {
            const seen = categories.get(column.name)!;
            if (!seen.has(bytesKey(f.content)) && seen.size >= (column.settings.maxCategories ?? 65536)) code = 'TOO_MANY_CATEGORIES';
          }
        }
        if (code === undefined) {
          record.push({ column, value, bytes: value === null ? null : f.content, byError: false });
        } else {
          const error = new RefError(code, f.start, { row, column: column.name, columnIndex: index, text: errorText(f.content) });
          if (decide(error, false) === 'skip') {
            dropped = true;
            break;
          }
          record.push({ column, value: null, bytes: null, byError: true });
        }
      }
      pos = f.next;
      if (f.then === 'delimiter') continue;
      if (index + 1 < expected) {
        // Rule 7: too few fields, found at the record's end.
        decide(new RefError('FIELD_COUNT', recordStart, { row }), true);
        dropped = true;
      }
      break;
    }
    if (dropped) {
      pos = lenientRecordEnd(bytes, recordStart, opts.delimiter, opts.quote);
      skippedRecords++;
      recordKept.push(false);
      continue;
    }
    for (const v of record) {
      values[v.column.name].push(v.value);
      if (v.column.type === 'category' && v.value !== null) categories.get(v.column.name)!.add(bytesKey(v.bytes!));
      if (v.column.type === 'string' || v.column.type === 'category') stringBytes[v.column.name].push(v.bytes);
      if (v.byError) nulledByError.add(v.column.name);
    }
    rowCount++;
    recordKept.push(true);
  }

  return {
    ok: true,
    rowCount,
    columns: values,
    stringBytes,
    validityColumns: opts.columns.filter((c) => c.nullable || nulledByError.has(c.name)).map((c) => c.name),
    errors,
    allErrors,
    errorCount,
    skippedRecords,
    recordKept,
  };
}

function matchHeader(names: string[], columns: ResolvedColumn[], headerStart: number): (ResolvedColumn | undefined)[] {
  const fileColumns: (ResolvedColumn | undefined)[] = names.map(() => undefined);
  const missing = columns.filter((c) => !names.includes(c.name));
  const duplicated = columns.filter((c) => names.indexOf(c.name) !== names.lastIndexOf(c.name));
  const ambiguousHeader = missing.length > 0 && duplicated.length > 0;
  for (const c of columns) {
    const first = names.indexOf(c.name);
    if (first < 0) {
      throw new RefError('MISSING_COLUMN', headerStart, { column: c.name, ambiguousHeader });
    }
    if (names.lastIndexOf(c.name) !== first) {
      throw new RefError('INVALID_OPTION', headerStart, { column: c.name, ambiguousHeader });
    }
    fileColumns[first] = c;
  }
  return fileColumns;
}
