// parseBatches over threads: re-cuts the workers' pieces (each split's rows in pieces, in file
// order) into the batches one thread makes: `batchRows` rows each, and with each batch the errors
// and skipped records one thread would give it. One thread ends a batch right after its last row,
// so a record dropped (skipped) between two rows, and its errors, belong to the batch of the row
// after it; a row's own errors to its batch. Category codes go into one dictionary for the whole
// parse (category-merge.ts), and each batch gets it as it stood after its last row, as one thread's
// batches do. With exactBatches: false each piece is handed out as it is, its records' errors and
// skips placed the same way, and nothing is copied.

import { CategoryColumn } from '../category-column.js';
import { LOG_CAPACITY } from '../core/driver.js';
import { CsvError } from '../errors.js';
import type { ColumnInfo, Columns, NumericArray, Schema } from '../schema.js';
import { StringColumn } from '../string-column.js';
import { Table } from '../table.js';
import { DictionaryMerger, remapCodes } from './category-merge.js';
import { inFileOrder, joinTables, relocate } from './join.js';

/** Errors that drop their record under the null policy (value errors make a null instead). */
const RECORD_ERRORS = new Set(['FIELD_COUNT', 'INVALID_QUOTE', 'UNTERMINATED_QUOTE']);

/** Where a piece sits: its split's records and LF bytes before it, and its first record in the split. */
export interface PiecePlace {
  recordsBeforeSplit: number;
  linesBeforeSplit: number;
  /** Records (rows and skipped) of the split's pieces before this one. */
  recordInSplit: number;
  /** The split's number (its pieces' dictionaries grow one dictionary of its own). */
  split: number;
}

/** A category column's dictionary over the whole parse, and the current split's mapping into it. */
interface Category {
  readonly name: string;
  readonly max: number;
  readonly merger: DictionaryMerger;
  /** Stands for the merged dictionary in remapped pieces (joinTables keeps the codes of one shared). */
  readonly shared: StringColumn;
  split: number;
  /** Entries of the split's dictionary mapped so far, and where to. */
  taken: number;
  mapping: Int32Array;
  /** Entries of the dictionary the batches handed out so far had. */
  handedOut: number;
}

export class Rebatcher<S extends Schema> {
  private readonly batchRows: number;
  /** Cut where one thread cuts (else each piece is a batch). */
  private readonly exact: boolean;
  private readonly columns: readonly ColumnInfo[];
  private readonly maxErrors: number;
  private readonly policy: 'throw' | 'skip' | 'null';
  /** The header's names (the file's column order), if any. */
  private readonly names: readonly string[] | undefined;
  /** The open batch: row slices, and the errors and skipped records it has so far. */
  private slices: Table<S>[] = [];
  private rows = 0;
  private errors: CsvError[] = [];
  private errorCount = 0;
  private skipped = 0;
  /** Rows, and records (rows and skipped), in the batches handed out. */
  private rowsBefore = 0;
  private recordsBefore = 0;
  private readonly done: Table<S>[] = [];
  private readonly categories: Category[];

  constructor(
    batchRows: number, columns: readonly ColumnInfo[], maxErrors: number, policy: 'throw' | 'skip' | 'null', names: readonly string[] | undefined, exact = true,
  ) {
    this.exact = exact;
    this.categories = columns.filter((c) => c.type === 'category').map((c) => ({
      name: c.name, max: c.maxCategories!, merger: new DictionaryMerger(), shared: new StringColumn(new Uint8Array(0), new Int32Array(1)),
      split: -1, taken: 0, mapping: new Int32Array(0), handedOut: 0,
    }));
    this.names = names;
    this.batchRows = batchRows;
    this.columns = columns;
    this.maxErrors = maxErrors;
    this.policy = policy;
  }

  /** Rows taken in so far (handed out or in the open batch). */
  get rowCount(): number {
    return this.rowsBefore + this.rows;
  }

  /** Rows and records (rows and skipped) in the batches handed out. */
  get handedOut(): { rows: number; records: number } {
    return { rows: this.rowsBefore, records: this.recordsBefore };
  }

