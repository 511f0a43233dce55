// parseFile on several threads, joined as it goes: the workers' batches (in file order, each one's
// memory handed back to a worker once copied) are appended to the Table's columns as they arrive,
// so the parse holds the output plus a few batches in flight, not every split's piece at once.

import { CategoryColumn } from '../category-column.js';
import { NumericBuilder, type GrowthPlan } from '../column-builder.js';
import type { CsvError } from '../errors.js';
import { ARRAY_CONSTRUCTORS, type ColumnInfo, type Columns, type NumericArray, type NumericType, type Schema } from '../schema.js';
import { StringColumn } from '../string-column.js';
import { Table } from '../table.js';
import { appendBits, inFileOrder } from './join.js';

/** Where the parse has got to: the file offset of the last piece's end, and the rows before it. */
export interface GatherPlace {
  bytes: number;
  rows: number;
}

/** Rows of room before any piece has come (then the rows per byte so far decide). */
const FIRST_ROWS = 65536;

const TYPE_OF = new Map<unknown, NumericType>(Object.entries(ARRAY_CONSTRUCTORS).map(([type, Ctor]) => [Ctor, type as NumericType]));

/** A column's storage: its values (numbers, category codes, or string offsets and bytes) and bits. */
interface Gathered {
  info: ColumnInfo;
  values?: NumericBuilder;
  /** String columns: the UTF-8 bytes (offsets are in `values`, one more than rows). */
  bytes?: NumericBuilder;
  bits?: Uint8Array;
  dictionary?: StringColumn;
}

/**
 * The Table one thread makes, from the batches of a loose parse (exactBatches: false) in file
 * order. Columns are sized as the driver sizes them (rows per byte so far, times the bytes to come,
 * plus 5%), so each page of the output is written once: first-touch page faults, not the copying,
 * are what a join costs on a VM.
 */
export class TableGatherer<S extends Schema> {
  private readonly columns: Gathered[];
  private rows = 0;
  private skipped = 0;
  private errorCount = 0;
  private readonly errors: CsvError[] = [];
  private readonly bytePlans = new Map<Gathered, GrowthPlan>();

  /**
   * `place` is updated by the parse as pieces come; `startOffset` is where the records start and
   * `totalBytes` the file's size, so that rows per byte so far size the columns for the rest.
   */
  constructor(
    schema: readonly ColumnInfo[],
    private readonly maxErrors: number,
    private readonly names: readonly string[] | undefined,
    private readonly place: GatherPlace,
    private readonly startOffset: number,
    private readonly totalBytes: number,
  ) {
    this.columns = schema.map((info) => ({ info }));
  }

  /** Rows of room: what is needed now plus the rows per byte so far, times the bytes to come. */
  private readonly rowPlan: GrowthPlan = (needed, current) => this.ahead(needed, current, 1);

  /** Room for `needed` (of something that comes `perRow` to a row), planned from the pieces so far. */
  private ahead(needed: number, current: number, perRow: number): number {
    const { bytes, rows } = this.place;
    const done = bytes - this.startOffset;
    if (done > 0 && rows > 0) return needed + Math.ceil((Math.max(0, this.totalBytes - bytes) * rows * perRow / done) * 1.05) + FIRST_ROWS;
    return Math.max(needed, current * 2, FIRST_ROWS); // no piece has come yet
  }

  /** Copies a batch's rows, errors and counts in after those before it. */
  add(batch: Table<S>): void {
    const n = batch.rowCount;
    const before = this.rows;
    this.rows += n; // the plans size by the rows so far, this batch's included
    for (const e of batch.errors) if (this.errors.length < this.maxErrors) this.errors.push(e);
    this.errorCount += batch.errorCount;
    this.skipped += batch.skippedRecords;
    for (const g of this.columns) {
      const name = g.info.name;
      const column = (batch.columns as Record<string, unknown>)[name];
      const src = Object.prototype.hasOwnProperty.call(batch.validity, name) ? (batch.validity as Record<string, Uint8Array>)[name] : undefined;
      if (src !== undefined || g.bits !== undefined || g.info.nullable) this.addBits(g, src, before, n);
      if (column instanceof StringColumn) this.addStrings(g, column);
      else if (column instanceof CategoryColumn) {
        this.addValues(g, column.codes);
        g.dictionary = column.dictionary; // the dictionary so far: the last batch's is the file's
      } else this.addValues(g, column as NumericArray);
    }
  }

