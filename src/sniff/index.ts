// Schema sniffing: a suggested dialect, header and schema from samples of an input (several places of it, not only its head). It suggests; parsing still checks every value.
import { invalidOption } from '../errors.js';
import type { ColumnSpec, Schema } from '../schema.js';
import { toBytes, type BytesInput } from '../sources/bytes.js';
import { schemaCode } from './code.js';
import { detectDialect, type DialectGuess } from './dialect.js';
import { accepts, inferColumn, type ColumnGuess, type SniffedType } from './infer.js';
import { splitRecords, type Field } from './records.js';
import { gatherRecords, planSamples, PROBE_BYTES, type Limits, type Plan, type Sample } from './sample.js';

export type { SniffedType } from './infer.js';

/** Options of sniff and sniffFile. */
export interface SniffOptions {
  /**
   * Most data records to examine, spread evenly over the places sampled (the head, the middle, the
   * tail). DuckDB samples 20,480.
   * @default 20000
   */
  sampleRows?: number;
  /**
   * Most bytes to read, spread over the places sampled; an input this size or smaller is read whole
   * (and its records thinned evenly to `sampleRows`).
   * @default 2097152 (2 MiB)
   */
  sampleBytes?: number;
  /** The delimiter, when you know it (one ASCII character); else it is one of `,` `;` `\t` `|`. */
  delimiter?: string;
  /** The quote character, when you know it; else `"` (or `'` when only that makes the records consistent). */
  quote?: string;
  /** Whether the first record is a header, when you know it; else it is guessed. */
  header?: boolean;
}

/** One column of a sniff: the choice and the evidence. */
export interface SniffedColumn {
  /** The column's name: the header's, or `column1`, `column2`… without a header. */
  name: string;
  /** 0-based position in the file. */
  index: number;
  /** The suggested type. */
  type: SniffedType;
  /** For `timestamp`: `'us'`/`'ns'` when sampled fractions are finer than milliseconds. */
  unit?: 'us' | 'ns';
  /** True when empty fields were seen. */
  nullable: boolean;
  /** The schema entry: `'i32'`, or `{ type, nullable, unit }`. */
  spec: ColumnSpec;
  /** Why this type, with the evidence (range, counts, examples). */
  why: string;
  /** Non-empty values sampled. */
  values: number;
  /** Empty values sampled. */
  empty: number;
  /** Distinct non-empty values sampled (counting stops past 1000). */
  distinct: number;
  /** Up to three distinct sampled values. */
  examples: string[];
}

/** What sniff and sniffFile suggest. */
export interface SniffResult {
  /** The delimiter, to pass as `delimiter`. */
  delimiter: string;
  /** The quote character, to pass as `quote`. */
  quote: string;
  /** Whether the first record is a header, to pass as `header`. */
  header: boolean;
  /** The suggested schema, to pass as `schema`: every file column, in file order. */
  schema: Schema;
  /** Each column's choice and the evidence, in file order. */
  columns: SniffedColumn[];
  /** Data records examined (the header not counted). */
  rowsSampled: number;
  /** The schema as TypeScript source, to paste: `{ machine: 'i32', … } as const`. */
  code: string;
  /** What a parse with this schema may trip on, seen in the sample (ragged records, decimal commas, leading zeros). */
  warnings: string[];
}

const DEFAULT_ROWS = 20_000;
const DEFAULT_BYTES = 2 * 1024 * 1024;
const decoder = new TextDecoder('utf-8', { ignoreBOM: false });

/**
 * Suggests a dialect, header and schema for CSV in memory (UTF-8 bytes or a string), synchronously.
 * A large input is sampled at several places (head, middles, tail), as sniffFile does.
 */
export function sniff(input: BytesInput, options: SniffOptions = {}): SniffResult {
  const limits = resolveLimits(options);
  if (typeof input === 'string') {
    const read = (p: Plan): Sample => ({ text: input.slice(p.offset, p.offset + p.length), first: p.offset === 0, last: p.offset + p.length >= input.length });
    const { plan, dialect } = planSamples(input.length, read({ offset: 0, length: PROBE_BYTES }), limits, options);
    return analyse(plan.map(read), dialect, plan.length === 1, limits, options);
  }
  const bytes = toBytes(input);
  const read = (p: Plan): Sample => ({ text: decoder.decode(bytes.subarray(p.offset, p.offset + p.length)), first: p.offset === 0, last: p.offset + p.length >= bytes.length });
  const { plan, dialect } = planSamples(bytes.length, read({ offset: 0, length: PROBE_BYTES }), limits, options);
  return analyse(plan.map(read), dialect, plan.length === 1, limits, options);
}

