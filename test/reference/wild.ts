/**
 * The "only CsvErrors" property: whatever the bytes, schema, dialect, chunkSize, engine, limits or
 * error policy — valid or not — parse, parseStream, parseBatches and parseFile return a Table or
 * throw a CsvError with a code (never INTERNAL_ERROR, never anything else). An onError callback's
 * own exception is the one thing that passes through, unchanged; the callbacks here throw a marker
 * object now and then to check exactly that. No reference comparison: many of these options are
 * invalid, and INVALID_OPTION is a right answer.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CsvError, parse, parseBatches, parseFile, parseStream } from '../../src/index.js';
import { chunkBytes, type Chunking } from './library.js';
import { COLUMN_TYPES } from './reference-parser.js';
import type { CaseOptions, CsvCase, Engine } from './cases.js';
import { SPECIAL_BYTES } from './generators.js';
import { prng } from '../support/prng.js';

/** Every code a CsvError may carry, except INTERNAL_ERROR (a bug). */
const CODES = new Set([
  'INVALID_NUMBER', 'OUT_OF_RANGE', 'EMPTY_VALUE', 'FIELD_COUNT', 'UNTERMINATED_QUOTE', 'INVALID_QUOTE', 'MISSING_COLUMN',
  'RECORD_TOO_LARGE', 'INVALID_OPTION', 'ABORTED', 'COLUMN_TOO_LARGE', 'INVALID_UTF8', 'TOO_MANY_COLUMNS', 'OUT_OF_MEMORY',
  'INVALID_VALUE', 'TOO_MANY_CATEGORIES',
]);

/** What an onError callback throws in these cases: must reach the caller as it is. */
const CALLBACK_MARKER = { thrownBy: 'the onError callback' };

const odd = fc.constantFrom<unknown>(undefined, null, 0, -1, 1.5, NaN, Infinity, '', 'x', true, {}, [], () => 'skip');

function sometimes<T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: odd, weight: 1 });
}

const typeArb = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(...COLUMN_TYPES), weight: 12 },
  { arbitrary: fc.constantFrom<unknown>('int', 'F64', '', 'bool', 'date', 'timestamp', 'category', 7, null), weight: 1 },
);
const specArb = fc.oneof(
  { arbitrary: typeArb, weight: 4 },
  { arbitrary: fc.record({ type: typeArb, nullable: sometimes(fc.boolean()) }, { requiredKeys: ['type'] }), weight: 2 },
  { arbitrary: odd, weight: 1 },
);

/** A schema of 0-6 columns, or (one time in eight) a wide one of hundreds to thousands. */
const schemaArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'x y', '', '__proto__', 'constructor', 'é', 'a,b'), specArb, { maxKeys: 6 }), weight: 6 },
  {
    arbitrary: fc.tuple(fc.integer({ min: 100, max: 6000 }), fc.constantFrom(...COLUMN_TYPES), fc.boolean()).map(([n, type, nullable]) => {
      const s: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) s[`c${i}`] = nullable ? { type, nullable } : type;
      return s;
    }),
    weight: 1,
  },
  { arbitrary: odd, weight: 1 },
);

const onErrorArb = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>('throw', 'skip', 'null', undefined), weight: 6 },
  { arbitrary: fc.constantFrom<unknown>('SKIP', 'ignore', null, 3), weight: 1 },
  {
    arbitrary: fc.tuple(fc.constantFrom('skip', 'null', 'throw', 'garbage'), fc.integer({ min: 0, max: 5 })).map(([answer, throwAt]) => {
      let calls = 0;
      return () => {
        if (calls++ === throwAt) throw CALLBACK_MARKER;
        return answer;
      };
    }),
    weight: 2,
  },
);

const wildOptionsArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    schema: schemaArb,
    header: sometimes(fc.boolean()),
    delimiter: sometimes(fc.oneof(fc.constantFrom(',', ';', '\t', '|'), fc.string({ minLength: 0, maxLength: 2 }))),
    quote: sometimes(fc.oneof(fc.constantFrom('"', "'"), fc.string({ minLength: 0, maxLength: 2 }))),
    trim: sometimes(fc.boolean()),
    onError: onErrorArb,
    maxErrors: sometimes(fc.integer({ min: 0, max: 3 })),
    validateUtf8: sometimes(fc.boolean()),
    maxColumns: sometimes(fc.integer({ min: 1, max: 8 })),
    maxRecordBytes: sometimes(fc.integer({ min: 1, max: 200 })),
    chunkSize: sometimes(fc.integer({ min: 1, max: 300 })),
    engine: sometimes(fc.constantFrom<Engine | 'auto'>('wasm', 'js', 'auto')),
    batchRows: sometimes(fc.integer({ min: 1, max: 4 })),
  },
  { requiredKeys: [] },
);

