// typed-csv/arrow: a parsed Table as an apache-arrow Table, sharing the column buffers (an optional entry; the main entry never imports apache-arrow).
import type * as ArrowModule from 'apache-arrow';
import { CsvError } from '../errors.js';
import type { ColumnInfo, Schema } from '../schema.js';
import { StringColumn } from '../string-column.js';
import type { Table } from '../table.js';

// A top-level await instead of a static import, so that a missing apache-arrow is one clear sentence
// instead of Node's ERR_MODULE_NOT_FOUND from deep inside typed-csv.
const arrow: typeof ArrowModule = await import('apache-arrow').catch((cause: unknown) => {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw cause;
  const err = new Error("typed-csv/arrow needs the apache-arrow package, an optional peer dependency: run `npm install apache-arrow`");
  (err as { cause?: unknown }).cause = cause;
  throw err;
});

/** The Arrow type each typed-csv column type becomes. */
export interface ArrowTypes {
  i8: ArrowModule.Int8;
  i16: ArrowModule.Int16;
  i32: ArrowModule.Int32;
  i64: ArrowModule.Int64;
  u8: ArrowModule.Uint8;
  u16: ArrowModule.Uint16;
  u32: ArrowModule.Uint32;
  u64: ArrowModule.Uint64;
  f32: ArrowModule.Float32;
  f64: ArrowModule.Float64;
  string: ArrowModule.Utf8;
  bool: ArrowModule.Bool;
  date: ArrowModule.DateDay;
  timestamp: ArrowModule.Timestamp;
  category: ArrowModule.Dictionary<ArrowModule.Utf8, ArrowModule.Int32>;
}

/** The Arrow schema of a table parsed with schema S: `{ duration: Float64 }` for `{ duration: 'f64' }`. */
export type ArrowSchemaOf<S extends Schema> = {
  [K in keyof S & string]: TypeName<S[K]> extends keyof ArrowTypes ? ArrowTypes[TypeName<S[K]>] : ArrowModule.DataType;
};

/** A declaration's type name, for every type (also those a schema declares as `{ type }`). */
type TypeName<C> = C extends string ? C : C extends { type: infer T } ? T : never;

/** What toArrow hands back: an apache-arrow Table whose columns have the Arrow types of the schema's. */
export type ArrowTable<S extends Schema = Schema> = ArrowModule.Table<ArrowSchemaOf<S>>;

/** A category column as the core produces it: codes into a dictionary of strings. */
interface CategoryLike {
  readonly codes: Int32Array;
  readonly dictionary: StringColumn;
}

/**
 * The typed-csv Table as an apache-arrow `Table`, one field per schema column in schema order.
 *
 * Shared, not copied (the Arrow vectors' buffers are the column's own `ArrayBuffer` at the same
 * offset, so writing to one shows in the other): every integer and float column (`Int8`…`Uint64`,
 * `Float32`, `Float64`), string columns (`Utf8`: `valueOffsets` = `offsets`, `data` = `data`),
 * validity bitmaps (already the Arrow layout), `date` (`DateDay`), `timestamp` with `unit: 'us'`
 * or `'ns'` (`Timestamp` in that unit, UTC), and `category` (`Dictionary<Utf8, Int32>`: the codes
 * and the dictionary's buffers).
 *
 * Copied, because Arrow's layout differs: `bool` (bytes of 1/0 → Arrow's bit-packed `Bool`, one
 * bit per row: rowCount / 8 bytes) and millisecond `timestamp` (a `Float64Array` → Arrow's int64
 * `Timestamp(MILLISECOND, 'UTC')`, 8 bytes per row; a fraction of a millisecond is dropped, rounding
 * toward the earlier instant — parse with `unit: 'us'` or `'ns'` to keep it, without a copy).
 *
 * Each column's nullCount is counted from its validity bitmap.
 */
export function toArrow<S extends Schema>(table: Table<S>): ArrowTable<S> {
  const vectors: Record<string, ArrowModule.Vector> = {};
  const fields: ArrowModule.Field[] = [];
  for (const info of table.schema) {
    const column = (table.columns as Record<string, unknown>)[info.name];
    const validity = (table.validity as Record<string, Uint8Array | undefined>)[info.name] ?? (column instanceof StringColumn ? column.validity : undefined);
    const data = columnData(info, column, validity, table.rowCount);
    vectors[info.name] = arrow.makeVector(data);
    fields.push(new arrow.Field(info.name, data.type, info.nullable || validity !== undefined));
  }
  // One Data per column and the fields given explicitly, so nullability survives (an Arrow Table
  // built from vectors alone would call every field nullable).
  const schema = new arrow.Schema(fields);
  const batch = new arrow.RecordBatch(
    schema,
    arrow.makeData({ type: new arrow.Struct(fields), length: table.rowCount, nullCount: 0, children: fields.map((f) => vectors[f.name].data[0]) }),
  );
  return new arrow.Table(schema, [batch]) as unknown as ArrowTable<S>;
}

