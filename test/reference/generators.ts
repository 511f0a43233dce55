/**
 * fast-check arbitraries for CSV cases: a random schema and dialect, a model of the file (header,
 * rows of fields with random quoting, padding, line ends, blank lines, BOM, wrong field counts,
 * invalid numbers), rendered to bytes; optionally mutated (bytes dropped, duplicated, flipped,
 * inserted, the input truncated); or plain random bytes after a header. Each case also carries a
 * random chunking for parseStream, and an error policy: throw, skip, null or a callback that answers
 * by error code, by position or by call count, with maxErrors small or large, validateUtf8 on or
 * off, and sometimes a parseBatches run with a few rows per batch.
 *
 * The generators aim at the rules' edges, not at realism: most fields are valid so that rows get
 * parsed, but every field can be the one that breaks.
 */
import fc from 'fast-check';
import { settingsFor, valueText } from './value-generators.js';
import type { ValueSettings } from './reference-values.js';
import { COLUMN_TYPES, INTEGER_RANGES, RECORD_ERROR_CODES, type ColumnSpec, type ColumnType, type ErrorCode, type PolicyAnswer, type RefOptions } from './reference-parser.js';
import type { Chunking } from './library.js';
import type { CallbackSpec, CaseOptions, CsvCase } from './cases.js';
export { prng } from '../support/prng.js';
import { prng } from '../support/prng.js';

export type { CsvCase } from './cases.js';

interface ModelColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** false: a file column the schema does not name (skipped by projection). */
  inSchema: boolean;
  /** bool, date, timestamp, category: the declared settings (words, format, unit, maxCategories). */
  settings?: ValueSettings;
}

type QuoteMode = 'auto' | 'always' | 'never';

interface FieldModel {
  text: string;
  quote: QuoteMode;
  padLeft: string;
  padRight: string;
}

interface RowModel {
  fields: FieldModel[];
  fieldCount: 'exact' | 'drop' | 'add';
  lineEnd: string;
  blankBefore: string;
}

interface Dialect {
  delimiter: string;
  quote: string;
  trim: boolean;
  header: boolean;
}

interface FileModel {
  columns: ModelColumn[];
  dialect: Dialect;
  headerDefect: 'none' | 'rename' | 'duplicate';
  rows: RowModel[];
  bom: boolean;
  leadingBlank: string;
  ending: 'newline' | 'none' | 'cr' | 'blank';
}

const SCHEMA_NAMES = ['a', 'b', 'id', 'x y', 'q"t', "q't", 'd,e', 'é', 'n;m', 'p|q', 't\tb', '', 'l\nf', 'c\r\nr'];
const EXTRA_NAMES = ['junk', 'skip', 'z'];

/** Bytes that matter to a CSV parser, plus a few UTF-8 lead/continuation bytes. */
export const SPECIAL_BYTES = [
  0x22, 0x27, 0x2c, 0x3b, 0x7c, 0x09, 0x0a, 0x0d, 0x20, 0x30, 0x31, 0x39, 0x2e, 0x65, 0x45, 0x2b, 0x2d, 0x61, 0x6e,
  0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x80, 0xff, 0x00,
];

