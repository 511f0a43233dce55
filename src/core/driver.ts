// The chunk driver: feeds windows of input to a parse core, carries the partial record at a window's
// end over to the next, copies each call's values into JS-owned columns, and turns the core's status
// into CsvErrors with positions in the whole input.

import { CsvError, abortedError, cutText } from '../errors.js';
import { NumericBuilder, StringBuilder, ValidityBuilder, type GrowthPlan } from '../column-builder.js';
import { readHeader } from '../header.js';
import type { ResolvedOptions } from '../options.js';
import type { ColumnInfo, Columns, NumericType, Schema } from '../schema.js';
import { StringColumn } from '../string-column.js';
import { Table } from '../table.js';
import {
  type Core, DESC_SIZE, D_TYPE, D_NULLABLE, D_VALUES, D_VALIDITY, D_STR_DATA, D_STR_BASE, D_STR_POS,
  RESULT_SIZE, R_CONSUMED, R_ROWS, R_LINES, R_ERR_CODE, R_ERR_COL, R_ERR_POS, R_ERR_LINES, R_ERR_TEXT_START,
  R_ERR_TEXT_END, R_ERR_ESCAPED, R_ERR_FIELDS, S_ERROR, S_ROWS_FULL, SIZE_SHIFT, TYPE_CODE, T_SKIP,
  E_INVALID_NUMBER, E_OUT_OF_RANGE, E_EMPTY_VALUE, E_FIELD_COUNT, E_UNTERMINATED_QUOTE, E_INVALID_QUOTE,
} from './layout.js';

/** Records per core call at most; bounds each column's scratch (128 Ki rows × 8 bytes = 1 MiB). */
const MAX_ROWS = 128 * 1024;
/** How often onProgress may fire. */
const PROGRESS_INTERVAL_MS = 100;

const align = (n: number, to: number) => Math.ceil(n / to) * to;
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** One column of the file: where its values go, if the schema names it. */
interface FileColumn {
  name: string;
  info: ColumnInfo | undefined; // undefined: not in the schema, skipped
  numeric?: NumericBuilder;
  strings?: StringBuilder;
  validity?: ValidityBuilder;
  // Scratch pointers in linear memory, set by layout().
  values: number;
  validityPtr: number;
  strData: number;
}

export class ChunkDriver<S extends Schema = Schema> {
  private readonly core: Core;
  private readonly opts: ResolvedOptions;
  private readonly release: (core: Core) => void;
  /** Input size when the source knows it: sizes the columns up front. */
  private readonly totalBytes: number | undefined;

  private base = 0;
  private results = 0;
  private window = 0;
  private windowCap: number;
  /** Bytes in the window: [window, window + filled). */
  private filled = 0;
  /** Bytes at the window's start already parsed (BOM, header) but not yet compacted away. */
  private pos = 0;
  /** Input offset of the window's first byte. */
  private fileOffset = 0;
  /** LF bytes in the input before window + pos. */
  private lineBase = 0;
  private rows = 0;
  private started = false;
  private headerNames: string[] | undefined;
  /** Where the header record starts, for errors about it. */
  private headerLine: number | undefined;
  private headerOffset: number | undefined;
  private fileColumns: FileColumn[] = [];
  private descriptors = 0;
  private lastProgress = 0;

  constructor(core: Core, opts: ResolvedOptions, totalBytes: number | undefined, release: (core: Core) => void) {
    this.core = core;
    this.opts = opts;
    this.release = release;
    this.totalBytes = totalBytes;
    // A small input needs no megabyte window.
    this.windowCap = align(Math.max(64, Math.min(opts.chunkSize, totalBytes ?? opts.chunkSize)), 64);
    this.allocate();
    this.lastProgress = Date.now();
  }

