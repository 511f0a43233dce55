/**
 * A slow, deliberately plain reference parser for typed-csv.
 *
 * It follows /work/notes/semantics.md (mirrored in DESIGN.md) rule by rule and is used as the
 * oracle for the differential, chunk-boundary and conformance tests. It is written for reading, not
 * for speed: one pass over the bytes that yields "events" (record start, field start, field end,
 * record end), a consumer that checks and converts each field as soon as it is complete, BigInt for
 * integer range checks and Number() for floats after a regular-expression check.
 *
 * Errors are therefore found in reading order, exactly as rule 7 asks: field by field, left to
 * right; a structural error (bad quote) is found while scanning the field it is in; "too many
 * fields" is found when the first extra field starts; "too few" when the record ends.
 *
 * Decisions the semantics notes leave open (each is repeated in the test report):
 * - Errors that are not about a data record (header quote errors, MISSING_COLUMN, INVALID_OPTION)
 *   have `row` undefined.
 * - `columnIndex` is the 0-based position of the field in the file record (not in the schema).
 *   `column` is the schema/header name of that file column when it is known (a skipped column's
 *   header name included); undefined for header-record errors and for FIELD_COUNT.
 * - INVALID_QUOTE is a field error, so it is reported at the field's first byte (its opening quote).
 * - With header:true an input without any record (empty, a BOM alone or only blank lines) is an
 *   empty table, as without a header (the library's documented choice in src/core/driver.ts).
 * - MISSING_COLUMN and INVALID_OPTION (duplicate header name) are reported at the header record's
 *   first byte. Schema keys are checked in schema order; for each key "missing" is checked before
 *   "duplicated". (Callers that compare against a library may treat a header with both defects as
 *   ambiguous: see `ambiguousHeader`.)
 * - trim:true: a whitespace-only unquoted field in a numeric column trims to empty, so it is
 *   treated as an empty field (null when nullable, else EMPTY_VALUE). Header names are not trimmed.
 * - `text` of UNTERMINATED_QUOTE is the quoted content read until the end of input (cut);
 *   FIELD_COUNT, MISSING_COLUMN and INVALID_OPTION have no text.
 * - Error `text` longer than 200 UTF-16 code units is cut to its first 200 plus "…".
 */

export type ColumnType = 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'string';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'i8', 'i16', 'i32', 'u8', 'u16', 'u32', 'i64', 'u64', 'f32', 'f64', 'string',
];

export type ColumnSpec = ColumnType | { type: ColumnType; nullable?: boolean };

export interface RefOptions {
  schema: Record<string, ColumnSpec>;
  header?: boolean;
  delimiter?: string;
  quote?: string;
  trim?: boolean;
  /**
   * Library-only (the size of its input window, which decides where records are split between core
   * calls); the reference ignores it, since it must not change any result.
   */
  chunkSize?: number;
}

export type ErrorCode =
  | 'INVALID_NUMBER'
  | 'OUT_OF_RANGE'
  | 'EMPTY_VALUE'
  | 'FIELD_COUNT'
  | 'UNTERMINATED_QUOTE'
  | 'INVALID_QUOTE'
  | 'MISSING_COLUMN'
  | 'INVALID_OPTION';

export interface RefSuccess {
  ok: true;
  rowCount: number;
  /** Values per schema column, in schema key order: number, bigint, string or null. */
  columns: Record<string, unknown[]>;
  /** For string columns only: the exact stored bytes of each value (null for nulls). */
  stringBytes: Record<string, (Uint8Array | null)[]>;
}

export interface RefFailure {
  ok: false;
  code: ErrorCode;
  line: number | undefined;
  row: number | undefined;
  column: string | undefined;
  columnIndex: number | undefined;
  byteOffset: number | undefined;
  text: string | undefined;
  /** True when the header both lacks a schema key and repeats one (the order is a choice). */
  ambiguousHeader?: boolean;
}

export type RefResult = RefSuccess | RefFailure;

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

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
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
// Scanner: bytes -> events. Knows nothing about schemas or types.
// ---------------------------------------------------------------------------------------------

type ScanEvent =
  | { kind: 'recordStart'; offset: number }
  | { kind: 'fieldStart'; index: number; offset: number }
  | { kind: 'fieldEnd'; index: number; offset: number; quoted: boolean; content: Uint8Array }
  | { kind: 'recordEnd' };

interface ScanError {
  code: 'UNTERMINATED_QUOTE' | 'INVALID_QUOTE';
  fieldIndex: number;
  offset: number;
  content: Uint8Array;
}