const weighted = <T>(...pairs: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> =>
  fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const digits = (maxLength: number, minLength = 0) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
const sign = fc.constantFrom('', '', '', '+', '-');

const invalidNumberText = fc.constantFrom(
  '0x10', '1_000', '1,5', ' 7', '7 ', '12abc', '1e', 'abc', '--1', '1e+', '+', '-', '.', '', '١', '1..2', '1e5.5', 'in f',
  'nan0', '0.0x5', 'Infinityx', 'e1', '\uFEFF1', '1\r', '٣.5',
);

/** Integers in the type's range, written with optional sign and leading zeros. */
function validIntText(type: ColumnType): fc.Arbitrary<string> {
  const [min, max] = INTEGER_RANGES[type];
  return weighted(
    [6, fc.bigInt({ min, max }).map(String)], // fast-check's bias hits 0 and both ends often
    [2, fc.constantFrom(min, max, 0n, 1n).map(String)],
    [1, fc.tuple(fc.constantFrom('', '+'), fc.constantFrom('0', '000'), fc.bigInt({ min: 0n, max })).map(([s, z, m]) => s + z + String(m))],
    [1, fc.tuple(fc.constantFrom('-0', '-000'), fc.bigInt({ min: 0n, max: -min })).map(([z, m]) => z + String(m))],
  );
}

/** Out of range or not an integer at all. */
function invalidIntText(type: ColumnType): fc.Arbitrary<string> {
  const [min, max] = INTEGER_RANGES[type];
  return weighted(
    [2, fc.constantFrom(min - 1n, max + 1n, min - 2n ** 64n, max * 10n ** 20n).map(String)],
    [1, fc.tuple(sign, digits(25, 1)).map(([s, d]) => s + d)],
    [1, fc.constantFrom('1.0', '1e3', '-', '+', '+-1', '٣')],
    [2, invalidNumberText],
  );
}

const hardFloats = fc.constantFrom(
  '0.1', '0.045', '2.2250738585072011e-308', '2.2250738585072014e-308', '4.9e-324', '2.4703282292062327e-324',
  '2.4703282292062328e-324', '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308',
  '9007199254740993', '0.30000000000000004', '1e-400', '1e400', '123456789012345678901234567890', '3.4028235e38',
  '3.4028236e38', '1.401298464324817e-45', '7.006492321624085e-46', '1e23', '8.589973e9', '5e-324', '-0', '-0.0e0',
  '0.' + '0'.repeat(30) + '1', '1' + '0'.repeat(40) + '.5', '.0', '0.', '00001.5000', '+.5E+0',
);

/** Texts of the float grammar [+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?, and the words. */
const validFloatText: fc.Arbitrary<string> = weighted(
  [5, fc
    .tuple(
      sign,
      weighted(
        [3, fc.tuple(digits(20, 1), fc.option(digits(20), { nil: undefined })).map(([int, frac]) => int + (frac === undefined ? '' : '.' + frac))],
        [1, digits(20, 1).map((frac) => '.' + frac)],
      ),
      fc.option(fc.tuple(fc.constantFrom('e', 'E'), sign, digits(4, 1)).map((p) => p.join('')), { nil: undefined, freq: 3 }),
    )
    .map(([s, mantissa, exp]) => s + mantissa + (exp ?? ''))],
  [1, fc.constantFrom('nan', 'NaN', 'inf', '-Inf', '+infinity', 'INFINITY', '-nan', '+NAN', 'Infinity', '-infinity')],
  [2, hardFloats],
  [2, fc.double().map(String)],
);

/** The loose grammar sign? digits* (. digits*)? (e sign? digits*)? makes near misses; plus garbage. */
const invalidFloatText: fc.Arbitrary<string> = weighted(
  [2, fc
    .tuple(sign, digits(3), fc.option(digits(3), { nil: undefined }), fc.option(fc.tuple(fc.constantFrom('e', 'E'), sign, digits(2)), { nil: undefined }))
    .map(([s, int, frac, exp]) => s + int + (frac === undefined ? '' : '.' + frac) + (exp === undefined ? '' : exp.join('')))],
  [1, fc.constantFrom('infinit', 'in', 'nana', 'Infinityx', '1e', '.e1', '--1', '1.5.', '1d', '0x1p3')],
  [2, invalidNumberText],
);

/**
 * Stands for an ill-formed UTF-8 sequence in generated text: encodeCsv replaces it (its UTF-8 is
 * EE 80 80) with one of BAD_UTF8, since a JS string can't hold one.
 */
const BAD_UTF8_MARK = '\uE000';
const BAD_UTF8: readonly number[][] = [
  [0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3],
];

const stringText = fc.string({
  unit: weighted(
    [40, fc.constantFrom('a', 'b', 'Z', ' ', '\t', '"', "'", ',', ';', '|', '\n', '\r', 'é', '€', '😀', '\uFEFF', '0', '1', '.')],
    [1, fc.constant(BAD_UTF8_MARK)],
  ),
  maxLength: 10,
});

const encoder = new TextEncoder();

/** UTF-8 of generated CSV text, each BAD_UTF8_MARK replaced by an ill-formed sequence (in turn). */
export function encodeCsv(text: string): Uint8Array {
  const bytes = encoder.encode(text);
  if (!text.includes(BAD_UTF8_MARK)) return bytes;
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0xee && bytes[i + 1] === 0x80 && bytes[i + 2] === 0x80) {
      out.push(...BAD_UTF8[k++ % BAD_UTF8.length]);
      i += 2;
    } else {
      out.push(bytes[i]);
    }
  }
  return Uint8Array.from(out);
}