  /** Returns the core to its pool. The driver is unusable afterwards. */
  dispose(): void {
    this.release(this.core);
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

  /** Parses what the window holds; with last = true, the input has ended. */
  run(last: boolean): void {
    this.checkAbort();
    if (!this.started && !this.start(last)) {
      this.compact(last);
      return;
    }
    const core = this.core;
    for (;;) {
      const start = this.window + this.pos;
      const status = core.parseChunk(start, this.window + this.filled, last, MAX_ROWS);
      const r = new Int32Array(core.buffer, this.results, RESULT_SIZE >> 2);
      const consumed = r[R_CONSUMED >> 2] - this.window;
      const rows = r[R_ROWS >> 2];
      const lines = r[R_LINES >> 2];
      this.flush(rows, this.fileOffset + consumed);
      if (status === S_ERROR) throw this.errorFromCore(r);
      this.lineBase += lines;
      this.pos = consumed;
      if (status !== S_ROWS_FULL) break;
      this.checkAbort();
    }
    this.compact(last);
    this.progress(false);
  }

  /** The table, once run(true) has returned. */
  finish(): Table<S> {
    if (!this.started) {
      // Empty input: no header and no records, so every column is empty.
      this.setupColumns(this.opts.header ? this.opts.columns.map((c) => c.name) : undefined);
    }
    this.progress(true);
    // Null-prototype objects: a column may be called "constructor" or "__proto__".
    const columns: Record<string, unknown> = Object.create(null);
    const validity: Record<string, Uint8Array> = Object.create(null);
    for (const fc of this.fileColumns) {
      if (!fc.info) continue;
      const bits = fc.validity?.finish();
      if (fc.strings) columns[fc.info.name] = new StringColumn(fc.strings.finishData(), fc.strings.finishOffsets(), bits);
      else columns[fc.info.name] = fc.numeric!.finish();
      if (bits) validity[fc.info.name] = bits;
    }
    // Schema order, whatever the file's order.
    const ordered: Record<string, unknown> = Object.create(null);
    for (const c of this.opts.columns) ordered[c.name] = columns[c.name];
    return new Table<S>(this.rows, this.opts.columns, ordered as Columns<S>, validity as Table<S>['validity']);
  }

  // ---------------------------------------------------------------------------------------------

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
        throw new CsvError('UNTERMINATED_QUOTE', `quoted header field opened at line ${this.lineBase + h.lines + 1} (byte ${this.fileOffset + h.at}) is never closed`, {
          line: this.lineBase + h.lines + 1, byteOffset: this.fileOffset + h.at,
        });
      } else if (h.kind === 'bad-quote') {
        throw new CsvError('INVALID_QUOTE', `unexpected character after the closing quote of header field ${h.field + 1} at line ${this.lineBase + h.lines + 1} (byte ${this.fileOffset + h.at})`, {
          line: this.lineBase + h.lines + 1, byteOffset: this.fileOffset + h.at, columnIndex: h.field,
        });
      } else {
        names = h.names;
        this.headerLine = this.lineBase + h.startLines + 1;
        this.headerOffset = this.fileOffset + h.start;
        this.lineBase += h.lines;
        this.pos = h.next;
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
      names.forEach((n, i) => byName.set(n, [...(byName.get(n) ?? []), i]));
      const used = new Map<number, ColumnInfo>();
      for (const info of schema) {
        const at = byName.get(info.name);
        if (!at) {
          const have = names.length ? names.map((n) => JSON.stringify(n)).join(', ') : '(none)';
          throw new CsvError('MISSING_COLUMN', `column "${info.name}" is not in the header; the header has ${have}`, { column: info.name, line: this.headerLine, byteOffset: this.headerOffset });
        }
        if (at.length > 1) {
          throw new CsvError('INVALID_OPTION', `the header names "${info.name}" ${at.length} times (columns ${at.map((i) => i + 1).join(' and ')}), so the schema can't tell which one to read; rename one of them in the file, or use header: false and name columns by position`, { column: info.name, line: this.headerLine, byteOffset: this.headerOffset });
        }
        used.set(at[0], info);
      }
      this.fileColumns = names.map((n, i) => this.newFileColumn(n, used.get(i)));
    }
    this.layout();
  }

  private newFileColumn(name: string, info: ColumnInfo | undefined): FileColumn {
    const fc: FileColumn = { name, info, values: 0, validityPtr: 0, strData: 0 };
    if (info) {
      if (info.type === 'string') fc.strings = new StringBuilder(0, 0);
      else fc.numeric = new NumericBuilder(info.type as NumericType, 0);
      if (info.nullable) fc.validity = new ValidityBuilder(0);
    }
    return fc;
  }

  /** Results block and input window; the window grows in place so its bytes survive. */
  private allocate(): void {
    this.base = this.core.reserve(RESULT_SIZE + this.windowCap);
    if (this.base === 0) throw new CsvError('RECORD_TOO_LARGE', 'out of WebAssembly memory for the input window');
    this.results = this.base;
    this.window = this.base + RESULT_SIZE;
    if (this.started) this.layout();
  }

  /** Descriptors and per-column scratch after the window; rebuilt whenever the window grows. */
  private layout(): void {
    let p = align(this.window + this.windowCap, 64);
    this.descriptors = p;
    p += align(this.fileColumns.length * DESC_SIZE, 64);
    for (const fc of this.fileColumns) {
      const info = fc.info;
      if (!info) continue;
      fc.values = p;
      p += align(MAX_ROWS << SIZE_SHIFT[info.type], 64);
      if (info.nullable) { fc.validityPtr = p; p += align(MAX_ROWS, 64); }
      // A call's string bytes never exceed its input window.
      if (info.type === 'string') { fc.strData = p; p += this.windowCap; }
    }
    if (this.core.reserve(p - this.base) === 0) throw new CsvError('RECORD_TOO_LARGE', 'out of WebAssembly memory for the column buffers');
    const d = new Uint32Array(this.core.buffer, this.descriptors, (this.fileColumns.length * DESC_SIZE) >> 2);
    this.fileColumns.forEach((fc, i) => {
      const w = (i * DESC_SIZE) >> 2;
      d[w + (D_TYPE >> 2)] = fc.info ? TYPE_CODE[fc.info.type] : T_SKIP;
      d[w + (D_NULLABLE >> 2)] = fc.info?.nullable ? 1 : 0;
      d[w + (D_VALUES >> 2)] = fc.values;
      d[w + (D_VALIDITY >> 2)] = fc.validityPtr;
      d[w + (D_STR_DATA >> 2)] = fc.strData;
      d[w + (D_STR_POS >> 2)] = fc.strData;
      d[w + (D_STR_BASE >> 2)] = fc.strings?.dataLength ?? 0;
    });
    this.core.configure(this.fileColumns.length, this.descriptors, this.results, this.opts.delimiter, this.opts.quote, this.opts.trim);
  }

  /** Copies one call's rows out of linear memory into the JS columns. */
  private flush(rows: number, bytesParsed: number): void {
    const buffer = this.core.buffer;
    const rowsBefore = this.rows;
    this.rows += rows;
    // Column capacity follows the input: rows per byte so far times the bytes still to come.
    const total = this.totalBytes;
    const planRows: GrowthPlan = (needed, current) => {
      if (total !== undefined && bytesParsed > 0 && total > bytesParsed) {
        return needed + Math.ceil(((total - bytesParsed) * this.rows) / bytesParsed * 1.05) + 1024;
      }
      return Math.max(needed, current * 2, 1024);
    };
    const d = new Uint32Array(buffer, this.descriptors, (this.fileColumns.length * DESC_SIZE) >> 2);
    this.fileColumns.forEach((fc, i) => {
      if (!fc.info || rows === 0) return;
      if (fc.numeric) fc.numeric.append(buffer, fc.values, rows, planRows);
      if (fc.validity) fc.validity.append(buffer, fc.validityPtr, rows, planRows);
      if (fc.strings) {
        const sb = fc.strings;
        const planBytes: GrowthPlan = (needed, current) => {
          if (total !== undefined && bytesParsed > 0 && total > bytesParsed) {
            return needed + Math.ceil(((total - bytesParsed) * needed) / bytesParsed * 1.05) + 4096;
          }
          return Math.max(needed, current * 2, 4096);
        };
        sb.append(buffer, fc.values, fc.strData, rows, planRows, planBytes);
        if (sb.dataLength > 0x7fffffff - this.windowCap) {
          throw new CsvError('COLUMN_TOO_LARGE', `string column "${fc.info.name}" holds more than 2 GiB of text after row ${rowsBefore + rows}; parse this file with parseBatches`, { column: fc.info.name });
        }
      }
    });
    // Next call writes strings from the start of each scratch again, offsets continuing from here.
    this.fileColumns.forEach((fc, i) => {
      if (!fc.strings) return;
      const w = (i * DESC_SIZE) >> 2;
      d[w + (D_STR_POS >> 2)] = fc.strData;
      d[w + (D_STR_BASE >> 2)] = fc.strings.dataLength;
    });
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
        line, row: this.rows, byteOffset: this.fileOffset,
      });
    }
    this.windowCap = align(Math.min(this.windowCap * 2, this.opts.maxRecordBytes + 64), 64);
    this.allocate();
  }

  private errorFromCore(r: Int32Array): CsvError {
    const code = r[R_ERR_CODE >> 2];
    const col = r[R_ERR_COL >> 2];
    const pos = r[R_ERR_POS >> 2] - this.window;
    const line = this.lineBase + r[R_ERR_LINES >> 2] + 1;
    const byteOffset = this.fileOffset + pos;
    const fc = col >= 0 ? this.fileColumns[col] : undefined;
    const column = fc?.name;
    const where = `at line ${line} (byte ${byteOffset})`;
    const textStart = r[R_ERR_TEXT_START >> 2];
    const textEnd = Math.min(r[R_ERR_TEXT_END >> 2], textStart + 1024);
    let text = textDecoder.decode(new Uint8Array(this.core.buffer, textStart, Math.max(0, textEnd - textStart)));
    if (r[R_ERR_ESCAPED >> 2]) {
      const q = String.fromCharCode(this.opts.quote);
      text = text.split(q + q).join(q);
    }
    text = cutText(text);
    const details = { line, row: this.rows, column, columnIndex: col >= 0 ? col : undefined, byteOffset, text };
    const type = fc?.info?.type;
    switch (code) {
      case E_INVALID_NUMBER:
        return new CsvError('INVALID_NUMBER', `invalid ${type} ${JSON.stringify(text)} in column "${column}" ${where}`, details);
      case E_OUT_OF_RANGE:
        return new CsvError('OUT_OF_RANGE', `${JSON.stringify(text)} is out of range for ${type} in column "${column}" ${where}`, details);
      case E_EMPTY_VALUE:
        return new CsvError('EMPTY_VALUE', `empty value in column "${column}" (${type}, not nullable) ${where}; declare it { type: '${type}', nullable: true } to read empty fields as nulls`, details);
      case E_FIELD_COUNT: {
        const expected = this.fileColumns.length;
        const found = r[R_ERR_FIELDS >> 2];
        const seen = found > expected ? `more than ${expected}` : `${found}`;
        const basis = this.headerNames ? 'the header has' : 'the schema has';
        return new CsvError('FIELD_COUNT', `record ${where} has ${seen} field${found === 1 ? '' : 's'}, but ${basis} ${expected}: ${JSON.stringify(text)}`, { ...details, column: undefined, columnIndex: undefined });
      }
      case E_UNTERMINATED_QUOTE:
        return new CsvError('UNTERMINATED_QUOTE', `quoted field in column "${column}" opened ${where} is never closed`, details);
      case E_INVALID_QUOTE:
        return new CsvError('INVALID_QUOTE', `unexpected character after the closing quote of a field in column "${column}" ${where}: ${JSON.stringify(text)}`, details);
      default:
        return new CsvError('INVALID_NUMBER', `core reported unknown error code ${code} ${where}`, details);
    }
  }

  private checkAbort(): void {
    const signal = this.opts.signal;
    if (signal?.aborted) {
      throw abortedError(signal.reason, { line: this.lineBase + 1, row: this.rows, byteOffset: this.fileOffset + this.pos });
    }
  }

  private progress(final: boolean): void {
    const cb = this.opts.onProgress;
    if (!cb) return;
    const now = Date.now();
    if (!final && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    cb({ bytes: this.fileOffset + this.pos, totalBytes: this.totalBytes, rows: this.rows });
  }
}
