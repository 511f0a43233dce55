import { CsvError } from './errors.js';
import type { ColumnInfo, Columns, Schema } from './schema.js';

/** What a table knows besides its columns. */
export interface TableInfo<S extends Schema> {
  rowCount: number;
  schema: readonly ColumnInfo[];
  columns: Columns<S>;
  validity: { [K in keyof S]?: Uint8Array };
  errors?: CsvError[];
  errorCount?: number;
  skippedRecords?: number;
  firstRow?: number;
}

/** Typed columns parsed against schema S. Every array is the caller's own: nothing else holds it. */
export class Table<S extends Schema = Schema> {
  /** Number of rows in the columns. */
  readonly rowCount: number;
  /** Column name → typed array (or StringColumn), each of length rowCount. */
  readonly columns: Columns<S>;
  /** The schema with defaults filled in, in schema order. */
  readonly schema: readonly ColumnInfo[];
  /**
   * Arrow validity bitmaps (bit i of byte i >> 3, LSB first; 1 = present) of the columns that can
   * hold nulls: nullable columns, and under `onError: 'null'` any column that got one. A column
   * without a bitmap has no nulls.
   */
  readonly validity: { readonly [K in keyof S]?: Uint8Array };
  /** Under the skip/null policies: the first `maxErrors` errors, in input order. */
  readonly errors: readonly CsvError[];
  /** Under the skip/null policies: how many errors there were in all. */
  readonly errorCount: number;
  /** Data records dropped by the skip policy; rowCount + skippedRecords = data records read. */
  readonly skippedRecords: number;
  /**
   * Index of this table's first row among all rows of the input: 0 for a whole table, the running
   * row count for a batch from parseBatches.
   */
  readonly firstRow: number;

  constructor(info: TableInfo<S>) {
    this.rowCount = info.rowCount;
    this.schema = info.schema;
    this.columns = info.columns;
    this.validity = info.validity;
    this.errors = info.errors ?? [];
    this.errorCount = info.errorCount ?? 0;
    this.skippedRecords = info.skippedRecords ?? 0;
    this.firstRow = info.firstRow ?? 0;
  }

  /** The column called `name`; throws for a name the schema does not have. */
  column<K extends keyof S & string>(name: K): Columns<S>[K] {
    if (!Object.prototype.hasOwnProperty.call(this.columns, name)) {
      throw new CsvError('MISSING_COLUMN', `no column "${name}" in this table; its columns are ${this.schema.map((c) => `"${c.name}"`).join(', ')}`, { column: name });
    }
    return this.columns[name];
  }

  /** True when row i of column `name` is null. */
  isNull(name: keyof S & string, i: number): boolean {
    const bits = Object.prototype.hasOwnProperty.call(this.validity, name) ? this.validity[name] : undefined;
    return bits !== undefined && (bits[i >> 3] & (1 << (i & 7))) === 0;
  }
}