function textFor(type: ColumnType, settings: ValueSettings = {}): fc.Arbitrary<string> {
  if (type === 'string') return stringText;
  if (type === 'bool' || type === 'date' || type === 'timestamp' || type === 'category') return valueText(type, settings);
  // Mostly valid values so that rows get parsed; every field may be the one that breaks.
  if (type === 'f32' || type === 'f64') return weighted([40, validFloatText], [1, invalidFloatText]);
  return weighted([40, validIntText(type)], [1, invalidIntText(type)]);
}

/** Spaces and tabs around unquoted fields: often with trim, rarely without (then a number breaks). */
const pad = (trim: boolean) => weighted([trim ? 6 : 100, fc.constant('')], [1, fc.constantFrom(' ', '\t', '  ', ' \t')]);

function fieldArb(type: ColumnType, trim: boolean, settings?: ValueSettings): fc.Arbitrary<FieldModel> {
  return fc.record({
    // Empty fields are common in real files and decide null/EMPTY_VALUE: give them extra weight.
    text: weighted([30, textFor(type, settings)], [1, fc.constant('')]),
    quote: weighted<QuoteMode>([10, fc.constant('auto')], [3, fc.constant('always')], [1, fc.constant('never')]),
    padLeft: pad(trim),
    padRight: pad(trim),
  });
}

const lineEnd = fc.constantFrom('\n', '\n', '\r\n');
const blank = weighted([10, fc.constant('')], [1, fc.constantFrom('\n', '\r\n', '\n\n', '\r\n\n')]);

function rowArb(columns: ModelColumn[], trim: boolean): fc.Arbitrary<RowModel> {
  return fc.record({
    fields: fc.tuple(...columns.map((c) => fieldArb(c.inSchema ? c.type : 'string', trim, c.settings))),
    fieldCount: weighted<RowModel['fieldCount']>([80, fc.constant('exact')], [1, fc.constant('drop')], [1, fc.constant('add')]),
    lineEnd,
    blankBefore: blank,
  });
}

const dialectArb: fc.Arbitrary<Dialect> = fc.record({
  delimiter: fc.constantFrom(',', ',', '\t', ';', '|'),
  quote: fc.constantFrom('"', '"', "'"),
  trim: weighted([4, fc.constant(false)], [1, fc.constant(true)]),
  header: weighted([3, fc.constant(true)], [1, fc.constant(false)]),
});

const schemaColumnsArb: fc.Arbitrary<ModelColumn[]> = fc
  .uniqueArray(fc.constantFrom(...SCHEMA_NAMES), { minLength: 1, maxLength: 4 })
  .chain((names) =>
    fc.tuple(...names.map((name) => fc.constantFrom(...COLUMN_TYPES).chain((type) => fc.record({
      name: fc.constant(name),
      type: fc.constant(type),
      nullable: weighted([2, fc.constant(false)], [1, fc.constant(true)]),
      inSchema: fc.constant(true),
      settings: settingsFor(type),
    })))),
  );

