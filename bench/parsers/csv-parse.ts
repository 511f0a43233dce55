// csv-parse (sync API) with columns from the header and a cast function driven by the schema:
// Number() for numeric columns, BigInt() for 64-bit ones (cast: true would round those).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { isBig, rowsColumn, type Parser } from '../types.js';
import { columnType } from '../../src/cli/types.js';

export const parser: Parser = {
  name: 'csv-parse',
  parse(input) {
    const kinds = new Map(Object.entries(input.schema).map(([n, s]) => [n, columnType(s)]));
    const rows = parse(readFileSync(input.file), {
      columns: input.header ? true : input.names,
      delimiter: input.delimiter,
      skip_empty_lines: true,
      cast: (value, context) => {
        if (context.header) return value;
        const t = kinds.get(String(context.column));
        if (t === undefined || t === 'string') return value;
        return isBig(t) ? BigInt(value) : Number(value);
      },
    }) as Record<string, unknown>[];
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
};
