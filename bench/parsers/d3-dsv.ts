// d3-dsv: csvParse with autoType where autoType gives the schema's values; where it would not
// (ISO timestamps become Dates, 64-bit integers become rounded Numbers) a row function that
// converts by the schema instead, which is how d3 users handle such columns.
import { readFileSync } from 'node:fs';
import { autoType, dsvFormat } from 'd3-dsv';
import { isBig, rowsColumn, type ParseInput, type Parser } from '../types.js';
import { columnType } from '../../src/cli/types.js';

function autoTypeIsExact(input: ParseInput): boolean {
  return Object.values(input.schema).every((s) => {
    const t = columnType(s);
    return t !== 'string' && !isBig(t);
  });
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
      const cols = Object.entries(input.schema).map(([n, s]) => [n, columnType(s)] as const);
      rows = format.parse(text, (d) => {
        const row: Record<string, unknown> = {};
        for (const [n, t] of cols) {
          const v = d[n] as string;
          row[n] = t === 'string' ? v : isBig(t) ? BigInt(v) : +v;
        }
        return row;
      }) as unknown as Record<string, unknown>[];
    }
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
  notes(input) {
    return autoTypeIsExact(input)
      ? ['csvParse(text, autoType)']
      : [
          `row function converting by the schema: autoType would ${[
            ...(Object.values(input.schema).some((s) => columnType(s) === 'string') ? ['turn ISO timestamps into Dates'] : []),
            ...(Object.values(input.schema).some((s) => isBig(columnType(s))) ? ['round 64-bit integers to doubles'] : []),
          ].join(' and ')}`,
        ];
  },
};
