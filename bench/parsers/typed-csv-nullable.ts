// typed-csv (wasm) with every column declared nullable: what validity bitmaps cost. The workloads
// have no empty fields, so the values (and checksums) are the same as without.
import type { Parser, SchemaSpec } from '../types.js';
import { parseWithTypedCsv } from './typed-csv.js';

function nullable(schema: SchemaSpec): SchemaSpec {
  const out: SchemaSpec = {};
  for (const [name, spec] of Object.entries(schema)) out[name] = { type: typeof spec === 'string' ? spec : spec.type, nullable: true };
  return out;
}

export const parser: Parser = {
  name: 'typed-csv-nullable',
  parse: (input) => parseWithTypedCsv({ ...input, schema: nullable(input.schema) }),
};
