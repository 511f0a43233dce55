// The error policies by example, with every expectation written out: onError 'skip', 'null' and
// callbacks; errors, errorCount, skippedRecords and maxErrors; validity bitmaps of columns an error
// made null; parseBatches; and a large input whose bad records fall on every side of the core's
// windows. Each example runs through parse(), parseStream() in 1-byte and 7-byte chunks, and
// parse() with the smallest window, which must all agree. (The differential fuzz checks the same
// rules against the reference parser on generated input; these are the readable cases.)
import { describe, expect, it } from 'vitest';
import { CsvError, parse, parseBatches, parseStream, type ParseOptions, type Schema, type Table } from '../src/index.js';
import { chunkBytes } from './reference/library.js';

const encoder = new TextEncoder();

interface Outcome {
  rowCount: number;
  skippedRecords: number;
  errorCount: number;
  /** code@line/row:column(byteOffset)=text of each kept error. */
  errors: string[];
  columns: Record<string, unknown[]>;
  validity: string[];
}

function outcome(t: Table): Outcome {
  const columns: Record<string, unknown[]> = {};
  for (const c of t.schema) {
    const col = t.columns[c.name] as ArrayLike<unknown> | { toArray(): unknown[] };
    const values = 'toArray' in col ? col.toArray() : Array.from(col as ArrayLike<unknown>);
    columns[c.name] = values.map((v, i) => (t.isNull(c.name, i) ? null : v));
  }
  return {
    rowCount: t.rowCount,
    skippedRecords: t.skippedRecords,
    errorCount: t.errorCount,
    errors: t.errors.map((e) => `${e.code}@${e.line}/${e.row}:${e.column ?? '-'}(${e.byteOffset})=${e.text ?? ''}`),
    columns,
    validity: Object.keys(t.validity),
  };
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  yield* chunkBytes(bytes, size);
}

/** The outcome of parse(), after checking that every other way of reading the input agrees with it. */
async function parseEveryWay<S extends Schema>(input: string, options: ParseOptions<S>): Promise<Outcome> {
  const bytes = encoder.encode(input);
  const first = outcome(parse(bytes, options) as unknown as Table);
  expect(outcome(parse(bytes, { ...options, chunkSize: 64 }) as unknown as Table), 'parse() with a 64-byte window').toEqual(first);
  for (const size of [1, 7]) {
    expect(outcome((await parseStream(chunked(bytes, size), options)) as unknown as Table), `parseStream() in ${size}-byte chunks`).toEqual(first);
  }
  return first;
}

