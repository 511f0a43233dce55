// nodejs-polars readCSV with the schema's dtypes, one thread (the runner sets POLARS_MAX_THREADS=1
// for this child), then every column pulled into JS (typed arrays; strings as an array) so that,
// like everyone else, it delivers columns to JavaScript. Timestamps are parsed by Polars itself
// (dtype Datetime('ms')) and cast to Float64 epoch milliseconds; bools cast to UInt8 (1/0);
// categories read as Categorical and handed over as codes + dictionary, like typed-csv's.
import pl from 'nodejs-polars';
import type { DataType, Series } from 'nodejs-polars';
import { columnType, type ColumnType, type ColumnView, type ParseInput, type Parser } from '../types.js';

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
    case 'bool': return pl.Bool;
    case 'date': return pl.Date;
    case 'timestamp': return pl.Datetime('ms');
    case 'category': return pl.Categorical;
  }
}

/**
 * A Categorical series as codes + dictionary. nodejs-polars has no `cat` namespace, so the
 * dictionary comes from the distinct values (in order of first appearance) and their own codes.
 */
function categoryView(s: Series): ColumnView {
  const codes = s.cast(pl.UInt32).toTypedArray() as Uint32Array;
  const distinct = s.unique(true);
  const distinctCodes = distinct.cast(pl.UInt32).toTypedArray() as Uint32Array;
  const distinctValues = distinct.toArray() as string[];
  const dictionary = new Array<string>(distinctValues.length);
  for (let i = 0; i < distinctValues.length; i++) dictionary[distinctCodes[i]] = distinctValues[i];
  return { kind: 'dictionary', codes, dictionary: { kind: 'values', values: dictionary } };
}

/** One column into JavaScript the cheapest way Polars offers for its type. */
function columnView(s: Series, type: ColumnType): ColumnView {
  switch (type) {
    case 'string':
      return { kind: 'values', values: s.toArray() };
    case 'category':
      return categoryView(s);
    case 'timestamp':
      return { kind: 'values', values: s.cast(pl.Float64).toTypedArray() as Float64Array };
    case 'date':
      return { kind: 'values', values: s.cast(pl.Int32).toTypedArray() as Int32Array };
    case 'bool':
      return { kind: 'values', values: s.cast(pl.UInt8).toTypedArray() as Uint8Array };
    default:
      return { kind: 'values', values: s.toTypedArray() as ArrayLike<unknown> };
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
    const columns = new Map<string, ColumnView>();
    for (const name of Object.keys(input.schema)) columns.set(name, columnView(df.getColumn(name), columnType(input.schema[name])));
    return { rowCount: df.height, column: (name) => columns.get(name) ?? { kind: 'values', values: [] } };
  },
  notes(input: ParseInput) {
    const types = new Set(Object.values(input.schema).map(columnType));
    return [
      ...(types.has('timestamp') ? ["timestamps parsed by readCSV (dtype Datetime('ms')), then cast to Float64 epoch ms (timed)"] : []),
      ...(types.has('category') ? ['category read as Categorical; codes (cast to UInt32) and the dictionary (unique values and their codes) pulled into JS (timed)'] : []),
      ...(types.has('bool') ? ['bool read as Boolean, cast to UInt8 1/0 (timed)'] : []),
    ];
  },
};
}

export const parser: Parser = polarsParser('polars', 1);
