// category columns by example: codes into a dictionary of the distinct values in order of first
// appearance, the same whatever the chunking and in batches (one growing dictionary), nulls, quoted
// values, maxCategories and TOO_MANY_CATEGORIES under every policy, and a dictionary that outgrows
// its first room in linear memory many times over.
import { describe, expect, it } from 'vitest';
import { CategoryColumn, CsvError, parse, parseBatches, parseStream, type ParseOptions, type Schema, type Table } from '../src/index.js';
import { describeDifference, libraryParse, libraryParseBatches, libraryParseSync } from './reference/library.js';
import { referenceParse, type RefOptions } from './reference/reference-parser.js';

const encoder = new TextEncoder();

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function shape(c: CategoryColumn) {
  return { codes: Array.from(c.codes), dictionary: c.dictionary.toArray(), values: c.toArray() };
}

/** The table from parse(), after checking that streamed and small-window parses give the same columns. */
async function read<const S extends Schema>(text: string, options: ParseOptions<S>, sizes = [1, 7]): Promise<Table<S>> {
  const whole = parse(text, options);
  const cat = (t: Table<S>) => shape(t.columns.c as unknown as CategoryColumn);
  for (const size of sizes) expect(cat(await parseStream(chunks(encoder.encode(text), size), options))).toEqual(cat(whole));
  expect(cat(parse(text, { ...options, chunkSize: 64 }))).toEqual(cat(whole));
  return whole;
}

