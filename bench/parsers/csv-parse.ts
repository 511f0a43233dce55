// csv-parse (sync API) with columns from the header. cast: true where it gives the schema's values;
// with 64-bit columns (which cast: true would round to doubles) a cast function driven by the
// schema instead: Number() for numeric columns, BigInt() for 64-bit ones. The function is ~5×
// slower than cast: true (a context object per field), so it is used only where needed. cast: true
// leaves timestamps and bools as text: they are converted afterwards (Date.parse, 'true'/'false').
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { convertValueColumns, textToValue, valueColumns, valueNotes } from '../js-values.js';
import { columnType, isBig, rowsColumn, type ParseInput, type Parser } from '../types.js';

function needsCastFunction(input: ParseInput): boolean {
  return Object.values(input.schema).some((s) => isBig(columnType(s)));
}

export const parser: Parser = {
  name: 'csv-parse',
  parse(input) {
    const kinds = new Map(Object.entries(input.schema).map(([n, s]) => [n, textToValue(columnType(s))]));
    const castFunction = needsCastFunction(input);
    const rows = parse(readFileSync(input.file), {
      columns: input.header ? true : input.names,
      delimiter: input.delimiter,
      skip_empty_lines: true,
      cast: castFunction
        ? (value, context) => {
            if (context.header) return value;
            const convert = kinds.get(String(context.column));
            return convert ? convert(value) : value;
          }
        : true,
    }) as Record<string, unknown>[];
    if (!castFunction) convertValueColumns(rows, valueColumns(input.schema));
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
  notes(input) {
    return needsCastFunction(input)
      ? ['cast function by the schema (cast: true would round 64-bit integers); it costs ~5× cast: true']
      : ['cast: true', ...valueNotes(input.schema)];
  },
};
