// The chunk driver: feeds windows of input to a parse core, carries the partial record at a window's
// end over to the next, copies each call's values into JS-owned columns, applies the error policy,
// and turns the core's status into CsvErrors with positions in the whole input.

import { CsvError, abortedError, callUser, cutText, type CsvErrorCode } from '../errors.js';
import { MAX_RESERVE_BYTES, NumericBuilder, StringBuilder, ValidityBuilder, type GrowthPlan } from '../column-builder.js';
import { readHeader } from '../header.js';
import type { ErrorPolicy, ResolvedOptions } from '../options.js';
import type { ColumnInfo, Columns, NumericType, Schema } from '../schema.js';
import { StringColumn } from '../string-column.js';
import { CategoryColumn } from '../category-column.js';
import { encodeParams } from '../column-settings.js';
import { Table } from '../table.js';
import { isPoolable, threadPool } from '../buffer-pool.js';
import {
  type Core, DESC_SIZE, D_TYPE, D_NULLABLE, D_VALUES, D_VALIDITY, D_STR_DATA, D_STR_BASE, D_STR_POS, D_STR_END, D_PARAM, D_NULLS,
  T_TIMESTAMP_US, T_TIMESTAMP_NS, S_DICT_FULL, E_INVALID_VALUE, E_TOO_MANY_CATEGORIES,
  P_COUNT, P_MAX, P_ENDS, P_ENTRY_CAP, P_DATA, P_DATA_LEN, P_DATA_CAP, P_SLOTS, P_SLOT_MASK, P_REHASH, P_SERIAL, P_MARK, PARAM_CATEGORY_SIZE,
  RESULT_SIZE, R_CONSUMED, R_ROWS, R_LINES, R_SKIPPED, R_LOG_COUNT, R_LOG_DROPPED, R_ERR_CODE, R_ERR_COL, R_ERR_POS, R_ERR_LINES,
  R_ERR_TEXT_START, R_ERR_TEXT_END, R_ERR_ESCAPED, R_ERR_FIELDS, S_ERROR, S_ROWS_FULL, S_LOG_FULL, S_STR_FULL,
  SIZE_SHIFT, TYPE_CODE, T_SKIP, C_TRIM, C_CHECK_UTF8, C_MODE_SHIFT, M_STOP, M_SKIP, M_NULL,
  LOG_ENTRY_SIZE, L_CODE, L_COL, L_POS, L_LINES, L_TEXT_START, L_TEXT_END, L_ESCAPED, L_FIELDS, L_RECORD,
  E_INVALID_NUMBER, E_OUT_OF_RANGE, E_EMPTY_VALUE, E_FIELD_COUNT, E_UNTERMINATED_QUOTE, E_INVALID_QUOTE, E_INVALID_UTF8, E_RECORD_TOO_LARGE,
} from './layout.js';

/** Records per core call at most; bounds each column's scratch (128 Ki rows × 8 bytes = 1 MiB). */
const MAX_ROWS = 128 * 1024;
/**
 * Value and validity scratch for all columns together: a wide schema gets fewer rows per call, so
 * 16,384 f64 columns need ~10 MB, not 16,384 × 1 MiB.
 */
const VALUE_SCRATCH_BUDGET = 64 * 1024 * 1024;
/**
 * String bytes scratch for all string columns together. Each gets a whole window while that fits
 * (a call's bytes for one column never exceed the window), else an equal share of this; a value
 * that would overflow its share ends the call (S_STR_FULL) and the driver flushes or grows it.
 */
const STRING_SCRATCH_BUDGET = 32 * 1024 * 1024;
/**
 * Room a growing column adds beyond what the input suggests, at most these, and for all columns
 * together about SLACK_BUDGET: a million columns must not each reserve a thousand spare rows.
 */
const MAX_SLACK_ROWS = 1024;
const MAX_SLACK_BYTES = 4096;
const SLACK_BUDGET = 4 * 1024 * 1024;
/**
 * Address space (not memory) reserved for all column buffers together when the input's size is
 * unknown, so they grow in place (NumericBuilder, StringBuilder); at most MAX_RESERVE_BYTES (just
 * under 4 GiB) a buffer, and not at all when a buffer's share would be under 16 MiB (a wide schema
 * grows by copying, as before).
 */
const RESERVE_BUDGET = 16 * 2 ** 30;
const MIN_RESERVE = 16 * 2 ** 20;
/** The smallest share of string scratch a column gets. */
const MIN_STRING_SCRATCH = 1024;
/** Linear memory the core can address: reserve() refuses beyond this (4 GiB less its last page). */
const MEMORY_LIMIT = 0xffff_0000;
/**
 * Error log entries per core call; a fuller log just means one more call. A record whose errors
 * overflow a whole log keeps this many and counts the rest (threads/rebatch.ts relies on it).
 */
export const LOG_CAPACITY = 256;
/** How often onProgress may fire. */
const PROGRESS_INTERVAL_MS = 100;
/** Bytes after the window: room for the 0 sentinel the core's digit loops stop at. */
const WINDOW_SLACK = 64;

const align = (n: number, to: number) => Math.ceil(n / to) * to;
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The error a CsvError code stands for in the core's numbering. */
const CORE_ERRORS: Record<number, CsvErrorCode> = {
  [E_INVALID_NUMBER]: 'INVALID_NUMBER',
  [E_OUT_OF_RANGE]: 'OUT_OF_RANGE',
  [E_EMPTY_VALUE]: 'EMPTY_VALUE',
  [E_FIELD_COUNT]: 'FIELD_COUNT',
  [E_UNTERMINATED_QUOTE]: 'UNTERMINATED_QUOTE',
  [E_INVALID_QUOTE]: 'INVALID_QUOTE',
  [E_INVALID_UTF8]: 'INVALID_UTF8',
  [E_RECORD_TOO_LARGE]: 'RECORD_TOO_LARGE',
  [E_INVALID_VALUE]: 'INVALID_VALUE',
  [E_TOO_MANY_CATEGORIES]: 'TOO_MANY_CATEGORIES',
};

