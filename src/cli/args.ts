// Command-line parsing for `typed-csv [FILE] [--schema ...]`.
import { parseArgs } from 'node:util';
import { COLUMN_TYPES } from '../schema.js';
import type { ColumnType, SchemaSpec } from './types.js';

export interface CliOptions {
  help: boolean;
  file?: string;
  schema?: SchemaSpec;
  header: boolean;
  delimiter: string;
  compare: boolean;
  engine?: string;
  rows?: number;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: typed-csv [FILE] [options]

Parses a CSV file into typed columns with typed-csv, prints parse time, throughput, peak memory
and statistics of every column, and compares with a plain JavaScript reader (strings first,
Number() afterwards). Each parser runs in its own process so its memory is its own.

Without FILE, generates the seed workload once (10,000,000 lines "machine,duration", ~100 MB,
cached in the system temp directory) and uses that.

Options:
  --schema SPEC      column types, e.g. machine:i32,duration:f64 (nullable: duration:f64?)
                     types: ${COLUMN_TYPES.join(' ')}
                     without --schema the types are guessed from the first rows
  --no-header        the file has no header line (schema order = column order)
  --delimiter C      field delimiter (default ","; "\\t" or "tab" for tabs)
  --engine NAME      typed-csv engine to use (e.g. js)
  --no-compare       skip the plain JavaScript comparison run
  --rows N           seed workload size when no FILE is given (default 10000000)
  -h, --help         show this help
`;

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        schema: { type: 'string' },
        'no-header': { type: 'boolean' },
        delimiter: { type: 'string', short: 'd' },
        engine: { type: 'string' },
        'no-compare': { type: 'boolean' },
        rows: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
  const opts: CliOptions = {
    help: values.help === true,
    header: values['no-header'] !== true,
    delimiter: parseDelimiter(values.delimiter ?? ','),
    compare: values['no-compare'] !== true,
  };
  if (positionals[0] !== undefined) opts.file = positionals[0];
  if (values.schema !== undefined) opts.schema = parseSchema(values.schema);
  if (values.engine !== undefined) opts.engine = values.engine;
  if (values.rows !== undefined) {
    const n = Number(values.rows.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--rows must be a positive integer, got "${values.rows}"`);
    opts.rows = n;
  }
  return opts;
}

export function parseDelimiter(text: string): string {
  const d = text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
  if (d.length !== 1 || d.charCodeAt(0) > 0x7f) throw new UsageError(`--delimiter must be one ASCII character, got "${text}"`);
  return d;
}

/** `a:i32,b:f64?` → `{ a: 'i32', b: { type: 'f64', nullable: true } }`. */
export function parseSchema(text: string): SchemaSpec {
  const schema: SchemaSpec = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const colon = item.lastIndexOf(':'); // the name may itself contain ':'
    if (colon <= 0) throw new UsageError(`--schema entry "${item}" must look like name:type`);
    const name = item.slice(0, colon).trim();
    let type = item.slice(colon + 1).trim().toLowerCase();
    const nullable = type.endsWith('?');
    if (nullable) type = type.slice(0, -1);
    if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`--schema: unknown type "${type}" for column "${name}" (types: ${COLUMN_TYPES.join(' ')})`);
    }
    if (Object.prototype.hasOwnProperty.call(schema, name)) throw new UsageError(`--schema: column "${name}" given twice`);
    // the library's column types (bool, date, … as it gains them); the demo's workers take the numeric ones
    schema[name] = nullable ? { type: type as ColumnType, nullable: true } : (type as ColumnType);
  }
  if (Object.keys(schema).length === 0) throw new UsageError('--schema is empty');
  return schema;
}

/** A schema as the library or the CLI holds it (any column type, any column options). */
type AnySchema = Record<string, string | { type: string; nullable?: boolean }>;

/** The --schema string of a schema (column options other than nullable have no spelling there). */
export function formatSchema(schema: AnySchema | SchemaSpec): string {
  return Object.entries(schema)
    .map(([name, spec]) => (typeof spec === 'string' ? `${name}:${spec}` : `${name}:${spec.type}${spec.nullable ? '?' : ''}`))
    .join(',');
}
