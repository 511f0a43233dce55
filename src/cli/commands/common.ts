// What every subcommand shares: the common options, the schema (given or sniffed), parse options
// wired to the progress bar and Ctrl-C, and how failures become exit codes and located messages.
import { statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CsvError, type ColumnInfo, type ParseOptions, type Schema } from '../../index.js';
import { formatSchema, parseDelimiter, parseSchema, UsageError } from '../args.js';
import { createParseProgress, type ParseProgress } from '../progress.js';
import { sniffForCli } from '../schema-source.js';
import { displayName } from '../stdin.js';

/** Exit codes: 0 success, 1 bad data (or a file that can't be read), 2 bad usage, 130 interrupted. */
export const EXIT = { ok: 0, data: 1, usage: 2, interrupted: 130 } as const;

export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  schema: { type: 'string', short: 's' },
  delimiter: { type: 'string', short: 'd' },
  'no-header': { type: 'boolean' },
  threads: { type: 'string', short: 't' },
  'on-error': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const satisfies ParseArgsConfig['options'];

export const COMMON_HELP = `Options every command takes:
  -s, --schema SPEC     column types, e.g. machine:i32,duration:f64? (? = nullable); without it the
                        schema is sniffed from the file and printed on stderr so you can pin it
  -d, --delimiter C     field delimiter (default: sniffed, else ","; "tab" or "\\t" for tabs)
      --no-header       the file has no header line (columns are named column1, column2, …)
  -t, --threads N       threads to use (a number or "auto", the default: every core for files
                        of 64 MiB and more, else one; for the other commands only on 4 cores
                        or more); stats and convert work on one of them while the rest parse
      --on-error P      bad records: throw (default: stop, exit 1), skip (drop the record) or null
                        (bad value becomes null); skipped/nulled counts are reported on stderr
  -q, --quiet           no sniffed-schema note and no progress bar on stderr
  -h, --help            this help
FILE "-" reads standard input (its first MB is sniffed, then parsed with the rest).`;

export interface CommonOptions {
  file: string;
  schema: Schema | undefined;
  delimiter: string | undefined;
  /** False with --no-header; else true when a schema is given, undefined (sniff decides) when not. */
  header: boolean | undefined;
  threads: number | 'auto';
  onError: 'throw' | 'skip' | 'null';
  quiet: boolean;
}

/** What parseArgs found: option values by long name (string options as strings), and FILE. */
export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** parseArgs with the common options added; usage mistakes become UsageError (exit 2). */
export function parseCommandArgs(argv: string[], own: NonNullable<ParseArgsConfig['options']>): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...COMMON_OPTIONS, ...own } });
    return { values: values as ParsedCommand['values'], positionals };
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** Reads the common options out of parseArgs' values; `positionals` must hold exactly FILE. */
export function commonOptions(values: Record<string, unknown>, positionals: string[]): CommonOptions {
  if (positionals.length === 0) throw new UsageError('missing FILE');
  if (positionals.length > 1) throw new UsageError(`expected one FILE, got ${positionals.length}: ${positionals.join(' ')}`);
  const file = positionals[0];
  const threadsText = (values.threads as string | undefined) ?? 'auto';
  let threads: number | 'auto' = 'auto';
  if (threadsText !== 'auto') {
    const n = Number(threadsText);
    if (!Number.isInteger(n) || n < 1 || n > 1024) throw new UsageError(`--threads must be a whole number from 1 to 1024 or "auto", got "${threadsText}"`);
    threads = n;
  }
  const onError = (values['on-error'] as string | undefined) ?? 'throw';
  if (onError !== 'throw' && onError !== 'skip' && onError !== 'null') {
    throw new UsageError(`--on-error must be throw, skip or null, got "${onError}"`);
  }
  return {
    file,
    schema: values.schema === undefined ? undefined : (parseSchema(values.schema as string) as Schema),
    delimiter: values.delimiter === undefined ? undefined : parseDelimiter(values.delimiter as string),
    header: values['no-header'] === true ? false : values.schema !== undefined ? true : undefined,
    threads,
    onError,
    quiet: values.quiet === true,
  };
}

