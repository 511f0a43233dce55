// Parquet through the CLI's own writer (./../parquet/): no dependency, row groups of a fixed size
// Snappy pages, dictionary encoding where a chunk repeats values, min/max statistics. Types map to
// the narrowest Parquet type that holds them exactly: i8/i16/u8/u16/u32 as annotated INT32, u64 as
// INT64 (UINT_64), timestamps as INT64 TIMESTAMP (UTC) in their unit, dates as INT32 DATE,
// booleans as BOOLEAN, categories as dictionary-encoded strings (their own codes and dictionary).
import type { ColumnInfo } from '../../index.js';
import { RowGroups } from '../parquet/row-groups.js';
import { createParquetFile } from '../parquet/write.js';
import type { FormatWriter } from './format.js';

/**
 * Rows are gathered into row groups of `groupRows` (the same file whatever the batches' sizes, so
 * whatever --threads), each written before the next batch is asked for.
 */
export async function openParquet(path: string, columns: readonly ColumnInfo[], nullsPossible: boolean, groupRows: number): Promise<FormatWriter> {
  // REQUIRED where no value can be null: no definition levels to store
  const file = createParquetFile(path, columns, (c) => c.nullable || nullsPossible);
  const groups = new RowGroups(columns, groupRows, (group) => file.writeBatch(group));
  let closed = false;
  const guarded = (step: () => void) => {
    try {
      step();
    } catch (err) {
      closed = true;
      file.abort();
      throw err;
    }
  };
  return {
    async write(batch) {
      guarded(() => groups.add(batch));
    },
    async finish() {
      if (!closed) guarded(() => groups.finish());
      if (!closed) file.close();
      closed = true;
    },
  };
}
