import type { CategoryColumn } from './category-column.js';
import type { StringColumn } from './string-column.js';

/** Numeric column types: typed arrays of that kind (`i64`/`u64` are exact BigInt arrays). */
export type NumericType = 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64';
/**
 * Types parsed from text into numbers: `bool` (Uint8Array 1/0), `date` (Int32Array of days since
 * 1970-01-01), `timestamp` (Float64Array of epoch milliseconds, or BigInt64Array with `unit`).
 */
export type ValueType = 'bool' | 'date' | 'timestamp';
/** Every column type a schema can name. */
export type ColumnType = NumericType | 'string' | ValueType | 'category';
/** A timestamp column's unit: `ms` is a Float64Array, `us` and `ns` exact BigInt64Arrays. */
export type TimeUnit = 'ms' | 'us' | 'ns';

/** A column with options. */
export interface ColumnOptions<T extends ColumnType = ColumnType> {
  /** The column's type. */
  type: T;
  /**
   * When true, an empty field is a null instead of an `EMPTY_VALUE` error. Nulls are marked in the
   * table's validity bitmap; their slot holds NaN (floats), 0 (integers) or 0n (i64/u64).
   * @default false
   */
  nullable?: boolean;
}

/** A `bool` column with its own words; both lists replace the default ones together. */
export interface BoolColumnOptions extends ColumnOptions<'bool'> {
  /**
   * Words that mean true, matched ignoring ASCII case.
   * @default ['true', '1', 't', 'yes', 'y'] (with `false`: ['false', '0', 'f', 'no', 'n'])
   */
  true?: readonly string[];
  /** Words that mean false, matched ignoring ASCII case. */
  false?: readonly string[];
}

/** A `date` column: Int32Array of days since 1970-01-01 (Arrow Date32). */
export interface DateColumnOptions extends ColumnOptions<'date'> {
  /**
   * The text's shape as a strptime subset: `%Y` (4 digits), `%m`, `%d` (1-2 digits), `%b` (Jan..Dec,
   * any case), `%%`, and literal characters, such as `'%d/%m/%Y'`.
   * @default ISO 8601 `YYYY-MM-DD`
   */
  format?: string;
}

/** A `timestamp` column: epoch milliseconds in a Float64Array, or `unit: 'us' | 'ns'` in a BigInt64Array. */
export interface TimestampColumnOptions extends ColumnOptions<'timestamp'> {
  /**
   * `'ms'`: Float64Array of milliseconds since 1970-01-01T00:00Z, like `Date.getTime()` (a finer
   * fraction is kept as the nearest double). `'us'`, `'ns'`: BigInt64Array, exact (a fraction finer
   * than the unit is cut toward the past; `'ns'` holds 1677-09-21 .. 2262-04-11, else OUT_OF_RANGE).
   * @default 'ms'
   */
  unit?: TimeUnit;
  /**
   * The text's shape as a strptime subset: `%Y %m %d %b` as for dates, `%H %M %S` (1-2 digits),
   * `%f` (1-9 fraction digits), `%z` (`Z`, `±hh`, `±hh:mm` or `±hhmm`), `%%` and literal
   * characters, such as `'%d/%b/%Y:%H:%M:%S %z'`. Without `%z` the time is UTC.
   * @default ISO 8601 `YYYY-MM-DD[T| ]hh:mm[:ss[.fffffffff]][Z|±hh[:mm]|±hhmm]`, a bare date = midnight
   */
  format?: string;
}

/** A `category` column: Int32Array codes into a dictionary of the distinct values. */
export interface CategoryColumnOptions extends ColumnOptions<'category'> {
  /**
   * Most distinct values; one more is a `TOO_MANY_CATEGORIES` error (never a silent change of type):
   * a column with that many distinct values is better read as `string`.
   * @default 65536
   */
  maxCategories?: number;
}

/** Types whose declaration has settings of its own. */
type TypeWithSettings = 'bool' | 'date' | 'timestamp' | 'category';

/** A column's declaration: a type name, or `{ type, nullable }` (plus the type's own settings). */
export type ColumnSpec =
  | ColumnType
  | ColumnOptions<Exclude<ColumnType, TypeWithSettings>>
  | BoolColumnOptions
  | DateColumnOptions
  | TimestampColumnOptions
  | CategoryColumnOptions;

/** Column name → declaration. With a header, names are matched to header names; without, order is file order. */
export type Schema = Record<string, ColumnSpec>;

/** The array type a column type produces. */
export interface ColumnArrays {
  i8: Int8Array;
  i16: Int16Array;
  i32: Int32Array;
  u8: Uint8Array;
  u16: Uint16Array;
  u32: Uint32Array;
  i64: BigInt64Array;
  u64: BigUint64Array;
  f32: Float32Array;
  f64: Float64Array;
  string: StringColumn;
  bool: Uint8Array;
  date: Int32Array;
  timestamp: Float64Array;
  category: CategoryColumn;
}

/** The type name inside a column declaration. */
export type TypeOfSpec<S extends ColumnSpec> = S extends ColumnType ? S : S extends { type: infer T extends ColumnType } ? T : never;

/** The array a column declaration produces (`{ type: 'timestamp', unit: 'us' | 'ns' }`: BigInt64Array). */
export type ColumnArray<S extends ColumnSpec> = S extends { type: 'timestamp'; unit: 'us' | 'ns' } ? BigInt64Array : ColumnArrays[TypeOfSpec<S>];

/** The columns of a table parsed with schema S: `columns.duration` is a Float64Array for `duration: 'f64'`. */
export type Columns<S extends Schema> = { [K in keyof S]: ColumnArray<S[K]> };

/** A column declaration with its defaults filled in. */
export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** Timestamps: the unit ('ms' unless declared). */
  readonly unit?: TimeUnit;
  /** Dates and timestamps: the declared format (undefined: ISO 8601). */
  readonly format?: string;
  /** Bools: the words for true and false (the defaults unless declared). */
  readonly trueWords?: readonly string[];
  readonly falseWords?: readonly string[];
  /** Categories: the most distinct values. */
  readonly maxCategories?: number;
}

export const COLUMN_TYPES: readonly ColumnType[] = [
  'i8', 'i16', 'i32', 'u8', 'u16', 'u32', 'i64', 'u64', 'f32', 'f64', 'string', 'bool', 'date', 'timestamp', 'category',
];

/** The typed array constructor for each numeric type. */
export const ARRAY_CONSTRUCTORS = {
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i64: BigInt64Array,
  u64: BigUint64Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;

export type NumericArray = ColumnArrays[NumericType];