function thrown(f: () => unknown): CsvError {
  try {
    f();
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('category columns', () => {
  it('store Int32Array codes into a dictionary of the distinct values, in order of first appearance', async () => {
    const t = await read('c\nGET\nPOST\nGET\nPUT\nPOST\nget\n', { schema: { c: 'category' } });
    const c = t.columns.c;
    expect(c).toBeInstanceOf(CategoryColumn);
    expect(c.codes).toBeInstanceOf(Int32Array);
    expect(shape(c)).toEqual({
      codes: [0, 1, 0, 2, 1, 3],
      dictionary: ['GET', 'POST', 'PUT', 'get'],
      values: ['GET', 'POST', 'GET', 'PUT', 'POST', 'get'],
    });
    expect(c.get(3)).toBe('PUT');
    expect(c.length).toBe(6);
    expect(c.dictionary.validity).toBeUndefined();
    expect(() => c.get(6)).toThrow(RangeError);
  });

  it('read quoted values as their content, "" as one quote, never trimmed; a quoted value equals the same value unquoted', async () => {
    const t = await read('c,n\n"a,b",1\n"q""t",2\na,3\n"a",4\n" a",5\n"",6\n', { schema: { c: 'category', n: 'i32' } });
    expect(shape(t.columns.c)).toMatchObject({ codes: [0, 1, 2, 2, 3, 4], dictionary: ['a,b', 'q"t', 'a', ' a', ''] });
  });

  it('are nullable: an unquoted empty field is a null with code 0 and its validity bit clear; "" is the empty string', async () => {
    const t = await read('c,n\n,1\nGET,2\n"",3\n,4\n', { schema: { c: { type: 'category', nullable: true }, n: 'i32' } });
    expect(shape(t.columns.c)).toEqual({ codes: [0, 0, 1, 0], dictionary: ['GET', ''], values: [null, 'GET', '', null] });
    expect(t.columns.c.validity).toBe(t.validity.c);
    expect(Array.from(t.validity.c!)).toEqual([0b0110]);
    expect(t.isNull('c', 0)).toBe(true);
    // Not nullable: an empty field is the empty string, as in a string column.
    const s = await read('c,n\n,1\nx,2\n', { schema: { c: 'category', n: 'i32' } });
    expect(shape(s.columns.c)).toEqual({ codes: [0, 1], dictionary: ['', 'x'], values: ['', 'x'] });
  });

  it('stop at maxCategories with TOO_MANY_CATEGORIES naming the value, column and line, never a silent change of type', () => {
    const e = thrown(() => parse('c\nGET\nPOST\nGET\nPUT\n', { schema: { c: { type: 'category', maxCategories: 2 } } }));
    expect(e).toMatchObject({ code: 'TOO_MANY_CATEGORIES', column: 'c', line: 5, row: 3, text: 'PUT' });
    expect(e.message).toBe('"PUT" would be distinct value number 3 of category column "c" at line 5 (byte 15), more than maxCategories (2); raise maxCategories, or read the column as \'string\'');
  });

  it('follow the error policies for TOO_MANY_CATEGORIES: null nulls the value, skip drops the record', async () => {
    const text = 'c,n\nGET,1\nPOST,2\nPUT,3\nGET,4\n';
    const n = await read(text, { schema: { c: { type: 'category', maxCategories: 2 }, n: 'i32' }, onError: 'null' });
    expect(shape(n.columns.c)).toEqual({ codes: [0, 1, 0, 0], dictionary: ['GET', 'POST'], values: ['GET', 'POST', null, 'GET'] });
    expect(n.errors.map((e) => e.code)).toEqual(['TOO_MANY_CATEGORIES']);
    const s = await read(text, { schema: { c: { type: 'category', maxCategories: 2 }, n: 'i32' }, onError: 'skip' });
    expect(shape(s.columns.c).values).toEqual(['GET', 'POST', 'GET']);
    expect(Array.from(s.columns.n)).toEqual([1, 2, 4]);
  });

  it('leave out the values of dropped records: the dictionary holds exactly the distinct values of the rows', async () => {
    const text = 'c,n\nGET,1\nPOST,x\nPUT,3\nPOST,4\nHEAD,5,extra\n';
    const t = await read(text, { schema: { c: 'category', n: 'i32' }, onError: 'skip' });
    expect(shape(t.columns.c)).toEqual({ codes: [0, 1, 2], dictionary: ['GET', 'PUT', 'POST'], values: ['GET', 'PUT', 'POST'] });
    // The same with a callback that is asked first and a record parsed again after its answer.
    const asked: string[] = [];
    const cb = await read(text, { schema: { c: 'category', n: 'i32' }, onError: (e) => (asked.push(e.code), 'skip') });
    expect(shape(cb.columns.c).dictionary).toEqual(['GET', 'PUT', 'POST']);
    expect(asked).toContain('INVALID_NUMBER');
  });

  it('check UTF-8 with validateUtf8, and otherwise keep each value\'s bytes apart (two bad sequences are two values)', async () => {
    const bytes = Uint8Array.from([0x63, 0x0a, 0xff, 0x0a, 0xfe, 0x0a, 0xff, 0x0a]);
    const t = parse(bytes, { schema: { c: 'category' } });
    expect(Array.from(t.columns.c.codes)).toEqual([0, 1, 0]);
    expect(t.columns.c.dictionary.length).toBe(2);
    expect(thrown(() => parse(bytes, { schema: { c: 'category' }, validateUtf8: true })).code).toBe('INVALID_UTF8');
  });

  it('give the same dictionary for any chunking when it outgrows its room many times (30,000 values, long ones, quoted ones)', async () => {
    const values: string[] = [];
    let x = 1;
    for (let i = 0; i < 60_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const k = x % 30_000;
      values.push(k % 7 === 0 ? `"v${k},${'x'.repeat(k % 300)}"""` : `v${k}`);
    }
    const text = 'n,c\n' + values.map((v, i) => `${i},${v}`).join('\n') + '\n';
    const options = { schema: { n: 'i32', c: { type: 'category', maxCategories: 100_000 } } } as const;
    const t = await read(text, options, [1000, 4093]);
    // The dictionary is the distinct values in order of first appearance.
    const expected: string[] = [];
    const seen = new Map<string, number>();
    const codes = values.map((v) => {
      const s = v.startsWith('"') ? v.slice(1, -1).replace(/""/g, '"') : v;
      if (!seen.has(s)) { seen.set(s, expected.length); expected.push(s); }
      return seen.get(s)!;
    });
    expect(t.columns.c.dictionary.toArray()).toEqual(expected);
    expect(Array.from(t.columns.c.codes)).toEqual(codes);
    // The default maxCategories (65,536) is far above this; 1,000 is not.
    expect(thrown(() => parse(text, { schema: { n: 'i32', c: { type: 'category', maxCategories: 1000 } } })).code).toBe('TOO_MANY_CATEGORIES');
  });

  it('share one growing dictionary across parseBatches: each batch\'s dictionary starts with the one before', async () => {
    const text = 'c\nGET\nPOST\nGET\nPUT\nDELETE\nGET\n';
    const batches: { codes: number[]; dictionary: (string | null)[] }[] = [];
    for await (const b of parseBatches(chunks(encoder.encode(text), 3), { schema: { c: 'category' }, batchRows: 2 })) {
      batches.push({ codes: Array.from(b.columns.c.codes), dictionary: b.columns.c.dictionary.toArray() });
    }
    expect(batches).toEqual([
      { codes: [0, 1], dictionary: ['GET', 'POST'] },
      { codes: [0, 2], dictionary: ['GET', 'POST', 'PUT'] },
      { codes: [3, 0], dictionary: ['GET', 'POST', 'PUT', 'DELETE'] },
    ]);
  });

  it('agree with the reference parser while the dictionary grows, records are dropped and nulled, and maxCategories is reached, under every policy and chunking', async () => {
    // 4,000 rows, about 2,000 distinct values (some quoted, some long) against maxCategories 1,500; every
    // 13th row has a bad number. The dictionary outgrows its room many times around dropped records.
    let x = 7;
    const rows: string[] = [];
    for (let i = 0; i < 4000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const k = x % 2600;
      const value = k % 5 === 0 ? `"k${k},""${'y'.repeat(k % 97)}"` : k % 11 === 0 ? '' : `k${k}`;
      rows.push(`${i % 13 === 0 ? 'bad' : i},${value}`);
    }
    const input = 'n,c\n' + rows.join('\n') + '\n';
    let calls = 0;
    const policies: RefOptions['onError'][] = ['skip', 'null', () => (calls++ % 3 === 0 ? 'skip' : 'null')];
    for (const onError of policies) {
      for (const nullable of [false, true]) {
        const options: RefOptions = { schema: { n: 'i32', c: { type: 'category', nullable, maxCategories: 1500 } }, onError, maxErrors: 1e9 };
        calls = 0;
        const ref = referenceParse(input, options);
        expect(ref.ok && ref.errorCount > 300).toBe(true);
        expect(ref.ok && ref.allErrors.some((e) => e.code === 'TOO_MANY_CATEGORIES')).toBe(true);
        const runs: [string, () => ReturnType<typeof libraryParseSync> | Promise<ReturnType<typeof libraryParseSync>>][] = [
          ['parse()', () => libraryParseSync(input, options)],
          ['parse() with a 64-byte window', () => libraryParseSync(input, { ...options, chunkSize: 64 })],
          ['parseStream() in 1 and 1,000-byte chunks', () => libraryParse(input, options, [1000, 1])],
          ['parseBatches() of 333 rows', () => libraryParseBatches(input, options, 4096, 333)],
        ];
        for (const [how, run] of runs) {
          calls = 0;
          expect(describeDifference(ref, await run()), `${how}, onError ${String(onError).slice(0, 20)}, nullable ${nullable}`).toBeUndefined();
        }
      }
    }
  });

  it('refuse a maxCategories that is not a whole number from 1', () => {
    for (const maxCategories of [0, -1, 1.5, '10', 2 ** 31]) {
      expect(thrown(() => parse('c\nx\n', { schema: { c: { type: 'category', maxCategories } as never } })).code).toBe('INVALID_OPTION');
    }
  });
});
