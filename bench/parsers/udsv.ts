// uDSV: inferSchema, then typedCols. The inferred column types are pinned to the schema (inference
// may call a timestamp a date, or a 64-bit integer a number), and 64-bit columns get BigInt as
// their parse function.
import { readFileSync } from 'node:fs';
import { inferSchema, initParser } from 'udsv';
import { isBig, type Parser } from '../types.js';
import { columnType } from '../../src/cli/types.js';

export const parser: Parser = {
  name: 'udsv',
  parse(input) {
    const text = readFileSync(input.file, 'utf8');
    const schema = inferSchema(text, { col: input.delimiter });
    for (const col of schema.cols) {
      const spec = input.schema[col.name];
      if (spec === undefined) continue;
      const t = columnType(spec);
      if (t === 'string') col.type = 's';
      else if (isBig(t)) {
        col.type = 's';
        col.parse = (s: string) => BigInt(s);
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
};
