// Parsing a file on several threads gives exactly what one thread gives: generated files full of
// quoted newlines, CRLFs, delimiters and record-like text inside quotes, blank lines, BOMs and bad
// records, cut at random split points (an internal knob makes splits a few bytes long, so cuts land
// inside quoted fields), under every error policy. Plus the pool: reuse, a worker that dies, a
// script that ends promptly, abort and progress.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { CategoryColumn, CsvError, parseFile, type ParseOptions } from '../src/index.js';
import type { ColumnInfo } from '../src/schema.js';
import { StringColumn } from '../src/string-column.js';
import { Table } from '../src/table.js';
import { joinTables } from '../src/threads/join.js';
import { ensureWorkers, poolWorkers, submit } from '../src/threads/pool.js';
import { CATEGORY_SCHEMA, categoryCsv } from './support/category-csv.js';
import { crashAllWorkers } from './support/crash-workers.js';
import { prng } from './support/prng.js';
import { useTempCsvFiles } from './support/temp-files.js';
import { tricky } from './support/tricky-csv.js';
import { errorFields, expectSameTable, outcome } from './support/same-table.js';

const file = useTempCsvFiles('threads');

const schema = { n: 'i32', s: 'string', x: { type: 'f64', nullable: true } } as const;

const POLICIES = ['throw', 'skip', 'null'] as const;

async function expectSameAsOneThread(path: string, options: ParseOptions<typeof schema>, threads: number): Promise<void> {
  const one = await outcome(() => parseFile(path, { ...options, threads: 1 }));
  const many = await outcome(() => parseFile(path, { ...options, threads }));
  if (!one.ok) {
    expect(many.ok, `one thread threw ${String(one.error)}`).toBe(false);
    if (!many.ok) expect(errorFields(many.error)).toEqual(errorFields(one.error));
    return;
  }
  if (!many.ok) throw many.error;
  expectSameTable(many.value, one.value);
}

