// Limits that keep bad input from costing unbounded memory or time: maxRecordBytes
// (RECORD_TOO_LARGE, including a quote never closed early in an endless stream), megabyte-long
// numeric fields (parsed exactly, or refused, in time linear in their length), and maxColumns
// (TOO_MANY_COLUMNS). Timings are generous bounds that only a quadratic loop or a hang would break;
// speed itself is measured in bench/.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvError, parse, parseFile, parseStream, type ParseOptions, type Schema } from '../src/index.js';
import { checkCase, referenceRun, type CsvCase } from './reference/cases.js';
import { chunkBytes, describeDifference, tableToPlain } from './reference/library.js';

const encoder = new TextEncoder();

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  yield* chunkBytes(bytes, size);
}

/** The CsvError a call throws (or a failure when it returns). */
async function caught(f: () => unknown): Promise<CsvError> {
  try {
    await f();
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error('expected a CsvError, got a table');
}

/** Every way to read `input`: parse() with several windows, parseStream() in several chunkings. */
function readers<S extends Schema>(input: string, options: ParseOptions<S>): [string, () => Promise<unknown>][] {
  const bytes = encoder.encode(input);
  return [
    ['parse()', async () => parse(bytes, options)],
    ['parse() with a 64-byte window', async () => parse(bytes, { ...options, chunkSize: 64 })],
    ['parse() with a 1000-byte window', async () => parse(bytes, { ...options, chunkSize: 1000 })],
    ['parseStream() in 7-byte chunks', () => parseStream(chunked(bytes, 7), options)],
    ['parseStream() in one chunk, 64-byte window', () => parseStream(chunked(bytes, bytes.length), { ...options, chunkSize: 64 })],
  ];
}

describe('maxRecordBytes', () => {
  // A record's size is its bytes from its first byte up to its line end (not counted). The limit
  // must be the same whatever the source and window: otherwise the same file parses or fails
  // depending on how it was read.
  const max = 100;
  for (const policy of ['throw', 'skip'] as const) {
    it(`accepts records of maxRecordBytes bytes and refuses longer ones, whatever the window (onError ${policy})`, async () => {
      for (const extra of [0, 1, 27, 28, 500]) {
        const long = 'x'.repeat(max + extra - 4); // the record is "long",2: max + extra bytes
        // Records before and after, so the long one starts and ends anywhere in a window.
        const input = `s,n\n${'y'.repeat(40)},1\n"${long}",2\n${'z'.repeat(30)},3\n`;
        const options = { schema: { s: 'string', n: 'u8' }, maxRecordBytes: max, onError: policy } as const;
        const record = long.length + 4;
        const expected = record <= max ? 'rows 3' : 'RECORD_TOO_LARGE line 3 row 1 byte 47';
        const got: string[] = [];
        for (const [how, read] of readers(input, options)) {
          try {
            got.push(`${how}: rows ${((await read()) as { rowCount: number }).rowCount}`);
          } catch (e) {
            const c = e as CsvError;
            got.push(`${how}: ${c.code} line ${c.line} row ${c.row} byte ${c.byteOffset}`);
            if (c.code === 'RECORD_TOO_LARGE') expect(c.message).toContain('maxRecordBytes');
          }
        }
        expect(got, `a record of ${record} bytes, maxRecordBytes ${max}`).toEqual(readers(input, options).map(([how]) => `${how}: ${expected}`));
      }
    });
  }

  it('names the record with the quote that is never closed, early in an endless stream, after reading about maxRecordBytes', async () => {
    for (const policy of ['throw', 'skip', 'null'] as const) {
      let consumed = 0;
      const chunk = new Uint8Array(1 << 16).fill(0x78);
      // 1 GiB if nothing stops it: the parse must stop soon after maxRecordBytes.
      async function* endless(): AsyncGenerator<Uint8Array> {
        yield encoder.encode('a,b\n1,x\n2,"never closed');
        for (let i = 0; i < 16384; i++) {
          consumed += chunk.length;
          yield chunk;
        }
      }
      const maxRecordBytes = 4 << 20;
      const e = await caught(() => parseStream(endless(), { schema: { a: 'u8', b: 'string' }, maxRecordBytes, onError: policy }));
      expect([e.code, e.line, e.row, e.byteOffset], policy).toEqual(['RECORD_TOO_LARGE', 3, 1, 8]);
      expect(consumed, `${policy}: bytes read before giving up`).toBeLessThan(2 * maxRecordBytes);
    }
  });

  it('stops an unclosed quote at the default limit (64 MiB), not at the end of a larger stream', async () => {
    let consumed = 0;
    const chunk = new Uint8Array(1 << 20).fill(0x79);
    async function* big(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('a\n"');
      for (let i = 0; i < 256; i++) {
        consumed += chunk.length;
        yield chunk;
      }
    }
    const e = await caught(() => parseStream(big(), { schema: { a: 'string' } }));
    expect([e.code, e.line, e.byteOffset]).toEqual(['RECORD_TOO_LARGE', 2, 2]);
    expect(consumed).toBeLessThanOrEqual(66 << 20);
  });
});

describe('bad records larger than the input window', () => {
  // 3 MB records (the window is 1 MiB): a bad value before a huge quoted field with line breaks, a
  // huge field followed by a field too many, and a quote left open for the last 3 MB of the input.
  const big = 'q'.repeat(3 << 20);
  const input = encoder.encode(`a,s\n1,x\nbad,"${big}\n${big}"\n2,y\nzz,"${big}",extra\n3,"open${big}`);
  for (const policy of ['skip', 'null'] as const) {
    it(`are dropped whole and counted once, as the reference says (onError ${policy}), from memory, streams and files`, async () => {
      const c: CsvCase = { input, options: { schema: { a: 'u8', s: 'string' }, onError: policy }, chunking: [65_536, 1_000_003], window: undefined, batchRows: 1 };
      const ref = referenceRun(c);
      expect(ref.result.ok && [ref.result.rowCount, ref.result.skippedRecords, ref.result.errorCount]).toEqual(policy === 'skip' ? [2, 3, 3] : [3, 2, 4]);
      // parseBatches (batchRows 1) is left out while its count of trailing dropped records is wrong
      // (test/regressions/batches-dropped-record-at-the-end.json): it would only repeat that failure.
      expect(await checkCase({ ...c, batchRows: undefined }, undefined, ref)).toBeUndefined();
      const dir = mkdtempSync(join(tmpdir(), 'typed-csv-limits-'));
      try {
        const path = join(dir, 'big.csv');
        writeFileSync(path, input);
        const t = await parseFile(path, { schema: { a: 'u8', s: 'string' }, onError: policy });
        expect(describeDifference(ref.result, tableToPlain(t, c.options.schema, { nullsFromErrors: policy === 'null' })), 'parseFile').toBeUndefined();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('megabyte-long numeric fields', () => {
  const M = 5_000_000;
  // Pseudo-random digits: a long run of one digit could let a parser skip ahead.
  const digits = (n: number) => {
    const out = new Array<string>(n);
    for (let i = 0, x = 7; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      out[i] = String(x % 10);
    }
    return out.join('');
  };
  const floats: [string, string][] = [
    ['"1" followed by 5 MB of digits', '1' + digits(M)],
    ['"0." followed by 5 MB of digits, then "1"', '0.' + digits(M) + '1'],
    ['"0." followed by 5 MB of zeros, then "1"', '0.' + '0'.repeat(M) + '1'],
    ['2^53+1 (halfway) with 5 MB of zeros, then "1": rounds up', '9007199254740993.' + '0'.repeat(M) + '1'],
    ['2^53+1 (halfway) with 5 MB of zeros: ties to even', '9007199254740993.' + '0'.repeat(M)],
    ['5 MB of integer digits scaled back by the exponent', '9007199254740993' + '0'.repeat(M) + '1e-' + (M + 1)],
    ['5 MB of leading zeros', '0'.repeat(M) + '1.5'],
    ['an exponent of 5 MB of digits', '1e-' + '0'.repeat(M) + '5'],
    ['an exponent of 5 MB of nines', '1e' + '9'.repeat(M)],
    ['the smallest subnormal halfway point, then 5 MB of zeros and a 1', '2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125' + '0'.repeat(M) + '1e-324'],
  ];
  for (const [what, text] of floats) {
    it(`f64 and f32: ${what} is Number(text), bit for bit, in well under 5 s`, () => {
      const started = performance.now();
      const t = parse(`a,b\n${text},"${text}"\n`, { schema: { a: 'f64', b: 'f32' } });
      expect(performance.now() - started, 'ms for two 5 MB fields').toBeLessThan(5000);
      expect(Object.is(t.columns.a[0], Number(text)), `f64 ${t.columns.a[0]} vs ${Number(text)}`).toBe(true);
      expect(Object.is(t.columns.b[0], Math.fround(Number(text))), `f32 ${t.columns.b[0]}`).toBe(true);
    });
  }

  it('integer columns refuse them (OUT_OF_RANGE or INVALID_NUMBER) with a cut text, in well under 5 s', () => {
    for (const [text, code] of [['1' + digits(M), 'OUT_OF_RANGE'], ['-' + digits(M), 'OUT_OF_RANGE'], ['0'.repeat(M) + '7', undefined], ['0.' + digits(M), 'INVALID_NUMBER']] as const) {
      for (const type of ['u8', 'i32', 'i64', 'u64'] as const) {
        const started = performance.now();
        let result: unknown;
        try {
          result = parse(`a\n${text}\n`, { schema: { a: type } }).columns.a[0];
        } catch (e) {
          result = e;
        }
        expect(performance.now() - started, `${type}: ms`).toBeLessThan(5000);
        if (code === undefined) {
          expect(result, `${type}: 5 MB of leading zeros then 7`).toBe(type === 'i64' || type === 'u64' ? 7n : 7);
        } else {
          expect(result, type).toBeInstanceOf(CsvError);
          const e = result as CsvError;
          expect([e.code, e.line, e.byteOffset, e.text?.length], type).toEqual([code, 2, 2, 201]);
        }
      }
    }
  });

  it('a 5 MB numeric field with the skip policy costs its record only', () => {
    const t = parse(`a\n1\n${'9'.repeat(M)}\n2\n`, { schema: { a: 'i64' }, onError: 'skip' });
    expect([Array.from(t.columns.a), t.skippedRecords, t.errors[0].code]).toEqual([[1n, 2n], 1, 'OUT_OF_RANGE']);
  });
});

describe('maxColumns', () => {
  const header = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',') + '\n';

  it('refuses a header with more columns than maxColumns (TOO_MANY_COLUMNS, at the header)', async () => {
    for (const [how, read] of readers(`\n${header(11)}1\n`, { schema: { c0: 'u8' }, maxColumns: 10, onError: 'skip' })) {
      const e = await caught(read);
      expect([e.code, e.line, e.byteOffset], how).toEqual(['TOO_MANY_COLUMNS', 2, 1]);
      expect(e.message, how).toMatch(/maxColumns/);
    }
    expect(parse(header(10) + '1,' + '2,'.repeat(8) + '3\n', { schema: { c0: 'u8', c9: 'u8' }, maxColumns: 10 }).columns.c9[0]).toBe(3);
  });

  it('defaults to 16384', async () => {
    expect(parse(header(16384), { schema: { c16383: 'u8' } }).rowCount).toBe(0);
    expect((await caught(() => parse(header(16385), { schema: { c0: 'u8' } }))).code).toBe('TOO_MANY_COLUMNS');
  });

  it('without a header, a schema wider than maxColumns is an INVALID_OPTION', async () => {
    const e = await caught(() => parse('1,2,3\n', { schema: { a: 'u8', b: 'u8', c: 'u8' }, header: false, maxColumns: 2 }));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toMatch(/maxColumns/);
  });

  it('a data record with two million fields is one FIELD_COUNT, found in linear time', () => {
    const started = performance.now();
    const t = parse(`a\n1${','.repeat(2_000_000)}\n2\n`, { schema: { a: 'u8' }, onError: 'skip' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect([Array.from(t.columns.a), t.skippedRecords, t.errors.map((e) => e.code)]).toEqual([[2], 1, ['FIELD_COUNT']]);
  });
});