/** Bytes: mostly the parser-relevant ones, sometimes after a header naming a few columns. */
const inputArb = fc.tuple(fc.integer(), fc.integer({ min: 0, max: 300 }), fc.boolean()).map(([seed, length, header]) => {
  const random = prng(seed);
  const head = header ? Array.from(new TextEncoder().encode('a,b,c,x y,c0,c1\n')) : [];
  const body = Array.from({ length }, () => (random() < 0.8 ? SPECIAL_BYTES[Math.floor(random() * SPECIAL_BYTES.length)] : Math.floor(random() * 256)));
  return Uint8Array.from([...head, ...body]);
});

export const WILD_BATCH = 5;

/** Cases whose `options` may hold anything (cast: they are meant to be wrong now and then). */
export const wildBatchArb: fc.Arbitrary<CsvCase[]> = fc
  .tuple(fc.array(fc.tuple(inputArb, wildOptionsArb), { minLength: WILD_BATCH, maxLength: WILD_BATCH }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }))
  .map(([cases, chunking]) => cases.map(([input, options]) => ({ input, options: options as unknown as CaseOptions, chunking, window: undefined })));

/** Outcome of one call: undefined when it is a Table or a CsvError with a code, else the problem. */
function judge(name: string, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): string | undefined {
  if (outcome.ok) return typeof outcome.value === 'object' && outcome.value !== null && 'rowCount' in outcome.value ? undefined : `${name} returned ${String(outcome.value)}, not a Table`;
  const e = outcome.error;
  if (e === CALLBACK_MARKER) return undefined;
  if (!(e instanceof CsvError)) return `${name} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}, not a CsvError`;
  if (!CODES.has(e.code)) return `${name} threw CsvError ${e.code}: ${e.message}`;
  return undefined;
}

async function attempt(f: () => unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}

async function* fromChunks(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

let fileCounter = 0;

/** The property for one case: each of parse, parseStream, parseBatches and parseFile keeps to it. */
export async function checkOnlyCsvErrors(c: CsvCase, engine?: Engine): Promise<string | undefined> {
  const options = { ...(c.options as unknown as Record<string, unknown>), ...(engine === undefined ? {} : { engine }) };
  const loose = { parse, parseStream, parseBatches, parseFile } as unknown as Record<string, (source: unknown, options: unknown) => unknown>;
  const chunks = () => fromChunks(chunkBytes(c.input, c.chunking as Chunking));
  const path = join(tmpdir(), `typed-csv-wild-${process.pid}-${fileCounter++}.csv`);
  writeFileSync(path, c.input);
  try {
    const runs: [string, () => unknown][] = [
      ['parse()', () => loose.parse(c.input, options)],
      ['parseStream()', () => loose.parseStream(chunks(), options)],
      ['parseBatches()', async () => {
        const batches = [];
        for await (const b of loose.parseBatches(chunks(), options) as AsyncIterable<unknown>) batches.push(b);
        return { rowCount: batches.length };
      }],
      ['parseFile()', () => loose.parseFile(path, options)],
    ];
    for (const [name, run] of runs) {
      const problem = judge(name, await attempt(run));
      if (problem !== undefined) return `${problem}\n  input (hex): ${Buffer.from(c.input).toString('hex')}\n  options: ${describeOptions(options)}\n  chunking: ${JSON.stringify(c.chunking)}`;
    }
    return undefined;
  } finally {
    rmSync(path, { force: true });
  }
}

function describeOptions(o: Record<string, unknown>): string {
  const show = (v: unknown): string => (typeof v === 'function' ? 'function' : Number.isNaN(v) ? 'NaN' : JSON.stringify(v) ?? String(v));
  return Object.entries(o)
    .map(([k, v]) => (k === 'schema' && v && typeof v === 'object' && Object.keys(v).length > 8 ? `schema: {${Object.keys(v).length} columns of ${show(Object.values(v)[0])}}` : `${k}: ${show(v)}`))
    .join(', ');
}
