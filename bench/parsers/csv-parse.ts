// csv-parse (sync API) with columns from the header. cast: true where it gives the schema's values;
// with 64-bit columns (which cast: true would round to doubles) a cast function driven by the
// schema instead: Number() for numeric columns, BigInt() for 64-bit ones. The function is ~5×
// slower than cast: true (a context object per field), so it is used only where needed.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { isBig, rowsColumn, type ParseInput, type Parser } from '../types.js';
import { columnType } from '../../src/cli/types.js';

function needsCastFunction(input: ParseInput): boolean {
  return Object.values(input.schema).some((s) => isBig(columnType(s)));
}

export const parser: Parser = {
  name: 'csv-parse',
  parse(input) {
    const kinds = new Map(Object.entries(input.schema).map(([n, s]) => [n, columnType(s)]));
    const rows = parse(readFileSync(input.file), {
      columns: input.header ? true : input.names,
      delimiter: input.delimiter,
      skip_empty_lines: true,
      cast: needsCastFunction(input)
        ? (value, context) => {
            if (context.header) return value;
            const t = kinds.get(String(context.column));
            if (t === undefined || t === 'string') return value;
            return isBig(t) ? BigInt(value) : Number(value);
          }
        : true,
    }) as Record<string, unknown>[];
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
  notes(input) {
    return needsCastFunction(input)
      ? ['cast function by the schema (cast: true would round 64-bit integers); it costs ~5× cast: true']
      : ['cast: true'];
  },
};
