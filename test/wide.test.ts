// Wide schemas: every column of a wide file named in the schema, up to the maxColumns default
// (16,384), on whichever engine the project runs (release, simd and debug: wasm; js: the JS
// engine). The driver sizes per-column scratch from what a window can hold, so width costs rows per
// core call, not memory per column; string columns share a budget and grow one value at a time.
import { describe, expect, it } from 'vitest';
import { parse, parseStream, type Schema } from '../src/index.js';
import { StringColumn } from '../src/string-column.js';

const TYPES = ['i8', 'i16', 'i32', 'u8', 'u16', 'u32', 'i64', 'u64', 'f32', 'f64', 'string'] as const;
type T = (typeof TYPES)[number];

/** Field text of row r, column c, for a column of type t: small values every type can hold. */
function field(t: T, r: number, c: number): string {
  const v = (r * 31 + c * 7) % 100;
  if (t === 'f32' || t === 'f64') return `${v}.5`;
  if (t === 'string') return `s${r}-${c}`;
  return String(v);
}

function wideCsv(types: readonly T[], rows: number, header = true): string {
  const lines: string[] = [];
  if (header) lines.push(types.map((_, c) => `c${c}`).join(','));
  for (let r = 0; r < rows; r++) lines.push(types.map((t, c) => field(t, r, c)).join(','));
  return lines.join('\n') + '\n';
}

function schemaOf(types: readonly T[]): Schema {
  const s: Schema = {};
  types.forEach((t, c) => (s[`c${c}`] = t));
  return s;
}

/** Every value of file column c (type t) equals what wideCsv wrote, in each of `rows` rows. */
function expectColumn(col: unknown, t: T, c: number, rows: number): void {
  for (let r = 0; r < rows; r++) {
    const text = field(t, r, c);
    let got: unknown;
    let want: unknown;
    if (t === 'string') { got = (col as StringColumn).get(r); want = text; }
    else if (t === 'i64' || t === 'u64') { got = (col as BigInt64Array)[r]; want = BigInt(text); }
    else if (t === 'f32') { got = (col as Float32Array)[r]; want = Math.fround(Number(text)); }
    else { got = (col as Float64Array)[r]; want = Number(text); }
    // One expect per mismatch only: millions of passing expects would dominate the test's time.
    if (got !== want) expect({ column: c, row: r, got }).toEqual({ column: c, row: r, got: want });
  }
}

/** Every column equals what wideCsv wrote. */
function expectValues(columns: Record<string, unknown>, types: readonly T[], rows: number): void {
  types.forEach((t, c) => expectColumn(columns[`c${c}`], t, c, rows));
}

const WIDTH = 16_384;

describe('a schema naming every column of a 16,384-column file', () => {
  for (const t of ['f64', 'i32', 'i64', 'u64', 'string'] as const) {
    it(`parses ${t} columns, three rows`, () => {
      const types = Array<T>(WIDTH).fill(t);
      const table = parse(wideCsv(types, 3), { schema: schemaOf(types) });
      expect(table.rowCount).toBe(3);
      expectValues(table.columns, types, 3);
    });
  }

  it('parses mixed columns of every type, three rows', () => {
    const types = Array.from({ length: WIDTH }, (_, c) => TYPES[c % TYPES.length]);
    const table = parse(wideCsv(types, 3), { schema: schemaOf(types) });
    expectValues(table.columns, types, 3);
  });

  it('parses them without a header, the schema naming the columns in order', () => {
    const types = Array.from({ length: WIDTH }, (_, c) => TYPES[c % TYPES.length]);
    const table = parse(wideCsv(types, 2, false), { schema: schemaOf(types), header: false });
    expectValues(table.columns, types, 2);
  });

  it('parses them from a stream of 1,000-byte chunks', async () => {
    const types = Array.from({ length: WIDTH }, (_, c) => TYPES[(c * 5) % TYPES.length]);
    const bytes = new TextEncoder().encode(wideCsv(types, 3));
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
    }
    const table = await parseStream(chunks(), { schema: schemaOf(types) });
    expectValues(table.columns, types, 3);
  });

  it('makes nulls of empty fields in nullable columns, and of bad values under onError: null', () => {
    const types = Array<T>(WIDTH).fill('f64');
    const schema: Schema = {};
    types.forEach((_, c) => (schema[`c${c}`] = { type: 'f64', nullable: true }));
    const row = (bad: boolean) => types.map((_, c) => (c % 3 === 0 ? '' : bad && c === 5 ? 'oops' : '1.5')).join(',');
    const csv = `${types.map((_, c) => `c${c}`).join(',')}\n${row(false)}\n${row(true)}\n`;
    const table = parse(csv, { schema, onError: 'null' });
    expect(table.rowCount).toBe(2);
    expect(table.errorCount).toBe(1);
    expect(table.errors[0]).toMatchObject({ code: 'INVALID_NUMBER', line: 3, column: 'c5', text: 'oops' });
    for (const c of [0, 1, 5, WIDTH - 1]) {
      for (const r of [0, 1]) expect(table.isNull(`c${c}`, r)).toBe(c % 3 === 0 || (r === 1 && c === 5));
    }
  });
});

describe('wide and tall files', () => {
  it('parses 2,000 f64 columns × 5,000 rows exactly', () => {
    const types = Array<T>(2000).fill('f64');
    const table = parse(wideCsv(types, 5000), { schema: schemaOf(types) });
    expect(table.rowCount).toBe(5000);
    expectValues(table.columns, types, 5000);
  });

  it('parses 1,000 mixed columns × 2,000 rows exactly, with skipped file columns between them', () => {
    const types = Array.from({ length: 1000 }, (_, c) => TYPES[c % TYPES.length]);
    const schema = schemaOf(types);
    for (let c = 0; c < 1000; c += 4) delete schema[`c${c}`]; // projected away: skipped, not parsed
    const table = parse(wideCsv(types, 2000), { schema });
    expect(Object.keys(table.columns)).toHaveLength(750);
    types.forEach((t, c) => {
      if (c % 4 !== 0) expectColumn(table.columns[`c${c}`], t, c, 2000);
    });
  });

  it('parses string values far longer than a wide schema\'s share of string scratch', () => {
    // 16,384 string columns share 32 MiB of scratch, 2 KiB each; these values are 40 and 200 KiB.
    const types = Array<T>(WIDTH).fill('string');
    const long = (r: number, c: number) => (c === 7 ? 'x'.repeat(40_000 + r) : c === WIDTH - 1 ? 'y'.repeat(200_000) : field('string', r, c));
    const rows = [0, 1, 2].map((r) => types.map((_, c) => long(r, c)).join(','));
    const csv = `${types.map((_, c) => `c${c}`).join(',')}\n${rows.join('\n')}\n`;
    const table = parse(csv, { schema: schemaOf(types) });
    expect(table.rowCount).toBe(3);
    for (const r of [0, 1, 2]) {
      for (const c of [0, 6, 7, 8, WIDTH - 2, WIDTH - 1]) expect((table.columns[`c${c}`] as StringColumn).get(r)).toBe(long(r, c));
    }
  });
});
