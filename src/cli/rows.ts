// Reading a batch row by row for output (head, NDJSON): one reader per column that gives the
// value as the column holds it (number, BigInt, string) or null, whatever the column type.
import type { Table } from '../index.js';

export type Raw = number | bigint | string | null;

export interface ColumnReader {
  name: string;
  type: string;
  /** A timestamp column's unit, when it has one. */
  unit: string | undefined;
  /** True for columns whose values are text (strings, categories). */
  text: boolean;
  get(i: number): Raw;
}

export function columnReaders(batch: Table): ColumnReader[] {
  return batch.schema.map((info) => {
    const column = (batch.columns as Record<string, unknown>)[info.name];
    const bits = (batch.validity as Record<string, Uint8Array | undefined>)[info.name];
    const unit = (info as { unit?: unknown }).unit;
    const base = { name: info.name, type: info.type, unit: typeof unit === 'string' ? unit : undefined };
    if (ArrayBuffer.isView(column)) {
      const values = column as unknown as ArrayLike<number | bigint>;
      return { ...base, text: false, get: (i: number) => (bits !== undefined && (bits[i >> 3] & (1 << (i & 7))) === 0 ? null : values[i]) };
    }
    // StringColumn and CategoryColumn both have get(i) → string | null
    const col = column as { get(i: number): string | null };
    return { ...base, text: true, get: (i: number) => (bits !== undefined && (bits[i >> 3] & (1 << (i & 7))) === 0 ? null : col.get(i)) };
  });
}
