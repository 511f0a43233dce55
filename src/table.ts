import { CsvError } from './errors.js';
import type { ColumnInfo, Columns, Schema } from './schema.js';

/** Typed columns parsed against schema S. Every array is the caller's own: nothing else holds it. */
export class Table<S extends Schema = Schema> {
  /** Number of data records. */
  readonly rowCount: number;
  /** Column name → typed array (or StringColumn), each of length rowCount. */
  readonly columns: Columns<S>;
  /** The schema with defaults filled in, in schema order. */
  readonly schema: readonly ColumnInfo[];
  /**
   * Arrow validity bitmaps of the nullable columns (bit i of byte i >> 3, LSB first; 1 = present).
   * Columns that are not nullable have none: every value is present.
   */
  readonly validity: { readonly [K in keyof S]?: Uint8Array };

  constructor(rowCount: number, schema: readonly ColumnInfo[], columns: Columns<S>, validity: { [K in keyof S]?: Uint8Array }) {
    this.rowCount = rowCount;
    this.schema = schema;
    this.columns = columns;
    this.validity = validity;
  }

  /** The column called `name`; throws for a name the schema does not have. */
  column<K extends keyof S & string>(name: K): Columns<S>[K] {
    if (!Object.prototype.hasOwnProperty.call(this.columns, name)) {
      throw new CsvError('MISSING_COLUMN', `no column "${name}" in this table; its columns are ${this.schema.map((c) => `"${c.name}"`).join(', ')}`, { column: name });
    }
    return this.columns[name];
  }

  /** True when row i of column `name` is null. Always false for columns that are not nullable. */
  isNull(name: keyof S & string, i: number): boolean {
    const bits = Object.prototype.hasOwnProperty.call(this.validity, name) ? this.validity[name] : undefined;
    return bits !== undefined && (bits[i >> 3] & (1 << (i & 7))) === 0;
  }
}