/** The array type each type's values are stored in (bool, date, timestamp: numbers after all). */
function storageType(info: ColumnInfo): NumericType {
  switch (info.type) {
    case 'bool': return 'u8';
    case 'date': case 'category': return 'i32';
    case 'timestamp': return info.unit === 'us' || info.unit === 'ns' ? 'i64' : 'f64';
    default: return info.type as NumericType;
  }
}

/** The core's type code for a column (a timestamp's unit picks one of three). */
function typeCode(info: ColumnInfo): number {
  if (info.type === 'timestamp' && info.unit === 'us') return T_TIMESTAMP_US;
  if (info.type === 'timestamp' && info.unit === 'ns') return T_TIMESTAMP_NS;
  return TYPE_CODE[info.type];
}

/** A category dictionary's room in linear memory at first; it doubles when full (S_DICT_FULL). */
const DICT_ENTRIES = 64;
const DICT_BYTES = 1024;

/** What a bad value of these types should have looked like, for the error message. */
function expected(info: ColumnInfo): string {
  if (info.type === 'bool') return `one of ${[...(info.trueWords ?? []), ...(info.falseWords ?? [])].join(', ')} (any case)`;
  if (info.format !== undefined) return `the format ${JSON.stringify(info.format)}`;
  if (info.type === 'date') return 'a date YYYY-MM-DD';
  return 'an ISO 8601 timestamp such as 2024-03-01T12:30:00Z';
}

/** One column of the file: where its values go, if the schema names it. */
interface FileColumn {
  name: string;
  info: ColumnInfo | undefined; // undefined: not in the schema, skipped
  numeric?: NumericBuilder;
  strings?: StringBuilder;
  validity?: ValidityBuilder;
  /** Category columns: the dictionary so far (kept across batches: later ones extend it). */
  dictionary?: StringBuilder;
  /** Category columns: the room its dictionary gets in linear memory. */
  dictEntries: number;
  dictBytes: number;
  // Scratch pointers in linear memory, set by layout().
  values: number;
  validityPtr: number;
  strData: number;
  /** String scratch size this column needs at least: grown when one value did not fit its share. */
  strMin: number;
  /** The column's parameter block (D_PARAM), 0 for none. */
  param: number;
}

/** A core error as read from the result block or an error log entry (pointers still absolute). */
interface CoreError {
  code: number;
  col: number;
  pos: number;
  lines: number;
  textStart: number;
  textEnd: number;
  escaped: boolean;
  fields: number;
}

export class ChunkDriver<S extends Schema = Schema> {
  private readonly core: Core;
  private readonly opts: ResolvedOptions;
  private readonly release: (core: Core) => void;
  /** Input size when the source knows it: sizes the columns up front. */
  private readonly totalBytes: number | undefined;
  /** Every column needs a validity scratch when errors may become nulls. */
  private readonly nullsOnError: boolean;

  private base = 0;
  private results = 0;
  private window = 0;
  private windowCap: number;
  /** Bytes in the window: [window, window + filled). */
  private filled = 0;
  /** Bytes at the window's start already parsed but not yet compacted away. */
  private pos = 0;
  /** Input offset of the window's first byte. */
  private fileOffset = 0;
  /** Input offset parsing started at (startAt); totalBytes counts from here. */
  private origin = 0;
  /** LF bytes in the input before window + pos. */
  private lineBase = 0;
  /** Rows in the current table (or batch) and in all batches before it. */
  private rows = 0;
  private rowsBefore = 0;
  /** Data records (kept or skipped) in the batches before this one. */
  private recordsBefore = 0;
  private skipped = 0;
  private errorCount = 0;
  private errors: CsvError[] = [];
  private started = false;
  private headerNames: string[] | undefined;
  /** Where the header record starts, for errors about it. */
  private headerLine: number | undefined;
  private headerOffset: number | undefined;
  private fileColumns: FileColumn[] = [];
  private descriptors = 0;
  private log = 0;
  /** Records per core call: what the window can hold, within the scratch budget (layout()). */
  private rowsPerCall = MAX_ROWS;
  /** Rows (per column) and string bytes (per string column) a column grows by at least (layout()). */
  private slackRows = MAX_SLACK_ROWS;
  private slackBytes = MAX_SLACK_BYTES;
  /** reservePerBuffer's answer, once counted. */
  private reserveShare: number | undefined;
  private lastProgress = 0;
  /** Completed batches, each with the input bytes parsed at its last record's end (since startAt). */
  private readonly batches: { table: Table<S>; end: number }[] = [];

  constructor(core: Core, opts: ResolvedOptions, totalBytes: number | undefined, release: (core: Core) => void) {
    this.core = core;
    this.opts = opts;
    this.release = release;
    this.totalBytes = totalBytes;
    this.nullsOnError = opts.onError !== 'throw' && opts.onError !== 'skip';
    core.setPendingAction(M_STOP); // a pooled core forgets the callback answers of its last parse
    // A small input needs no megabyte window.
    this.windowCap = align(Math.max(64, Math.min(opts.chunkSize, totalBytes ?? opts.chunkSize)), 64);
    this.allocate();
    this.lastProgress = Date.now();
  }

