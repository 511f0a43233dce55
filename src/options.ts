import { invalidOption, type CsvError } from './errors.js';

/** What happens to a bad record; see ParseOptions.onError. */
export type ErrorPolicy = 'throw' | 'skip' | 'null';
import { COLUMN_TYPES, type ColumnInfo, type ColumnType, type Schema } from './schema.js';
import { columnSettings } from './column-settings.js';

/** Progress of a running parse, reported through `onProgress`. */
export interface Progress {
  /** Input bytes parsed so far. */
  bytes: number;
  /** Input size in bytes, when the source knows it (files, Blobs, in-memory input). */
  totalBytes: number | undefined;
  /** Data records parsed so far. */
  rows: number;
}

/** Options shared by parse, parseFile and parseStream. */
export interface ParseOptions<S extends Schema = Schema> {
  /**
   * Column name → type (`'f64'`) or `{ type, nullable }`, plus the settings of `bool` (`true`,
   * `false`), `date` (`format`), `timestamp` (`unit`, `format`) and `category` (`maxCategories`)
   * columns. Required.
   */
  schema: S;
  /**
   * The first non-blank record names the columns; schema keys are matched to those names and file
   * columns the schema does not name are skipped without being parsed. With `false`, the schema's
   * key order is the file's column order.
   * @default true
   */
  header?: boolean;
  /** One ASCII character between fields (`'\t'` for TSV, `';'`, `'|'`). @default ',' */
  delimiter?: string;
  /** One ASCII character that quotes fields. @default '"' */
  quote?: string;
  /**
   * Allow spaces and tabs around unquoted numbers, booleans, dates and timestamps (strings and
   * categories are never trimmed). @default false
   */
  trim?: boolean;
  /**
   * What to do with a bad record:
   * - `'throw'`: stop with the CsvError.
   * - `'skip'`: drop the record, note the error, go on.
   * - `'null'`: make the bad value a null (its column gets a validity bitmap) and go on; a record whose
   *   structure is broken (wrong field count, bad quotes) is dropped instead.
   * - a function `(error) => 'throw' | 'skip' | 'null'`: decide per error.
   *
   * With anything but `'throw'`, the table's `errors` holds the first `maxErrors` errors and
   * `errorCount` counts them all; `rowCount + skippedRecords` is always the number of data records.
   * @default 'throw'
   */
  onError?: ErrorPolicy | ((error: CsvError) => ErrorPolicy);
  /** How many errors a table keeps in `errors` under the skip/null policies (all are counted). @default 100 */
  maxErrors?: number;
  /**
   * Check that string fields are valid UTF-8, making a bad one an `INVALID_UTF8` error. Off by
   * default: bytes are kept as they are and `get(i)` decodes them like TextDecoder (U+FFFD).
   * @default false
   */
  validateUtf8?: boolean;
  /** Most columns a header may have before the input is refused (`TOO_MANY_COLUMNS`). @default 16384 */
  maxColumns?: number;
  /**
   * The parse core: `'wasm'` (the WebAssembly core) or `'js'` (the pure-JavaScript engine, same
   * results). `'auto'` uses WebAssembly where it exists and the core compiles (a strict
   * Content-Security-Policy may forbid it), else the JS engine; the environment variable
   * TYPED_CSV_ENGINE (`'wasm'` or `'js'`), where there is one, decides what `'auto'` means.
   * @default 'auto'
   */
  engine?: 'auto' | 'wasm' | 'js';
  /** Stops the parse (CsvError code `ABORTED`) within one chunk of being aborted. */
  signal?: AbortSignal;
  /** Called with the progress at most every ~100 ms, and once at the end. */
  onProgress?: (progress: Progress) => void;
  /**
   * Longest record accepted, in bytes; a longer one is a `RECORD_TOO_LARGE` error instead of
   * unbounded memory (an unclosed quote would otherwise swallow the whole file).
   * @default 67108864 (64 MiB)
   */
  maxRecordBytes?: number;
  /** Bytes read and parsed per step. @default 1048576 (1 MiB) */
  chunkSize?: number;
  /**
   * Worker threads for `parseFile` and `parseBatches` over a file URL (Node), and module workers for
   * `parseInWorker` over a `Blob`/`File` (browsers; each worker reads its own `blob.slice()`). The
   * result is identical to `threads: 1` in every field, errors included. `'auto'` uses every core
   * (`os.availableParallelism()`, `navigator.hardwareConcurrency`) for inputs big enough to pay for
   * starting threads (64 MiB, on 4 cores or more), else the calling thread (one worker for
   * `parseInWorker`); `1` never starts a thread. An `onError` function forces one thread (its
   * questions come in file order; `parseInWorker` refuses one). A `category` column splits too (the
   * splits' dictionaries merged in file order); past `maxCategories` the file is parsed again on one
   * thread (one worker for `parseInWorker`), to give its exact errors. `parseBatches` still hands out
   * the one-thread batches in file order, with at most 2 × threads splits of 4 MiB parsed ahead
   * (memory stays bounded). Other functions and sources read in one thread and ignore this.
   * @default 'auto'
   */
  threads?: number | 'auto';
  /**
   * `parseFile` only: parse just the records whose first byte lies in `[start, end)` (byte offsets in
   * the file, half-open). The ranges of any partition of the file give, together, exactly its
   * records. With a header, names come from the file's start. See the README, "Byte ranges".
   */
  range?: { start: number; end: number };
  /**
   * A promise that no quoted value holds a line break: every LF outside a quoted field's line ends a
   * record. Lets a byte range find its first record by reading forward only, never from the file's
   * start. Leave it unset unless the files you read keep that promise.
   * @default true
   */
  quotedNewlines?: boolean;
}

