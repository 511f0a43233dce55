// PapaParse with header and dynamicTyping, given per column from the schema: dynamicTyping on every
// column would also turn ISO timestamps into Dates, and 64-bit integers into rounded Numbers, so
// it is on for number and bool columns only ('true'/'false' become booleans); text columns stay
// strings, 64-bit ones go through BigInt() and timestamps through Date.parse afterwards (timed).
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { convertValueColumns, textToValue } from '../js-values.js';
import { columnType, isBig, isPlainNumber, rowsColumn, type Parser } from '../types.js';

export const parser: Parser = {
  name: 'papaparse',
  parse(input) {
    const text = readFileSync(input.file, 'utf8');
    const types = Object.entries(input.schema).map(([n, s]) => [n, columnType(s)] as const);
    const typed = new Set(types.filter(([, t]) => isPlainNumber(t) || t === 'bool').map(([n]) => n));
    const after = types.filter(([, t]) => isBig(t) || t === 'timestamp' || t === 'date').map(([n, t]) => [n, textToValue(t)!] as [string, (s: string) => unknown]);
    const result = Papa.parse<Record<string, unknown>>(text, {
      header: input.header,
      delimiter: input.delimiter,
      skipEmptyLines: true,
      dynamicTyping: (field: string | number) => typed.has(String(field)),
    });
    if (result.errors.length > 0) throw new Error(`PapaParse: ${result.errors[0].message} (row ${result.errors[0].row})`);
    const rows = result.data;
    convertValueColumns(rows, after);
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
  notes(input) {
    const types = Object.values(input.schema).map(columnType);
    const hasText = types.some((t) => t === 'string' || t === 'category');
    return [
      ...(hasText ? ['dynamicTyping only on number and bool columns (it would turn ISO timestamps into Dates)'] : []),
      ...(types.some(isBig) ? ['64-bit columns read as strings, then BigInt() (timed): dynamicTyping would round them to doubles'] : []),
      ...(types.includes('timestamp') ? ['timestamps read as strings, then Date.parse (timed)'] : []),
    ];
  },
};