describe('threads', () => {
  it('give exactly the one-thread result on generated files cut at random points, under every policy', async () => {
    const rand = prng(20261201);
    for (let i = 0; i < 40; i++) {
      const { text, header } = tricky(rand, i % 2 === 1);
      const path = file(text);
      process.env.TYPED_CSV_SPLIT_BYTES = String(1 + Math.floor(rand() * 200));
      const policy = POLICIES[i % 3];
      const maxErrors = rand() < 0.5 ? 3 : 100;
      await expectSameAsOneThread(path, { schema: header && text.includes('extra') ? schema : schema, header, onError: policy, maxErrors }, 2 + (i % 3));
    }
  });

  it('cut exactly at every byte of a file whose quoted fields hold newlines, CRLFs and records', async () => {
    const text = 'n,s,x\n1,"a\n2,""b"",3\r\n4,c,5\n",6\r\n\n7,"\r\n",8\n9,"x,y\n10,z,11\n",12\n';
    const path = file(text);
    for (let split = 1; split <= 12; split++) {
      process.env.TYPED_CSV_SPLIT_BYTES = String(split);
      await expectSameAsOneThread(path, { schema }, 3);
    }
    process.env.TYPED_CSV_SPLIT_BYTES = '1';
    const t = await parseFile(path, { schema, threads: 4 });
    expect(t.columns.n).toEqual(new Int32Array([1, 7, 9]));
    expect(t.columns.s.toArray()).toEqual(['a\n2,"b",3\r\n4,c,5\n', '\r\n', 'x,y\n10,z,11\n']);
  });

  it('keep the validity bitmaps in the file\'s column order, as one thread does', async () => {
    const path = file('x,s,n\n1,a,2\n,b,oops\nzz,c,3\n' + Array.from({ length: 40 }, (_, i) => `${i},v,${i}`).join('\n') + '\n');
    process.env.TYPED_CSV_SPLIT_BYTES = '16';
    const one = await parseFile(path, { schema, onError: 'null', threads: 1 });
    expect(Object.keys(one.validity)).toEqual(['x', 'n']);
    await expectSameAsOneThread(path, { schema, onError: 'null' }, 3);
  });

  it('report the first error in file order with global line, row and byte offset', async () => {
    let text = 'n,s,x\n';
    for (let i = 0; i < 200; i++) text += `${i},"line\nbreak",${i}\n`;
    text += 'oops,s,1\n';
    for (let i = 0; i < 200; i++) text += `${i},s,bad\n`;
    const path = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '300';
    const err = await parseFile(path, { schema, threads: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect(errorFields(err)).toMatchObject({ code: 'INVALID_NUMBER', line: 402, row: 200, byteOffset: text.indexOf('oops'), column: 'n' });
    await expectSameAsOneThread(path, { schema }, 3);
    await expectSameAsOneThread(path, { schema, onError: 'skip', maxErrors: 5 }, 3);
    await expectSameAsOneThread(path, { schema, onError: 'null' }, 2);
  });

  it('give the one-thread result for bool, date, timestamp and category columns (with their settings)', async () => {
    const rand = prng(3);
    let text = 'b,d,t,c,u\n';
    for (let i = 0; i < 300; i++) {
      const bad = rand() < 0.05;
      text += `${bad ? 'maybe' : rand() < 0.5 ? 'ja' : 'nein'},2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},`
        + `2024-03-01T12:${String(i % 60).padStart(2, '0')}:00.${i}Z,${['x', 'y', 'z', '"w\nv"'][i % 4]},${rand() < 0.1 ? '' : i}\n`;
    }
    const path = file(text);
    const typed = {
      b: { type: 'bool', true: ['ja'], false: ['nein'] }, d: 'date', t: { type: 'timestamp', unit: 'us' }, c: 'category', u: { type: 'u16', nullable: true },
    } as const;
    for (const onError of POLICIES) {
      process.env.TYPED_CSV_SPLIT_BYTES = String(20 + Math.floor(rand() * 300));
      const { c: _, ...noCategory } = typed;
      for (const s of [noCategory, typed]) {
        const one = await outcome(() => parseFile(path, { schema: s, onError, threads: 1 }));
        const many = await outcome(() => parseFile(path, { schema: s, onError, threads: 3 }));
        if (!one.ok) expect(many.ok ? undefined : errorFields(many.error)).toEqual(errorFields(one.error));
        else if (!many.ok) throw many.error;
        else expectSameTable(many.value as never, one.value as never);
      }
    }
  });

  it('keep columns that are ordinary contiguous arrays the caller owns', async () => {
    const path = file('n,s,x\n' + Array.from({ length: 500 }, (_, i) => `${i},v${i},${i / 2}`).join('\n'));
    process.env.TYPED_CSV_SPLIT_BYTES = '100';
    const t = await parseFile(path, { schema, threads: 3 });
    expect(t.rowCount).toBe(500);
    const n = t.columns.n;
    expect(n.buffer).toBeInstanceOf(ArrayBuffer);
    expect(n.byteOffset).toBe(0);
    expect(n.buffer.byteLength).toBe(500 * 4);
    expect(t.columns.s.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(t.columns.s.bytes(499))).toBe('v499');
    const copy = structuredClone(t.columns.x);
    expect(copy).toEqual(t.columns.x);
    // Transferable like any ArrayBuffer: moved, and detached here.
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<Int32Array>((resolve) => port2.once('message', resolve));
    port1.postMessage(n, [n.buffer as ArrayBuffer]);
    expect((await received)[499]).toBe(499);
    expect(n.length).toBe(0);
    port1.close();
    port2.close();
  });

  it('ask an onError function on one thread, in file order', async () => {
    const path = file('n,s,x\n1,a,1\nbad,b,2\n3,c,3\nworse,d,4\n');
    process.env.TYPED_CSV_SPLIT_BYTES = '4';
    const seen: number[] = [];
    const t = await parseFile(path, { schema, threads: 4, onError: (e) => { seen.push(e.line!); return 'skip'; } });
    expect(seen).toEqual([3, 5]);
    expect(t.rowCount).toBe(2);
  });

  it('report the total bytes of every thread in onProgress, ending at the file size', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 3000 }, (_, i) => `${i},v${i},${i}`).join('\n') + '\n';
    const path = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '5000';
    const seen: { bytes: number; totalBytes: number | undefined; rows: number }[] = [];
    await parseFile(path, { schema, threads: 2, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ bytes: text.length, totalBytes: text.length, rows: 3000 });
    for (const p of seen) expect(p.bytes).toBeLessThanOrEqual(text.length);
  });

  it('stop every thread when the signal aborts, and free them for the next parse', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 20000 }, (_, i) => `${i},v${i},${i}`).join('\n') + '\n';
    const path = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '20000';
    const aborted = await parseFile(path, { schema, threads: 2, signal: AbortSignal.abort(new Error('enough')) }).catch((e: unknown) => e);
    expect(errorFields(aborted)).toMatchObject({ code: 'ABORTED' });
    const controller = new AbortController();
    const running = parseFile(path, { schema, threads: 2, signal: controller.signal, chunkSize: 256, onProgress: () => controller.abort() });
    const err = await running.catch((e: unknown) => e);
    expect(errorFields(err)).toMatchObject({ code: 'ABORTED' });
    const t = await parseFile(path, { schema, threads: 2 });
    expect(t.rowCount).toBe(20000);
  });

  it('fail with WORKER_FAILED, not hang, when a worker dies mid-parse', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 50000 }, (_, i) => `${i},v${i},${i}`).join('\n') + '\n';
    const path = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '2000';
    await parseFile(path, { schema, threads: 2 }); // workers started and warm
    // Killed while pass 2 runs: the first progress report comes from a worker parsing its split.
    let killed: Promise<void> | undefined;
    const running = parseFile(path, {
      schema, threads: 2, chunkSize: 512,
      onProgress: () => {
        killed ??= crashAllWorkers();
      },
    });
    const err = await running.catch((e: unknown) => e);
    expect(errorFields(err)).toMatchObject({ code: 'WORKER_FAILED', message: expect.stringContaining('crash requested by a test') });
    await killed;
    // The pool starts fresh workers for the next parse.
    const t = await parseFile(path, { schema, threads: 2 });
    expect(t.rowCount).toBe(50000);
  });

  it('fail every queued task with WORKER_FAILED, not leave it waiting, when the last worker dies', async () => {
    const path = file('n,s,x\n' + '1,a,2\n'.repeat(20000));
    await ensureWorkers(2);
    // More tasks than workers: some are still queued when both workers die.
    const tasks = Array.from({ length: 8 }, () => submit({ type: 'scan', path, start: 0, end: 120000, delimiter: 44, quote: 34 }));
    const gone = crashAllWorkers();
    const outcomes = await Promise.all(tasks.map((t) => t.result.then(() => 'done', (e: unknown) => (e as CsvError).code)));
    await gone;
    expect(outcomes).toContain('WORKER_FAILED');
    expect(outcomes.every((o) => o === 'done' || o === 'WORKER_FAILED')).toBe(true);
    // The pool starts fresh workers for the next parse.
    expect((await parseFile(path, { schema, threads: 2 })).rowCount).toBe(20000);
  });

  it('never start a thread with threads: 1', async () => {
    const before = poolWorkers().length;
    process.env.TYPED_CSV_SPLIT_BYTES = '8';
    const t = await parseFile(file('n,s,x\n1,a,2\n3,b,4\n'), { schema, threads: 1 });
    expect(t.rowCount).toBe(2);
    expect(poolWorkers().length).toBe(before);
  });

  // Child processes load the package as users do, whatever this project's build alias: the release
  // project's run is the one that says something (the threads project's knobs are set below anyway).
  it.runIf(process.env.TYPED_CSV_EXPECT_BUILD === 'release' && process.env.TYPED_CSV_ENGINE !== 'js')('let a script end promptly, from a file or from -e, with V8 flags or not: idle workers do not keep the process alive, even those that never had a task', () => {
    // The source (workers boot through tsx) and the built package (workers load dist's module) start
    // their workers differently; both must let go of them.
    const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    if (!existsSync(built)) throw new Error('dist/index.js is missing: run `npm run build` first (npm test does)');
    // 100 rows in many 64-byte splits; then 12 rows (~100 bytes) in 2 splits on 4 threads: two workers get no task.
    for (const [index, loader] of [[source, ['--import', 'tsx']], [built, []]] as const) {
      for (const [rows, threads] of [[100, 2], [12, 4]]) {
        const path = file('n,s,x\n' + Array.from({ length: rows }, (_, i) => `${i},v,${i}`).join('\n'));
        const script = `import { parseFile } from ${JSON.stringify(index)};
const t = await parseFile(${JSON.stringify(path)}, { schema: { n: 'i32', s: 'string', x: 'f64' }, threads: ${threads} });
console.log(t.rowCount);`;
        const scriptPath = path.replace(/\.csv$/, '.mjs');
        writeFileSync(scriptPath, script);
        // As a script file and as `--input-type=module -e` (a flag workers must not inherit), each also
        // with a V8 flag (which workers inherit, but refuse when given explicitly).
        const heap = '--max-old-space-size=3000';
        for (const args of [[...loader, scriptPath], [heap, ...loader, scriptPath], [...loader, '--input-type=module', '-e', script], [heap, ...loader, '--input-type=module', '-e', script]]) {
          const started = Date.now();
          const out = execFileSync(process.execPath, args, {
            env: { ...process.env, TYPED_CSV_SPLIT_BYTES: '64' }, encoding: 'utf8', timeout: 30_000,
          });
          expect(out.trim()).toBe(String(rows));
          expect(Date.now() - started).toBeLessThan(30_000);
        }
      }
    }
  });

  it('refuse a thread count that is not a whole number from 1 to 64', async () => {
    for (const threads of [0, 1.5, 65, '2', null]) {
      await expect(parseFile(file('n\n1\n'), { schema: { n: 'i32' }, threads: threads as number })).rejects.toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining('threads must be') });
    }
  });
});

