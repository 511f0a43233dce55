/**
 * Stable error codes. New codes may be added; existing ones are never renamed.
 *
 * - `INVALID_NUMBER`: a numeric field that is not a number of the column's grammar (`0x10`, `1_000`, `12abc`).
 * - `OUT_OF_RANGE`: an integer outside its column type's range (`300` in an `i8` column).
 * - `EMPTY_VALUE`: an empty field in a column that is not nullable.
 * - `FIELD_COUNT`: a record with more or fewer fields than the header (or schema).
 * - `UNTERMINATED_QUOTE`: the input ends inside a quoted field.
 * - `INVALID_QUOTE`: something other than a delimiter or line end follows a closing quote.
 * - `MISSING_COLUMN`: a schema column that the header does not have.
 * - `RECORD_TOO_LARGE`: one record is longer than `maxRecordBytes`.
 * - `INVALID_OPTION`: an option that can't be used; the message says what to write instead.
 * - `ABORTED`: the `signal` was aborted.
 * - `COLUMN_TOO_LARGE`: a string column passed 2 GiB of text (Int32 offsets); use parseBatches.
 * - `INVALID_UTF8`: a string field that is not valid UTF-8 (only with `validateUtf8: true`).
 * - `TOO_MANY_COLUMNS`: the header has more columns than `maxColumns`.
 * - `OUT_OF_MEMORY`: the parser's working memory (input window and per-column scratch) does not fit
 *   in the core's memory (4 GiB of WebAssembly memory, 2 GiB for the JS engine).
 * - `IO_ERROR`: reading the input failed (a missing file, an HTTP error, a stream that errored);
 *   `cause` holds the underlying error.
 * - `INTERNAL_ERROR`: a bug in typed-csv; `cause` holds what went wrong. Please report it.
 * - `WORKER_FAILED`: a worker running a parse died or could not start.
 * - `INVALID_VALUE`: a `bool`, `date` or `timestamp` field that is not one (`maybe`, `2024-02-30`,
 *   `2024-13-01`, `12:00`): wrong shape and impossible calendar values alike.
 * - `TOO_MANY_CATEGORIES`: a `category` column met more distinct values than its `maxCategories`.
 */
export type CsvErrorCode =
  | 'INVALID_NUMBER'
  | 'OUT_OF_RANGE'
  | 'EMPTY_VALUE'
  | 'FIELD_COUNT'
  | 'UNTERMINATED_QUOTE'
  | 'INVALID_QUOTE'
  | 'MISSING_COLUMN'
  | 'RECORD_TOO_LARGE'
  | 'INVALID_OPTION'
  | 'ABORTED'
  | 'COLUMN_TOO_LARGE'
  | 'INVALID_UTF8'
  | 'TOO_MANY_COLUMNS'
  | 'OUT_OF_MEMORY'
  | 'IO_ERROR'
  | 'INTERNAL_ERROR'
  | 'WORKER_FAILED'
  | 'INVALID_VALUE'
  | 'TOO_MANY_CATEGORIES';

/** Where an error is and what it is about; every field is filled when it applies. */
export interface CsvErrorDetails {
  /** 1-based line in the input (the header is line 1); newlines inside quotes count. */
  line?: number;
  /** 0-based index of the data record (header and blank lines are not records). */
  row?: number;
  /** Name of the column (from the header, or the schema when `header: false`). */
  column?: string;
  /** 0-based index of the column in the file. */
  columnIndex?: number;
  /** 0-based byte offset in the whole input of the field (its opening quote) or record. */
  byteOffset?: number;
  /** The field's value as read (quotes removed), cut to 200 characters. */
  text?: string;
}

/** The one error class typed-csv throws; `code` is stable and meant for programs. */
export class CsvError extends Error implements CsvErrorDetails {
  readonly code: CsvErrorCode;
  readonly line?: number;
  readonly row?: number;
  readonly column?: string;
  readonly columnIndex?: number;
  readonly byteOffset?: number;
  readonly text?: string;

  constructor(code: CsvErrorCode, message: string, details: CsvErrorDetails = {}) {
    super(message);
    this.name = 'CsvError';
    this.code = code;
    this.line = details.line;
    this.row = details.row;
    this.column = details.column;
    this.columnIndex = details.columnIndex;
    this.byteOffset = details.byteOffset;
    this.text = details.text;
  }
}

/** Longest `text` an error carries; longer values are cut with an ellipsis. */
export const MAX_ERROR_TEXT = 200;

/** Cuts a value for an error message; a megabyte of digits is not helpful in a log line. */
export function cutText(text: string): string {
  return text.length > MAX_ERROR_TEXT ? text.slice(0, MAX_ERROR_TEXT) + '…' : text;
}

/** An INVALID_OPTION error: the message must say what to write instead. */
export function invalidOption(message: string): CsvError {
  return new CsvError('INVALID_OPTION', message);
}

/** The error thrown when `signal` aborts a parse. */
export function abortedError(reason: unknown, details: CsvErrorDetails = {}): CsvError {
  const why = reason instanceof Error ? `: ${reason.message}` : '';
  const where = details.line !== undefined ? ` at line ${details.line}` : '';
  const err = new CsvError('ABORTED', `parse aborted${where}${why}`, details);
  if (reason !== undefined) (err as { cause?: unknown }).cause = reason;
  return err;
}

/** An IO_ERROR: reading the input failed; the underlying error is its `cause`. */
export function ioError(what: string, cause: unknown): CsvError {
  const why = cause instanceof Error ? cause.message : String(cause);
  const err = new CsvError('IO_ERROR', `${what} failed: ${why}`);
  (err as { cause?: unknown }).cause = cause;
  return err;
}

/** Wraps what a user's callback (onError, onProgress) threw, so the API can rethrow it unchanged. */
export class CallbackFailure {
  constructor(readonly error: unknown) {}
}

/** Calls a user's callback; what it throws is marked as the user's own, not ours. */
export function callUser<A, R>(fn: (arg: A) => R, arg: A): R {
  try {
    return fn(arg);
  } catch (e) {
    throw new CallbackFailure(e);
  }
}

/**
 * What the public API throws for `e`: a CsvError as it is, a user callback's exception unchanged,
 * and anything else (a bug) as an INTERNAL_ERROR with `e` as its cause. Only CsvErrors and the
 * user's own exceptions ever leave parse, parseFile, parseStream and parseBatches.
 */
export function publicError(e: unknown): unknown {
  if (e instanceof CsvError) return e;
  if (e instanceof CallbackFailure) return e.error;
  const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const err = new CsvError('INTERNAL_ERROR', `typed-csv failed unexpectedly (${why}); this is a bug in typed-csv: please report it with the input and options that caused it`);
  (err as { cause?: unknown }).cause = e;
  return err;
}
