// bool, date and timestamp columns by example: what each accepts, the number it stores, nulls,
// errors under every policy, and declared words, formats and units. Every example is parsed whole,
// in 1-byte stream chunks and with the smallest window, which must agree (the chunk-boundary rule);
// the project decides the engine (wasm builds, or the JS engine in the js project).
import { describe, expect, it } from 'vitest';
import { CsvError, parse, parseStream, type ParseOptions, type Schema, type Table } from '../src/index.js';

const encoder = new TextEncoder();

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function plain(t: Table): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const c of t.schema) {
    const col = t.columns[c.name] as ArrayLike<unknown>;
    out[c.name] = Array.from({ length: t.rowCount }, (_, i) => (t.isNull(c.name, i) ? null : col[i]));
  }
  return { ...out, errors: t.errors.map((e) => `${e.code}@${e.line}:${e.column}=${e.text}`), skipped: [t.skippedRecords] };
}

/** The table from parse(), after checking that streamed and small-window parses give the same. */
async function read<const S extends Schema>(text: string, options: ParseOptions<S>): Promise<Table<S>> {
  const whole = parse(text, options);
  const streamed = await parseStream(chunks(encoder.encode(text), 1), options);
  const small = parse(text, { ...options, chunkSize: 64 });
  expect(plain(streamed)).toEqual(plain(whole));
  expect(plain(small)).toEqual(plain(whole));
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

/** Days since 1970-01-01 by the JavaScript Date. */
const day = (y: number, m: number, d: number) => {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime() / 86_400_000;
};

describe('bool columns', () => {
  it('read true false 1 0 t f yes no y n in any case as 1 and 0 in a Uint8Array', async () => {
    const words = ['true', 'FALSE', '1', '0', 'T', 'f', 'Yes', 'nO', 'y', 'N'];
    const t = await read(`b\n${words.join('\n')}\n`, { schema: { b: 'bool' } });
    expect(t.columns.b).toBeInstanceOf(Uint8Array);
    expect(Array.from(t.columns.b)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('take a quoted word as the word, and refuse anything else with INVALID_VALUE naming value, column and line', async () => {
    expect(Array.from((await read('b\n"yes"\n', { schema: { b: 'bool' } })).columns.b)).toEqual([1]);
    for (const bad of ['maybe', 'tru', '2', 'yess', 'on', '"t "']) {
      const e = thrown(() => parse(`b\ntrue\n${bad}\n`, { schema: { b: 'bool' } }));
      expect(e.code).toBe('INVALID_VALUE');
      expect(e).toMatchObject({ line: 3, column: 'b', row: 1 });
      expect(e.message).toContain(`invalid bool ${JSON.stringify(bad.replace(/"/g, ''))} in column "b" at line 3`);
    }
  });

  it('allow spaces around a word only with trim', async () => {
    expect(thrown(() => parse('b\n yes\n', { schema: { b: 'bool' } })).code).toBe('INVALID_VALUE');
    expect(Array.from((await read('b\n yes \t\n', { schema: { b: 'bool' }, trim: true })).columns.b)).toEqual([1]);
  });

  it('use declared words instead of the defaults, ignoring ASCII case', async () => {
    const schema = { b: { type: 'bool', true: ['on', 'Oui'], false: ['off', 'NON'] } } as const;
    const t = await read('b\nON\noui\nOff\nnon\n', { schema });
    expect(Array.from(t.columns.b)).toEqual([1, 1, 0, 0]);
    expect(thrown(() => parse('b\ntrue\n', { schema })).message).toContain('expected one of on, Oui, off, NON');
  });

  it('refuse word lists that are empty, not strings, or give a word both meanings', () => {
    const bad: unknown[] = [
      { type: 'bool', true: [] }, { type: 'bool', true: 'yes' }, { type: 'bool', false: [0] }, { type: 'bool', true: [''] },
      { type: 'bool', true: ['Y'], false: ['y'] }, { type: 'bool', true: ['ja'], false: ['JA'] }, { type: 'bool', true: ['x'.repeat(256)] },
      { type: 'bool', format: '%Y' }, { type: 'bool', truee: ['x'] },
    ];
    for (const spec of bad) {
      expect(thrown(() => parse('b\n1\n', { schema: { b: spec as 'bool' } })).code, JSON.stringify(spec)).toBe('INVALID_OPTION');
    }
  });

  it('are nullable: an empty field is a null with a validity bit; EMPTY_VALUE when not nullable', async () => {
    const t = await read('b\ntrue\n\n""\nno\n', { schema: { b: { type: 'bool', nullable: true } }, header: true });
    // A blank line is no record; "" is an empty field, quoted or not.
    expect(plain(t).b).toEqual([1, null, 0]);
    expect(Array.from(t.columns.b)).toEqual([1, 0, 0]);
    expect(thrown(() => parse('a,b\n1,\n', { schema: { b: 'bool' } })).code).toBe('EMPTY_VALUE');
  });

  it('follow the error policies: skip drops the record, null nulls the value, a callback decides', async () => {
    const text = 'a,b\n1,yes\n2,perhaps\n3,no\n';
    const skip = await read(text, { schema: { a: 'i32', b: 'bool' }, onError: 'skip' });
    expect(plain(skip)).toMatchObject({ a: [1, 3], b: [1, 0], skipped: [1], errors: ['INVALID_VALUE@3:b=perhaps'] });
    const nulls = await read(text, { schema: { a: 'i32', b: 'bool' }, onError: 'null' });
    expect(plain(nulls)).toMatchObject({ a: [1, 2, 3], b: [1, null, 0], skipped: [0] });
    const asked: string[] = [];
    const cb = await read(text, { schema: { a: 'i32', b: 'bool' }, onError: (e) => (asked.push(e.code), 'null') });
    expect(plain(cb).b).toEqual([1, null, 0]);
    expect(asked.slice(0, 1)).toEqual(['INVALID_VALUE']);
  });
});

describe('date columns', () => {
  it('store YYYY-MM-DD as days since 1970-01-01 in an Int32Array, leap days and years 0000-9999 included', async () => {
    const dates: [number, number, number][] = [
      [1970, 1, 1], [1969, 12, 31], [2000, 2, 29], [2024, 2, 29], [1900, 2, 28], [1600, 2, 29], [2100, 3, 1], [0, 1, 1], [0, 2, 29], [4, 2, 29], [9999, 12, 31], [1582, 10, 10],
    ];
    const text = 'd\n' + dates.map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`).join('\n') + '\n';
    const t = await read(text, { schema: { d: 'date' } });
    expect(t.columns.d).toBeInstanceOf(Int32Array);
    expect(Array.from(t.columns.d)).toEqual(dates.map(([y, m, d]) => day(y, m, d)));
    expect(t.columns.d[0]).toBe(0);
    expect(t.columns.d[10]).toBe(2932896);
  });

  it('refuse dates that do not exist and other shapes with INVALID_VALUE', () => {
    for (const bad of ['2023-02-29', '1900-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-01', '24-01-01',
      '20240101', '2024/01/01', '2024-01-01T00:00', '2024-01-01 ', '+2024-01-01', '２０２４-01-01']) {
      const e = thrown(() => parse(`d\n${bad}\n`, { schema: { d: 'date' } }));
      expect(e.code, bad).toBe('INVALID_VALUE');
      expect(e.message).toContain(`invalid date ${JSON.stringify(bad)} in column "d" at line 2 (byte 2); expected a date YYYY-MM-DD`);
    }
  });

  it('read a declared format: %d %m (1-2 digits), %Y (4), %b (month names, any case), %% and literals', async () => {
    const t = await read('d\n1/3/2024\n29/02/2024\n', { schema: { d: { type: 'date', format: '%d/%m/%Y' } } });
    expect(Array.from(t.columns.d)).toEqual([day(2024, 3, 1), day(2024, 2, 29)]);
    const b = await read('d\n01-MAR-2024%\n31-dec-1999%\n', { schema: { d: { type: 'date', format: '%d-%b-%Y%%' } } });
    expect(Array.from(b.columns.d)).toEqual([day(2024, 3, 1), day(1999, 12, 31)]);
    const compact = await read('d\n20240301\n', { schema: { d: { type: 'date', format: '%Y%m%d' } } });
    expect(Array.from(compact.columns.d)).toEqual([day(2024, 3, 1)]);
    const e = thrown(() => parse('d\n2024-03-01\n', { schema: { d: { type: 'date', format: '%d/%m/%Y' } } }));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message).toContain('expected the format "%d/%m/%Y"');
    expect(thrown(() => parse('d\n30/2/2024\n', { schema: { d: { type: 'date', format: '%d/%m/%Y' } } })).code).toBe('INVALID_VALUE');
  });

  it('refuse formats with time parts, unknown directives, or no year, month or day', () => {
    for (const format of ['%Y-%m-%d %H', '%Y-%m-%d%z', '%Y-%m', '%d/%m', '%Y-%m-%d-%q', '%Y-%m-%d%', '%Y-%m-%d-%Y', '', 7]) {
      expect(thrown(() => parse('d\n1\n', { schema: { d: { type: 'date', format } as never } })).code, String(format)).toBe('INVALID_OPTION');
    }
  });

  it('are nullable and follow the error policies', async () => {
    const t = await read('d\n2024-01-01\n\n"2024-01-02"\n', { schema: { d: { type: 'date', nullable: true } } });
    expect(plain(t).d).toEqual([day(2024, 1, 1), day(2024, 1, 2)]);
    const n = await read('d,x\n2024-01-01,1\n,2\n2024-02-30,3\n', { schema: { d: { type: 'date', nullable: true }, x: 'i32' }, onError: 'null' });
    expect(plain(n)).toMatchObject({ d: [day(2024, 1, 1), null, null], errors: ['INVALID_VALUE@4:d=2024-02-30'] });
    const s = await read('d,x\n2024-02-30,3\n2024-01-01,1\n', { schema: { d: 'date', x: 'i32' }, onError: 'skip' });
    expect(plain(s)).toMatchObject({ d: [day(2024, 1, 1)], x: [1], skipped: [1] });
    expect(thrown(() => parse('d\n""\n', { schema: { d: 'date' } })).code).toBe('EMPTY_VALUE');
  });
});

describe('timestamp columns', () => {
  const ms = (s: string) => Date.parse(s);

  it('store ISO 8601 as epoch milliseconds in a Float64Array: T or space, optional seconds and fraction, Z or offsets, no offset = UTC', async () => {
    const cases: [string, number][] = [
      ['2024-03-01T12:30:00Z', ms('2024-03-01T12:30:00Z')],
      ['2024-03-01 12:30:00', ms('2024-03-01T12:30:00Z')],
      ['2024-03-01t12:30z', ms('2024-03-01T12:30:00Z')],
      ['2024-03-01T12:30', ms('2024-03-01T12:30:00Z')],
      ['2024-03-01', ms('2024-03-01T00:00:00Z')],
      ['2024-03-01T12:30:00.5Z', ms('2024-03-01T12:30:00.500Z')],
      ['2024-03-01T12:30:00.123+05:30', ms('2024-03-01T07:00:00.123Z')],
      ['2024-03-01T12:30:00.123-0800', ms('2024-03-01T20:30:00.123Z')],
      ['2024-03-01T00:30:00+01', ms('2024-02-29T23:30:00Z')],
      ['2024-12-31T23:30:00-01:00', ms('2025-01-01T00:30:00Z')],
      ['1969-12-31T23:59:59.999Z', -1],
      ['0000-01-01T00:00:00Z', ms('0000-01-01T00:00:00Z')],
      ['0000-01-01T00:30:00+01:00', ms('-000001-12-31T23:30:00Z')],
      ['9999-12-31T23:59:59.999-23:59', ms('+010000-01-01T23:58:59.999Z')],
      ['2024-03-01T12:30:00.123000000Z', ms('2024-03-01T12:30:00.123Z')],
    ];
    const t = await read('ts\n' + cases.map((c) => c[0]).join('\n') + '\n', { schema: { ts: 'timestamp' } });
    expect(t.columns.ts).toBeInstanceOf(Float64Array);
    expect(Array.from(t.columns.ts)).toEqual(cases.map((c) => c[1]));
  });

  it("end an unquoted timestamp at the delimiter even when the delimiter is ' ' or ':', which ISO text holds", async () => {
    const t = await read('at n\n2024-03-01 5\n2024-03-01T12:30:00.5Z 6\n', { schema: { at: 'timestamp', n: 'i32' }, delimiter: ' ' });
    expect(Array.from(t.columns.at)).toEqual([ms('2024-03-01T00:00:00Z'), ms('2024-03-01T12:30:00.500Z')]);
    expect(Array.from(t.columns.n)).toEqual([5, 6]);
    // the delimiter ends the field inside the text: what is left over is the next column's
    expect(thrown(() => parse('at n\n2024-03-01 12:30:00 5\n', { schema: { at: 'timestamp', n: 'i32' }, delimiter: ' ' })).message)
      .toContain('invalid i32 "12:30:00" in column "n" at line 2');
    expect(thrown(() => parse('at:n\n2024-03-01T12:30:00Z:5\n', { schema: { at: 'timestamp', n: 'i32' }, delimiter: ':' })).message)
      .toContain('invalid timestamp "2024-03-01T12" in column "at" at line 2');
    const quoted = await read('at:n\n"2024-03-01T12:30:00Z":5\n', { schema: { at: 'timestamp', n: 'i32' }, delimiter: ':' });
    expect(Array.from(quoted.columns.at)).toEqual([ms('2024-03-01T12:30:00Z')]);
    // a quote character inside an unquoted field is a literal byte, as in any other field
    const dotQuote = await read('at,n\n2024-03-01T12:30:00.5Z,5\n', { schema: { at: 'timestamp', n: 'i32' }, quote: '.' });
    expect(Array.from(dotQuote.columns.at)).toEqual([ms('2024-03-01T12:30:00.500Z')]);
  });

  it('keep a fraction finer than a millisecond as the nearest double', async () => {
    const t = await read('ts\n2024-03-01T12:30:00.123456789Z\n1969-12-31T23:59:59.9999999Z\n1970-01-01T00:00:00.0000001Z\n', { schema: { ts: 'timestamp' } });
    expect(Array.from(t.columns.ts)).toEqual([Number(`${ms('2024-03-01T12:30:00.123Z')}.456789`), -0.0001, 0.0001]);
  });

  it("store unit 'us' and 'ns' exactly in a BigInt64Array (a finer fraction cut toward the past)", async () => {
    const text = 'u,n\n2024-03-01T12:30:00.123456789Z,2024-03-01T12:30:00.123456789Z\n1969-12-31T23:59:59.9999999Z,1969-12-31T23:59:59.9999999Z\n';
    const t = await read(text, { schema: { u: { type: 'timestamp', unit: 'us' }, n: { type: 'timestamp', unit: 'ns' } } });
    expect(t.columns.u).toBeInstanceOf(BigInt64Array);
    const base = BigInt(ms('2024-03-01T12:30:00Z'));
    expect(Array.from(t.columns.u)).toEqual([base * 1000n + 123456n, -1n]);
    expect(Array.from(t.columns.n)).toEqual([base * 1000000n + 123456789n, -100n]);
    const m = await read('m\n2024-03-01T12:30:00.123Z\n', { schema: { m: { type: 'timestamp', unit: 'ms' } } });
    expect(m.columns.m).toBeInstanceOf(Float64Array);
  });

  it("make an instant outside what i64 nanoseconds hold OUT_OF_RANGE in unit 'ns' (1677-09-21T00:12:43.145224192Z .. 2262-04-11T23:47:16.854775807Z)", async () => {
    const t = await read('n\n1677-09-21T00:12:43.145224192Z\n2262-04-11T23:47:16.854775807Z\n', { schema: { n: { type: 'timestamp', unit: 'ns' } } });
    expect(Array.from(t.columns.n)).toEqual([-(2n ** 63n), 2n ** 63n - 1n]);
    for (const text of ['1677-09-21T00:12:43.145224191Z', '2262-04-11T23:47:16.854775808Z', '0001-01-01', '9999-12-31']) {
      const e = thrown(() => parse(`n\n${text}\n`, { schema: { n: { type: 'timestamp', unit: 'ns' } } }));
      expect(e.code, text).toBe('OUT_OF_RANGE');
    }
  });

  it('refuse impossible times and other shapes with INVALID_VALUE', () => {
    for (const bad of ['2024-01-01T24:00', '2024-01-01T12:60', '2024-01-01T12:00:60', '2024-01-01T12:00:00.', '2024-01-01T12:00:00.1234567890',
      '2024-01-01T12:00+24:00', '2024-01-01T12:00+05:60', '2024-01-01Z', '2024-01-01T1:00', '2024-01-01T12:00:00,5', '2024-01-01T12',
      '2024-01-01T12:00+5', '2024-01-01T12:00+05:3', '2024-02-30T00:00', '2024-01-01T12:00 Z', 'now', '1709296200000']) {
      const e = thrown(() => parse(`ts\n"${bad}"\n`, { schema: { ts: 'timestamp' } }));
      expect(e.code, bad).toBe('INVALID_VALUE');
      expect(e.message).toContain(`invalid timestamp ${JSON.stringify(bad)} in column "ts" at line 2`);
    }
  });

  it('read a declared strptime format: %d/%b/%Y:%H:%M:%S %z (the access log), %f, literals', async () => {
    const t = await read('ts\n01/Mar/2024:12:30:00 +0100\n29/FEB/2024:23:59:59 -02:00\n', { schema: { ts: { type: 'timestamp', format: '%d/%b/%Y:%H:%M:%S %z' } } });
    expect(Array.from(t.columns.ts)).toEqual([ms('2024-03-01T11:30:00Z'), ms('2024-03-01T01:59:59Z')]);
    const f = await read('ts\n2024-3-1 9:05:07.25\n', { schema: { ts: { type: 'timestamp', format: '%Y-%m-%d %H:%M:%S.%f', unit: 'us' } } });
    expect(Array.from(f.columns.ts)).toEqual([BigInt(ms('2024-03-01T09:05:07.250Z')) * 1000n]);
    const e = thrown(() => parse('ts\n2024-03-01T12:30:00Z\n', { schema: { ts: { type: 'timestamp', format: '%d/%b/%Y:%H:%M:%S %z' } } }));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message).toContain('expected the format "%d/%b/%Y:%H:%M:%S %z"');
  });

  it('name the right setting when one is misspelt or belongs to another type', () => {
    expect(thrown(() => parse('ts\n1\n', { schema: { ts: { type: 'timestamp', units: 'us' } as never } })).message).toContain('did you mean unit?');
    expect(thrown(() => parse('ts\n1\n', { schema: { ts: { type: 'f64', unit: 'us' } as never } })).code).toBe('INVALID_OPTION');
    expect(thrown(() => parse('c\n1\n', { schema: { c: { type: 'category', max_categories: 5 } as never } })).message).toContain('did you mean maxCategories?');
  });

  it('refuse bad units and formats with INVALID_OPTION', () => {
    for (const spec of [{ type: 'timestamp', unit: 's' }, { type: 'timestamp', unit: 'MS' }, { type: 'timestamp', format: '%H:%M' }, { type: 'timestamp', format: '%Y-%m-%d %H:%H' },
      { type: 'timestamp', format: '%Y-%m-%d %I' }, { type: 'timestamp', format: '%s' }]) {
      expect(thrown(() => parse('ts\n1\n', { schema: { ts: spec as never } })).code, JSON.stringify(spec)).toBe('INVALID_OPTION');
    }
  });

  it('are nullable (NaN in ms, 0n in us/ns) and follow the error policies', async () => {
    const t = await read('a,b\n,\n2024-01-01,2024-01-01\n', { schema: { a: { type: 'timestamp', nullable: true }, b: { type: 'timestamp', unit: 'ns', nullable: true } } });
    expect(plain(t)).toMatchObject({ a: [null, ms('2024-01-01')], b: [null, BigInt(ms('2024-01-01')) * 1000000n] });
    expect(t.columns.a[0]).toBeNaN();
    expect(t.columns.b[0]).toBe(0n);
    const n = await read('a\nyesterday\n2024-01-01\n', { schema: { a: 'timestamp' }, onError: 'null' });
    expect(plain(n)).toMatchObject({ a: [null, ms('2024-01-01')], errors: ['INVALID_VALUE@2:a=yesterday'] });
    const s = await read('a\nyesterday\n2024-01-01\n', { schema: { a: 'timestamp' }, onError: 'skip' });
    expect(plain(s)).toMatchObject({ a: [ms('2024-01-01')], skipped: [1] });
    expect(thrown(() => parse('a\n""\n', { schema: { a: 'timestamp' } })).code).toBe('EMPTY_VALUE');
  });
});
