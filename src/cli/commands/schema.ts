// `typed-csv schema FILE`: the sniffed schema, as TypeScript to paste and as a --schema string.
import type { Schema } from '../../index.js';
import { formatSchema } from '../args.js';
import { fmtInt } from '../format.js';
import { toJson } from '../json.js';
import { sniffForCli } from '../schema-source.js';
import { displayName } from '../stdin.js';
import type { Command } from './command.js';
import { COMMON_HELP, commonOptions, failureExit, fileSize, parseCommandArgs } from './common.js';

export const schema: Command = {
  name: 'schema',
  summary: 'the sniffed schema, as a TypeScript literal and as a --schema string',
  help: `Usage: typed-csv schema FILE [options]

Sniffs FILE's columns and prints the schema twice: as a TypeScript literal for
parseFile(path, { schema }) and as the --schema string the other commands take. The types are
a guess from a sample; the parser still checks every value, so a later value that does not fit
is a located error — widen that column's type (i32 → i64 → f64 → string).

      --json            {"delimiter", "header", "rowsSampled", "schema", "spec"} instead
${COMMON_HELP}
`,
  async run(argv) {
    let file: string | undefined;
    try {
      const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
      if (values.help) {
        process.stdout.write(this.help);
        return 0;
      }
      const opts = commonOptions(values, positionals);
      file = opts.file;
      fileSize(file);
      const guess = await sniffForCli(file, { header: opts.header, delimiter: opts.delimiter });
      const chosen = opts.schema ?? guess.schema;
      const spec = formatSchema(chosen);
      if (values.json) {
        process.stdout.write(toJson({ delimiter: guess.delimiter, header: guess.header, rowsSampled: guess.rowsSampled, schema: chosen, spec }, '  ') + '\n');
        return 0;
      }
      const dialect = [guess.delimiter !== ',' ? `delimiter: ${JSON.stringify(guess.delimiter)}` : '', !guess.header ? 'header: false' : ''].filter(Boolean);
      const lines = [
        `// ${opts.schema ? 'given' : `sniffed from ${fmtInt(guess.rowsSampled)} rows of`} ${displayName(file)}`,
        !opts.schema && guess.code ? `const schema = ${guess.code};` : schemaLiteral(chosen),
        ...(!opts.schema ? guess.warnings.map((w) => `// note: ${w}`) : []),
        '',
        `// parseFile(path, { schema${dialect.length ? ', ' + dialect.join(', ') : ''} })`,
        `// typed-csv … --schema ${shellQuote(spec)}${guess.delimiter !== ',' ? ` --delimiter ${shellQuote(guess.delimiter === '\t' ? 'tab' : guess.delimiter)}` : ''}${!guess.header ? ' --no-header' : ''}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    } catch (err) {
      return failureExit(err, file);
    }
  },
};

/** `const schema = { … } as const;` with one column a line. */
export function schemaLiteral(s: Schema): string {
  const body = Object.entries(s).map(([name, spec]) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const value = typeof spec === 'string' ? `'${spec}'` : `{ ${Object.entries(spec).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
    return `  ${key}: ${value},`;
  });
  return ['const schema = {', ...body, '} as const;'].join('\n');
}

/** A column option's value as TypeScript source: 'text', 12, true, ['yes', 'y']. */
function literal(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return String(v);
}

/** A word the shell passes through unchanged. */
function shellQuote(text: string): string {
  return /^[\w.,:/=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