/** Schema columns, and (with a header) 0-2 skipped columns shuffled in. */
function fileColumnsArb(header: boolean): fc.Arbitrary<ModelColumn[]> {
  return schemaColumnsArb.chain((schemaColumns) => {
    if (!header) return fc.constant(schemaColumns);
    return fc
      .subarray(EXTRA_NAMES, { maxLength: 2 })
      .chain((extra) =>
        fc.shuffledSubarray(
          [...schemaColumns, ...extra.map((name) => ({ name, type: 'string' as const, nullable: false, inSchema: false }))],
          { minLength: schemaColumns.length + extra.length, maxLength: schemaColumns.length + extra.length },
        ),
      );
  });
}

export const fileModelArb = (maxRows: number): fc.Arbitrary<FileModel> => dialectArb.chain((dialect) =>
  fileColumnsArb(dialect.header).chain((columns) =>
    fc.record({
      columns: fc.constant(columns),
      dialect: fc.constant(dialect),
      headerDefect: weighted<FileModel['headerDefect']>([60, fc.constant('none')], [1, fc.constant('rename')], [1, fc.constant('duplicate')]),
      rows: fc.array(rowArb(columns, dialect.trim), { maxLength: maxRows }),
      bom: weighted([5, fc.constant(false)], [1, fc.constant(true)]),
      leadingBlank: blank,
      ending: weighted<FileModel['ending']>([6, fc.constant('newline')], [3, fc.constant('none')], [1, fc.constant('cr')], [1, fc.constant('blank')]),
    }),
  ),
);

function renderField(f: FieldModel, dialect: Dialect): string {
  const { delimiter, quote } = dialect;
  const needsQuotes = f.text.includes(delimiter) || f.text.includes(quote) || f.text.includes('\n') || f.text.includes('\r');
  if (f.quote === 'always' || (f.quote === 'auto' && needsQuotes)) {
    return quote + f.text.split(quote).join(quote + quote) + quote;
  }
  return f.padLeft + f.text + f.padRight;
}

/** The file text and the options of a model. */
export function renderModel(model: FileModel): { text: string; options: RefOptions } {
  const { dialect, columns } = model;
  const schema: Record<string, ColumnSpec> = {};
  for (const c of columns) {
    if (!c.inSchema) continue;
    const settings = c.settings && Object.keys(c.settings).length > 0 ? c.settings : undefined;
    schema[c.name] = c.nullable || settings ? { type: c.type, ...(c.nullable ? { nullable: true } : {}), ...settings } : c.type;
  }

  let text = model.bom ? '\uFEFF' : '';
  text += model.leadingBlank;
  const lines: string[] = [];
  if (dialect.header) {
    const names = columns.map((c) => c.name);
    if (model.headerDefect === 'rename') names[0] = names[0] + '_';
    if (model.headerDefect === 'duplicate') names.push(names[0]);
    lines.push(names.map((name) => renderField({ text: name, quote: 'auto', padLeft: '', padRight: '' }, dialect)).join(dialect.delimiter) + '\n');
  }
  for (const row of model.rows) {
    let fields = row.fields.map((f) => renderField(f, dialect));
    if (row.fieldCount === 'drop') fields = fields.slice(0, -1);
    if (row.fieldCount === 'add') fields = [...fields, '1'];
    lines.push(row.blankBefore + fields.join(dialect.delimiter) + row.lineEnd);
  }
  text += lines.join('');
  if (model.ending !== 'newline' && text.endsWith('\n')) {
    text = text.replace(/\r?\n$/, '');
    if (model.ending === 'cr') text += '\r';
    if (model.ending === 'blank') text += '\n\r\n\n';
  }
  return {
    text,
    options: { schema, header: dialect.header, delimiter: dialect.delimiter, quote: dialect.quote, trim: dialect.trim },
  };
}