describe('category columns on threads', () => {
  type C = ReturnType<typeof CATEGORY_SCHEMA>;

  /**
   * parseFile on `threads` against one thread, field by field (codes, dictionary, validity, errors);
   * returns whether the split path gave the result (its phases line under TYPED_CSV_TRACE=1: no
   * line when it fell back to one thread), so a test can't pass by falling back unseen.
   */
  async function sameAsOneThread(path: string, options: ParseOptions<C>, threads: number): Promise<boolean> {
    const one = await outcome(() => parseFile(path, { ...options, threads: 1 }));
    const saved = process.env.TYPED_CSV_TRACE;
    process.env.TYPED_CSV_TRACE = '1';
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    let many;
    try {
      many = await outcome(() => parseFile(path, { ...options, threads }));
    } finally {
      if (saved === undefined) delete process.env.TYPED_CSV_TRACE;
      else process.env.TYPED_CSV_TRACE = saved;
    }
    const split = spy.mock.calls.some((c) => String(c[0]).startsWith('typed-csv threads: phases'));
    spy.mockRestore();
    if (!one.ok) {
      expect(many.ok, `one thread threw ${String(one.error)}`).toBe(false);
      if (!many.ok) expect(errorFields(many.error)).toEqual(errorFields(one.error));
    } else {
      if (!many.ok) throw many.error;
      expectSameTable(many.value, one.value);
    }
    return split;
  }

  it('merge the splits\' dictionaries in order of first appearance and remap the codes, under every policy', async () => {
    const rand = prng(99);
    let splitRuns = 0;
    for (let i = 0; i < 36; i++) {
      const path = file(categoryCsv(rand, 20 + Math.floor(rand() * 200), 3 + Math.floor(rand() * 40), i % 2 === 1));
      process.env.TYPED_CSV_SPLIT_BYTES = String(20 + Math.floor(rand() * 300));
      const onError = POLICIES[i % 3];
      const split = await sameAsOneThread(path, { schema: CATEGORY_SCHEMA(65536), onError, maxErrors: rand() < 0.5 ? 2 : 100 }, 2 + (i % 3));
      // Only a later split's error under 'throw' falls back (one thread then decides).
      if (onError !== 'throw') expect(split, `file ${i} (${onError}) fell back to one thread`).toBe(true);
      if (split) splitRuns++;
    }
    expect(splitRuns).toBeGreaterThan(24);
  });

  it('put values first seen in a later split after the earlier splits\' ones', async () => {
    const path = file('k,n,m\nb,1,x\na,2,\nb,3,y\n' + 'c,4,x\na,5,z\nd,6,\n'.repeat(3) + 'e,7,w\nb,8,x\n');
    process.env.TYPED_CSV_SPLIT_BYTES = '12';
    expect(await sameAsOneThread(path, { schema: CATEGORY_SCHEMA(100) }, 4)).toBe(true);
    const t = await parseFile(path, { schema: CATEGORY_SCHEMA(100), threads: 4 });
    expect(t.columns.k.dictionary.toArray()).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(Array.from(t.columns.k.codes)).toEqual([0, 1, 0, 2, 1, 3, 2, 1, 3, 2, 1, 3, 4, 0]);
    expect(t.columns.m.dictionary.toArray()).toEqual(['x', 'y', 'z', 'w']);
    expect(t.columns.m.toArray().slice(0, 6)).toEqual(['x', null, 'y', 'x', 'z', null]);
    expect(t.columns.m.codes[1]).toBe(0); // a null's code is 0, as one thread writes it
  });

  it('give one thread\'s result when maxCategories is passed only across splits, inside one split, or just met', async () => {
    // Five values in the first half, five others in the second: each split holds at most five.
    const half = (p: string) => Array.from({ length: 40 }, (_, i) => `${p}${i % 5},${i},${i % 3 === 0 ? '' : p + (i % 2)}`).join('\n');
    const across = file(`k,n,m\n${half('a')}\n${half('b')}\n`);
    // Twelve values in quick turn: a split of 64 bytes holds more than maxCategories 3.
    const inside = file('k,n,m\n' + Array.from({ length: 60 }, (_, i) => `v${i % 12},${i},w${i % 2}`).join('\n') + '\n');
    for (const onError of POLICIES) {
      for (const threads of [2, 3, 4]) {
        process.env.TYPED_CSV_SPLIT_BYTES = '64';
        // Across: 10 distinct with limit 6 (both halves fit, the file does not); exactly 10: fits.
        expect(await sameAsOneThread(across, { schema: CATEGORY_SCHEMA(6), onError, maxErrors: 1000 }, threads)).toBe(false);
        expect(await sameAsOneThread(across, { schema: CATEGORY_SCHEMA(10), onError }, threads)).toBe(true);
        expect(await sameAsOneThread(across, { schema: CATEGORY_SCHEMA(9), onError, maxErrors: 2 }, threads)).toBe(false);
        expect(await sameAsOneThread(inside, { schema: CATEGORY_SCHEMA(3), onError, maxErrors: 5 }, threads)).toBe(false);
        expect(await sameAsOneThread(inside, { schema: CATEGORY_SCHEMA(12), onError }, threads)).toBe(true);
        expect(await sameAsOneThread(inside, { schema: CATEGORY_SCHEMA(11), onError }, threads)).toBe(false);
      }
    }
    const one = await parseFile(across, { schema: CATEGORY_SCHEMA(6), onError: 'null', threads: 1 });
    expect(one.errors[0]).toMatchObject({ code: 'TOO_MANY_CATEGORIES', column: 'k' });
    const err = await parseFile(across, { schema: CATEGORY_SCHEMA(6), threads: 3 }).catch((e: unknown) => e);
    // a0..a4 and b0 fit (6), b1 (line 43) would be the seventh.
    expect(errorFields(err)).toMatchObject({ code: 'TOO_MANY_CATEGORIES', text: 'b1', line: 43 });
  });

  it('give one thread\'s result near maxCategories on random files, bad records and every policy', async () => {
    const rand = prng(7);
    for (let i = 0; i < 30; i++) {
      const distinct = 3 + Math.floor(rand() * 20);
      const path = file(categoryCsv(rand, 30 + Math.floor(rand() * 150), distinct, rand() < 0.5));
      process.env.TYPED_CSV_SPLIT_BYTES = String(30 + Math.floor(rand() * 200));
      const maxCategories = Math.max(1, distinct - 3 + Math.floor(rand() * 6));
      await sameAsOneThread(path, { schema: CATEGORY_SCHEMA(maxCategories), onError: POLICIES[i % 3], maxErrors: rand() < 0.5 ? 3 : 500 }, 2 + (i % 3));
    }
  });

  it('give one thread\'s result for a byte range split among threads, past maxCategories too', async () => {
    const rand = prng(11);
    const text = categoryCsv(rand, 300, 30, true);
    const path = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '100';
    for (const maxCategories of [65536, 10]) {
      for (const onError of POLICIES) {
        const range = { start: 500, end: text.length - 700 };
        const one = await outcome(() => parseFile(path, { schema: CATEGORY_SCHEMA(maxCategories), onError, range, threads: 1 }));
        const many = await outcome(() => parseFile(path, { schema: CATEGORY_SCHEMA(maxCategories), onError, range, threads: 3 }));
        if (!one.ok) expect(many.ok ? undefined : errorFields(many.error)).toEqual(errorFields(one.error));
        else if (!many.ok) throw many.error;
        else {
          expectSameTable(many.value, one.value);
          expect(many.value.columns.k).toBeInstanceOf(CategoryColumn);
        }
      }
    }
  });
});