  /** The Table: columns exactly `rows` long (a view when much was reserved, as the driver returns). */
  finish(): Table<S> {
    const columns: Record<string, unknown> = Object.create(null);
    const validity: Record<string, Uint8Array> = Object.create(null);
    for (const g of this.columns) {
      const name = g.info.name;
      let bits: Uint8Array | undefined;
      if (g.bits !== undefined || g.info.nullable) {
        bits = this.room(g.bits, this.rows).subarray(0, (this.rows + 7) >> 3);
        validity[name] = bits;
      }
      if (g.info.type === 'string') {
        const offsets = (g.values ?? startOffsets()).finish() as Int32Array;
        const data = g.bytes?.finish() as Uint8Array | undefined;
        columns[name] = new StringColumn(data ?? new Uint8Array(0), offsets, bits);
      } else if (g.info.type === 'category') {
        const codes = (g.values?.finish() ?? new Int32Array(0)) as Int32Array;
        columns[name] = new CategoryColumn(codes, g.dictionary ?? new StringColumn(new Uint8Array(0), new Int32Array(1)), bits);
      } else {
        columns[name] = g.values?.finish() ?? new (storageOf(g.info))(0);
      }
    }
    return new Table<S>({
      rowCount: this.rows,
      schema: this.columns.map((g) => g.info),
      columns: columns as Columns<S>,
      validity: inFileOrder(validity, this.names) as Table<S>['validity'],
      errors: this.errors,
      errorCount: this.errorCount,
      skippedRecords: this.skipped,
    });
  }

  private addValues(g: Gathered, values: NumericArray): void {
    g.values ??= new NumericBuilder(typeOf(values), 0);
    g.values.append(values.buffer as ArrayBuffer, values.byteOffset, values.length, this.rowPlan);
  }

  private addStrings(g: Gathered, column: StringColumn): void {
    const offsets = (g.values ??= startOffsets());
    const bytes = (g.bytes ??= new NumericBuilder('u8', 0));
    const base = bytes.length;
    const o = column.offsets;
    const rows = o.length - 1;
    offsets.append(o.buffer as ArrayBuffer, o.byteOffset + 4, rows, this.rowPlan);
    // The batch's offsets count from its own first byte: move them past the bytes before it.
    const out = offsets.array as Int32Array;
    for (let i = offsets.length - rows; i < offsets.length; i++) out[i] += base;
    const data = column.data;
    bytes.append(data.buffer as ArrayBuffer, data.byteOffset, data.length, this.bytePlanOf(g));
  }

  /** String bytes grow as rows do: bytes per row so far, times the rows to come. */
  private bytePlanOf(g: Gathered): GrowthPlan {
    let plan = this.bytePlans.get(g);
    if (plan === undefined) {
      plan = (needed, current) => this.ahead(needed, current, needed / Math.max(1, this.rows));
      this.bytePlans.set(g, plan);
    }
    return plan;
  }

  /** Validity bits for a batch: its own, or all set (a batch with no null has no bitmap). */
  private addBits(g: Gathered, src: Uint8Array | undefined, before: number, n: number): void {
    if (g.bits === undefined) {
      // The first batch with a null in a column that is not nullable: the rows before were all valid.
      g.bits = this.room(undefined, before + n);
      appendBits(g.bits, 0, undefined, before);
    } else {
      g.bits = this.room(g.bits, before + n);
    }
    appendBits(g.bits, before, src, n);
  }

  /** `bits` with room for `rows` bits (zero past those set), grown by the row plan. */
  private room(bits: Uint8Array | undefined, rows: number): Uint8Array {
    const have = bits === undefined ? 0 : bits.length * 8;
    if (bits !== undefined && rows <= have) return bits;
    const next = new Uint8Array((this.rowPlan(rows, have) + 7) >> 3);
    if (bits !== undefined) next.set(bits);
    return next;
  }
}

function startOffsets(): NumericBuilder {
  const b = new NumericBuilder('i32', 0);
  b.append(new ArrayBuffer(4), 0, 1, (needed, current) => Math.max(needed, current * 2, FIRST_ROWS));
  return b;
}

function typeOf(values: NumericArray): NumericType {
  const type = TYPE_OF.get(values.constructor);
  if (type === undefined) throw new Error(`typed-csv: internal error: a batch column is a ${values.constructor.name}`);
  return type;
}

/** The storage array type of a column no batch has brought (the schema's own). */
function storageOf(info: ColumnInfo): new (n: number) => NumericArray {
  const type = info.type;
  if (type in ARRAY_CONSTRUCTORS) return ARRAY_CONSTRUCTORS[type as NumericType];
  if (type === 'bool') return Uint8Array;
  if (type === 'date') return Int32Array;
  if (type === 'timestamp') return info.unit === 'us' || info.unit === 'ns' ? BigInt64Array : Float64Array;
  return Float64Array;
}