describe("onError: 'skip'", () => {
  it('drops each bad record, and keeps its error with its row among all records', async () => {
    const input = 'a,b\n1,x\n,2\n3,4,5\n"bad"q,1\n7,y\n8,"z\n';
    const o = await parseEveryWay(input, { schema: { a: 'u8', b: 'string' }, onError: 'skip' });
    expect(o).toEqual({
      rowCount: 2,
      skippedRecords: 4,
      errorCount: 4,
      errors: [
        'EMPTY_VALUE@3/1:a(8)=',
        'FIELD_COUNT@4/2:-(11)=3,4',
        'INVALID_QUOTE@5/3:a(17)="bad"q',
        'UNTERMINATED_QUOTE@7/5:b(32)=z\n',
      ],
      columns: { a: [1, 7], b: ['x', 'y'] },
      validity: [],
    });
    expect(o.rowCount + o.skippedRecords, 'every data record is kept or counted as skipped').toBe(6);
  });

  it('a bad quote costs one record: the record ends at the first line end outside a field-start quote', async () => {
    const o = await parseEveryWay('a\n"x"y,"z\n"1\n2\n1,x"y\n3\n', { schema: { a: 'string' }, onError: 'skip' });
    expect([o.columns.a, o.skippedRecords, o.errors.map((e) => e.split('@')[0])]).toEqual([['2', '3'], 2, ['INVALID_QUOTE', 'FIELD_COUNT']]);
  });

  it('a value error drops its record up to its end, quoted line breaks included', async () => {
    const o = await parseEveryWay('a,b\nx,"1\n2"\n3,z\n', { schema: { a: 'u8', b: 'string' }, onError: 'skip' });
    expect([o.columns, o.skippedRecords, o.errors]).toEqual([{ a: [3], b: ['z'] }, 1, ['INVALID_NUMBER@2/0:a(4)=x']]);
  });

  it('the nulls of a dropped record do not reach the record that takes its row', async () => {
    // Every nullable type writes its null before the bad value in the last column drops the record.
    const schema = {
      i: { type: 'i32', nullable: true }, f: { type: 'f64', nullable: true }, s: { type: 'string', nullable: true },
      c: { type: 'category', nullable: true }, t: { type: 'timestamp', nullable: true }, b: { type: 'bool', nullable: true }, x: 'u8',
    } as const;
    const input = 'i,f,s,c,t,b,x\n,,,,,,bad\n1,2.5,s,c,2024-01-02T03:04:05Z,true,1\n,,,,,,2\n';
    for (const engine of ['wasm', 'js'] as const) {
      const o = await parseEveryWay(input, { schema, onError: 'skip', engine });
      expect(o.columns, engine).toEqual({
        i: [1, null], f: [2.5, null], s: ['s', null], c: ['c', null], t: [Date.UTC(2024, 0, 2, 3, 4, 5), null], b: [1, null], x: [1, 2],
      });
    }
  });

  it('header problems are still thrown: there is no record to drop', () => {
    expect(() => parse('a,"b\n1\n', { schema: { a: 'u8' }, onError: 'skip' })).toThrow(expect.objectContaining({ code: 'UNTERMINATED_QUOTE' }));
    expect(() => parse('b\n1\n', { schema: { a: 'u8' }, onError: 'skip' })).toThrow(expect.objectContaining({ code: 'MISSING_COLUMN' }));
  });
});

describe("onError: 'null'", () => {
  it('makes a bad value null, with a validity bitmap even in a column that is not nullable', async () => {
    const schema = { i: 'i32', f: 'f64', big: 'u64', s: 'string' } as const;
    const o = await parseEveryWay('i,f,big,s\n1,1.5,7,ok\nx,nope,-1,fine\n3,,18446744073709551616,z\n', { schema, onError: 'null', validateUtf8: true });
    expect(o.columns).toEqual({ i: [1, null, 3], f: [1.5, null, null], big: [7n, null, null], s: ['ok', 'fine', 'z'] });
    expect(o.validity).toEqual(['i', 'f', 'big']); // s had no null: no bitmap
    expect(o.errors).toEqual([
      'INVALID_NUMBER@3/1:i(21)=x',
      'INVALID_NUMBER@3/1:f(23)=nope',
      'OUT_OF_RANGE@3/1:big(28)=-1',
      'EMPTY_VALUE@4/2:f(38)=',
      'OUT_OF_RANGE@4/2:big(39)=18446744073709551616',
    ]);
    expect([o.skippedRecords, o.errorCount]).toEqual([0, 5]);
    // Null slots hold what rule 11 says: 0, NaN, 0n.
    const t = parse('i,f,big,s\nx,x,x,\xff\n', { schema, onError: 'null' });
    expect([t.columns.i[0], t.columns.f[0], t.columns.big[0]]).toEqual([0, NaN, 0n]);
  });

  it('a string that fails validateUtf8 becomes null too', () => {
    const bytes = new Uint8Array([...encoder.encode('s\n'), 0xc0, 0xaf, 0x0a, 0x61, 0x0a]);
    const t = parse(bytes, { schema: { s: 'string' }, onError: 'null', validateUtf8: true });
    expect([t.columns.s.toArray(), t.errors[0]?.code, Object.keys(t.validity)]).toEqual([[null, 'a'], 'INVALID_UTF8', ['s']]);
  });

  it('a record whose structure is broken is dropped, after its earlier fields were made null', async () => {
    const o = await parseEveryWay('a,b\nzz,1,extra\n300,"y"z\n2,3\n4,"open\n', { schema: { a: 'u8', b: 'u8' }, onError: 'null' });
    expect(o).toEqual({
      rowCount: 1,
      skippedRecords: 3,
      errorCount: 5,
      errors: ['INVALID_NUMBER@2/0:a(4)=zz', 'FIELD_COUNT@2/0:-(4)=zz,1', 'OUT_OF_RANGE@3/1:a(15)=300', 'INVALID_QUOTE@3/1:b(19)="y"z', 'UNTERMINATED_QUOTE@5/3:b(30)=open\n'],
      columns: { a: [2], b: [3] },
      validity: [], // the nulls were in dropped records only
    });
  });
});

