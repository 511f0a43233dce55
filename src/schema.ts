import type { StringColumn } from './string-column.js';

/** Numeric column types: typed arrays of that kind (`i64`/`u64` are exact BigInt arrays). */
export type NumericType = 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64';
/** Every column type a schema can name. */
export type ColumnType = NumericType | 'string';

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

/** A column's declaration: a type name, or `{ type, nullable }`. */
export type ColumnSpec = ColumnType | ColumnOptions;

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
}

/** The type name inside a column declaration. */
export type TypeOfSpec<S extends ColumnSpec> = S extends ColumnType ? S : S extends ColumnOptions<infer T> ? T : never;

/** The array a column declaration produces. */
export type ColumnArray<S extends ColumnSpec> = ColumnArrays[TypeOfSpec<S>];

/** The columns of a table parsed with schema S: `columns.duration` is a Float64Array for `duration: 'f64'`. */
export type Columns<S extends Schema> = { [K in keyof S]: ColumnArray<S[K]> };

/** A column declaration with its defaults filled in. */
export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

export const COLUMN_TYPES: readonly ColumnType[] = ['i8', 'i16', 'i32', 'u8', 'u16', 'u32', 'i64', 'u64', 'f32', 'f64', 'string'];

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