  /**
   * Starts at input offset `offset`, a record start, instead of the input's start (threads and byte
   * ranges): no BOM, no header record; `names` are the header's names read from the file's start
   * (undefined without a header) and `lines` the LF bytes before `offset`, so errors carry absolute
   * lines and byte offsets. Call before the first write. Row numbers stay local to this driver.
   */
  startAt(offset: number, lines: number, names: string[] | undefined): void {
    this.fileOffset = offset;
    this.origin = offset;
    this.lineBase = lines;
    this.setupColumns(names);
    this.started = true;
  }

  /** LF bytes before the current position: after run(true), the input's (or startAt's base plus the stretch's). */
  get lines(): number {
    return this.lineBase;
  }

  /** Input bytes parsed since startAt (or the input's start): what onProgress reports. */
  get bytesParsed(): number {
    return this.fileOffset - this.origin + this.pos;
  }

  /** Returns the core to its pool. The driver is unusable afterwards. */
  dispose(): void {
    if (this.opts.reuseBuffers && this.rows === 0) this.returnUnusedBuilders();
    this.release(this.core);
  }

  /**
   * The builders made for a batch that never came (each batch's are made as the one before is
   * handed out) give their memory back to this thread's pool: a worker parsing split after split
   * otherwise took a fresh set per split, one piece's worth of first-touch page faults each.
   */
  private returnUnusedBuilders(): void {
    const fixed = new Set<ArrayBuffer>();
    const text = new Set<ArrayBuffer>();
    const add = (set: Set<ArrayBuffer>, b: ArrayBufferLike | undefined) => {
      if (isPoolable(b)) set.add(b);
    };
    for (const fc of this.fileColumns) {
      add(fixed, fc.numeric?.array.buffer);
      add(fixed, fc.validity?.bits.buffer);
      add(fixed, fc.strings?.offsets.buffer);
      add(text, fc.strings?.data.buffer);
    }
    threadPool.give({ fixed: [...fixed], text: [...text] });
  }

  /** Free window space to read input into; valid until the next call on this driver. */
  writable(): Uint8Array {
    if (this.filled === this.windowCap) this.run(false);
    const free = this.windowCap - this.filled;
    return new Uint8Array(this.core.buffer, this.window + this.filled, Math.min(free, this.opts.chunkSize));
  }

  /** `n` bytes were written at the start of the last writable() view. */
  commit(n: number): void {
    this.filled += n;
    if (this.filled === this.windowCap) this.run(false);
  }

