// Parquet through hyparquet-writer (pure JavaScript, ~1 MB installed, an optional peer
// dependency): one row group per batch, Snappy pages, min/max statistics. Types map to the
// narrowest Parquet type that holds them exactly: i8/i16/u8/u16/u32 as annotated INT32, u64 as
// INT64 UINT_64, timestamps as INT64 TIMESTAMP (UTC), dates as INT32 DATE, categories as
// dictionary-encoded strings.
import type { ColumnInfo, Table } from '../../index.js';
import { importOptional } from '../optional.js';
import type { FormatWriter } from './format.js';

interface SchemaElement {
  name: string;
  type?: string;
  converted_type?: string;
  logical_type?: Record<string, unknown>;
  repetition_type?: 'REQUIRED' | 'OPTIONAL';
  num_children?: number;
}
interface HyparquetWriter {
  ParquetWriter: new (o: { writer: unknown; schema: SchemaElement[]; codec?: string; createdBy?: string }) => {
    write(o: { columnData: { name: string; data: unknown }[]; rowGroupSize?: number }): void | Promise<void>;
    finish(): void | Promise<void>;
  };
  fileWriter(path: string): unknown;
}

function element(name: string, type: string, nullable: boolean, unit: string | undefined): SchemaElement {
  const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
  // Converted types only: hyparquet-writer 0.17 writes the INTEGER logical type's bitWidth as a
  // thrift i32 where readers expect an i8 (DuckDB: "TProtocolException: Invalid data").
  switch (type) {
    case 'i8': return { name, repetition_type, type: 'INT32', converted_type: 'INT_8' };
    case 'i16': return { name, repetition_type, type: 'INT32', converted_type: 'INT_16' };
    case 'i32': return { name, repetition_type, type: 'INT32' };
    case 'u8': return { name, repetition_type, type: 'INT32', converted_type: 'UINT_8' };
    case 'u16': return { name, repetition_type, type: 'INT32', converted_type: 'UINT_16' };
    case 'u32': return { name, repetition_type, type: 'INT32', converted_type: 'UINT_32' };
    case 'i64': return { name, repetition_type, type: 'INT64' };
    case 'u64': return { name, repetition_type, type: 'INT64', converted_type: 'UINT_64' };
    case 'f32': return { name, repetition_type, type: 'FLOAT' };
    case 'f64': return { name, repetition_type, type: 'DOUBLE' };
    case 'bool': return { name, repetition_type, type: 'BOOLEAN' };
    case 'date': return { name, repetition_type, type: 'INT32', converted_type: 'DATE' };
    case 'timestamp': {
      const u = unit === 'ns' ? 'NANOS' : unit === 'us' ? 'MICROS' : 'MILLIS';
      return { name, repetition_type, type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: u }, ...(u !== 'NANOS' ? { converted_type: `TIMESTAMP_${u}` } : {}) };
    }
    default: return { name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

/** The column's values as hyparquet-writer takes them: typed arrays where no value is null. */
function columnData(batch: Table, name: string, type: string): unknown {
  const column = (batch.columns as Record<string, unknown>)[name];
  const bits = (batch.validity as Record<string, Uint8Array | undefined>)[name];
  const n = batch.rowCount;
  const isNull = (i: number) => bits !== undefined && (bits[i >> 3] & (1 << (i & 7))) === 0;
  let anyNull = false;
  if (bits !== undefined) for (let i = 0; i < n && !anyNull; i++) anyNull = isNull(i);
  if (!ArrayBuffer.isView(column)) {
    const text = column as { get(i: number): string | null };
    const out = new Array<string | null>(n);
    for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : text.get(i);
    return out;
  }
  const values = column as unknown as ArrayLike<number | bigint>;
  if (type === 'timestamp' && typeof values[0] !== 'bigint') {
    // milliseconds held as doubles → INT64 milliseconds
    const out = anyNull ? new Array<bigint | null>(n) : new BigInt64Array(n);
    for (let i = 0; i < n; i++) (out as (bigint | null)[])[i] = isNull(i) ? null : BigInt(Math.floor(values[i] as number));
    return out;
  }
  if (type === 'bool') {
    const out = new Array<boolean | null>(n);
    for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : values[i] !== 0;
    return out;
  }
  // hyparquet-writer 0.17 turns a typed array of UINT_32 values into unsigned words that its INT32
  // encoder then refuses; a plain array takes its signed-conversion path.
  if (!anyNull && !(column instanceof Uint32Array)) return values;
  const out = new Array<number | bigint | null>(n);
  for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : values[i];
  return out;
}

export async function openParquet(path: string, columns: readonly ColumnInfo[], nullsPossible: boolean): Promise<FormatWriter> {
  const hp = await importOptional<HyparquetWriter>('hyparquet-writer', 'writing Parquet');
  const schema = [
    { name: 'root', num_children: columns.length },
    // REQUIRED where no value can be null: no definition levels to store
    ...columns.map((c) => element(c.name, c.type, c.nullable || nullsPossible, (c as { unit?: string }).unit)),
  ];
  const writer = new hp.ParquetWriter({ writer: hp.fileWriter(path), schema, codec: 'SNAPPY', createdBy: 'typed-csv' });
  return {
    async write(batch) {
      if (batch.rowCount === 0) return;
      await writer.write({ columnData: columns.map((c) => ({ name: c.name, data: columnData(batch, c.name, c.type) })), rowGroupSize: batch.rowCount });
    },
    async finish() {
      await writer.finish();
    },
  };
}