describe('onError callback', () => {
  it('decides per error code', async () => {
    const o = await parseEveryWay('a,b\n1,x\nzz,y\n-1,z\n3,w,extra\n4,"q"r\n', {
      schema: { a: 'u8', b: 'string' },
      onError: (e) => (e.code === 'INVALID_NUMBER' ? 'null' : 'skip'),
    });
    expect(o.columns).toEqual({ a: [1, null], b: ['x', 'y'] });
    expect(o.errors.map((e) => e.split(':')[0])).toEqual(['INVALID_NUMBER@3/1', 'OUT_OF_RANGE@4/2', 'FIELD_COUNT@5/3', 'INVALID_QUOTE@6/4']);
    expect(o.validity).toEqual(['a']);
  });

  it("is given the CsvError, and its 'throw' throws that error, with the row among all records", () => {
    const seen: unknown[] = [];
    let thrown: unknown;
    try {
      parse('a\nx\n1\n300\n', { schema: { a: 'u8' }, onError: (e) => (seen.push(e), e.code === 'OUT_OF_RANGE' ? 'throw' : 'skip') });
    } catch (e) {
      thrown = e;
    }
    expect(seen.every((e) => e instanceof CsvError)).toBe(true);
    expect(thrown).toBe(seen[1]);
    expect(thrown).toMatchObject({ code: 'OUT_OF_RANGE', row: 2, line: 4 });
  });

  it("an exception of the callback's own goes to the caller as it is", () => {
    const mine = new Error('mine');
    expect(() => parse('a\nx\n', { schema: { a: 'u8' }, onError: () => { throw mine; } })).toThrow(mine);
  });

  it('is asked about each error of a record once, in order, even when the record has several', async () => {
    const asked: string[] = [];
    const onError = (e: CsvError) => {
      asked.push(`${e.code}:${e.column ?? '-'}`);
      // A parser that asks again and again would loop forever: stop it here instead.
      if (asked.length > 20) throw new Error(`asked ${asked.length} times: ${asked.slice(0, 6).join(', ')}…`);
      return 'null' as const;
    };
    const t = parse('a,b,c\nzz,yy,1\n1,2,3\n', { schema: { a: 'u8', b: 'u8', c: 'u8' }, onError });
    expect(asked).toEqual(['INVALID_NUMBER:a', 'INVALID_NUMBER:b']);
    expect([t.rowCount, t.errorCount, t.skippedRecords]).toEqual([2, 2, 0]);
    asked.length = 0;
    const u = parse('a,b\nzz,1,extra\n', { schema: { a: 'u8', b: 'u8' }, onError });
    expect(asked).toEqual(['INVALID_NUMBER:a', 'FIELD_COUNT:-']);
    expect([u.rowCount, u.errorCount, u.skippedRecords]).toEqual([0, 2, 1]);
  });

  it('is asked once even when the dropped record runs past the input window', () => {
    const asked: string[] = [];
    const input = `1,"${'x'.repeat(100)}"\n2\n`;
    const t = parse(input, { schema: { a: 'u8' }, header: false, chunkSize: 64, onError: (e) => (asked.push(e.code), 'skip') });
    expect(asked).toEqual(['FIELD_COUNT']);
    expect([t.columns.a[0], t.errorCount, t.skippedRecords]).toEqual([2, 1, 1]);
  });
});

