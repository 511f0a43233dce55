// uDSV: inferSchema, then typedCols. The inferred column types are pinned to the schema (inference
// may call a timestamp a date, or a 64-bit integer a number): 64-bit columns get BigInt as their
// parse function, timestamps uDSV's own 't' type (Date.parse), bools 'b:true' (the word 'true').
import { readFileSync } from 'node:fs';
import { inferSchema, initParser } from 'udsv';
import { columnType, isBig, type Parser } from '../types.js';

export const parser: Parser = {
  name: 'udsv',
  parse(input) {
    const text = readFileSync(input.file, 'utf8');
    const schema = inferSchema(text, { col: input.delimiter });
    for (const col of schema.cols) {
      const spec = input.schema[col.name];
      if (spec === undefined) continue;
      const t = columnType(spec);
      if (t === 'string' || t === 'category') col.type = 's';
      else if (t === 'timestamp') col.type = 't';
      else if (t === 'bool') col.type = 'b:true';
      else if (isBig(t) || t === 'date') {
        col.type = 's';
        col.parse = isBig(t) ? (s: string) => BigInt(s) : (s: string) => Date.parse(s) / 86_400_000;
      } else col.type = 'n';
    }
    const cols = initParser(schema).typedCols(text) as unknown[][];
    const index = new Map(schema.cols.map((c, i) => [c.name, i]));
    const rowCount = cols[0]?.length ?? 0;
    return {
      rowCount,
      column: (name) => ({ kind: 'values', values: cols[index.get(name) ?? -1] ?? [] }),
    };
  },
  notes(input) {
    const types = Object.values(input.schema).map(columnType);
    return types.includes('timestamp') || types.includes('bool')
      ? ["timestamps as uDSV's 't' type (Date.parse), bools as 'b:true' (true for the word 'true', false otherwise)"]
      : [];
  },
};