/**
 * Suggests a dialect, header and schema for a CSV file (Node), reading at most `sampleBytes` from
 * several places of it: the head, six evenly spaced places in the middle and the tail, each cut to
 * whole records, so a column whose values change kind late in the file is still seen.
 */
export async function sniffFile(path: string | URL, options: SniffOptions = {}): Promise<SniffResult> {
  const limits = resolveLimits(options);
  const fs = await import('node:fs/promises'); // lazily, so browsers never see node:fs
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const read = async (p: Plan): Promise<Sample> => {
      const buf = new Uint8Array(Math.min(p.length, size - p.offset));
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await handle.read(buf, got, buf.length - got, p.offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return { text: decoder.decode(buf.subarray(0, got)), first: p.offset === 0, last: p.offset + got >= size };
    };
    const { plan, dialect } = planSamples(size, await read({ offset: 0, length: PROBE_BYTES }), limits, options);
    const samples: Sample[] = [];
    for (const p of plan) samples.push(await read(p));
    return analyse(samples, dialect, plan.length === 1, limits, options);
  } finally {
    await handle.close();
  }
}

function resolveLimits(options: SniffOptions): Limits {
  const rows = options.sampleRows ?? DEFAULT_ROWS;
  const bytes = options.sampleBytes ?? DEFAULT_BYTES;
  if (!Number.isInteger(rows) || rows < 1) throw invalidOption(`sampleRows must be a whole number ≥ 1, not ${String(rows)}; e.g. sampleRows: 20000`);
  if (!Number.isInteger(bytes) || bytes < 1024) throw invalidOption(`sampleBytes must be a whole number ≥ 1024, not ${String(bytes)}; e.g. sampleBytes: 2 * 1024 * 1024`);
  for (const k of ['delimiter', 'quote'] as const) {
    const v = options[k];
    if (v !== undefined && (typeof v !== 'string' || v.length !== 1 || v.charCodeAt(0) > 127 || v === '\n' || v === '\r')) {
      throw invalidOption(`${k} must be one ASCII character other than a line end, not ${JSON.stringify(v)}; e.g. ${k}: ${k === 'delimiter' ? "';'" : `'"'`}`);
    }
  }
  if (options.delimiter !== undefined && options.delimiter === options.quote) throw invalidOption(`delimiter and quote must differ (both are ${JSON.stringify(options.delimiter)})`);
  return { rows, bytes };
}

