// d3-dsv: csvParse with autoType where autoType gives the schema's values; where it would not
// (ISO timestamps become Dates, 64-bit integers become rounded Numbers, any text that looks like a
// number or a date changes) a row function that converts by the schema instead, which is how d3
// users handle such columns: Number(), BigInt(), Date.parse for timestamps, 'true'/'false' for bools.
import { readFileSync } from 'node:fs';
import { autoType, dsvFormat } from 'd3-dsv';
import { textToValue } from '../js-values.js';
import { columnType, isBig, isPlainNumber, rowsColumn, type ParseInput, type Parser } from '../types.js';

function autoTypeIsExact(input: ParseInput): boolean {
  return Object.values(input.schema).every((s) => isPlainNumber(columnType(s)));
}

export const parser: Parser = {
  name: 'd3-dsv',
  parse(input) {
    const text = readFileSync(input.file, 'utf8');
    const format = dsvFormat(input.delimiter);
    let rows: Record<string, unknown>[];
    if (autoTypeIsExact(input)) {
      rows = format.parse(text, autoType) as unknown as Record<string, unknown>[];
    } else {
      const cols = Object.entries(input.schema).map(([n, s]) => [n, textToValue(columnType(s))] as const);
      rows = format.parse(text, (d) => {
        const row: Record<string, unknown> = {};
        for (const [n, convert] of cols) {
          const v = d[n] as string;
          row[n] = convert ? convert(v) : v;
        }
        return row;
      }) as unknown as Record<string, unknown>[];
    }
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
  notes(input) {
    if (autoTypeIsExact(input)) return ['csvParse(text, autoType)'];
    const types = Object.values(input.schema).map(columnType);
    const text = types.some((t) => t === 'string' || t === 'category');
    const why = [
      ...(text ? ['change text that looks like a number or date'] : []),
      ...(types.includes('timestamp') || types.includes('date') ? ['give Dates, not epoch numbers'] : []),
      ...(types.some(isBig) ? ['round 64-bit integers to doubles'] : []),
    ];
    const how = [
      ...(types.includes('timestamp') ? ['Date.parse for timestamps'] : []),
      ...(types.includes('bool') ? ["'true'/'false' for bools"] : []),
    ];
    return [`row function converting by the schema${how.length ? ` (${how.join(', ')})` : ''}: autoType would ${why.join(' and ')}`];
  },
};