  /** Copies `bytes` in, parsing whenever the window fills. */
  feed(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) {
      const view = this.writable();
      const n = Math.min(view.length, bytes.length - off);
      view.set(bytes.subarray(off, off + n));
      off += n;
      this.commit(n);
    }
  }

  /** Batches completed so far (parseBatches); each is handed out once. */
  takeBatches(): Table<S>[] {
    return this.batches.splice(0, this.batches.length).map((b) => b.table);
  }

  /** The same, each with the bytes parsed (since startAt) at its last record's end. */
  takeBatchesWithEnds(): { table: Table<S>; end: number }[] {
    return this.batches.splice(0, this.batches.length);
  }

  /** Parses what the window holds; with last = true, the input has ended. */
  run(last: boolean): void {
    this.checkAbort();
    if (!this.started && !this.start(last)) {
      this.compact(last);
      return;
    }
    const core = this.core;
    const batchRows = this.opts.batchRows;
    for (;;) {
      const start = this.window + this.pos;
      const end = this.window + this.filled;
      new Uint8Array(core.buffer, end, 1)[0] = 0; // the sentinel (see parseChunk)
      const maxRows = batchRows === undefined ? this.rowsPerCall : Math.min(this.rowsPerCall, batchRows - this.rows);
      const status = core.parseChunk(start, end, last, maxRows);
      const r = new Int32Array(core.buffer, this.results, RESULT_SIZE >> 2);
      const consumed = r[R_CONSUMED >> 2] - this.window;
      const rows = r[R_ROWS >> 2];
      const recordsBefore = this.recordsBefore + this.rows + this.skipped;
      this.flush(rows, this.fileOffset - this.origin + consumed);
      this.skipped += r[R_SKIPPED >> 2];
      this.drainLog(r[R_LOG_COUNT >> 2], recordsBefore);
      this.errorCount += r[R_LOG_DROPPED >> 2]; // a record with more errors than the log holds: counted, not kept
      this.takeDictionaries();
      if (status === S_DICT_FULL) {
        // A dictionary has no room for a new value: grow it (layout copies it over) and go on.
        const fc = this.fileColumns[r[R_ERR_COL >> 2]];
        const needed = r[R_ERR_FIELDS >> 2];
        fc.dictEntries = Math.min(fc.dictEntries * 2, Math.max(fc.info!.maxCategories ?? 1, DICT_ENTRIES));
        fc.dictBytes = Math.max(fc.dictBytes * 2, fc.dictionary!.dataLength + needed + DICT_BYTES);
        this.lineBase += r[R_LINES >> 2];
        this.pos = consumed;
        this.layout();
        continue;
      }
      if (status === S_ERROR) {
        const err = this.errorFromCore(this.readError(r), this.lineBase, this.recordsBefore + this.rows + this.skipped);
        const policy = this.opts.onError;
        // A record over maxRecordBytes is never the callback's to forgive: the limit guards memory.
        const action: ErrorPolicy = typeof policy === 'function' && err.code !== 'RECORD_TOO_LARGE' ? callUser(policy, err) : 'throw';
        if (action !== 'skip' && action !== 'null') {
          if (action !== 'throw') throw new CsvError('INVALID_OPTION', `onError returned ${JSON.stringify(action)}; it must return 'throw', 'skip' or 'null'`);
          throw err;
        }
        // The record is parsed again from its start; the core applies the answers given so far for
        // it to its errors in order (without logging them: they are noted here) and stops at the
        // next one, so each error is asked about once, even when the record spans windows.
        this.noteError(err);
        core.setPendingAction(action === 'skip' ? M_SKIP : M_NULL);
      }
      this.lineBase += r[R_LINES >> 2];
      this.pos = consumed;
      if (batchRows !== undefined && this.rows === batchRows) this.emitBatch();
      if (status === S_STR_FULL && rows === 0) {
        // One value is larger than its column's share of string scratch: give that column more
        // (at most a window, which always holds it) before parsing the record again.
        const fc = this.fileColumns[r[R_ERR_COL >> 2]];
        fc.strMin = Math.min(this.windowCap, Math.max(2 * fc.strMin, 2 * this.stringShare()));
        this.layout();
      }
      if (status === S_ROWS_FULL || status === S_LOG_FULL || status === S_ERROR || status === S_STR_FULL) {
        this.checkAbort();
        continue;
      }
      break;
    }
    this.compact(last);
    this.progress(false);
  }

  /** The table once run(true) has returned; for parseBatches, the last (partial) batch if any. */
  finish(): Table<S> | undefined {
    if (!this.started) {
      // Empty input: no header and no records, so every column is empty.
      this.setupColumns(this.opts.header ? this.opts.columns.map((c) => c.name) : undefined);
    }
    this.progress(true);
    if (this.opts.batchRows !== undefined) {
      // A last batch also carries records dropped after the previous one, even with no rows.
      if (this.rows > 0 || this.skipped > 0 || this.errorCount > 0) this.emitBatch();
      return undefined;
    }
    return this.buildTable();
  }

  // ---------------------------------------------------------------------------------------------

  private buildTable(): Table<S> {
    // Null-prototype objects: a column may be called "constructor" or "__proto__".
    const columns: Record<string, unknown> = Object.create(null);
    const validity: Record<string, Uint8Array> = Object.create(null);
    for (const fc of this.fileColumns) {
      if (!fc.info) continue;
      // Under the null policy every column tracks validity; keep a bitmap only where it says something.
      const keepBits = fc.validity !== undefined && (fc.info.nullable || fc.validity.nulls > 0);
      const bits = keepBits ? fc.validity!.finish() : undefined;
      if (fc.strings) columns[fc.info.name] = new StringColumn(fc.strings.finishData(), fc.strings.finishOffsets(), bits);
      else if (fc.dictionary) columns[fc.info.name] = new CategoryColumn(fc.numeric!.finish() as Int32Array, this.dictionarySoFar(fc.dictionary), bits);
      else columns[fc.info.name] = fc.numeric!.finish();
      if (bits) validity[fc.info.name] = bits;
    }
    // Schema order, whatever the file's order.
    const ordered: Record<string, unknown> = Object.create(null);
    for (const c of this.opts.columns) ordered[c.name] = columns[c.name];
    return new Table<S>({
      rowCount: this.rows,
      schema: this.opts.columns,
      columns: ordered as Columns<S>,
      validity: validity as Table<S>['validity'],
      errors: this.errors,
      errorCount: this.errorCount,
      skippedRecords: this.skipped,
      firstRow: this.rowsBefore,
    });
  }

  /** Hands out the rows so far as a batch and starts fresh columns for the next. */
  private emitBatch(): void {
    // A core call stops at a batch's last row, so the position now is exactly that row's end.
    this.batches.push({ table: this.buildTable(), end: this.bytesParsed });
    this.rowsBefore += this.rows;
    this.recordsBefore += this.rows + this.skipped;
    this.rows = 0;
    this.skipped = 0;
    this.errorCount = 0;
    this.errors = [];
    for (const fc of this.fileColumns) this.newBuilders(fc);
    this.resetStringBases();
  }

  /** BOM and header. Returns false while the window doesn't hold them yet. */
  private start(last: boolean): boolean {
    const bytes = new Uint8Array(this.core.buffer, this.window, this.filled);
    if (this.fileOffset === 0 && this.pos === 0) {
      if (this.filled < 3 && !last && (this.filled === 0 || bytes[0] === 0xef)) return false;
      if (this.filled >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3;
    }
    let names: string[] | undefined;
    if (this.opts.header) {
      const h = readHeader(bytes, this.pos, this.filled, last, this.opts.delimiter, this.opts.quote);
      if (h.kind === 'need-more') return false;
      if (h.kind === 'empty') {
        names = this.opts.columns.map((c) => c.name); // no input at all: an empty table
      } else if (h.kind === 'unterminated') {
        const line = this.lineBase + h.lines + 1;
        throw new CsvError('UNTERMINATED_QUOTE', `quoted header field opened at line ${line} (byte ${this.fileOffset + h.at}) is never closed`, {
          line, byteOffset: this.fileOffset + h.at,
        });
      } else if (h.kind === 'bad-quote') {
        const line = this.lineBase + h.lines + 1;
        throw new CsvError('INVALID_QUOTE', `unexpected character after the closing quote of header field ${h.field + 1} at line ${line} (byte ${this.fileOffset + h.at})`, {
          line, byteOffset: this.fileOffset + h.at, columnIndex: h.field,
        });
      } else {
        names = h.names;
        this.headerLine = this.lineBase + h.startLines + 1;
        this.headerOffset = this.fileOffset + h.start;
        this.lineBase += h.lines;
        this.pos = h.next;
        if (names.length > this.opts.maxColumns) {
          throw new CsvError('TOO_MANY_COLUMNS', `the header at line ${this.headerLine} has ${names.length} columns, more than maxColumns (${this.opts.maxColumns}); raise maxColumns if that is right`, {
            line: this.headerLine, byteOffset: this.headerOffset,
          });
        }
      }
    }
    this.setupColumns(names);
    this.started = true;
    return true;
  }

  /** Matches the schema to the file's columns and lays out memory for them. */
  private setupColumns(names: string[] | undefined): void {
    const schema = this.opts.columns;
    if (names === undefined) {
      this.fileColumns = schema.map((info) => this.newFileColumn(info.name, info));
    } else {
      this.headerNames = names;
      const byName = new Map<string, number[]>();
      names.forEach((n, i) => {
        const at = byName.get(n);
        if (at) at.push(i); // push, not a spread copy: 16,000 duplicates stay linear
        else byName.set(n, [i]);
      });
      const used = new Map<number, ColumnInfo>();
      const where = { line: this.headerLine, byteOffset: this.headerOffset };
      for (const info of schema) {
        const at = byName.get(info.name);
        if (!at) {
          const have = names.length ? names.map((n) => JSON.stringify(n)).join(', ') : '(none)';
          throw new CsvError('MISSING_COLUMN', `column "${info.name}" is not in the header; the header has ${have}`, { column: info.name, ...where });
        }
        if (at.length > 1) {
          const listed = at.length <= 4 ? at.map((i) => i + 1).join(' and ') : `${at.slice(0, 3).map((i) => i + 1).join(', ')}, … and ${at[at.length - 1] + 1}`;
          throw new CsvError('INVALID_OPTION', `the header names "${info.name}" ${at.length} times (columns ${listed}), so the schema can't tell which one to read; rename one of them in the file, or use header: false and name columns by position`, { column: info.name, ...where });
        }
        used.set(at[0], info);
      }
      this.fileColumns = names.map((n, i) => this.newFileColumn(n, used.get(i)));
    }
    this.layout();
  }

  /**
   * A category column's dictionary as it stands: a copy for a batch (later batches extend the same
   * dictionary, so each batch's is a prefix of the next one's), the builder's own arrays at the end.
   */
  private dictionarySoFar(sb: StringBuilder): StringColumn {
    if (this.opts.batchRows === undefined) return new StringColumn(sb.finishData(), sb.finishOffsets());
    return new StringColumn(sb.data.slice(0, sb.dataLength), sb.offsets.slice(0, sb.length + 1));
  }

  /** Copies the entries the last call added to each category dictionary into its JS builder. */
  private takeDictionaries(): void {
    for (const fc of this.fileColumns) {
      if (!fc.dictionary) continue;
      const sb = fc.dictionary;
      const count = new Int32Array(this.core.buffer, fc.param + P_COUNT, 1)[0];
      if (count === sb.length) continue;
      const b = new Uint32Array(this.core.buffer, fc.param, PARAM_CATEGORY_SIZE >> 2);
      const grow: GrowthPlan = (needed, current) => Math.max(needed, current * 2, 64);
      sb.append(this.core.buffer, b[P_ENDS >> 2] + sb.length * 4, b[P_DATA >> 2] + sb.dataLength, count - sb.length, grow, grow);
    }
  }

  private newFileColumn(name: string, info: ColumnInfo | undefined): FileColumn {
    const fc: FileColumn = { name, info, values: 0, validityPtr: 0, strData: 0, strMin: 0, param: 0, dictEntries: DICT_ENTRIES, dictBytes: DICT_BYTES };
    if (info?.type === 'category') {
      fc.dictionary = new StringBuilder(0, 0);
      fc.dictEntries = Math.min(DICT_ENTRIES, info.maxCategories ?? DICT_ENTRIES);
    }
    this.newBuilders(fc);
    return fc;
  }

  private newBuilders(fc: FileColumn): void {
    const info = fc.info;
    if (!info) return;
    // Batches have a known size; a whole table starts empty and is sized from the input (flush).
    const rows = this.opts.batchRows ?? 0;
    // Batches handed back (reuseBuffers) leave their memory in this thread's pool.
    const pool = this.opts.reuseBuffers ? threadPool : undefined;
    if (info.type === 'string') fc.strings = new StringBuilder(rows, 0, pool, this.reservePerBuffer());
    else fc.numeric = new NumericBuilder(storageType(info), rows, this.reservePerBuffer(), pool);
    if (info.nullable || this.nullsOnError) fc.validity = new ValidityBuilder(rows, pool);
  }

  /**
   * Address space each column buffer may grow into in place (a string column has two: offsets and
   * bytes); only for a whole table of unknown size.
   */
  private reservePerBuffer(): number {
    // Asked once per column: counted once, not once per column (16,384 columns would loop 2^28 times).
    if (this.reserveShare !== undefined) return this.reserveShare;
    if (this.totalBytes !== undefined || this.opts.batchRows !== undefined) return (this.reserveShare = 0);
    let buffers = 0;
    for (const c of this.opts.columns) buffers += c.type === 'string' ? 2 : 1;
    const share = Math.min(MAX_RESERVE_BYTES, Math.floor(RESERVE_BUDGET / Math.max(1, buffers)));
    return (this.reserveShare = share >= MIN_RESERVE ? share : 0);
  }

  /** Results block and input window; the window grows in place so its bytes survive. */
  private allocate(): void {
    this.base = this.reserve(RESULT_SIZE + this.windowCap + WINDOW_SLACK, 'the input window');
    this.results = this.base;
    this.window = this.base + RESULT_SIZE;
    if (this.started) this.layout();
  }

  /** Descriptors, error log and per-column scratch after the window; rebuilt whenever the window grows. */
  private layout(): void {
    // Rows per call: no more than the window can hold (a record has at least one byte per column,
    // and a one-column record a byte and its LF), nor than the value scratch budget allows.
    let bytesPerRow = 0;
    for (const fc of this.fileColumns) if (fc.info) bytesPerRow += (1 << SIZE_SHIFT[fc.info.type]) + (fc.validity ? 1 : 0);
    const windowRows = Math.floor(this.windowCap / Math.max(2, this.fileColumns.length)) + 2;
    this.rowsPerCall = Math.max(1, Math.min(MAX_ROWS, windowRows, Math.floor(VALUE_SCRATCH_BUDGET / Math.max(1, bytesPerRow))));
    const strings = this.fileColumns.filter((fc) => fc.info?.type === 'string').length;
    this.slackRows = Math.max(16, Math.min(MAX_SLACK_ROWS, Math.floor(SLACK_BUDGET / Math.max(1, bytesPerRow))));
    this.slackBytes = Math.max(64, Math.min(MAX_SLACK_BYTES, Math.floor(SLACK_BUDGET / Math.max(1, strings))));
    const rowsCap = align(this.rowsPerCall, 8);
    const share = this.stringShare();

    let p = align(this.window + this.windowCap + WINDOW_SLACK, 64);
    this.log = p;
    p += LOG_CAPACITY * LOG_ENTRY_SIZE;
    this.descriptors = p;
    p += align(this.fileColumns.length * DESC_SIZE, 64);
    const strEnds: number[] = [];
    for (const fc of this.fileColumns) {
      const info = fc.info;
      strEnds.push(0);
      if (!info) continue;
      fc.values = p;
      p += align(rowsCap << SIZE_SHIFT[info.type], 64);
      fc.param = 0;
      if (info.type === 'category') {
        fc.param = p;
        p += PARAM_CATEGORY_SIZE + align(fc.dictEntries * 4, 64) + align(slotCount(fc.dictEntries) * 4, 64) + align(fc.dictBytes, 64);
      } else {
        const params = encodeParams(info);
        if (params) { fc.param = p; p += align(params.length, 64); }
      }
      if (fc.validity) { fc.validityPtr = p; p += align(rowsCap, 64); }
      if (info.type === 'string') {
        fc.strData = p;
        p += align(Math.min(this.windowCap, Math.max(share, fc.strMin)), 64);
        strEnds[strEnds.length - 1] = p;
      }
    }
    this.reserve(p - this.base, `the scratch of ${this.opts.columns.length} columns`);
    const d = new Uint32Array(this.core.buffer, this.descriptors, (this.fileColumns.length * DESC_SIZE) >> 2);
    this.fileColumns.forEach((fc, i) => {
      const w = (i * DESC_SIZE) >> 2;
      d[w + (D_TYPE >> 2)] = fc.info ? typeCode(fc.info) : T_SKIP;
      d[w + (D_PARAM >> 2)] = fc.param;
      if (fc.info && fc.param) this.writeParams(fc, fc.info);
      d[w + (D_NULLABLE >> 2)] = fc.info?.nullable ? 1 : 0;
      d[w + (D_VALUES >> 2)] = fc.values;
      d[w + (D_VALIDITY >> 2)] = fc.validityPtr;
      d[w + (D_NULLS >> 2)] = 0;
      // The core writes only nulls: the scratch starts all valid (flush restores what a call cleared).
      if (fc.validity) new Uint8Array(this.core.buffer, fc.validityPtr, rowsCap).fill(1);
      d[w + (D_STR_DATA >> 2)] = fc.strData;
      d[w + (D_STR_END >> 2)] = strEnds[i];
    });
    this.resetStringBases();
    const policy = this.opts.onError;
    const mode = policy === 'skip' ? M_SKIP : policy === 'null' ? M_NULL : M_STOP;
    const flags = (this.opts.trim ? C_TRIM : 0) | (this.opts.validateUtf8 ? C_CHECK_UTF8 : 0) | (mode << C_MODE_SHIFT);
    this.core.configure(this.fileColumns.length, this.descriptors, this.results, this.opts.delimiter, this.opts.quote, flags);
    this.core.configureLog(this.log, LOG_CAPACITY);
    this.core.configureLimits(this.opts.maxRecordBytes);
  }

  /** A column's parameter block: a bool's words, a format, or a category dictionary (copied over). */
  private writeParams(fc: FileColumn, info: ColumnInfo): void {
    const buffer = this.core.buffer;
    if (!fc.dictionary) {
      new Uint8Array(buffer, fc.param).set(encodeParams(info)!);
      return;
    }
    const sb = fc.dictionary;
    const ends = fc.param + PARAM_CATEGORY_SIZE;
    const slots = ends + align(fc.dictEntries * 4, 64);
    const data = slots + align(slotCount(fc.dictEntries) * 4, 64);
    const b = new Uint32Array(buffer, fc.param, PARAM_CATEGORY_SIZE >> 2);
    b.fill(0);
    b[P_COUNT >> 2] = sb.length;
    b[P_MAX >> 2] = info.maxCategories!;
    b[P_ENDS >> 2] = ends;
    b[P_ENTRY_CAP >> 2] = fc.dictEntries;
    b[P_DATA >> 2] = data;
    b[P_DATA_LEN >> 2] = sb.dataLength;
    b[P_DATA_CAP >> 2] = fc.dictBytes;
    b[P_SLOTS >> 2] = slots;
    b[P_SLOT_MASK >> 2] = slotCount(fc.dictEntries) - 1;
    b[P_REHASH >> 2] = 1; // the core refills the hash table from the entries
    b[P_SERIAL >> 2] = 0;
    b[P_MARK >> 2] = 0;
    new Int32Array(buffer, ends, sb.length).set(sb.offsets.subarray(1, sb.length + 1));
    new Uint8Array(buffer, data, sb.dataLength).set(sb.data.subarray(0, sb.dataLength));
  }

  /** Each string column's share of string scratch: a whole window while they all fit in the budget. */
  private stringShare(): number {
    let strings = 0;
    for (const fc of this.fileColumns) if (fc.info?.type === 'string') strings++;
    if (strings * this.windowCap <= STRING_SCRATCH_BUDGET) return this.windowCap;
    return Math.max(MIN_STRING_SCRATCH, Math.floor(STRING_SCRATCH_BUDGET / strings));
  }

  /**
   * Makes [base, base + bytes) of the core's memory usable; returns base. Sizes are checked here, in
   * JS numbers, before they reach the core's 32-bit reserve() (where they would wrap).
   */
  private reserve(bytes: number, what: string): number {
    const base = this.core.reserve(0);
    const got = base + bytes <= MEMORY_LIMIT ? this.core.reserve(bytes) : 0;
    if (got === 0) {
      throw new CsvError('OUT_OF_MEMORY', `the parser's memory for ${what} (${(bytes / 2 ** 20).toFixed(1)} MiB more) does not fit in the core's memory; declare fewer columns (file columns the schema does not name cost nothing), lower maxRecordBytes, or use engine: 'wasm' (4 GiB) rather than 'js' (2 GiB)`);
    }
    return got;
  }

  /** String scratch is written from its start each call, offsets continuing from the column's length. */
  private resetStringBases(): void {
    const d = new Uint32Array(this.core.buffer, this.descriptors, (this.fileColumns.length * DESC_SIZE) >> 2);
    this.fileColumns.forEach((fc, i) => {
      if (!fc.strings) return;
      const w = (i * DESC_SIZE) >> 2;
      d[w + (D_STR_POS >> 2)] = fc.strData;
      d[w + (D_STR_BASE >> 2)] = fc.strings.dataLength;
    });
  }

  /** Copies one call's rows out of linear memory into the JS columns. */
  private flush(rows: number, bytesParsed: number): void {
    // Even with no complete row, a partial record may have written string bytes: start over.
    if (rows === 0) return this.resetStringBases();
    const buffer = this.core.buffer;
    this.rows += rows;
    const batch = this.opts.batchRows !== undefined;
    // Column capacity follows the input: rows per byte so far times the bytes still to come.
    const total = batch ? undefined : this.totalBytes;
    const doneRows = this.rows;
    const planRows: GrowthPlan = (needed, current) => {
      if (total !== undefined && bytesParsed > 0 && total > bytesParsed) {
        return needed + Math.ceil((((total - bytesParsed) * doneRows) / bytesParsed) * 1.05) + this.slackRows;
      }
      return Math.max(needed, current * 2, this.slackRows);
    };
    const d = new Uint32Array(buffer, this.descriptors, (this.fileColumns.length * DESC_SIZE) >> 2);
    for (let i = 0; i < this.fileColumns.length; i++) {
      const fc = this.fileColumns[i];
      if (!fc.info) continue;
      if (fc.numeric) fc.numeric.append(buffer, fc.values, rows, planRows);
      if (fc.validity) {
        const nulls = (i * DESC_SIZE + D_NULLS) >> 2;
        if (d[nulls] === 0) {
          fc.validity.appendValid(rows, planRows); // the usual case: no null in this call
        } else {
          fc.validity.append(buffer, fc.validityPtr, rows, planRows);
          new Uint8Array(buffer, fc.validityPtr, rows).fill(1);
          d[nulls] = 0;
        }
      }
      if (fc.strings) {
        const sb = fc.strings;
        const planBytes: GrowthPlan = (needed, current) => {
          if (total !== undefined && bytesParsed > 0 && total > bytesParsed) {
            return needed + Math.ceil((((total - bytesParsed) * needed) / bytesParsed) * 1.05) + this.slackBytes;
          }
          // A batch's rows are known: its bytes so far per row, times the rows still to come. Doubling
          // from nothing instead touched about twice each batch's text in fresh pages. Only from a
          // fair sample of rows, and at most 8× (a few huge values first must not ask for terabytes).
          const left = batch ? this.opts.batchRows! - this.rows : 0;
          if (left > 0 && this.rows >= 256) {
            return Math.min(needed + Math.ceil(((left * needed) / this.rows) * 1.05), needed * 8) + this.slackBytes;
          }
          return Math.max(needed, current * 2, this.slackBytes);
        };
        sb.append(buffer, fc.values, fc.strData, rows, planRows, planBytes);
        if (sb.dataLength > 0x7fffffff - this.windowCap) {
          throw new CsvError('COLUMN_TOO_LARGE', `string column "${fc.info.name}" holds more than 2 GiB of text after row ${this.rowsBefore + this.rows}; read this file with parseBatches`, { column: fc.info.name });
        }
      }
    }
    this.resetStringBases();
  }

  /** Errors the skip/null policies handled in the last call. */
  private drainLog(count: number, recordsBefore: number): void {
    if (count === 0) return;
    const words = new Int32Array(this.core.buffer, this.log, (count * LOG_ENTRY_SIZE) >> 2);
    for (let i = 0; i < count; i++) {
      const w = (i * LOG_ENTRY_SIZE) >> 2;
      const e: CoreError = {
        code: words[w + (L_CODE >> 2)], col: words[w + (L_COL >> 2)], pos: words[w + (L_POS >> 2)], lines: words[w + (L_LINES >> 2)],
        textStart: words[w + (L_TEXT_START >> 2)], textEnd: words[w + (L_TEXT_END >> 2)], escaped: words[w + (L_ESCAPED >> 2)] !== 0,
        fields: words[w + (L_FIELDS >> 2)],
      };
      this.noteError(this.errorFromCore(e, this.lineBase, recordsBefore + words[w + (L_RECORD >> 2)]));
    }
  }

  private noteError(err: CsvError): void {
    this.errorCount++;
    if (this.errors.length < this.opts.maxErrors) this.errors.push(err);
  }

  private readError(r: Int32Array): CoreError {
    return {
      code: r[R_ERR_CODE >> 2], col: r[R_ERR_COL >> 2], pos: r[R_ERR_POS >> 2], lines: r[R_ERR_LINES >> 2],
      textStart: r[R_ERR_TEXT_START >> 2], textEnd: r[R_ERR_TEXT_END >> 2], escaped: r[R_ERR_ESCAPED >> 2] !== 0,
      fields: r[R_ERR_FIELDS >> 2],
    };
  }

  /** Moves the unparsed tail to the window's start; grows the window when one record fills it. */
  private compact(last: boolean): void {
    const rest = this.filled - this.pos;
    if (this.pos > 0) {
      const bytes = new Uint8Array(this.core.buffer, this.window, this.filled);
      bytes.copyWithin(0, this.pos, this.filled);
      this.fileOffset += this.pos;
      this.filled = rest;
      this.pos = 0;
    }
    if (last || this.filled < this.windowCap) return;
    if (this.filled >= this.opts.maxRecordBytes) {
      const line = this.lineBase + 1;
      throw new CsvError('RECORD_TOO_LARGE', `the record at line ${line} (byte ${this.fileOffset}) is longer than maxRecordBytes (${this.opts.maxRecordBytes} bytes); raise maxRecordBytes if it is real, or look for a quote that is never closed`, {
        line, row: this.recordsBefore + this.rows + this.skipped, byteOffset: this.fileOffset,
      });
    }
    this.windowCap = align(Math.min(this.windowCap * 2, this.opts.maxRecordBytes + 64), 64);
    this.allocate();
  }

  /** A CsvError for a core error; `lineBase` is the LF count before the call's start. */
  private errorFromCore(e: CoreError, lineBase: number, row: number): CsvError {
    const pos = e.pos - this.window;
    const line = lineBase + e.lines + 1;
    const byteOffset = this.fileOffset + pos;
    const fc = e.col >= 0 ? this.fileColumns[e.col] : undefined;
    const column = fc?.name;
    const where = `at line ${line} (byte ${byteOffset})`;
    const textEnd = Math.min(e.textEnd, e.textStart + 1024);
    let text = textDecoder.decode(new Uint8Array(this.core.buffer, e.textStart, Math.max(0, textEnd - e.textStart)));
    if (e.escaped) {
      const q = String.fromCharCode(this.opts.quote);
      text = text.split(q + q).join(q);
    }
    text = cutText(text);
    const code = CORE_ERRORS[e.code] ?? 'INVALID_NUMBER';
    const details = { line, row, column, columnIndex: e.col >= 0 ? e.col : undefined, byteOffset, text };
    const type = fc?.info?.type;
    switch (code) {
      case 'INVALID_NUMBER':
        return new CsvError(code, `invalid ${type} ${JSON.stringify(text)} in column "${column}" ${where}`, details);
      case 'INVALID_VALUE':
        return new CsvError(code, `invalid ${type} ${JSON.stringify(text)} in column "${column}" ${where}; expected ${expected(fc!.info!)}`, details);
      case 'TOO_MANY_CATEGORIES':
        return new CsvError(code, `${JSON.stringify(text)} would be distinct value number ${fc!.info!.maxCategories! + 1} of category column "${column}" ${where}, more than maxCategories (${fc!.info!.maxCategories}); raise maxCategories, or read the column as 'string'`, details);
      case 'OUT_OF_RANGE':
        return new CsvError(code, `${JSON.stringify(text)} is out of range for ${type} in column "${column}" ${where}`, details);
      case 'EMPTY_VALUE':
        return new CsvError(code, `empty value in column "${column}" (${type}, not nullable) ${where}; declare it { type: '${type}', nullable: true } to read empty fields as nulls`, details);
      case 'FIELD_COUNT': {
        const expected = this.fileColumns.length;
        const seen = e.fields > expected ? `more than ${expected}` : `${e.fields}`;
        const basis = this.headerNames ? 'the header has' : 'the schema has';
        return new CsvError(code, `record ${where} has ${seen} field${e.fields === 1 ? '' : 's'}, but ${basis} ${expected}: ${JSON.stringify(text)}`, { ...details, column: undefined, columnIndex: undefined });
      }
      case 'UNTERMINATED_QUOTE':
        return new CsvError(code, `quoted field in column "${column}" opened ${where} is never closed`, details);
      case 'RECORD_TOO_LARGE':
        return new CsvError(code, `the record ${where} is ${e.fields} bytes long, more than maxRecordBytes (${this.opts.maxRecordBytes}); raise maxRecordBytes if it is real`, { ...details, column: undefined, columnIndex: undefined });
      case 'INVALID_QUOTE':
        return new CsvError(code, `unexpected character after the closing quote of a field in column "${column}" ${where}: ${JSON.stringify(text)}`, details);
      default:
        return new CsvError(code, `invalid UTF-8 in ${type} column "${column}" ${where}: ${JSON.stringify(text)}`, details);
    }
  }

  private checkAbort(): void {
    const signal = this.opts.signal;
    if (signal?.aborted) {
      throw abortedError(signal.reason, { line: this.lineBase + 1, row: this.recordsBefore + this.rows + this.skipped, byteOffset: this.fileOffset + this.pos });
    }
  }

  private progress(final: boolean): void {
    const cb = this.opts.onProgress;
    if (!cb) return;
    const now = Date.now();
    if (!final && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    callUser(cb, { bytes: this.bytesParsed, totalBytes: this.totalBytes, rows: this.rowsBefore + this.rows });
  }
}

/** Hash slots for a dictionary of `entries`: a power of two, at least twice as many (load <= 1/2). */
function slotCount(entries: number): number {
  let n = 64;
  while (n < entries * 2) n *= 2;
  return n;
}