export const chunkingArb: fc.Arbitrary<Chunking> = weighted<Chunking>(
  [2, fc.integer({ min: 1, max: 8 })],
  [1, fc.integer({ min: 9, max: 64 })],
  [3, fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 })],
);

/** Mostly the smallest window (64 bytes) so that records of small files straddle window ends. */
export const windowArb: fc.Arbitrary<number | undefined> = weighted<number | undefined>(
  [2, fc.constant(undefined)],
  [3, fc.constant(64)],
  [1, fc.constantFrom(128, 192)],
);

const answerArb = (throwWeight: number): fc.Arbitrary<PolicyAnswer> =>
  weighted<PolicyAnswer>([4, fc.constant('skip')], [4, fc.constant('null')], [throwWeight, fc.constant('throw')]);

const callbackArb: fc.Arbitrary<CallbackSpec> = weighted<CallbackSpec>(
  [4, fc.record({
    callback: fc.constant('by-code' as const),
    answers: fc.dictionary(fc.constantFrom<ErrorCode>(...RECORD_ERROR_CODES), answerArb(1), { maxKeys: RECORD_ERROR_CODES.length }) as fc.Arbitrary<Partial<Record<ErrorCode, PolicyAnswer>>>,
    otherwise: answerArb(1),
  })],
  [2, fc.record({ callback: fc.constant('by-position' as const), answers: fc.array(answerArb(1), { minLength: 1, maxLength: 3 }) })],
  [2, fc.record({ callback: fc.constant('sequence' as const), answers: fc.array(answerArb(1), { minLength: 1, maxLength: 4 }) })],
  [1, fc.record({ callback: fc.constant('garbage' as const), after: fc.integer({ min: 0, max: 3 }), value: fc.constantFrom<string | number | null>('ignore', 'SKIP', '', 0, null) })],
);

/** The error policy of a case: mostly not 'throw', since the other policies are what read on. */
export const policyArb: fc.Arbitrary<Pick<CaseOptions, 'onError' | 'maxErrors' | 'validateUtf8'>> = fc
  .record({
    onError: weighted<CaseOptions['onError']>(
      [3, fc.constant(undefined)], [3, fc.constant('skip')], [3, fc.constant('null')], [4, callbackArb],
    ),
    // Small (so the list is cut) and large; 100 is the default.
    maxErrors: weighted<number | undefined>([4, fc.constant(undefined)], [3, fc.constantFrom(0, 1, 2, 3)], [1, fc.constant(1_000_000_000)]),
    validateUtf8: weighted([3, fc.constant(false)], [1, fc.constant(true)]),
  })
  .map(({ onError, maxErrors, validateUtf8 }) => ({
    ...(onError === undefined ? {} : { onError }),
    ...(maxErrors === undefined ? {} : { maxErrors }),
    ...(validateUtf8 ? { validateUtf8 } : {}),
  }));

/** parseBatches in a third of the cases, with batches of a few rows so that small files make several. */
const batchRowsArb = weighted<number | undefined>([2, fc.constant(undefined)], [1, fc.integer({ min: 1, max: 4 })]);

/** Per-case settings of a batch, used in turn. */
const settingsArb = fc.record({
  chunkings: fc.array(chunkingArb, { minLength: 1, maxLength: 5 }),
  windows: fc.array(windowArb, { minLength: 1, maxLength: 3 }),
  policies: fc.array(policyArb, { minLength: 1, maxLength: 4 }),
  batchRows: fc.array(batchRowsArb, { minLength: 1, maxLength: 3 }),
});

type Settings = typeof settingsArb extends fc.Arbitrary<infer T> ? T : never;

/** Case i of a batch: the input and options with the i-th settings. */
function makeCase(input: Uint8Array, options: RefOptions, s: Settings, i: number): CsvCase {
  const batchRows = s.batchRows[i % s.batchRows.length];
  return {
    input,
    options: { ...options, ...s.policies[i % s.policies.length] } as CaseOptions,
    chunking: s.chunkings[i % s.chunkings.length],
    window: s.windows[(i >> 1) % s.windows.length],
    ...(batchRows === undefined ? {} : { batchRows }),
  };
}