  /**
   * Takes in the next piece in file order; its errors must all be there (the worker keeps them all).
   * False, taking nothing in, when one thread may differ from here on: a category column past
   * maxCategories (in the piece's split, or in the dictionary so far). The batches handed out before
   * are one thread's; the caller has one thread parse the rest (see parseFile's categoriesFallBack).
   */
  add(piece: Table<S>, place: PiecePlace): boolean {
    if (this.categories.length > 0) {
      if (piece.errors.some((e) => e.code === 'TOO_MANY_CATEGORIES')) return false;
      const remapped = this.remapCategories(piece, place.split);
      if (remapped === undefined) return false;
      piece = remapped;
    }
    const n = piece.rowCount;
    // Each record with errors: how many of the piece's rows come before it, whether it was dropped.
    const records = new Map<number, { rowsBefore: number; skipped: boolean; errors: CsvError[]; count: number }>();
    for (const e of piece.errors) {
      const r = e.row! - place.recordInSplit;
      let rec = records.get(r);
      if (!rec) records.set(r, (rec = { rowsBefore: 0, skipped: false, errors: [], count: 0 }));
      rec.errors.push(relocate(e, place.recordsBeforeSplit, place.linesBeforeSplit));
      rec.count++;
      if (this.policy === 'skip' || RECORD_ERRORS.has(e.code)) rec.skipped = true;
    }
    const ordered = [...records.entries()].sort((a, b) => a[0] - b[0]);
    let skippedSoFar = 0;
    for (const [r, rec] of ordered) {
      rec.rowsBefore = r - skippedSoFar;
      if (rec.skipped) skippedSoFar++;
    }
    if (skippedSoFar !== piece.skippedRecords) throw internal(`a piece skipped ${piece.skippedRecords} records but its errors name ${skippedSoFar}`);
    const dropped = piece.errorCount - piece.errors.length;
    if (dropped > 0) this.placeDropped(ordered.map(([, rec]) => rec), dropped, n);
    // Hand the piece's rows and records out in order; `next` walks the records with errors.
    let next = 0;
    const takeRecordsBefore = (row: number) => {
      for (; next < ordered.length && ordered[next][1].rowsBefore < row; next++) this.note(ordered[next][1]);
    };
    let from = 0;
    while (from < n) {
      // Not exact: the open batch is empty here (each piece was emitted), and a piece holds at most batchRows rows.
      const to = this.exact ? Math.min(n, from + this.batchRows - this.rows) : n;
      takeRecordsBefore(to);
      this.slices.push(sliceRows(piece, from, to, this.columns));
      this.rows += to - from;
      const whole = from === 0 && to === n;
      from = to;
      if (this.rows === this.batchRows || !this.exact) this.emit(piece, whole);
    }
    // Records after the piece's last row belong to the batch of the next row (or the last batch).
    takeRecordsBefore(Infinity);
    if (this.slices.length === 0 && (this.skipped > 0 || this.errorCount > 0)) this.slices.push(sliceRows(piece, n, n, this.columns));
    return true;
  }

  /**
   * The piece with its category codes in the dictionary of the whole parse (a split's pieces extend
   * one dictionary of the split's: each maps only its new entries), or undefined when that dictionary
   * would pass maxCategories.
   */
  private remapCategories(piece: Table<S>, split: number): Table<S> | undefined {
    const columns: Record<string, unknown> = Object.create(null);
    for (const info of this.columns) columns[info.name] = piece.columns[info.name];
    for (const c of this.categories) {
      const col = piece.columns[c.name] as unknown as CategoryColumn;
      if (c.split !== split) Object.assign(c, { split, taken: 0, mapping: new Int32Array(0) });
      c.mapping = c.merger.take(col.dictionary, c.taken, c.mapping);
      c.taken = Math.max(c.taken, col.dictionary.length);
      if (c.merger.count > c.max) return undefined;
      // In place: the piece's codes are its own (moved here from the worker) and read nowhere else.
      const codes = col.codes;
      remapCodes(codes, c.mapping, col.validity, codes, 0);
      columns[c.name] = new CategoryColumn(codes, c.shared, col.validity);
    }
    return new Table<S>({
      rowCount: piece.rowCount, schema: piece.schema, columns: columns as Columns<S>, validity: piece.validity,
      errors: [...piece.errors], errorCount: piece.errorCount, skippedRecords: piece.skippedRecords,
    });
  }

  /**
   * A batch's category columns with the dictionary as one thread has it after the batch's last row:
   * the entries first seen up to there (codes count in order of first appearance, so the most any
   * present row holds, or the last batch's count if more).
   */
  private withDictionaries(joined: { columns: Table<S>['columns'] }): Table<S>['columns'] {
    const columns: Record<string, unknown> = Object.create(null);
    for (const info of this.columns) columns[info.name] = joined.columns[info.name];
    for (const c of this.categories) {
      const col = joined.columns[c.name] as unknown as CategoryColumn;
      let count = c.handedOut;
      const { codes, validity } = col;
      for (let i = 0; i < codes.length; i++) {
        if (codes[i] >= count && (validity === undefined || (validity[i >> 3] & (1 << (i & 7))) !== 0)) count = codes[i] + 1;
      }
      c.handedOut = count;
      columns[c.name] = new CategoryColumn(codes, c.merger.dictionary(count), validity);
    }
    return columns as Table<S>['columns'];
  }

