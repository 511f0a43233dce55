// What each parser does with bad input: for every class of bad input (a value no number grammar
// should accept, an integer out of its type's range, a number with more digits than a double holds,
// broken quoting, a wrong field count, invalid UTF-8, a BOM), run typed-csv, PapaParse
// (dynamicTyping), csv-parse (cast) and uDSV (typed) on the same bytes and record what really
// happened: "error (CODE, line N)" when the parser refused the input or reported the problem,
// "silently wrong: <value>" when it returned a value other than the text's, "crash: <message>" when
// it threw something that is not about the input, "ok" when it returned the right value.
// Writes docs/bad-input.md (a markdown table, the date and the versions) and prints the table.
//
//   npx tsx bench/bad-input.ts
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { parse as csvParse } from 'csv-parse/sync';
import { inferSchema, initParser } from 'udsv';
import { CsvError, parse, type ParseOptions, type Schema } from '../src/index.js';

const encoder = new TextEncoder();

interface BadCase {
  name: string;
  bytes: Uint8Array;
  /** typed-csv's schema (and options): what the column is declared to hold. */
  schema: Schema;
  options?: Partial<ParseOptions>;
  /** The value to look at: this column of this data row. */
  column: string;
  row: number;
  /** The right outcome: an error, or this value (null: a missing value is fine too). */
  expect: { error: true } | { value: number | bigint | string | null };
  /** Also fine (for the empty field: a parser may give null for a value that is not there). */
  alsoOk?: (v: unknown) => boolean;
  /** The record's structure is broken: show the rows a parser made of it, not one value. */
  structural?: boolean;
  note?: string;
}

const text = (s: string) => encoder.encode(s);

const CASES: BadCase[] = [
  { name: '`0x10` in a float column', bytes: text('id,x\n1,0x10\n'), schema: { id: 'i32', x: 'f64' }, column: 'x', row: 0, expect: { error: true } },
  { name: '`1_000` in a number column', bytes: text('id,x\n1,1_000\n'), schema: { id: 'i32', x: 'f64' }, column: 'x', row: 0, expect: { error: true } },
  { name: '`"1,5"` (a decimal comma, quoted)', bytes: text('id,x\n1,"1,5"\n'), schema: { id: 'i32', x: 'f64' }, column: 'x', row: 0, expect: { error: true } },
  { name: '` 7` (a leading space)', bytes: text('id,x\n1, 7\n'), schema: { id: 'i32', x: 'i32' }, column: 'x', row: 0, expect: { error: true } },
  { name: '`12abc`', bytes: text('id,x\n1,12abc\n'), schema: { id: 'i32', x: 'f64' }, column: 'x', row: 0, expect: { error: true } },
  {
    name: 'an empty field in a number column', bytes: text('id,x\n1,\n'), schema: { id: 'i32', x: 'f64' }, column: 'x', row: 0, expect: { error: true },
    alsoOk: (v) => v === null, note: 'A null is fine too (typed-csv gives one when the column is declared `nullable`); `""`, 0 or NaN are not.',
  },
  { name: '`300` in a u8 column', bytes: text('id,x\n1,300\n'), schema: { id: 'i32', x: 'u8' }, column: 'x', row: 0, expect: { error: true }, note: 'The other parsers have no u8 type: they return 300, which a Uint8Array would store as 44.' },
  { name: '2^63 (`9223372036854775808`) in an i64 column', bytes: text('id,x\n1,9223372036854775808\n'), schema: { id: 'i32', x: 'i64' }, column: 'x', row: 0, expect: { error: true } },
  { name: 'i64 max (`9223372036854775807`)', bytes: text('id,x\n1,9223372036854775807\n'), schema: { id: 'i32', x: 'i64' }, column: 'x', row: 0, expect: { value: 9223372036854775807n } },
  { name: '2^53+1 (`9007199254740993`) in an i64 column', bytes: text('id,x\n1,9007199254740993\n'), schema: { id: 'i32', x: 'i64' }, column: 'x', row: 0, expect: { value: 9007199254740993n } },
  {
    name: 'a float with 17+ digits (`0.1000000000000000055511151231257827`)', bytes: text('id,x\n1,0.1000000000000000055511151231257827\n'),
    schema: { id: 'i32', x: 'f64' }, column: 'x', row: 0, expect: { value: 0.1 }, note: 'Right answer: the nearest double, `Number(text)`.',
  },
  {
    name: 'a float halfway between two doubles, then more digits (`9007199254740993.0000000001`)', bytes: text('id,x\n1,9007199254740993.0000000001\n'),
    schema: { id: 'i32', x: 'f64' }, column: 'x', row: 0, expect: { value: 9007199254740994 }, note: 'Right answer: `Number(text)`, 9007199254740994 (it is above the halfway point).',
  },
  { name: 'a record with a field too many', structural: true, bytes: text('id,x\n1,2\n3,4,5\n6,7\n'), schema: { id: 'i32', x: 'i32' }, column: 'x', row: 1, expect: { error: true } },
  { name: 'a record with a field too few', structural: true, bytes: text('id,x\n1,2\n3\n6,7\n'), schema: { id: 'i32', x: 'i32' }, column: 'x', row: 1, expect: { error: true } },
  { name: 'an unterminated quote', structural: true, bytes: text('id,s\n1,"abc\n2,def\n'), schema: { id: 'i32', s: 'string' }, column: 's', row: 0, expect: { error: true } },
  { name: 'text after a closing quote (`"ab"c`)', structural: true, bytes: text('id,s\n1,"ab"c\n2,d\n'), schema: { id: 'i32', s: 'string' }, column: 's', row: 0, expect: { error: true } },
  {
    name: 'invalid UTF-8 (a lone `FF` byte) in a string', bytes: new Uint8Array([...text('id,s\n1,a'), 0xff, ...text('b\n')]), schema: { id: 'i32', s: 'string' },
    options: { validateUtf8: true }, column: 's', row: 0, expect: { error: true },
    note: 'typed-csv with `validateUtf8: true`; by default it keeps the bytes and `get(i)` decodes them to U+FFFD, like the others\' text decoding.',
  },
  { name: 'a UTF-8 BOM before the header', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...text('id,x\n1,2\n')]), schema: { id: 'i32', x: 'i32' }, column: 'id', row: 0, expect: { value: 1 }, note: 'Right answer: the first column is called `id` (not `\\uFEFFid`) and holds 1.' },
];

