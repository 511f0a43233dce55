// Parquet through the CLI's own writer (./../parquet/): no dependency, one row group per batch,
// Snappy pages, dictionary encoding where a chunk repeats values, min/max statistics. Types map to
// the narrowest Parquet type that holds them exactly: i8/i16/u8/u16/u32 as annotated INT32, u64 as
// INT64 (UINT_64), timestamps as INT64 TIMESTAMP (UTC) in their unit, dates as INT32 DATE,
// booleans as BOOLEAN, categories as dictionary-encoded strings (their own codes and dictionary).
import type { ColumnInfo } from '../../index.js';
import { createParquetFile } from '../parquet/write.js';
import type { FormatWriter } from './format.js';

export async function openParquet(path: string, columns: readonly ColumnInfo[], nullsPossible: boolean): Promise<FormatWriter> {
  // REQUIRED where no value can be null: no definition levels to store
  const file = createParquetFile(path, columns, (c) => c.nullable || nullsPossible);
  let closed = false;
  return {
    async write(batch) {
      try {
        file.writeBatch(batch);
      } catch (err) {
        closed = true;
        file.abort();
        throw err;
      }
    },
    async finish() {
      if (!closed) file.close();
      closed = true;
    },
  };
}