  /**
   * Errors past the LOG_CAPACITY the core logs for one record are counted, not kept: they belong to
   * the records that logged that many. With one such record, or all of them in one batch, the count
   * goes there exactly; records of one piece that a batch cut separates can't share it out without a
   * guess, so that parse stops and says how to read the file.
   */
  private placeDropped(recs: { rowsBefore: number; count: number; errors: CsvError[] }[], dropped: number, rows: number): void {
    const full = recs.filter((rec) => rec.count >= LOG_CAPACITY);
    if (full.length === 0) throw internal(`${dropped} errors not kept in a piece with no record of ${LOG_CAPACITY}+ errors`);
    // The batch each record falls in, counted from the open batch (rows past the piece: the next row's).
    const batchOf = (rowsBefore: number) => this.exact ? Math.floor((this.rows + Math.min(rowsBefore, rows)) / this.batchRows) : rowsBefore < rows ? 0 : 1;
    if (full.some((rec) => batchOf(rec.rowsBefore) !== batchOf(full[0].rowsBefore))) {
      const e = full[1].errors[0];
      throw new CsvError('INVALID_OPTION', `parseBatches on several threads can't tell which batch ${dropped} of the errors of records with more than ${LOG_CAPACITY} errors each (rows ${full.map((r) => r.errors[0].row).join(', ')}) belong to; read this file with threads: 1`, { line: e.line, row: e.row, byteOffset: e.byteOffset });
    }
    full[0].count += dropped;
  }

  /** The batches completed so far, each handed out once. */
  take(): Table<S>[] {
    return this.done.splice(0, this.done.length);
  }

  /** After the last piece: the last, shorter batch (or one that only counts dropped records), if any. */
  finish(): void {
    if (this.rows > 0 || this.skipped > 0 || this.errorCount > 0) this.emit(undefined);
  }

  private note(rec: { skipped: boolean; errors: CsvError[]; count: number }): void {
    if (rec.skipped) this.skipped++;
    this.errorCount += rec.count;
    for (const e of rec.errors) if (this.errors.length < this.maxErrors) this.errors.push(e);
  }

  /** Hands out the open batch; `whole`: it is all of one piece's rows, whose buffers nothing else uses. */
  private emit(piece: Table<S> | undefined, whole = false): void {
    // A batch of no rows (dropped records at the end) still has its columns, empty.
    if (this.slices.length === 0 && piece) this.slices.push(sliceRows(piece, 0, 0, this.columns));
    // One whole piece is the batch as it is: no copy (the piece's rows are the batch's, in its own buffers).
    const joined = whole && this.slices.length === 1
      ? { rowCount: this.rows, columns: this.slices[0].columns, validity: inFileOrder(this.slices[0].validity, this.names) }
      : joinTables<S>(this.slices, this.slices.map(() => 0), this.columns, 0, this.names);
    this.done.push(new Table<S>({
      rowCount: joined.rowCount,
      schema: this.columns,
      columns: this.categories.length > 0 ? this.withDictionaries(joined) : joined.columns,
      validity: joined.validity,
      errors: this.errors,
      errorCount: this.errorCount,
      skippedRecords: this.skipped,
      firstRow: this.rowsBefore,
    }));
    this.rowsBefore += this.rows;
    this.recordsBefore += this.rows + this.skipped;
    this.slices = [];
    this.rows = 0;
    this.errors = [];
    this.errorCount = 0;
    this.skipped = 0;
  }
}

function internal(why: string): CsvError {
  return new CsvError('INTERNAL_ERROR', `typed-csv failed unexpectedly (${why}); this is a bug in typed-csv: please report it with the input and options that caused it`);
}

/**
 * A piece's columns with no rows, in arrays of their own: a view on the piece would be detached
 * with it when the batch holding its rows is handed back (reuseBuffers).
 */
function noRows<S extends Schema>(piece: Table<S>, schema: readonly ColumnInfo[]): Table<S> {
  const columns: Record<string, unknown> = Object.create(null);
  const validity: Record<string, Uint8Array> = Object.create(null);
  for (const info of schema) {
    const column = piece.columns[info.name] as unknown;
    if (info.nullable) validity[info.name] = new Uint8Array(0);
    if (column instanceof StringColumn) columns[info.name] = new StringColumn(new Uint8Array(0), new Int32Array(1), validity[info.name]);
    else if (column instanceof CategoryColumn) columns[info.name] = new CategoryColumn(new Int32Array(0), column.dictionary, validity[info.name]);
    else columns[info.name] = new ((column as NumericArray).constructor as new (n: number) => NumericArray)(0);
  }
  return new Table<S>({ rowCount: 0, schema, columns: columns as Columns<S>, validity: validity as Table<S>['validity'] });
}