/** Thrown by the scanner; the consumer adds row and column. */
class ScanFailure extends Error {
  constructor(readonly scanError: ScanError) {
    super(scanError.code);
  }
}

function* scan(bytes: Uint8Array, delimiter: number, quote: number): Generator<ScanEvent> {
  const n = bytes.length;

  // Does a record end (LF, CRLF, or a CR that is the very last byte) start at `pos`?
  const recordEndLength = (pos: number): number => {
    if (pos >= n) return 0;
    if (bytes[pos] === LF) return 1;
    if (bytes[pos] === CR) {
      if (pos + 1 === n) return 1;
      if (bytes[pos + 1] === LF) return 2;
    }
    return 0;
  };

  // Rule 1: a UTF-8 BOM at the very start is skipped (offsets keep counting it).
  let pos = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;

  while (pos < n) {
    // Rule 3: a blank line (a record end right where a record would start) is skipped.
    const blank = recordEndLength(pos);
    if (blank > 0) {
      pos += blank;
      continue;
    }

    yield { kind: 'recordStart', offset: pos };
    let index = 0;
    for (;;) {
      const fieldStart = pos;
      yield { kind: 'fieldStart', index, offset: fieldStart };
      const content: number[] = [];

      if (pos < n && bytes[pos] === quote) {
        // Rule 4: quoted field.
        pos++;
        for (;;) {
          if (pos >= n) {
            throw new ScanFailure({
              code: 'UNTERMINATED_QUOTE',
              fieldIndex: index,
              offset: fieldStart,
              content: Uint8Array.from(content),
            });
          }
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
        const field = { kind: 'fieldEnd' as const, index, offset: fieldStart, quoted: true, content: Uint8Array.from(content) };
        if (pos >= n) {
          yield field;
          yield { kind: 'recordEnd' };
          return;
        }
        if (bytes[pos] === delimiter) {
          yield field;
          pos++;
          index++;
          continue;
        }
        const end = recordEndLength(pos);
        if (end > 0) {
          yield field;
          yield { kind: 'recordEnd' };
          pos += end;
          break;
        }
        throw new ScanFailure({ code: 'INVALID_QUOTE', fieldIndex: index, offset: fieldStart, content: field.content });
      }

      // Unquoted field: everything up to the delimiter, a record end or the end of input.
      // A quote byte here is ordinary data; so is a lone CR.
      while (pos < n && bytes[pos] !== delimiter && recordEndLength(pos) === 0) {
        content.push(bytes[pos]);
        pos++;
      }
      yield { kind: 'fieldEnd', index, offset: fieldStart, quoted: false, content: Uint8Array.from(content) };
      if (pos >= n) {
        yield { kind: 'recordEnd' };
        return;
      }
      if (bytes[pos] === delimiter) {
        pos++;
        index++;
        continue;
      }
      yield { kind: 'recordEnd' };
      pos += recordEndLength(pos);
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

interface ResolvedColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
}

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
  column: { type: ColumnType; nullable: boolean },
  content: Uint8Array,
  quoted: boolean,
  trim: boolean,
): Converted {
  if (column.type === 'string') {
    if (content.length === 0 && !quoted && column.nullable) return { ok: true, value: null };
    return { ok: true, value: decodeUtf8(content) };
  }

  let text = decodeUtf8(content);
  if (trim && !quoted) text = trimSpacesAndTabs(text);
  if (text.length === 0) {
    return column.nullable ? { ok: true, value: null } : { ok: false, code: 'EMPTY_VALUE' };
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

function resolveOptions(options: RefOptions) {
  const schema = options.schema as unknown;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new RefError('INVALID_OPTION', undefined, { text: 'schema' });
  }
  const columns: ResolvedColumn[] = [];
  for (const [name, spec] of Object.entries(schema as Record<string, unknown>)) {
    let type: unknown;
    let nullable = false;
    if (typeof spec === 'string') {
      type = spec;
    } else if (spec !== null && typeof spec === 'object') {
      type = (spec as { type?: unknown }).type;
      nullable = (spec as { nullable?: unknown }).nullable === true;
    }
    if (typeof type !== 'string' || !(COLUMN_TYPES as readonly string[]).includes(type)) {
      throw new RefError('INVALID_OPTION', undefined, { column: name, text: 'schema' });
    }
    columns.push({ name, type: type as ColumnType, nullable });
  }
  if (columns.length === 0) throw new RefError('INVALID_OPTION', undefined, { text: 'schema' });
  const delimiter = singleByte(options.delimiter ?? ',', 'delimiter');
  const quote = singleByte(options.quote ?? '"', 'quote');
  if (delimiter === quote) throw new RefError('INVALID_OPTION', undefined, { text: 'quote' });
  // Not in the semantics notes, but the library's choice (src/options.ts): a delimiter that can be
  // part of a number (digits, letters, '.', '+', '-') is refused, since it would make "1.5" ambiguous.
  if (/[0-9A-Za-z.+-]/.test(String.fromCharCode(delimiter))) throw new RefError('INVALID_OPTION', undefined, { text: 'delimiter' });
  return {
    columns,
    header: options.header ?? true,
    delimiter,
    quote,
    trim: options.trim ?? false,
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
    if (e instanceof RefError) {
      const at = e.byteOffset;
      return {
        ok: false,
        code: e.code,
        line: at === undefined ? undefined : lineAt(bytes, at),
        row: e.details.row,
        column: e.details.column,
        columnIndex: e.details.columnIndex,
        byteOffset: at,
        text: e.code === 'INVALID_OPTION' ? undefined : e.details.text,
        ...(e.details.ambiguousHeader ? { ambiguousHeader: true } : {}),
      };
    }
    throw e;
  }
}

function run(bytes: Uint8Array, options: RefOptions): RefSuccess {
  const opts = resolveOptions(options);
  const values: Record<string, unknown[]> = {};
  const stringBytes: Record<string, (Uint8Array | null)[]> = {};
  for (const c of opts.columns) {
    values[c.name] = [];
    if (c.type === 'string') stringBytes[c.name] = [];
  }

  // File column index -> schema column (undefined: skipped). Known after the header.
  let fileColumns: (ResolvedColumn | undefined)[] | undefined;
  let fileNames: string[] | undefined;
  if (!opts.header) {
    fileColumns = opts.columns.slice();
    fileNames = opts.columns.map((c) => c.name);
  }

  let headerNames: string[] | undefined = opts.header ? [] : undefined;
  let headerStart = 0;
  let inHeader = opts.header;
  let rowCount = 0;
  let recordStart = 0;
  let fieldsInRecord = 0;

  const events = scan(bytes, opts.delimiter, opts.quote);
  try {
    for (const ev of events) {
      if (inHeader) {
        if (ev.kind === 'recordStart') headerStart = ev.offset;
        else if (ev.kind === 'fieldEnd') headerNames!.push(decodeUtf8(ev.content));
        else if (ev.kind === 'recordEnd') {
          ({ fileColumns, fileNames } = matchHeader(headerNames!, opts.columns, headerStart));
          inHeader = false;
        }
        continue;
      }
      const expected = fileColumns!.length;
      switch (ev.kind) {
        case 'recordStart':
          recordStart = ev.offset;
          fieldsInRecord = 0;
          break;
        case 'fieldStart':
          if (ev.index >= expected) throw new RefError('FIELD_COUNT', recordStart, { row: rowCount });
          fieldsInRecord = ev.index + 1;
          break;
        case 'fieldEnd': {
          const column = fileColumns![ev.index];
          if (column === undefined) break; // projection: skipped, never value-checked
          const converted = convertField(column, ev.content, ev.quoted, opts.trim);
          if (!converted.ok) {
            throw new RefError(converted.code, ev.offset, {
              row: rowCount,
              column: column.name,
              columnIndex: ev.index,
              text: errorText(ev.content),
            });
          }
          values[column.name].push(converted.value);
          if (column.type === 'string') stringBytes[column.name].push(converted.value === null ? null : ev.content);
          break;
        }
        case 'recordEnd':
          if (fieldsInRecord < expected) throw new RefError('FIELD_COUNT', recordStart, { row: rowCount });
          rowCount++;
          break;
      }
    }
  } catch (e) {
    if (e instanceof ScanFailure) {
      const s = e.scanError;
      throw new RefError(s.code, s.offset, {
        row: inHeader ? undefined : rowCount,
        column: inHeader ? undefined : fileNames![s.fieldIndex],
        columnIndex: s.fieldIndex,
        text: errorText(s.content),
      });
    }
    throw e;
  }

  // No record at all (inHeader still true): an empty table, header or not.
  return { ok: true, rowCount, columns: values, stringBytes };
}

function matchHeader(names: string[], columns: ResolvedColumn[], headerStart: number) {
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
  return { fileColumns, fileNames: names };
}
