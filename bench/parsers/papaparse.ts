// PapaParse with header and dynamicTyping, given per column from the schema: dynamicTyping on every
// column would also turn ISO timestamps into Dates, and 64-bit integers into rounded Numbers, so
// string and 64-bit columns stay strings (64-bit ones go through BigInt() afterwards, timed).
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { isBig, rowsColumn, type Parser } from '../types.js';
import { columnType } from '../../src/cli/types.js';

export const parser: Parser = {
  name: 'papaparse',
  parse(input) {
    const text = readFileSync(input.file, 'utf8');
    const typed = new Set(Object.entries(input.schema).filter(([, s]) => { const t = columnType(s); return t !== 'string' && !isBig(t); }).map(([n]) => n));
    const big = Object.entries(input.schema).filter(([, s]) => isBig(columnType(s))).map(([n]) => n);
    const result = Papa.parse<Record<string, unknown>>(text, {
      header: input.header,
      delimiter: input.delimiter,
      skipEmptyLines: true,
      dynamicTyping: (field: string | number) => typed.has(String(field)),
    });
    if (result.errors.length > 0) throw new Error(`PapaParse: ${result.errors[0].message} (row ${result.errors[0].row})`);
    const rows = result.data;
    for (const name of big) for (const row of rows) row[name] = BigInt(row[name] as string);
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
  notes(input) {
    const hasText = Object.values(input.schema).some((s) => columnType(s) === 'string');
    const hasBig = Object.values(input.schema).some((s) => isBig(columnType(s)));
    return [
      ...(hasText ? ['dynamicTyping only on numeric columns (it would turn ISO timestamps into Dates)'] : []),
      ...(hasBig ? ['64-bit columns read as strings, then BigInt() (timed): dynamicTyping would round them to doubles'] : []),
    ];
  },
};