/** Number of cases in every batch. */
export const BATCH = 25;

/**
 * Generated files: one fast-check draw (a file model of up to 10 rows, chunkings and windows) yields
 * BATCH cases: the file cut to each prefix and suffix of its rows and to each single row, under
 * different chunkings and windows. (Drawing a model costs far more than checking a case.)
 */
export const structuredBatchArb: fc.Arbitrary<CsvCase[]> = fc
  .tuple(fileModelArb(10), settingsArb)
  .map(([model, settings]) => {
    const n = model.rows.length;
    const variants: RowModel[][] = [];
    for (let k = 0; k <= n; k++) variants.push(model.rows.slice(0, k));
    for (let k = 1; k < n; k++) variants.push(model.rows.slice(k));
    for (let k = 0; k < n; k++) variants.push([model.rows[k]]);
    const cases: CsvCase[] = [];
    for (let i = 0; i < BATCH; i++) {
      const { text, options } = renderModel({ ...model, rows: variants[i % variants.length] });
      cases.push(makeCase(encodeCsv(text), options, settings, i));
    }
    return cases;
  });

/**
 * Error-heavy files: a few generated rows repeated 40 to 300 times, so that one core call meets
 * hundreds of errors (its error log holds 256) and records straddle many windows. Fewer cases per
 * draw (REPEATED_BATCH), since each is a larger file.
 */
export const REPEATED_BATCH = 5;
export const repeatedBatchArb: fc.Arbitrary<CsvCase[]> = fc
  .tuple(fileModelArb(4), fc.integer({ min: 40, max: 300 }), settingsArb)
  .map(([model, times, settings]) => {
    const rows = Array.from({ length: times }, () => model.rows).flat();
    const { text, options } = renderModel({ ...model, rows });
    const input = encodeCsv(text);
    return Array.from({ length: REPEATED_BATCH }, (_, i) => {
      const c = makeCase(input, options, settings, i);
      // Bigger chunks than for small files, or streaming would take most of the time.
      const chunking = typeof c.chunking === 'number' ? c.chunking * 37 : c.chunking.map((n) => n * 37);
      return { ...c, chunking, ...(c.batchRows === undefined ? {} : { batchRows: c.batchRows * 25 }) };
    });
  });

type MutationKind = 'delete' | 'duplicate' | 'replace' | 'insert' | 'truncate' | 'flip';
const MUTATIONS: MutationKind[] = ['delete', 'duplicate', 'replace', 'insert', 'truncate', 'flip'];

/** A byte that matters to a CSV parser three times out of four, else any byte. */
function randomByte(random: () => number): number {
  return random() < 0.75 ? SPECIAL_BYTES[Math.floor(random() * SPECIAL_BYTES.length)] : Math.floor(random() * 256);
}

