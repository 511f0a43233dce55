// nodejs-polars readCSV with the schema's dtypes, one thread (the runner sets POLARS_MAX_THREADS=1
// for this child), then every column pulled into JS (typed arrays; strings as an array) so that,
// like everyone else, it delivers columns to JavaScript.
import pl from 'nodejs-polars';
import type { DataType } from 'nodejs-polars';
import type { Parser } from '../types.js';
import { columnType, type ColumnType } from '../../src/cli/types.js';

function dtype(t: ColumnType): DataType {
  switch (t) {
    case 'i8': return pl.Int8;
    case 'i16': return pl.Int16;
    case 'i32': return pl.Int32;
    case 'i64': return pl.Int64;
    case 'u8': return pl.UInt8;
    case 'u16': return pl.UInt16;
    case 'u32': return pl.UInt32;
    case 'u64': return pl.UInt64;
    case 'f32': return pl.Float32;
    case 'f64': return pl.Float64;
    case 'string': return pl.Utf8;
  }
}

/** readCSV on `threads` threads (the runner sets POLARS_MAX_THREADS to match for the child). */
export function polarsParser(name: string, threads: number): Parser {
  return {
  name,
  parse(input) {
    const dtypes = Object.fromEntries(Object.entries(input.schema).map(([n, s]) => [n, dtype(columnType(s))]));
    const df = pl.readCSV(input.file, {
      hasHeader: input.header,
      sep: input.delimiter,
      dtypes,
      numThreads: threads,
      ...(input.header ? {} : { columns: input.names }),
    });
    const columns = new Map<string, ArrayLike<unknown>>();
    for (const name of Object.keys(input.schema)) {
      const s = df.getColumn(name);
      columns.set(name, columnType(input.schema[name]) === 'string' ? s.toArray() : (s.toTypedArray() as ArrayLike<unknown>));
    }
    return { rowCount: df.height, column: (name) => ({ kind: 'values', values: columns.get(name) ?? [] }) };
  },
};
}

export const parser: Parser = polarsParser('polars', 1);