type Outcome = { kind: 'error'; detail: string } | { kind: 'value'; rows: Record<string, unknown>[] } | { kind: 'crash'; message: string };

interface Runner {
  name: string;
  settings: string;
  version: string;
  run(c: BadCase, textInput: string): Outcome;
}

// Read from node_modules directly: some packages don't export their package.json.
const versionOf = (pkg: string) => (JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

/** Errors a parser throws about the input, as opposed to bugs (TypeError, RangeError…). */
const isCrash = (e: unknown) => e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || !(e instanceof Error);

const RUNNERS: Runner[] = [
  {
    name: 'typed-csv',
    settings: 'the schema declares each column\'s type (`i32`, `u8`, `i64`, `f64`, `string`); default options except where a row says',
    version: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
    run(c) {
      try {
        const t = parse(c.bytes, { schema: c.schema, ...c.options } as ParseOptions<Schema>);
        const rows: Record<string, unknown>[] = [];
        for (let i = 0; i < t.rowCount; i++) {
          const row: Record<string, unknown> = {};
          for (const col of t.schema) {
            const values = t.columns[col.name] as ArrayLike<unknown> | { get(i: number): unknown };
            row[col.name] = t.isNull(col.name, i) ? null : 'get' in values ? values.get(i) : values[i];
          }
          rows.push(row);
        }
        return { kind: 'value', rows };
      } catch (e) {
        if (e instanceof CsvError) return { kind: 'error', detail: `${e.code}, line ${e.line}` };
        return { kind: 'crash', message: String(e) };
      }
    },
  },
  {
    name: 'PapaParse',
    settings: '`Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true })`; a result with `errors` counts as an error',
    version: versionOf('papaparse'),
    run(_c, input) {
      try {
        const r = Papa.parse<Record<string, unknown>>(input, { header: true, dynamicTyping: true, skipEmptyLines: true });
        if (r.errors.length > 0) {
          // Every distinct problem it reports (the first alone can be a side effect, such as
          // UndetectableDelimiter for a short record).
          const seen = [...new Set(r.errors.map((e) => (e.row === undefined ? e.code : `${e.code}, row ${e.row}`)))];
          return { kind: 'error', detail: seen.join('; ') };
        }
        return { kind: 'value', rows: r.data };
      } catch (e) {
        return isCrash(e) ? { kind: 'crash', message: String(e) } : { kind: 'error', detail: String((e as Error).message) };
      }
    },
  },
  {
    name: 'csv-parse',
    settings: '`parse(text, { columns: true, cast: true })` from `csv-parse/sync`',
    version: versionOf('csv-parse'),
    run(_c, input) {
      try {
        return { kind: 'value', rows: csvParse(input, { columns: true, cast: true }) as Record<string, unknown>[] };
      } catch (e) {
        const err = e as { code?: string; lines?: number };
        if (err.code !== undefined) return { kind: 'error', detail: `${err.code}, line ${err.lines}` };
        return isCrash(e) ? { kind: 'crash', message: String(e) } : { kind: 'error', detail: String((e as Error).message) };
      }
    },
  },
  {
    name: 'uDSV',
    settings: '`inferSchema(text)`, every column the schema declares numeric pinned to type `n`, then `initParser(schema).typedObjs(text)`',
    version: versionOf('udsv'),
    run(c, input) {
      try {
        const schema = inferSchema(input);
        for (const col of schema.cols) {
          const declared = c.schema[col.name];
          const type = typeof declared === 'string' ? declared : declared?.type;
          if (type !== undefined) col.type = type === 'string' ? 's' : 'n';
        }
        return { kind: 'value', rows: initParser(schema).typedObjs(input) as Record<string, unknown>[] };
      } catch (e) {
        return isCrash(e) ? { kind: 'crash', message: String(e) } : { kind: 'error', detail: String((e as Error).message) };
      }
    },
  },
];

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return `${JSON.stringify(v)} (string)`;
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/** Is `v` the number or text `expected`? Numbers compare by value across number and bigint. */
function same(v: unknown, expected: number | bigint | string | null): boolean {
  if (expected === null) return v === null;
  if (typeof expected === 'bigint') {
    if (typeof v === 'bigint') return v === expected;
    return typeof v === 'number' && Number.isSafeInteger(v) && BigInt(v) === expected;
  }
  return Object.is(v, expected);
}

/** What an outcome means for a case, in the table's words. */
function judge(c: BadCase, o: Outcome): string {
  if (o.kind === 'crash') return `crash: ${o.message.replace(/\s+/g, ' ').slice(0, 80)}`;
  if (o.kind === 'error') return 'expect' in c && 'error' in c.expect ? `error (${o.detail})` : `error (${o.detail}) on valid input`;
  const row = o.rows[c.row];
  if ('error' in c.expect) {
    const v = row?.[c.column];
    if (c.alsoOk?.(v)) return `ok: ${show(v)}`;
    // A broken record shows in the rows made of it, not in one value.
    if (c.structural) return `silently wrong: ${o.rows.length} rows, row ${c.row + 1} is ${JSON.stringify(row, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))}`;
    return `silently wrong: ${show(v)}`;
  }
  const v = row?.[c.column];
  if (row !== undefined && same(v, c.expect.value)) return 'ok';
  if (row !== undefined && !(c.column in row)) return `silently wrong: no column "${c.column}" (the columns are ${Object.keys(row).map((k) => JSON.stringify(k)).join(', ')})`;
  return `silently wrong: ${show(v)}`;
}

const results = CASES.map((c) => {
  // The others read text the usual way (readFileSync(path, 'utf8') decodes the same): invalid
  // UTF-8 becomes U+FFFD and a BOM stays a U+FEFF character.
  const input = Buffer.from(c.bytes).toString('utf8');
  return { c, cells: RUNNERS.map((r) => judge(c, r.run(c, input))) };
});

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const date = new Date().toISOString().slice(0, 10);
const header = `| bad input | ${RUNNERS.map((r) => r.name).join(' | ')} |\n|---|${RUNNERS.map(() => '---').join('|')}|`;
const lines = results.map(({ c, cells }, i) => `| ${esc(c.name)}${c.note ? ` [${i + 1}]` : ''} | ${cells.map(esc).join(' | ')} |`);
const notes = results.map(({ c }, i) => (c.note ? `${i + 1}. ${c.note}` : '')).filter(Boolean);
const markdown = `# Bad input: what each parser does

Generated by \`npx tsx bench/bad-input.ts\` on ${date} (Node ${process.version}). Every cell is the
outcome of a real run on the input bytes of its row:

- **error (CODE, line N)**: the parser refused the input or reported the problem (PapaParse reports
  rows, not lines).
- **silently wrong: value**: it returned a value that is not the one in the text (or a table that
  hides a broken record), with no error.
- **crash: message**: it threw something that is not about the input.
- **ok**: it returned the right value.

Versions: ${RUNNERS.map((r) => `${r.name} ${r.version}`).join(', ')}.

How each was called:
${RUNNERS.map((r) => `- ${r.name}: ${r.settings}.`).join('\n')}

The others are given the text as \`readFileSync(path, 'utf8')\` would give it: invalid UTF-8 is already
U+FFFD, and a BOM is a U+FEFF character at the start.

${header}
${lines.join('\n')}

Notes:

${notes.join('\n')}
`;

writeFileSync(new URL('../docs/bad-input.md', import.meta.url), markdown);
console.log(`${header}\n${lines.join('\n')}\n\nwritten to docs/bad-input.md`);