describe('hundreds of errors in one window', () => {
  it("under 'null', each error of a record is counted once, even where the core's error log fills in the middle of a record", async () => {
    // 3 errors a record: the core's 256-entry log fills after the first error of record 85.
    const input = 'a,b,c\n' + 'x,y,z\n'.repeat(200);
    const options = { schema: { a: 'u8', b: 'u8', c: 'u8' }, onError: 'null', maxErrors: 1e6 } as const;
    const t = parse(input, options);
    expect([t.rowCount, t.errorCount, t.errors.length], 'rows, errorCount, errors kept').toEqual([200, 600, 600]);
    const o = await parseEveryWay(input, options);
    expect(new Set(o.errors).size, 'no error is noted twice').toBe(600);
  });
});

describe('a record with more than 256 errors', () => {
  // 300 bad values in one record, then a good record: the first 256 errors of a record are kept
  // (and asked about), the rest are counted.
  const names = Array.from({ length: 300 }, (_, i) => `c${i}`);
  const schema = Object.fromEntries(names.map((n) => [n, 'u8'])) as Record<string, 'u8'>;
  const input = `${names.join(',')}\n${names.map(() => 'x').join(',')}\n${names.map(() => '1').join(',')}\n`;

  it("under 'null': all 300 are counted, the first 256 kept, and every value of the record is null", async () => {
    const o = await parseEveryWay(input, { schema, onError: 'null', maxErrors: 1e6 });
    expect([o.rowCount, o.errorCount, o.errors.length]).toEqual([2, 300, 256]);
    expect(o.errors[255]).toMatch(/^INVALID_NUMBER@2\/0:c255\(/);
    expect(names.every((n) => o.columns[n][0] === null && o.columns[n][1] === 1)).toBe(true);
  });

  it('a function is asked about the first 256; its last answer stands for the other 44, which are counted', async () => {
    const asked: string[] = [];
    const onError = (e: CsvError) => (asked.push(e.column!), asked.length < 256 ? ('null' as const) : ('skip' as const));
    const t = parse(input, { schema, onError, maxErrors: 1e6 });
    expect(asked).toEqual(names.slice(0, 256));
    // The 256th answer ('skip') drops the record at its 256th error: nothing after it is noted.
    expect([t.rowCount, t.skippedRecords, t.errorCount, t.errors.length]).toEqual([1, 1, 256, 256]);
    asked.length = 0;
    const u = await parseEveryWay(input, { schema, onError: (e) => (asked.push(e.column!), 'null'), maxErrors: 1e6 });
    expect(asked.length, 'asked once per kept error, in every way of reading (4 ways)').toBe(4 * 256);
    expect([u.rowCount, u.skippedRecords, u.errorCount, u.errors.length]).toEqual([2, 0, 300, 256]);
  });
});

describe('maxErrors', () => {
  const input = 'a\n' + Array.from({ length: 250 }, (_, i) => (i % 2 ? 'x' : String(i % 200))).join('\n') + '\n';
  it('keeps the first maxErrors errors (100 by default) and counts them all', () => {
    const t = parse(input, { schema: { a: 'u8' }, onError: 'skip' });
    expect([t.rowCount, t.skippedRecords, t.errorCount, t.errors.length]).toEqual([125, 125, 125, 100]);
    expect(t.errors.map((e) => e.row)).toEqual(Array.from({ length: 100 }, (_, k) => 2 * k + 1));
    for (const maxErrors of [0, 1, 3, 1e9]) {
      const u = parse(input, { schema: { a: 'u8' }, onError: 'skip', maxErrors });
      expect([u.errorCount, u.errors.length], `maxErrors ${maxErrors}`).toEqual([125, Math.min(125, maxErrors)]);
    }
  });
});

describe('parseBatches under skip and null', () => {
  async function batches(input: string, options: ParseOptions & { batchRows: number }) {
    const out: Table[] = [];
    for await (const b of parseBatches(input, options as ParseOptions<Schema> & { batchRows: number })) out.push(b as unknown as Table);
    return out;
  }

  it('counts every record in some batch, and gives errors their row among all records', async () => {
    const input = 'a\nx\n1\ny\n2\nz\n';
    const out = await batches(input, { schema: { a: 'u8' }, onError: 'skip', batchRows: 1 });
    expect(out.reduce((n, b) => n + b.rowCount + b.skippedRecords, 0), 'rows + skipped over all batches').toBe(5);
    expect(out.reduce((n, b) => n + b.errorCount, 0)).toBe(3);
    expect(out.flatMap((b) => b.errors.map((e) => `${e.text}:${e.row}`))).toEqual(['x:0', 'y:2', 'z:4']);
    expect(out.map((b) => b.firstRow)).toEqual(out.map((_, k) => Math.min(k, 2)));
  });

  it('an input whose records are all dropped still reports them', async () => {
    const out = await batches('a\nx\ny\n', { schema: { a: 'u8' }, onError: 'skip', batchRows: 10 });
    expect(out.reduce((n, b) => n + b.skippedRecords, 0)).toBe(2);
    expect(out.reduce((n, b) => n + b.errorCount, 0)).toBe(2);
  });
});

describe('a large input with bad records on every side of the windows', () => {
  it('keeps rowCount + skippedRecords equal to the records, with exact error rows and lines', async () => {
    // 300,000 records (several core calls and 1 MiB windows); every 7th bad in one of four ways.
    const n = 300_000;
    const lines = ['id,v,s'];
    const bad = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (i % 7 === 3) {
        bad.add(i);
        const kind = (i / 7) % 4 | 0;
        lines.push(kind === 0 ? `${i},x1,"s"` : kind === 1 ? `${i},1,"s"q` : kind === 2 ? `${i},1` : `${i},1,"a\nb",extra`);
      } else {
        lines.push(`${i},${i % 1000}.5,"s${i % 10}"`);
      }
    }
    const input = lines.join('\n') + '\n';
    const lineOf = new Map<number, number>();
    let line = 2;
    for (let i = 0; i < n; i++) {
      lineOf.set(i, line);
      line += lines[i + 1].split('\n').length;
    }
    for (const t of [parse(input, { schema: { id: 'u32', v: 'f64', s: 'string' }, onError: 'skip', maxErrors: 1e6 }), await parseStream(chunked(encoder.encode(input), 65_537), { schema: { id: 'u32', v: 'f64', s: 'string' }, onError: 'skip', maxErrors: 1e6 })]) {
      expect(t.rowCount + t.skippedRecords).toBe(n);
      expect([t.skippedRecords, t.errorCount, t.errors.length]).toEqual([bad.size, bad.size, bad.size]);
      const ids = t.columns.id;
      expect(ids.length).toBe(n - bad.size);
      let k = 0;
      let wrong = -1;
      for (let i = 0; i < n && wrong < 0; i++) if (!bad.has(i) && ids[k++] !== i) wrong = i;
      expect(wrong, 'first record whose id is not where it belongs').toBe(-1);
      const badRows = [...bad];
      t.errors.forEach((e, j) => {
        if (e.row !== badRows[j] || e.line !== lineOf.get(badRows[j])) {
          expect(`${e.code} row ${e.row} line ${e.line}`).toBe(`row ${badRows[j]} line ${lineOf.get(badRows[j])}`);
        }
      });
    }
  });
});