export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;

/** Options checked and defaulted, ready for the driver. */
export interface ResolvedOptions {
  columns: ColumnInfo[];
  header: boolean;
  delimiter: number;
  quote: number;
  trim: boolean;
  signal: AbortSignal | undefined;
  onProgress: ((progress: Progress) => void) | undefined;
  maxRecordBytes: number;
  chunkSize: number;
  onError: ErrorPolicy | ((error: CsvError) => ErrorPolicy);
  maxErrors: number;
  validateUtf8: boolean;
  maxColumns: number;
  engine: 'auto' | 'wasm' | 'js';
  /** Set only for parseBatches. */
  batchRows: number | undefined;
  /** parseBatches: cut batches where one thread does (else a thread's pieces may be handed out as they are). */
  exactBatches: boolean;
  /** parseBatches: batches' memory comes back when the next one is asked for (see BatchOptions). */
  reuseBuffers: boolean;
  threads: number | 'auto';
  range: { start: number; end: number } | undefined;
  quotedNewlines: boolean;
}

/** Most threads a parse can ask for. */
export const MAX_THREADS = 64;
/** The settings each type takes besides type and nullable. */
const SETTINGS: Partial<Record<ColumnType, string[]>> = {
  bool: ['true', 'false'],
  date: ['format'],
  timestamp: ['unit', 'format'],
  category: ['maxCategories'],
};

/** Type names from other tools, and what to write here instead. */
const TYPE_HINTS: Record<string, ColumnType> = {
  int: 'i32', integer: 'i32', int8: 'i8', int16: 'i16', int32: 'i32', int64: 'i64', long: 'i64', bigint: 'i64',
  uint8: 'u8', uint16: 'u16', uint32: 'u32', uint64: 'u64', byte: 'u8', short: 'i16',
  float: 'f64', float32: 'f32', float64: 'f64', double: 'f64', number: 'f64', real: 'f64', decimal: 'f64',
  str: 'string', text: 'string', varchar: 'string', utf8: 'string',
  boolean: 'bool', datetime: 'timestamp', time: 'timestamp', enum: 'category', factor: 'category', dictionary: 'category',
};

const KNOWN_OPTIONS = new Set([
  'schema', 'header', 'delimiter', 'quote', 'trim', 'onError', 'maxErrors', 'validateUtf8', 'maxColumns',
  'signal', 'onProgress', 'maxRecordBytes', 'chunkSize', 'engine', 'batchRows', 'exactBatches', 'reuseBuffers', 'threads', 'range', 'quotedNewlines',
]);

function dialectByte(name: string, value: unknown, fallback: string): number {
  const text = value === undefined ? fallback : value;
  if (typeof text !== 'string' || text.length !== 1 || text.charCodeAt(0) > 127) {
    throw invalidOption(`${name} must be one ASCII character, such as ${name === 'quote' ? `"'"` : `'\\t' or ';'`}; got ${JSON.stringify(value)}`);
  }
  const code = text.charCodeAt(0);
  if (code === 10 || code === 13) throw invalidOption(`${name} can't be a line break; records end at LF or CRLF`);
  return code;
}

/** A value as a message shows it: a string in quotes, so that "10" doesn't look like 10. */
function shown(value: unknown): string {
  return typeof value === 'string' ? `${JSON.stringify(value)} (a string)` : typeof value === 'function' ? 'a function' : String(value);
}

function wholeNumber(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidOption(`${name} must be a whole number from ${min} to ${max}, such as ${name}: ${Math.min(max, Math.max(min, fallback))}; got ${shown(value)}`);
  }
  return value;
}

/**
 * Edit distance with swapped neighbours counting as one edit (f46 → f64), for "did you mean": a
 * typo in an option name should name the right one.
 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known name closest to `name` (same letters ignoring case and _/-, or up to 2 edits away). */