/** Fails with exit code 1 (not 2: the command line was fine) when FILE can't be read as a file. */
export function fileSize(file: string): number {
  if (file === '-') return 0; // standard input: size unknown
  let st;
  try {
    st = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliFailure(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(err as Error).message}`, EXIT.data);
  }
  if (!st.isFile()) throw new CliFailure(`${file}: not a regular file`, EXIT.data);
  return st.size;
}

/** A failure with its exit code and a message for stderr. */
export class CliFailure extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export interface ResolvedInput {
  file: string;
  bytes: number;
  schema: Schema;
  delimiter: string;
  quote: string;
  header: boolean;
  /** True when the schema came from sniffing rather than --schema. */
  sniffed: boolean;
}

/** The schema to parse with: --schema, else sniffed (and printed on stderr so the user can pin it). */
export async function resolveInput(opts: CommonOptions, announce = true): Promise<ResolvedInput> {
  const bytes = fileSize(opts.file);
  if (opts.schema) return { file: opts.file, bytes, schema: opts.schema, delimiter: opts.delimiter ?? ',', quote: '"', header: opts.header ?? true, sniffed: false };
  const guess = await sniffForCli(opts.file, { header: opts.header, delimiter: opts.delimiter });
  if (Object.keys(guess.schema).length === 0) throw new CliFailure(`${displayName(opts.file)}: no columns found (empty input?); pass --schema`, EXIT.data);
  if (announce && !opts.quiet) {
    process.stderr.write(`typed-csv: sniffed schema (pin it with --schema): ${formatSchema(guess.schema)}\n`);
    for (const w of guess.warnings) process.stderr.write(`typed-csv: note: ${w}\n`);
  }
  return { file: opts.file, bytes, schema: guess.schema, delimiter: guess.delimiter, quote: guess.quote, header: guess.header, sniffed: true };
}

export interface RunContext {
  signal: AbortSignal;
  progress: ParseProgress;
}

/** Parse options for the library from the command line and the run context. */
export function parseOptions(input: ResolvedInput, opts: CommonOptions, ctx: RunContext): ParseOptions {
  return {
    schema: input.schema,
    header: input.header,
    delimiter: input.delimiter,
    quote: input.quote,
    onError: opts.onError,
    signal: ctx.signal,
    onProgress: (p) => ctx.progress.update(p.bytes, p.totalBytes ?? input.bytes, p.rows), // 0: unknown (stdin)
    threads: opts.threads,
  };
}

/** Runs a command body with Ctrl-C wired to an AbortSignal and a progress bar on a terminal. */
export async function withRun<T>(label: string, quiet: boolean, body: (ctx: RunContext) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  const progress = createParseProgress(label, { enabled: !quiet });
  try {
    return await body({ signal: controller.signal, progress });
  } catch (err) {
    if (controller.signal.aborted) throw new CliFailure('interrupted', EXIT.interrupted);
    throw err;
  } finally {
    progress.clear();
    process.removeListener('SIGINT', onSigint);
  }
}

/** `file:line: column "duration": invalid f64 "oops"` from a CsvError. */
export function locateError(file: string, err: CsvError): string {
  file = displayName(file);
  let message = err.message;
  let column = '';
  if (err.column !== undefined) {
    const inColumn = ` in column ${JSON.stringify(err.column)}`;
    if (message.includes(inColumn)) {
      message = message.replace(inColumn, '');
      column = `column ${JSON.stringify(err.column)}: `;
    }
  }
  message = message.replace(/ at line \d+( \(byte \d+\))?/, '');
  return `${file}${err.line !== undefined ? `:${err.line}` : ''}: ${column}${message}`;
}

/** Under --on-error skip/null: one stderr note with the counts and the first error, located. */
export function reportTolerated(file: string, counts: { errorCount: number; skipped: number; first: CsvError | undefined }, policy: string): void {
  if (counts.errorCount === 0) return;
  const what = policy === 'skip' ? `${counts.skipped.toLocaleString('en-US')} records skipped` : `${counts.skipped.toLocaleString('en-US')} records dropped, the other bad values read as null`;
  process.stderr.write(`typed-csv: ${counts.errorCount.toLocaleString('en-US')} bad records (${what}); first: ${counts.first ? locateError(file, counts.first) : '?'}\n`);
}

/** Turns whatever a command threw into a stderr message and an exit code. */
export function failureExit(err: unknown, file: string | undefined): number {
  if (err instanceof UsageError) {
    process.stderr.write(`typed-csv: ${err.message}\n`);
    return EXIT.usage;
  }
  if (err instanceof CliFailure) {
    process.stderr.write(`typed-csv: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof CsvError) {
    if (err.code === 'ABORTED') {
      process.stderr.write('typed-csv: interrupted\n');
      return EXIT.interrupted;
    }
    if (err.code === 'INVALID_OPTION') {
      process.stderr.write(`typed-csv: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`typed-csv: ${file !== undefined ? locateError(file, err) : err.message}\n`);
    return EXIT.data;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    process.stderr.write(`typed-csv: ${e.message}\n`);
    return EXIT.data;
  }
  throw err;
}

/** The schema's columns with defaults filled in, in schema order (what a batch's schema holds). */
export function declaredColumns(schema: Schema): ColumnInfo[] {
  return Object.entries(schema).map(([name, spec]) =>
    typeof spec === 'string' ? { name, type: spec, nullable: false } : { ...spec, name, type: spec.type, nullable: spec.nullable ?? false },
  );
}