/** Applies 1-3 random mutations: a byte dropped, duplicated, replaced, inserted or flipped, or the input cut. */
export function mutate(input: Uint8Array, random: () => number): Uint8Array {
  let bytes = Array.from(input);
  const count = 1 + Math.floor(random() * 3);
  for (let m = 0; m < count; m++) {
    const byte = randomByte(random);
    if (bytes.length === 0) {
      bytes.push(byte);
      continue;
    }
    const i = Math.floor(random() * bytes.length);
    switch (MUTATIONS[Math.floor(random() * MUTATIONS.length)]) {
      case 'delete': bytes.splice(i, 1); break;
      case 'duplicate': bytes.splice(i, 0, bytes[i]); break;
      case 'replace': bytes[i] = byte; break;
      case 'insert': bytes.splice(i, 0, byte); break;
      case 'truncate': bytes = bytes.slice(0, i); break;
      case 'flip': bytes[i] ^= 1 << (byte & 7); break;
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * Wide files: 100 to 600 schema columns of random types (a few of them skipped file columns), 0
 * to 3 rows, so that a record holds more fields than a core call has rows of scratch for and
 * string columns get small shares of string scratch. Fewer cases per draw, with larger chunks.
 */
export const WIDE_BATCH = 5;
export const wideBatchArb: fc.Arbitrary<CsvCase[]> = fc
  .tuple(fc.integer({ min: 100, max: 600 }), fc.integer(), dialectArb, settingsArb)
  .chain(([width, seed, dialect, settings]) => {
    const random = prng(seed);
    const columns: ModelColumn[] = Array.from({ length: width }, (_, i) => ({
      name: `c${i}`,
      type: COLUMN_TYPES[Math.floor(random() * COLUMN_TYPES.length)],
      nullable: random() < 0.3,
      inSchema: !dialect.header || random() < 0.9,
    }));
    return fc.array(rowArb(columns, dialect.trim), { maxLength: 3 }).map((rows) => {
      const model: FileModel = { columns, dialect, headerDefect: 'none', rows, bom: false, leadingBlank: '', ending: 'newline' };
      const { text, options } = renderModel(model);
      const input = encodeCsv(text);
      return Array.from({ length: WIDE_BATCH }, (_, i) => {
        const c = makeCase(input, options, settings, i);
        const chunking = typeof c.chunking === 'number' ? c.chunking * 97 : c.chunking.map((n) => n * 97);
        return { ...c, chunking };
      });
    });
  });

/** Mutated files: BATCH mutants (seeded by the draw) of one generated file of up to 6 rows. */
export const mutatedBatchArb: fc.Arbitrary<CsvCase[]> = fc
  .tuple(fileModelArb(6), fc.integer(), settingsArb)
  .map(([model, seed, settings]) => {
    const { text, options } = renderModel(model);
    const input = encodeCsv(text);
    const random = prng(seed);
    return Array.from({ length: BATCH }, (_, i) => makeCase(mutate(input, random), options, settings, i));
  });

/** Random bytes (biased to the special ones), after a valid header line half of the time. */
export const randomBytesBatchArb: fc.Arbitrary<CsvCase[]> = fc
  .tuple(fileModelArb(0), fc.integer(), settingsArb)
  .map(([model, seed, settings]) => {
    const { text, options } = renderModel({ ...model, bom: false, leadingBlank: '', ending: 'newline', headerDefect: 'none' });
    const head = encodeCsv(text);
    const random = prng(seed);
    return Array.from({ length: BATCH }, (_, i) => {
      const keepHeader = random() < 0.5;
      const body = Array.from({ length: Math.floor(random() * 49) }, () => randomByte(random));
      const input = Uint8Array.from([...(keepHeader ? head : []), ...body]);
      return makeCase(input, options, settings, i);
    });
  });

// ---------------------------------------------------------------------------------------------
// Large files: hundreds of thousands of rows, so that the library's row batches, window carry-over,
// window growth and column growth all happen. Plain seeded randomness (fast-check is for small cases).
// ---------------------------------------------------------------------------------------------


export interface LargeCsvOptions {
  rows: number;
  /** Put one field of about this many bytes (with quoted newlines) somewhere in the middle. */
  hugeField?: number;
  /** Break one value near the end (an invalid number, an out-of-range value, or a bad quote). */
  error?: boolean;
}

/** A large file with a fixed, wide schema (every type, nullables, a skipped column), seeded. */
export function largeCsv(seed: number, o: LargeCsvOptions): { input: Uint8Array; options: RefOptions } {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const big = (bits: number) => {
    let v = 0n;
    for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(int(0, 0xffff));
    return v & ((1n << BigInt(bits)) - 1n);
  };
  const floats = () => {
    const r = random();
    if (r < 0.4) return (random() * 1000).toFixed(int(0, 6));
    if (r < 0.6) return String((random() - 0.5) * 10 ** int(-30, 30));
    if (r < 0.7) return pick(['nan', '-inf', 'Infinity', '1e400', '-0', '4.9e-324', '.5', '7.', '1E-7']);
    return `${int(0, 99999)}.${String(int(0, 999999)).padStart(6, '0')}e${int(-20, 20)}`;
  };
  const alphabet = ['a', 'b', 'c', ' ', ',', '"', '\n', '\r\n', 'é', '€', '😀', 'xyz', '0.5'];
  const str = () => {
    const n = int(0, 12);
    let s = '';
    for (let i = 0; i < n; i++) s += pick(alphabet);
    return s;
  };
  const quoteIfNeeded = (s: string) => (/[",\r\n]/.test(s) || random() < 0.05 ? `"${s.replace(/"/g, '""')}"` : s);

  const schema: Record<string, ColumnSpec> = {
    id: 'u32',
    small: { type: 'i8', nullable: true },
    mid: 'i16',
    big: 'i64',
    ubig: { type: 'u64', nullable: true },
    f: 'f32',
    d: { type: 'f64', nullable: true },
    s: 'string',
    sn: { type: 'string', nullable: true },
    ok: 'bool',
    day: { type: 'date', nullable: true },
    at: 'timestamp',
    ns: { type: 'timestamp', unit: 'ns', nullable: true },
    method: 'category',
    path: { type: 'category', nullable: true, maxCategories: 1_000_000 },
  };
  const header = ['id', 'skip', 'small', 'mid', 'big', 'ubig', 'f', 'd', 's', 'sn', 'ok', 'day', 'at', 'ns', 'method', 'path'];
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = () => `${pad(int(0, 9999), 4)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
  const stamp = () => `${pad(int(1678, 2261), 4)}-${pad(int(1, 12))}-${pad(int(1, 28))}T${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}`
    + pick(['', '.5', '.123', '.123456789']) + pick(['', 'Z', '+05:30', '-0800']);
  const parts: string[] = [header.join(',') + '\n'];
  const hugeAt = o.hugeField ? Math.floor(o.rows / 2) : -1;
  const errorAt = o.error ? o.rows - 1 - Math.floor(random() * Math.min(1000, o.rows)) : -1;
  for (let row = 0; row < o.rows; row++) {
    const nullOr = (v: () => string) => (random() < 0.1 ? '' : v());
    const fields = [
      String(row),
      quoteIfNeeded(str()),
      nullOr(() => String(int(-128, 127))),
      String(int(-32768, 32767)),
      String(big(63) * (random() < 0.5 ? -1n : 1n)),
      nullOr(() => String(big(64))),
      floats(),
      nullOr(floats),
      quoteIfNeeded(str()),
      random() < 0.1 ? '' : quoteIfNeeded(str()),
      pick(['true', 'false', 'Y', 'n', '1', '0']),
      nullOr(date),
      stamp(),
      nullOr(stamp),
      pick(['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', '"PATCH"']),
      // Many distinct values: the dictionary outgrows its first room many times over.
      nullOr(() => quoteIfNeeded(`/p/${int(0, 30000)}${pick(['', ',x', '"q'])}`)),
    ];
    if (row === hugeAt) fields[8] = `"${'long "" line\n'.repeat(Math.ceil((o.hugeField ?? 0) / 14))}"`;
    if (row === errorAt) {
      const which = int(0, 4);
      if (which === 0) fields[3] = '32768';
      else if (which === 1) fields[7] = '0.0x5';
      else if (which === 2) fields[11] = '2023-02-29';
      else if (which === 3) fields[12] = 'yesterday';
      else fields[8] = '"bad"quote';
    }
    const blank = random() < 0.01 ? pick(['\n', '\r\n']) : '';
    parts.push(blank + fields.join(',') + (random() < 0.3 ? '\r\n' : '\n'));
  }
  return { input: new TextEncoder().encode(parts.join('')), options: { schema } };
}
