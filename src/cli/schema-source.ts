// The one place the CLI gets a schema it was not given: the library's sniffer (src/sniff/).
import type { Schema } from '../index.js';
import { COLUMN_TYPES } from '../schema.js';
import { sniff, sniffFile } from '../sniff/index.js';
import { openStdin } from './stdin.js';

export interface CliSniff {
  schema: Schema;
  delimiter: string;
  quote: string;
  header: boolean;
  rowsSampled: number;
  /** The schema as TypeScript source. */
  code: string;
  /** What a parse may trip on, seen in the sample. */
  warnings: string[];
}

/**
 * Sniffs FILE's dialect and schema (several places of a file; the first megabyte of standard
 * input); a delimiter or --no-header the user gave wins over the guess (`header` undefined: not given).
 */
export async function sniffForCli(file: string, given: { header: boolean | undefined; delimiter: string | undefined }): Promise<CliSniff> {
  const options = { ...(given.delimiter !== undefined ? { delimiter: given.delimiter } : {}), ...(given.header !== undefined ? { header: given.header } : {}) };
  const r = file === '-' ? sniff(wholeRecords(await openStdin()), options) : await sniffFile(file, options);
  // A type this build's parser does not have (the sniffer may know more) is read as text.
  const schema: Schema = {};
  const warnings = [...r.warnings];
  let downgraded = false;
  for (const [name, spec] of Object.entries(r.schema)) {
    const type = typeof spec === 'string' ? spec : spec.type;
    if ((COLUMN_TYPES as readonly string[]).includes(type)) schema[name] = spec;
    else {
      schema[name] = typeof spec === 'object' && spec.nullable ? { type: 'string', nullable: true } : 'string';
      warnings.push(`column "${name}" looks like ${type}, which this build does not parse; read as string`);
      downgraded = true;
    }
  }
  return { schema, delimiter: r.delimiter, quote: r.quote, header: r.header, rowsSampled: r.rowsSampled, code: downgraded ? '' : r.code, warnings };
}

/** Standard input's head without its possibly cut last record. */
function wholeRecords(stdin: { head: Uint8Array; complete: boolean }): Uint8Array {
  if (stdin.complete) return stdin.head;
  const end = stdin.head.lastIndexOf(10);
  return end < 0 ? stdin.head : stdin.head.subarray(0, end + 1);
}