describe('the join', () => {
  const info = (name: string, type: 'i32' | 'string') => ({ name, type, nullable: false }) as ColumnInfo;
  const piece = (n: Int32Array, s: StringColumn) => new Table({ rowCount: n.length, schema: [info('n', 'i32'), info('s', 'string')], columns: { n, s }, validity: {} });
  const strings = (data: Uint8Array, offsets: Int32Array) => new StringColumn(data, offsets, undefined);

  it('appends the other pieces after the first in its own buffers when they have room (no copy of the first, no fresh pages for it)', () => {
    const n0 = new Int32Array(new ArrayBuffer(64), 0, 3);
    n0.set([1, 2, 3]);
    const d0 = new Uint8Array(new ArrayBuffer(32), 0, 3);
    d0.set([97, 98, 99]);
    const o0 = new Int32Array(new ArrayBuffer(64), 0, 4);
    o0.set([0, 1, 2, 3]);
    const first = piece(n0, strings(d0, o0));
    const second = piece(Int32Array.of(4, 5), strings(Uint8Array.of(100, 101, 101), Int32Array.of(0, 1, 3)));
    const joined = joinTables([first, second], [0, 0], first.schema, 10, undefined, { appendToFirst: true });
    expect((joined.columns.n as Int32Array).buffer).toBe(n0.buffer);
    expect(joined.columns.n).toEqual(Int32Array.of(1, 2, 3, 4, 5));
    const s = joined.columns.s as StringColumn;
    expect(s.data.buffer).toBe(d0.buffer);
    expect(s.offsets.buffer).toBe(o0.buffer);
    expect(s.toArray()).toEqual(['a', 'b', 'c', 'd', 'ee']);
  });

  it('copies into fresh arrays when the first piece has no room, or may be a view into rows still to come (rebatch)', () => {
    const roomy = () => {
      const n = new Int32Array(new ArrayBuffer(64), 0, 2);
      n.set([1, 2]);
      return piece(n, strings(Uint8Array.of(97, 98), Int32Array.of(0, 1, 2)));
    };
    const second = () => piece(Int32Array.of(3), strings(Uint8Array.of(99), Int32Array.of(0, 1)));
    const tight = piece(Int32Array.of(1, 2), strings(Uint8Array.of(97, 98), Int32Array.of(0, 1, 2)));
    for (const [first, options] of [[tight, { appendToFirst: true }], [roomy(), {}]] as const) {
      const joined = joinTables([first, second()], [0, 0], first.schema, 10, undefined, options);
      expect((joined.columns.n as Int32Array).buffer).not.toBe((first.columns.n as Int32Array).buffer);
      expect(joined.columns.n).toEqual(Int32Array.of(1, 2, 3));
      expect((joined.columns.s as StringColumn).toArray()).toEqual(['a', 'b', 'c']);
    }
  });

  it('sizes a whole file\'s columns once, from the rows per byte of the pieces so far, and returns them as views', async () => {
    // The column must come back as a view on the one array it was gathered into, not trimmed by a
    // copy: over 4 MiB (column-builder.ts), so 1M+ f64 values in it.
    const rows = 1_500_000;
    const path = file('n\n' + Array.from({ length: rows }, (_, i) => i % 1000).join('\n') + '\n');
    process.env.TYPED_CSV_SPLIT_BYTES = String(4 * 1024 * 1024);
    const t = await parseFile(path, { schema: { n: 'f64' }, threads: 2 });
    const one = await parseFile(path, { schema: { n: 'f64' }, threads: 1 });
    // Compared as bytes: toEqual walks 1.5M elements for seconds.
    expect(Buffer.from(t.columns.n.buffer, 0, rows * 8).equals(Buffer.from(one.columns.n.buffer, 0, rows * 8))).toBe(true);
    expect(t.rowCount).toBe(rows);
    expect(t.columns.n.byteOffset).toBe(0);
    // The estimate plus a margin (not doubled, not a fresh array of exactly rowCount).
    expect(t.columns.n.buffer.byteLength).toBeGreaterThan(rows * 8);
    expect(t.columns.n.buffer.byteLength).toBeLessThan(rows * 8 * 1.2);
  });
});

describe('the split scanner', () => {
  it('finds the same state maps and first record starts jumping between quotes as byte by byte, however the bytes are fed', async () => {
    const { SplitScanner } = await import('../src/threads/split-scan.js');
    const rand = prng(7);
    const alphabet = ['"', ',', '\n', '\r', 'a', '""', '"\n"', 'abcdefghij'.repeat(8)];
    for (let i = 0; i < 400; i++) {
      const text = Array.from({ length: Math.floor(rand() * 200) }, () => alphabet[Math.floor(rand() * (rand() < 0.5 ? 4 : alphabet.length))]).join('');
      const bytes = new TextEncoder().encode(text);
      const reference = new SplitScanner(44, 34, 100, true);
      reference.feed(bytes);
      const fast = new SplitScanner(44, 34, 100);
      for (let at = 0; at < bytes.length;) {
        const n = 1 + Math.floor(rand() * 40);
        fast.feed(bytes.subarray(at, at + n));
        at += n;
      }
      expect(fast.result(), JSON.stringify(text)).toEqual(reference.result());
    }
  });
});