/** The Arrow Data of one column. */
function columnData(info: ColumnInfo, column: unknown, validity: Uint8Array | undefined, length: number): ArrowModule.Data {
  const nulls = { nullBitmap: validity, nullCount: validity === undefined ? 0 : countNulls(validity, length), length };
  const type = info.type as string; // wider than ColumnType: the newer types arrive on their own
  switch (type) {
    case 'i8':
      return arrow.makeData({ type: new arrow.Int8(), data: column as Int8Array, ...nulls });
    case 'i16':
      return arrow.makeData({ type: new arrow.Int16(), data: column as Int16Array, ...nulls });
    case 'i32':
      return arrow.makeData({ type: new arrow.Int32(), data: column as Int32Array, ...nulls });
    case 'i64':
      return arrow.makeData({ type: new arrow.Int64(), data: column as BigInt64Array, ...nulls });
    case 'u8':
      return arrow.makeData({ type: new arrow.Uint8(), data: column as Uint8Array, ...nulls });
    case 'u16':
      return arrow.makeData({ type: new arrow.Uint16(), data: column as Uint16Array, ...nulls });
    case 'u32':
      return arrow.makeData({ type: new arrow.Uint32(), data: column as Uint32Array, ...nulls });
    case 'u64':
      return arrow.makeData({ type: new arrow.Uint64(), data: column as BigUint64Array, ...nulls });
    case 'f32':
      return arrow.makeData({ type: new arrow.Float32(), data: column as Float32Array, ...nulls });
    case 'f64':
      return arrow.makeData({ type: new arrow.Float64(), data: column as Float64Array, ...nulls });
    case 'string':
      return utf8Data(expectStrings(info, column), nulls);
    case 'bool':
      return arrow.makeData({ type: new arrow.Bool(), data: packBits(expectArray(info, column, Uint8Array), length), ...nulls });
    case 'date':
      return arrow.makeData({ type: new arrow.DateDay(), data: expectArray(info, column, Int32Array), ...nulls });
    case 'timestamp':
      return timestampData(info, column, nulls);
    case 'category': {
      const cat = expectCategory(info, column);
      const dictionary = arrow.makeVector(utf8Data(cat.dictionary, { nullBitmap: cat.dictionary.validity, nullCount: cat.dictionary.validity === undefined ? 0 : countNulls(cat.dictionary.validity, cat.dictionary.length), length: cat.dictionary.length }));
      return arrow.makeData({ type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()), data: cat.codes, dictionary, ...nulls });
    }
    default:
      throw new CsvError('INVALID_OPTION', `toArrow does not know column type "${type}" (column "${info.name}")`, { column: info.name });
  }
}

interface Nulls {
  nullBitmap: Uint8Array | undefined;
  nullCount: number;
  length: number;
}

function utf8Data(strings: StringColumn, nulls: Nulls): ArrowModule.Data<ArrowModule.Utf8> {
  return arrow.makeData({ type: new arrow.Utf8(), valueOffsets: strings.offsets, data: strings.data, ...nulls });
}

function timestampData(info: ColumnInfo, column: unknown, nulls: Nulls): ArrowModule.Data {
  const unit = (info as { unit?: unknown }).unit;
  if (column instanceof BigInt64Array) {
    if (unit === 'us') return arrow.makeData({ type: new arrow.TimestampMicrosecond('UTC'), data: column, ...nulls });
    if (unit === 'ns') return arrow.makeData({ type: new arrow.TimestampNanosecond('UTC'), data: column, ...nulls });
    throw new CsvError('INVALID_OPTION', `timestamp column "${info.name}" holds BigInt64 values but its schema gives no unit 'us' or 'ns' (it has ${JSON.stringify(unit)})`, { column: info.name });
  }
  const ms = expectArray(info, column, Float64Array);
  // Arrow stores timestamps as int64; a null's slot (NaN) becomes 0.
  const out = new BigInt64Array(ms.length);
  for (let i = 0; i < ms.length; i++) {
    const v = ms[i];
    out[i] = Number.isFinite(v) ? BigInt(Math.floor(v)) : 0n;
  }
  return arrow.makeData({ type: new arrow.TimestampMillisecond('UTC'), data: out, ...nulls });
}

/** Bytes of 1/0 → Arrow's bits, least significant first. */
function packBits(bytes: Uint8Array, length: number): Uint8Array {
  const bits = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) if (bytes[i] !== 0) bits[i >> 3] |= 1 << (i & 7);
  return bits;
}

/** Zero bits among the first `length` bits of a validity bitmap. */
function countNulls(validity: Uint8Array, length: number): number {
  let present = 0;
  const whole = length >> 3;
  for (let i = 0; i < whole; i++) present += POPCOUNT[validity[i]];
  for (let i = whole << 3; i < length; i++) present += (validity[i >> 3] >> (i & 7)) & 1;
  return length - present;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x !== 0; x >>= 1) n += x & 1;
  return n;
});

function expectArray<A extends ArrayBufferView>(info: ColumnInfo, column: unknown, ctor: abstract new (...args: never[]) => A): A {
  if (column instanceof ctor) return column;
  throw new CsvError('INVALID_OPTION', `column "${info.name}" of type ${info.type} should be a ${ctor.name}, not ${describe(column)}`, { column: info.name });
}

function expectStrings(info: ColumnInfo, column: unknown): StringColumn {
  if (column instanceof StringColumn) return column;
  throw new CsvError('INVALID_OPTION', `column "${info.name}" of type ${info.type} should be a StringColumn, not ${describe(column)}`, { column: info.name });
}

function expectCategory(info: ColumnInfo, column: unknown): CategoryLike {
  const c = column as Partial<CategoryLike> | null;
  if (c !== null && typeof c === 'object' && c.codes instanceof Int32Array && c.dictionary instanceof StringColumn) return c as CategoryLike;
  throw new CsvError('INVALID_OPTION', `column "${info.name}" of type category should have Int32Array codes and a StringColumn dictionary, not ${describe(column)}`, { column: info.name });
}

function describe(value: unknown): string {
  return value === null || value === undefined ? String(value) : (value as object).constructor?.name ?? typeof value;
}
