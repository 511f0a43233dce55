// sniff / sniffFile: dialect, header, the type ladder, sampling several places, the code to paste, and that a sniffed schema parses what was sniffed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvError, parse, parseFile, sniff, sniffFile, StringColumn, type Schema, type SniffResult } from '../src/index.js';
import { hasOffset, isBool, isDate, isFloat, isInteger, timestampDigits } from '../src/sniff/grammar.js';
import { prng } from './support/prng.js';

const dir = mkdtempSync(join(tmpdir(), 'typed-csv-sniff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const types = (r: SniffResult) => Object.fromEntries(r.columns.map((c) => [c.name, c.nullable ? `${c.type}?` : c.type]));
const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

describe('the grammars the sniffer tests values against are the parser\'s', () => {
  it('integers: [+-]?digits, nothing else', () => {
    for (const t of ['0', '-0', '+7', '123456789012345678901234']) expect(isInteger(t), t).toBe(true);
    for (const t of [' 7', '7 ', '1_000', '0x10', '1e3', '1.0', '', '+', '١٢']) expect(isInteger(t), t).toBe(false);
  });
  it('floats: digits with an optional fraction and exponent, or nan/inf/infinity in any case', () => {
    for (const t of ['1', '1.', '.5', '-1.5e-3', '+1E+300', 'NaN', '-inf', '+Infinity', 'INF']) expect(isFloat(t), t).toBe(true);
    for (const t of ['1,5', '.', 'e5', '1e', '1.5.2', ' 1', '0x1p3', 'infinit', '1_0', '']) expect(isFloat(t), t).toBe(false);
  });
  it('bools: true false 1 0 t f yes no y n, in any case', () => {
    for (const t of ['true', 'FALSE', 'T', 'f', 'Yes', 'NO', 'y', 'N', '1', '0']) expect(isBool(t), t).toBe(true);
    for (const t of ['on', 'off', 'ja', '2', 'tru', 'yes ', '']) expect(isBool(t), t).toBe(false);
  });
  it('dates: YYYY-MM-DD, real calendar dates only', () => {
    for (const t of ['2024-02-29', '2000-02-29', '0000-01-01', '9999-12-31', '1970-01-01']) expect(isDate(t), t).toBe(true);
    for (const t of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-1-01', '24-01-01', '2024/01/01', '2024-01-01T00:00']) expect(isDate(t), t).toBe(false);
  });
  it('timestamps: ISO 8601 with T or space, optional seconds and 1-9 fraction digits, Z or ±hh[:mm] / ±hhmm', () => {
    const ok: [string, number][] = [
      ['2024-01-01T00:00', 0], ['2024-01-01 23:59:59', 0], ['2024-01-01T10:00:00Z', 0], ['2024-01-01T10:00:00.1+02:00', 1],
      ['2024-01-01T10:00:00.123-0530', 3], ['2024-01-01T10:00:00.123456+05', 6], ['2024-02-29T10:00:00.123456789Z', 9], ['2024-01-01', 0],
    ];
    for (const [t, digits] of ok) expect(timestampDigits(t), t).toBe(digits);
    for (const t of ['2024-01-01T24:00', '2024-01-01T10:60', '2024-01-01T10:00:60', '2024-01-01T10', '2024-01-01T10:00:00.', '2024-01-01T10:00:00.1234567890', '2023-02-29T00:00', '2024-01-01T10:00+2', '2024-01-01T10:00+24:00', '2024-01-01t10:00', '2024-01-01T10:00:00z']) {
      expect(timestampDigits(t), t).toBe(-1);
    }
    expect(hasOffset('2024-01-01T10:00Z')).toBe(true);
    expect(hasOffset('2024-01-01T10:00-0500')).toBe(true);
    expect(hasOffset('2024-01-01T10:00')).toBe(false);
    expect(hasOffset('2024-01-01')).toBe(false);
  });
});

describe('dialect', () => {
  it('finds , ; tab and | by the most consistent field counts', () => {
    for (const d of [',', ';', '\t', '|']) {
      const text = `a${d}b${d}c\n` + rows(50, (i) => [i, `x${i}`, i * 2].join(d));
      const r = sniff(text);
      expect(r.delimiter, JSON.stringify(d)).toBe(d);
      expect(r.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    }
  });

  it('is not fooled by decimal commas in a ; file, nor by ; inside quoted text', () => {
    const text = 'name;amount;note\n' + rows(40, (i) => `"Firma ${i}; GmbH";${i},50;"a;b"`);
    const r = sniff(text);
    expect(r.delimiter).toBe(';');
    expect(types(r)).toEqual({ name: 'string', amount: 'string', note: 'category' });
    expect(r.warnings.join('\n')).toMatch(/column "amount": decimal commas \(e\.g\. 0,50\)/);
  });

  it('keeps " as the quote when text holds apostrophes, and takes \' only when nothing else makes sense', () => {
    const dq = 'id,text\n' + rows(30, (i) => `${i},"it's ${i}, isn't it"`);
    expect(sniff(dq).quote).toBe('"');
    const sq = 'id,text\n' + rows(30, (i) => `${i},'a, b ${i}'`);
    const r = sniff(sq);
    expect(r.quote).toBe("'");
    expect(r.columns.map((c) => c.examples[0])).toEqual(['0', 'a, b 0']);
  });

  it('reads quoted fields holding delimiters, newlines and "" like the parser', () => {
    const text = 'id,body,n\n' + rows(30, (i) => `${i},"line one, ""quoted""\nline two",${i}.5`);
    const r = sniff(text);
    expect(r.rowsSampled).toBe(30);
    expect(types(r)).toEqual({ id: 'i32', body: 'category', n: 'f64' });
    expect(r.columns[1].examples[0]).toBe('line one, "quoted"\nline two');
  });

  it('handles CRLF, a BOM and blank lines', () => {
    const r = sniff('\ufeffa,b\r\n1,x\r\n\r\n2,y\r\n3,z\r\n');
    expect(r.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(r.columns[1].examples).toEqual(['x', 'y', 'z']);
    expect(r.rowsSampled).toBe(3);
  });

  it('takes the delimiter and quote you give', () => {
    const r = sniff('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(r.delimiter).toBe(',');
    expect(r.columns.map((c) => c.name)).toEqual(['a;b', 'c']);
  });

  it('calls a one-column file one column', () => {
    const r = sniff('value\n1.5\n2\n3\n');
    expect(r.delimiter).toBe(',');
    expect(r.schema).toEqual({ value: 'f64' });
  });

  it('notes records whose field count differs (the parser\'s FIELD_COUNT) and types the rest', () => {
    const r = sniff('a,b\n' + rows(20, (i) => (i === 5 ? '1,2,3' : `${i},${i}`)));
    expect(r.schema).toEqual({ a: 'i32', b: 'i32' });
    expect(r.warnings.join('\n')).toMatch(/1 sampled records do not have 2 fields/);
  });
});

describe('header', () => {
  it('is a first record that fails the types of the values below it', () => {
    expect(sniff('id,price\n1,2.5\n2,3\n').header).toBe(true);
    expect(sniff('day,ok\n2024-01-01,yes\n2024-01-02,no\n').header).toBe(true);
  });

  it('is absent when the first record passes every typed column', () => {
    const r = sniff('1,2.5,ann\n2,3,bob\n3,4.5,cy\n');
    expect(r.header).toBe(false);
    expect(r.columns.map((c) => c.name)).toEqual(['column1', 'column2', 'column3']);
    expect(r.rowsSampled).toBe(3);
  });

  it('in an all-text file: a header unless its values recur in their columns, repeat, or are empty', () => {
    expect(sniff('name,city\n' + rows(30, (i) => `p${i},c${i}`)).header).toBe(true);
    expect(sniff(rows(30, (i) => `${['GET', 'POST'][i % 2]},${['a', 'b', 'c'][i % 3]}`)).header).toBe(false);
    expect(sniff('x,x\n' + rows(5, (i) => `p${i},q${i}`)).header).toBe(false);
    expect(sniff('x,\n' + rows(5, (i) => `p${i},q${i}`)).header).toBe(false);
  });

  it('takes header: true/false when you give it', () => {
    expect(sniff('1,2\n3,4\n', { header: true }).schema).toEqual({ 1: 'i32', 2: 'i32' });
    const r = sniff('a,b\n3,4\n', { header: false });
    expect(r.schema).toEqual({ column1: 'string', column2: 'string' });
  });

  it('leaves out a name the header repeats (the parser could not tell which is meant), says so, and the rest parses', () => {
    const text = 'a,b,a\n1,x,2\n';
    const r = sniff(text);
    expect(r.schema).toEqual({ b: 'string' });
    expect(r.columns.map((c) => [c.name, c.index])).toEqual([['b', 1]]);
    expect(r.warnings.join('\n')).toMatch(/the header names "a" 2 times \(columns 1 and 3\): left out of the schema/);
    expect((parse(text, { schema: r.schema }).columns.b as StringColumn).get(0)).toBe('x');
  });
});

describe('the type ladder', () => {
  const one = (values: string[], extra?: string) => {
    const r = sniff('v' + (extra ? ',w' : '') + '\n' + values.map((v, i) => (extra ? `${v},${extra}${i}` : v)).join('\n') + '\n', { header: true, delimiter: ',' });
    return r.columns[0];
  };

  it('bool for bool words, but a 0/1 column is an integer', () => {
    expect(one(['yes', 'no', 'Y', 'N', 'true'], 'x').type).toBe('bool');
    expect(one(['t', 'f', 'T'], 'x').type).toBe('bool');
    expect(one(['1', '0', 'yes'], 'x').type).toBe('bool');
    expect(one(['0', '1', '1', '0'], 'x').type).toBe('i32');
  });

  it('integers: i32 when they fit (not narrower: data grows), else i64, else u64, else f64', () => {
    expect(one(['1', '2', '-3']).type).toBe('i32');
    expect(one(['2147483647', '-2147483648']).type).toBe('i32');
    expect(one(['2147483648', '1']).type).toBe('i64');
    expect(one(['-9223372036854775808', '9223372036854775807']).type).toBe('i64');
    expect(one(['9223372036854775808', '0']).type).toBe('u64');
    expect(one(['18446744073709551616']).type).toBe('f64');
    expect(one(['-9223372036854775809']).type).toBe('f64');
    expect(one(['1', '2']).why).toMatch(/integers 1\.\.2 fit i32/);
  });

  it('f64 for any float text, ints mixed in', () => {
    const c = one(['1', '2.5', '-1e-3', 'nan', 'Infinity']);
    expect(c.type).toBe('f64');
  });

  it('text for numbers with leading zeros (zip codes, phone numbers), with a warning', () => {
    const r = sniff('zip\n02134\n10001\n');
    expect(r.schema).toEqual({ zip: 'string' });
    expect(r.warnings.join('\n')).toMatch(/column "zip": numbers with leading zeros \(02134\)/);
  });

  it('date for YYYY-MM-DD, text when one of them is not a real date', () => {
    expect(one(['2024-02-29', '2023-12-31']).type).toBe('date');
    expect(one(['2024-02-29', '2023-02-29']).type).toBe('string');
  });

  it('timestamp for ISO 8601 texts (bare dates mixed in are midnight), with us/ns units for finer fractions', () => {
    expect(one(['2024-01-01T10:00:00Z', '2024-01-02']).type).toBe('timestamp');
    const ms = one(['2024-01-01 10:00:00.123+02:00', '2024-01-01 10:00:00-0500']);
    expect([ms.type, ms.unit]).toEqual(['timestamp', undefined]);
    expect(ms.spec).toBe('timestamp');
    const us = one(['2024-01-01T10:00:00.123456Z']);
    expect([us.type, us.unit]).toEqual(['timestamp', 'us']);
    expect(us.spec).toEqual({ type: 'timestamp', unit: 'us' });
    expect(one(['2024-01-01T10:00:00.1234567Z']).unit).toBe('ns');
  });

  it('category for text with few distinct values among many, string otherwise', () => {
    const methods = Array.from({ length: 100 }, (_, i) => ['GET', 'POST', 'PUT'][i % 3]);
    const c = one(methods);
    expect(c.type).toBe('category');
    expect(c.distinct).toBe(3);
    expect(one(methods.slice(0, 20)).type).toBe('string'); // 3 distinct in 20: too few values to tell
    expect(one(methods.map((m, i) => `${m}${i}`)).type).toBe('string');
  });

  it('nullable where empty fields appear; an all-empty column is nullable text', () => {
    const r = sniff('a,b,c,d\n1,,x,\n,2.5,,\n3,1,"",\n');
    expect(r.schema).toEqual({ a: { type: 'i32', nullable: true }, b: { type: 'f64', nullable: true }, c: { type: 'string', nullable: true }, d: { type: 'string', nullable: true } });
    expect(r.columns[0]).toMatchObject({ values: 2, empty: 1, nullable: true });
    expect(r.columns[3].why).toMatch(/every sampled value is empty/);
  });

  it('a text column is nullable only for unquoted empty fields ("" is the empty string)', () => {
    expect(sniff('a,b\n"",1\nx,2\n').schema).toEqual({ a: 'string', b: 'i32' });
  });

  it('says when numbers are padded with spaces (text unless parsed with trim: true)', () => {
    const r = sniff('x,y\n 1,a\n2 ,b\n3,c\n');
    expect(r.schema).toEqual({ x: 'string', y: 'string' });
    expect(r.warnings.join('\n')).toMatch(/column "x": numbers with spaces around them \(e\.g\. " 1"\) are text unless parsed with trim: true/);
  });

  it('says when the header and the records have different field counts', () => {
    const r = sniff('a,b\n' + rows(10, (i) => `${i},${i},`));
    expect(r.warnings.join('\n')).toMatch(/the header has 2 fields but the records have 3/);
  });

  it('quoted numbers are numbers', () => {
    expect(sniff('a,b\n"1","2.5"\n"3","4"\n').schema).toEqual({ a: 'i32', b: 'f64' });
  });

  it('says when missing values are written as NA (typed-csv reads only empty fields as null)', () => {
    const r = sniff('x\n1.5\nNA\n2\n');
    expect(r.schema).toEqual({ x: 'string' });
    expect(r.warnings.join('\n')).toMatch(/column "x": numbers with 1 missing-value words \(e\.g\. NA\)/);
  });

  it('explains each column: type, evidence, examples, counts', () => {
    const r = sniff('method,ms\n' + rows(60, (i) => `${['GET', 'POST'][i % 2]},${i}`));
    expect(r.columns[0]).toMatchObject({ name: 'method', index: 0, type: 'category', nullable: false, spec: 'category', values: 60, empty: 0, distinct: 2, examples: ['GET', 'POST'] });
    expect(r.columns[0].why).toMatch(/only 2 distinct values/);
    expect(r.columns[1]).toMatchObject({ name: 'ms', index: 1, type: 'i32', distinct: 60, examples: ['0', '1', '2'] });
  });
});

describe('sampling', () => {
  // 30,000 rows whose `amount` is whole for 29,000 rows, then has decimals; `id` passes i32 only at the very end.
  const late = 'id,amount,kind\n' + rows(30_000, (i) => `${i < 29_990 ? i : 2 ** 40 + i},${i < 29_000 ? i % 500 : `${i % 500}.25`},${'abc'[i % 3]}`);

  it('reads several places of a large input, not only its head, and stays within sampleRows', () => {
    const r = sniff(late, { sampleRows: 2000, sampleBytes: 64 * 1024 });
    expect(r.rowsSampled).toBeLessThanOrEqual(2000);
    expect(r.rowsSampled).toBeGreaterThan(1000);
    expect(r.schema).toEqual({ id: 'i64', amount: 'f64', kind: 'category' });
  });

  it('sniffFile samples the head, the middle and the tail of a file', async () => {
    const path = file('late.csv', late);
    const r = await sniffFile(path, { sampleRows: 2000, sampleBytes: 64 * 1024 });
    expect(r.schema).toEqual({ id: 'i64', amount: 'f64', kind: 'category' });
    expect(r.rowsSampled).toBeLessThanOrEqual(2000);
    expect(await sniffFile(path)).toEqual(sniff(late));
  });

  it('a sample cut inside a quoted field with newlines starts at the next whole record', async () => {
    const r0 = prng(7);
    const text = 'id,note,score\n' + rows(20_000, (i) => `${i},"${'x'.repeat(Math.floor(r0() * 40))}\n${i % 7},\n,${i}",${(i / 4).toFixed(2)}`);
    const r = await sniffFile(file('multiline.csv', text), { sampleRows: 3000, sampleBytes: 32 * 1024 });
    expect(r.schema).toEqual({ id: 'i32', note: 'string', score: 'f64' });
    expect(r.warnings).toEqual([]);
    expect(r.rowsSampled).toBeGreaterThan(500); // 8 places of 4 KiB
  });

  it('reads a small input whole, thinning its records evenly to sampleRows', () => {
    const r = sniff('n\n' + rows(5000, (i) => (i === 4999 ? '0.5' : String(i))), { sampleRows: 100 });
    expect(r.rowsSampled).toBe(100);
    expect(r.schema).toEqual({ n: 'f64' }); // the last record is always kept
  });

  it('bytes and strings give the same answer', () => {
    const text = 'a;b\n' + rows(100, (i) => `${i};é${i % 3}`);
    expect(sniff(new TextEncoder().encode(text))).toEqual(sniff(text));
    expect(sniff(new TextEncoder().encode(text).buffer as ArrayBuffer)).toEqual(sniff(text));
  });

  it('a header without data: text columns, nothing sampled', () => {
    const r = sniff('a,b\n');
    expect(r).toMatchObject({ header: true, schema: { a: 'string', b: 'string' }, rowsSampled: 0 });
    expect(r.columns[0].why).toMatch(/no values sampled/);
  });

  it('an empty input has no columns', () => {
    const r = sniff('');
    expect(r).toMatchObject({ schema: {}, columns: [], rowsSampled: 0 });
    expect(r.warnings).toEqual(['the input has no records']);
  });

  it('refuses bad options with INVALID_OPTION, naming what to write', () => {
    for (const options of [{ sampleRows: 0 }, { sampleBytes: 10 }, { delimiter: ';;' }, { quote: '\n' }, { delimiter: '"', quote: '"' }]) {
      let err: unknown;
      try {
        sniff('a\n1\n', options);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(options)).toBeInstanceOf(CsvError);
      expect((err as CsvError).code).toBe('INVALID_OPTION');
    }
  });
});

describe('code', () => {
  const evaluate = (code: string): unknown => new Function(`return (${code.replace(/ as const$/, '')});`)();

  it('is a TypeScript literal of the schema, names quoted when they are not identifiers', () => {
    const r = sniff('id,"user agent","it\'s",$ok,"a\\b","line\nbreak",2x,ünï\n1,x,q,yes,z,w,v,u\n2,x,q,no,z,w,v,u\n');
    expect(r.code).toBe(
      "{\n  id: 'i32',\n  'user agent': 'string',\n  'it\\'s': 'string',\n  $ok: 'bool',\n  'a\\\\b': 'string',\n  'line\\nbreak': 'string',\n  '2x': 'string',\n  'ünï': 'string',\n} as const",
    );
    expect(evaluate(r.code)).toEqual(r.schema);
  });

  it('writes options objects for nullable columns and units', () => {
    const r = sniff('a,t\n1,2024-01-01T00:00:00.123456Z\n,2024-01-01T00:00:00Z\n');
    expect(r.code).toBe("{\n  a: { type: 'i32', nullable: true },\n  t: { type: 'timestamp', unit: 'us' },\n} as const");
    expect(evaluate(r.code)).toEqual(r.schema);
  });
});

describe('a sniffed schema parses what was sniffed', () => {
  const cases: [string, string][] = [
    ['request log', 'machine,duration,path,bytes\n' + rows(3000, (i) => `${i % 1000},${(i / 997).toFixed(3)},"/a/${i},b",${i * 1_000_000}`)],
    ['semicolons, no header, empties', rows(500, (i) => `${i};${i % 5 === 0 ? '' : i / 2};txt ${i};${i % 7 === 0 ? '' : `"q;${i}"`}`)],
    ['tabs and big integers', 'a\tb\tc\n' + rows(500, (i) => `${2n ** 63n + BigInt(i)}\t${-(2 ** 40) - i}\t${i % 3 === 0 ? 'nan' : i + 0.5}`)],
    ['pipes, CRLF, BOM', '\ufeffx|y\r\n' + rows(300, (i) => `${i}|"${i}"`).replaceAll('\n', '\r\n')],
  ];
  for (const [what, text] of cases) {
    it(what, async () => {
      const s = sniff(text);
      const options = { schema: s.schema, delimiter: s.delimiter, quote: s.quote, header: s.header };
      const t = parse(text, options);
      expect(t.rowCount).toBe(text.replace(/^\ufeff/, '').trimEnd().split(/\r?\n/).length - (s.header ? 1 : 0));
      expect(t.schema.map((c) => c.name)).toEqual(Object.keys(s.schema));
      const path = file(`roundtrip-${what.replace(/\W+/g, '-')}.csv`, text);
      const f = await sniffFile(path);
      expect(f).toEqual(s);
      const fromFile = await parseFile(path, { schema: f.schema as Schema, delimiter: f.delimiter, quote: f.quote, header: f.header });
      expect(fromFile.rowCount).toBe(t.rowCount);
    });
  }
});

describe('property: when the sniffer has seen every record, its schema parses the input', () => {
  // Today's parser reads numbers and strings; the newer types are checked by sniff-roundtrip-types.test.ts.
  const today = (schema: Schema): Schema =>
    Object.fromEntries(Object.entries(schema).map(([k, spec]) => {
      const type = typeof spec === 'string' ? spec : spec.type;
      if (!['bool', 'date', 'timestamp', 'category'].includes(type)) return [k, spec];
      return [k, typeof spec === 'string' || !spec.nullable ? 'string' : { type: 'string', nullable: true }];
    }));

  it('on 300 random files: numbers of every width, text with delimiters, quotes and newlines, empties, four delimiters, CRLF, with and without header', () => {
    const r = prng(2026);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const kinds = ['i32', 'big', 'float', 'text', 'bool', 'date', 'word'] as const;
    for (let c = 0; c < 300; c++) {
      const delimiter = pick([',', ';', '\t', '|']);
      const width = int(1, 6);
      const cols = Array.from({ length: width }, () => ({ kind: pick(kinds), empty: r() < 0.3 ? 0.2 : 0 }));
      const value = (kind: (typeof kinds)[number]): string => {
        switch (kind) {
          case 'i32': return String(int(-1000, 1000));
          case 'big': return String(BigInt(int(0, 1e9)) * 10_000_000_000n * (r() < 0.5 ? -1n : 1n));
          case 'float': return pick([(r() * 100).toFixed(int(0, 4)), (r() * 1e-5).toExponential(2), String(int(0, 9)), '-.5', 'NaN']);
          case 'text': {
            const t = Array.from({ length: int(1, 8) }, () => pick(['a', 'b', ' ', '"', delimiter, '\n', 'é', '1', "'"])).join('');
            return /["\n\r]|^'/.test(t) || t.includes(delimiter) ? `"${t.replaceAll('"', '""')}"` : t;
          }
          case 'bool': return pick(['yes', 'no', 'Y', 'N', 'true', 'false']);
          case 'date': return `20${int(10, 29)}-0${int(1, 9)}-${int(10, 28)}`;
          case 'word': return pick(['red', 'green', 'blue']);
        }
      };
      const header = r() < 0.7;
      const lines: string[] = [];
      if (header) lines.push(cols.map((_, i) => `col_${i}`).join(delimiter));
      const n = int(1, 60);
      for (let i = 0; i < n; i++) lines.push(cols.map((col) => (r() < col.empty ? '' : value(col.kind))).join(delimiter));
      // A record of one empty field is a blank line, which the parser skips: keep it out of the count.
      const kept = lines.filter((l) => l !== '');
      const text = kept.join(r() < 0.3 ? '\r\n' : '\n') + (r() < 0.8 ? '\n' : '');
      const s = sniff(text);
      if (s.columns.length === 0) continue;
      let t;
      try {
        t = parse(text, { schema: today(s.schema), delimiter: s.delimiter, quote: s.quote, header: s.header });
      } catch (e) {
        throw new Error(`case ${c}: ${(e as Error).message}\nsniffed ${JSON.stringify(s)}\ninput ${JSON.stringify(text)}`);
      }
      expect(t.rowCount, `case ${c}`).toBe(kept.length - (s.header ? 1 : 0));
    }
  });
});