function analyse(samples: Sample[], dialect: DialectGuess, whole: boolean, limits: Limits, options: SniffOptions): SniffResult {
  const head = samples[0];
  if (head.text.charCodeAt(0) === 0xfeff) head.text = head.text.slice(1);
  const { delimiter, quote } = dialect;
  const warnings: string[] = [];

  const width = options.header === true ? (splitRecords(head.text, 0, dialect, 1, head.last).records[0]?.length ?? dialect.width) : dialect.width;
  const records = gatherRecords(samples, dialect, width, whole, limits, warnings);
  if (records.length === 0) {
    return { delimiter, quote, header: options.header ?? true, schema: {}, columns: [], rowsSampled: 0, code: schemaCode({}), warnings: ['the input has no records'] };
  }

  // The first record, and the data records of the right width, thinned evenly when there are too many.
  const first = records[0];
  let data = records.slice(1);
  const ragged = data.filter((r) => r.length !== width).length;
  if (ragged > 0) warnings.push(`${ragged} sampled records do not have ${width} fields: parsing will report FIELD_COUNT for them`);
  data = data.filter((r) => r.length === width);
  if (data.length > limits.rows) data = thin(data, limits.rows);

  // Types of the records after the first; the first is then a header if it fails them.
  const column = (rows: Field[][], c: number) => rows.map((r) => r[c]);
  let guesses = Array.from({ length: width }, (_, c) => inferColumn(column(data, c)));
  const header = options.header ?? looksLikeHeader(first, data, guesses);
  if (!header && first.length === width) {
    data.unshift(first);
    if (data.length > limits.rows) data.pop();
    guesses = guesses.map((_, c) => inferColumn(column(data, c)));
  }
  if (first.length !== width) warnings.push(`the ${header ? 'header' : 'first record'} has ${first.length} fields but the records have ${width}: parsing will report FIELD_COUNT`);
  const names = header ? headerNames(first, warnings) : Array.from({ length: width }, (_, i) => `column${i + 1}`);

  const schema: Schema = {};
  const columns: SniffedColumn[] = [];
  names.forEach((name, index) => {
    if (name === undefined) return; // a name the header repeats
    const guess = guesses[index] ?? inferColumn([]);
    for (const w of guess.warnings) warnings.push(`column ${JSON.stringify(name)}: ${w}`);
    const spec = specOf(guess);
    schema[name] = spec;
    columns.push({
      name, index, type: guess.type, ...(guess.unit !== undefined ? { unit: guess.unit } : {}), nullable: guess.nullable, spec, why: guess.why,
      values: guess.values, empty: guess.empty, distinct: guess.distinct, examples: guess.examples,
    });
  });
  return { delimiter, quote, header, schema, columns, rowsSampled: data.length, code: schemaCode(schema), warnings };
}

/** `'i32'`, or `{ type, unit?, nullable: true }`. */
function specOf(guess: ColumnGuess): ColumnSpec {
  if (!guess.nullable && guess.unit === undefined) return guess.type as ColumnSpec;
  const spec: Record<string, unknown> = { type: guess.type };
  if (guess.unit !== undefined) spec.unit = guess.unit;
  if (guess.nullable) spec.nullable = true;
  return spec as unknown as ColumnSpec;
}

/**
 * A header is a first record that fails a type the column's other values pass (`id` over integers).
 * When every column passes, it is data. When every column is text, nothing tells for sure: it is a
 * header (most files have one, and `header: true` is the parser's default) unless a name is empty,
 * repeated or one of its column's values, which names rarely are.
 */
function looksLikeHeader(first: Field[], data: Field[][], guesses: ColumnGuess[]): boolean {
  if (first.length !== guesses.length) return true;
  if (data.length === 0) return first.every((v) => v !== null && v !== '' && !isTyped(v));
  let typed = 0;
  let fails = 0;
  guesses.forEach((g, c) => {
    const v = first[c];
    if (g.type === 'string' || g.type === 'category') return;
    typed++;
    if (v !== null && v !== '' && !accepts(g, v)) fails++;
  });
  if (fails > 0) return true;
  if (typed > 0) return false;
  if (first.some((v) => v === null || v === '')) return false;
  if (new Set(first).size !== first.length) return false;
  return !guesses.some((g, c) => g.distinctValues?.has(first[c]!) === true);
}

function isTyped(v: string): boolean {
  const { type } = inferColumn([v]);
  return type !== 'string' && type !== 'category';
}

/**
 * Header names; a name the header repeats is left out (undefined) and noted: the parser refuses a
 * schema that names it, since it can't tell which column is meant, and skips it otherwise.
 */
function headerNames(first: Field[], warnings: string[]): (string | undefined)[] {
  const at = new Map<string, number[]>();
  first.forEach((v, i) => at.set(v ?? '', [...(at.get(v ?? '') ?? []), i + 1]));
  for (const [name, columns] of at) {
    if (columns.length > 1) warnings.push(`the header names ${JSON.stringify(name)} ${columns.length} times (columns ${columns.join(' and ')}): left out of the schema, which could not tell them apart; rename them in the file, or use header: false`);
  }
  return first.map((v) => (at.get(v ?? '')!.length > 1 ? undefined : (v ?? '')));
}

/** `n` records spread evenly over `records`, the first and last included. */
function thin<T>(records: T[], n: number): T[] {
  if (n <= 1) return records.slice(0, n);
  const out: T[] = [];
  const step = (records.length - 1) / (n - 1);
  for (let k = 0; k < n; k++) out.push(records[Math.round(k * step)]);
  return out;
}