function closest(name: string, known: Iterable<string>): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = plain(k) === plain(name) ? 0 : distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.min(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Options of parseBatches: the parse options plus the batch size. */
export interface BatchOptions<S extends Schema = Schema> extends ParseOptions<S> {
  /** Rows per batch (the last batch may be shorter). @default 65536 */
  batchRows?: number;
  /**
   * Batches of exactly `batchRows` rows (the last shorter), cut where one thread cuts them. `false`
   * lets a parse on several threads hand out each worker's piece as it comes instead: batches of at
   * most `batchRows` rows, in file order, that together hold exactly the same rows, errors, error
   * counts and skipped records (each batch has those of its own records, `firstRow` says where it
   * starts, a category column's dictionary is the whole parse's so far). It saves copying every row
   * once more on the calling thread: use it when you fold the batches into something (sums, a file,
   * a database) rather than count on their sizes. With one thread the batches are exact either way.
   * @default true
   */
  exactBatches?: boolean;
  /**
   * Hands each batch's memory back when the loop asks for the next batch: the batch's arrays are
   * detached then (length 0), and their memory holds later batches' columns. Fresh memory costs a
   * page fault per 4 KiB the first time it is written, which on some machines costs more than the
   * parse; reused memory doesn't. Only for loops that are done with a batch when they take the next
   * one (sums, writing a file): copy (`slice()`) whatever you keep. Category dictionaries are not
   * detached, and a batch's string bytes may be a view on a larger buffer.
   * @default false
   */
  reuseBuffers?: boolean;
}

export function resolveOptions(options: ParseOptions | BatchOptions, forBatches = false): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw invalidOption('options are required: parse(input, { schema: { name: "f64", ... } })');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      const guess = closest(key, KNOWN_OPTIONS);
      throw invalidOption(`unknown option "${key}"${guess ? `; did you mean ${guess}? The` : '; the'} options are ${[...KNOWN_OPTIONS].join(', ')}`);
    }
  }
  for (const batchOnly of ['batchRows', 'exactBatches', 'reuseBuffers']) {
    if (!forBatches && batchOnly in options) {
      throw invalidOption(`${batchOnly} is an option of parseBatches; parse, parseFile and parseStream return one table`);
    }
  }
  const { schema } = options;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw invalidOption('schema must be an object of column name → type, such as { machine: "i32", duration: "f64" }');
  }
  const columns: ColumnInfo[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const type = typeof spec === 'string' ? spec : spec !== null && typeof spec === 'object' ? spec.type : undefined;
    if (!COLUMN_TYPES.includes(type as ColumnType)) {
      const guess = typeof type === 'string' ? TYPE_HINTS[type.toLowerCase()] ?? closest(type, COLUMN_TYPES) : undefined;
      throw invalidOption(`column "${name}" has unknown type ${JSON.stringify(type)}${guess ? `; did you mean '${guess}'? Use` : '; use'} one of ${COLUMN_TYPES.join(', ')} (or { type, nullable: true })`);
    }
    const settings = typeof spec === 'object' ? (spec as unknown as Record<string, unknown>) : {};
    if (typeof spec === 'object') {
      // A misspelt "nullable" would otherwise make the column silently non-nullable.
      const allowed = ['type', 'nullable', ...(SETTINGS[type as ColumnType] ?? [])];
      for (const key of Object.keys(spec)) {
        if (!allowed.includes(key)) {
          const guess = closest(key, allowed);
          const own = SETTINGS[type as ColumnType] ? ` (a ${type} column may also set ${SETTINGS[type as ColumnType]!.join(', ')})` : '';
          throw invalidOption(`column "${name}" has an unknown setting "${key}"${guess ? `; did you mean ${guess}? A` : '; a'} column is a type name or { type: '${type}', nullable: true }${own}`);
        }
      }
    }
    const nullable = settings.nullable ?? false;
    if (typeof nullable !== 'boolean') throw invalidOption(`column "${name}": nullable must be true or false, as in { type: '${type}', nullable: true }; got ${shown(nullable)}`);
    columns.push({ name, type: type as ColumnType, nullable, ...columnSettings(name, type as ColumnType, settings) });
  }
  if (columns.length === 0) throw invalidOption('schema is empty: name at least one column, such as { duration: "f64" }');

  const maxColumns = options.maxColumns ?? 16384;
  if (options.header === false && typeof maxColumns === 'number' && columns.length > maxColumns) {
    throw invalidOption(`the schema has ${columns.length} columns, more than maxColumns (${maxColumns}); raise maxColumns`);
  }
  const header = options.header ?? true;
  if (typeof header !== 'boolean') throw invalidOption(`header must be true or false; got ${shown(header)}`);
  const delimiter = dialectByte('delimiter', options.delimiter, ',');
  const quote = dialectByte('quote', options.quote, '"');
  if (delimiter === quote) throw invalidOption(`delimiter and quote are both ${JSON.stringify(String.fromCharCode(quote))}; pick different characters`);
  // A delimiter that can appear inside a number would make "1.5" ambiguous.
  if (/[0-9A-Za-z.+\-]/.test(String.fromCharCode(delimiter))) {
    throw invalidOption(`delimiter ${JSON.stringify(String.fromCharCode(delimiter))} can appear inside values; use a punctuation character such as ',', ';', '|' or '\\t'`);
  }
  const trim = options.trim ?? false;
  if (typeof trim !== 'boolean') throw invalidOption(`trim must be true or false; got ${shown(trim)}`);
  // null is not "unset" here: onError: null reads like the 'null' policy, and must not mean 'throw'.
  if (options.onError === null) {
    throw invalidOption(`onError: null is not a policy; write onError: 'null' (a string) to read bad values as nulls, or leave onError out to throw`);
  }
  const onError = options.onError ?? 'throw';
  if (typeof onError !== 'function' && onError !== 'throw' && onError !== 'skip' && onError !== 'null') {
    throw invalidOption(`onError must be 'throw', 'skip', 'null' or a function (error) => 'throw' | 'skip' | 'null'; got ${JSON.stringify(onError)}`);
  }
  const validateUtf8 = options.validateUtf8 ?? false;
  if (typeof validateUtf8 !== 'boolean') throw invalidOption(`validateUtf8 must be true or false; got ${shown(validateUtf8)}`);
  const engine = options.engine ?? 'auto';
  if (engine !== 'auto' && engine !== 'wasm' && engine !== 'js') {
    throw invalidOption(`engine must be 'auto', 'wasm' or 'js'; got ${JSON.stringify(engine)}`);
  }
  if (options.signal !== undefined && !(typeof options.signal === 'object' && options.signal !== null && 'aborted' in options.signal)) {
    throw invalidOption('signal must be an AbortSignal, such as AbortSignal.timeout(5000)');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw invalidOption('onProgress must be a function ({ bytes, totalBytes, rows }) => void');
  }
  const threads = options.threads === undefined ? 'auto' : options.threads;
  if (threads !== 'auto' && (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)) {
    throw invalidOption(`threads must be 'auto' or a whole number from 1 to ${MAX_THREADS}, such as threads: 4; got ${shown(threads)}`);
  }
  const range = options.range;
  if (range !== undefined) {
    const ok = range !== null && typeof range === 'object'
      && Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.end >= range.start;
    if (!ok) {
      throw invalidOption(`range must be { start, end }: whole byte offsets with 0 <= start <= end, such as range: { start: 0, end: 1048576 }; got ${range !== null && typeof range === 'object' ? JSON.stringify(range) : shown(range)}`);
    }
  }
  const exactBatches = (options as BatchOptions).exactBatches ?? true;
  if (typeof exactBatches !== 'boolean') throw invalidOption(`exactBatches must be true or false; got ${shown(exactBatches)}`);
  const reuseBuffers = (options as BatchOptions).reuseBuffers ?? false;
  if (typeof reuseBuffers !== 'boolean') throw invalidOption(`reuseBuffers must be true or false; got ${shown(reuseBuffers)}`);
  const quotedNewlines = options.quotedNewlines ?? true;
  if (typeof quotedNewlines !== 'boolean') throw invalidOption(`quotedNewlines must be true or false; got ${shown(quotedNewlines)}`);
  return {
    threads,
    range: range === undefined ? undefined : { start: range.start, end: range.end },
    quotedNewlines,
    columns,
    header,
    delimiter,
    quote,
    trim,
    signal: options.signal,
    onProgress: options.onProgress,
    maxRecordBytes: wholeNumber('maxRecordBytes', options.maxRecordBytes, DEFAULT_MAX_RECORD_BYTES, 1, 1024 * 1024 * 1024),
    chunkSize: wholeNumber('chunkSize', options.chunkSize, DEFAULT_CHUNK_SIZE, 1, 256 * 1024 * 1024),
    onError,
    maxErrors: wholeNumber('maxErrors', options.maxErrors, 100, 0, 1e9),
    validateUtf8,
    maxColumns: wholeNumber('maxColumns', options.maxColumns, 16384, 1, 1 << 24),
    engine,
    batchRows: forBatches ? wholeNumber('batchRows', (options as BatchOptions).batchRows, 65536, 1, 1 << 28) : undefined,
    exactBatches,
    reuseBuffers,
  };
}