function bitsOf(table: Table, name: string): Uint8Array | undefined {
  return Object.prototype.hasOwnProperty.call(table.validity, name) ? table.validity[name] : undefined;
}

/**
 * Rows [from, to) of a piece, without its errors. A column keeps a validity bitmap where one thread
 * would: always when nullable, else only when these rows hold a null (an error made null).
 */
function sliceRows<S extends Schema>(piece: Table<S>, from: number, to: number, schema: readonly ColumnInfo[]): Table<S> {
  if (from === 0 && to === piece.rowCount && piece.errors.length === 0) return piece;
  if (from === to) return noRows(piece, schema);
  const columns: Record<string, unknown> = Object.create(null);
  const validity: Record<string, Uint8Array> = Object.create(null);
  for (const info of schema) {
    const name = info.name;
    const src = bitsOf(piece, name);
    let bits: Uint8Array | undefined;
    if (src !== undefined) {
      bits = new Uint8Array((to - from + 7) >> 3);
      let nulls = 0;
      for (let i = from; i < to; i++) {
        if (src[i >> 3] & (1 << (i & 7))) bits[(i - from) >> 3] |= 1 << ((i - from) & 7);
        else nulls++;
      }
      if (nulls === 0 && !info.nullable) bits = undefined;
      if (bits) validity[name] = bits;
    }
    const column = piece.columns[name] as unknown;
    if (column instanceof StringColumn) {
      const o = column.offsets;
      const offsets = new Int32Array(to - from + 1);
      for (let i = from; i <= to; i++) offsets[i - from] = o[i] - o[from];
      columns[name] = new StringColumn(column.data.subarray(o[from], o[to]), offsets, bits);
    } else if (column instanceof CategoryColumn) {
      columns[name] = new CategoryColumn(column.codes.subarray(from, to), column.dictionary, bits);
    } else {
      columns[name] = (column as NumericArray).subarray(from, to);
    }
  }
  return new Table<S>({ rowCount: to - from, schema, columns: columns as Columns<S>, validity: validity as Table<S>['validity'] });
}

/**
 * One thread's batches (parsed with every error kept) from the point where `rows` rows and `records`
 * records (rows and skipped) have been handed out: the batches before it dropped, the one it falls
 * in cut there (its errors and skipped records those of the records after it), each cut to
 * `maxErrors` errors. How a loose parse (exactBatches: false) goes on after falling back to one thread.
 */
export async function* batchesAfter<S extends Schema>(
  batches: AsyncIterable<Table<S>>, rows: number, records: number, columns: readonly ColumnInfo[], maxErrors: number, names: readonly string[] | undefined,
): AsyncGenerator<Table<S>, void, undefined> {
  let recordsBefore = 0;
  for await (const b of batches) {
    const n = b.rowCount;
    const batchRecords = n + b.skippedRecords;
    const rowCut = Math.min(n, Math.max(0, rows - b.firstRow));
    const recordCut = Math.min(batchRecords, Math.max(0, records - recordsBefore));
    recordsBefore += batchRecords;
    if (batchRecords > 0 && recordCut === batchRecords) continue; // handed out already
    let errors = b.errors;
    let errorCount = b.errorCount;
    if (recordCut > 0) {
      errors = b.errors.filter((e) => e.row! >= records);
      const dropped = b.errorCount - b.errors.length; // past LOG_CAPACITY in some record: whose?
      const full = new Map<number, number>();
      for (const e of b.errors) full.set(e.row!, (full.get(e.row!) ?? 0) + 1);
      const fullRows = [...full].filter(([, count]) => count >= LOG_CAPACITY).map(([row]) => row);
      const after = fullRows.filter((row) => row >= records).length;
      if (dropped > 0 && after > 0 && after < fullRows.length) {
        const e = b.errors.find((x) => x.row === fullRows[0])!;
        throw new CsvError('INVALID_OPTION', `parseBatches with exactBatches: false can't tell which batch ${dropped} of the errors of records with more than ${LOG_CAPACITY} errors each (rows ${fullRows.join(', ')}) belong to; read this file with exactBatches: true or threads: 1`, { line: e.line, row: e.row, byteOffset: e.byteOffset });
      }
      errorCount = errors.length + (after > 0 ? dropped : 0);
    }
    const skippedRecords = b.skippedRecords - (recordCut - rowCut);
    const part = rowCut === 0 ? b : sliceRows(b, rowCut, n, columns);
    yield new Table<S>({
      rowCount: n - rowCut, schema: b.schema, columns: part.columns,
      validity: rowCut === 0 ? b.validity : inFileOrder(part.validity, names),
      errors: errors.slice(0, maxErrors),
      errorCount, skippedRecords, firstRow: b.firstRow + rowCut,
    });
  }
}
