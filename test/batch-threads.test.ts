// parseBatches over a file on several threads gives exactly the batches one thread gives: the same
// rows in each batch, the same firstRow, errors (global lines and rows), skipped records and error
// counts, on generated files cut into tiny splits (an internal knob) so that split points land
// inside quoted fields, CRLFs and bad records; batchRows smaller and larger than a split. Plus
// early break, abort, progress and a worker that dies.
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { CategoryColumn, StringColumn, parseBatches, type BatchOptions, type Schema, type Table } from '../src/index.js';
import { poolWorkers, submitted } from '../src/threads/pool.js';
import { Rebatcher } from '../src/threads/rebatch.js';
import { CATEGORY_SCHEMA, categoryCsv } from './support/category-csv.js';
import { crashAllWorkers } from './support/crash-workers.js';
import { prng } from './support/prng.js';
import { useTempCsvFiles } from './support/temp-files.js';
import { errorFields, expectSameTable } from './support/same-table.js';
import { tricky } from './support/tricky-csv.js';

const tempFile = useTempCsvFiles('batch-threads');
const file = (content: string | Uint8Array): URL => pathToFileURL(tempFile(content));

const schema = { n: 'i32', s: 'string', x: { type: 'f64', nullable: true } } as const;
type S = typeof schema;
const POLICIES = ['throw', 'skip', 'null'] as const;

/** The batches, and the error that ended the loop (if one did). */
async function collect<T extends Schema = S>(url: URL, options: BatchOptions<T>): Promise<{ batches: Table<T>[]; error: unknown }> {
  const batches: Table<T>[] = [];
  try {
    for await (const b of parseBatches(url, options)) batches.push(b);
    return { batches, error: undefined };
  } catch (error) {
    return { batches, error };
  }
}

/**
 * Same batches as one thread. Under 'throw' the same first error; the batches handed out before it
 * are, where both handed one out, the same (one thread hands them out a window at a time).
 */
async function expectSameAsOneThread(url: URL, options: BatchOptions<S>, threads: number | 'auto'): Promise<void> {
  const one = await collect(url, { ...options, threads: 1 });
  const many = await collect(url, { ...options, threads });
  expectSameCollected(many, one);
}

/** The same batches, or the same error after the same batches. */
function expectSameCollected<T extends Schema>(many: { batches: Table<T>[]; error: unknown }, one: { batches: Table<T>[]; error: unknown }): void {
  if (one.error !== undefined) {
    expect(many.error, `one thread threw ${String(one.error)}`).toBeDefined();
    expect(errorFields(many.error)).toEqual(errorFields(one.error));
  } else if (many.error !== undefined) {
    throw many.error;
  } else {
    expect(many.batches.length).toBe(one.batches.length);
  }
  for (let i = 0; i < Math.min(one.batches.length, many.batches.length); i++) expectSameTable(many.batches[i], one.batches[i]);
}

describe('parseBatches with threads', () => {
  it('gives exactly the one-thread batches on generated files cut at random points, under every policy', async () => {
    const rand = prng(20261202);
    for (let i = 0; i < 45; i++) {
      const { text, header } = tricky(rand, i % 2 === 1);
      const url = file(text);
      process.env.TYPED_CSV_SPLIT_BYTES = String(1 + Math.floor(rand() * 200));
      const batchRows = [1, 2, 3, 7, 16, 1000][Math.floor(rand() * 6)];
      const maxErrors = rand() < 0.5 ? 2 : 100;
      await expectSameAsOneThread(url, { schema, header, onError: POLICIES[i % 3], maxErrors, batchRows }, 2 + (i % 3));
    }
  });

  it('takes threads: \'auto\' as parseFile does: many threads under the threads project\'s knobs, else one for a small file', async () => {
    const rand = prng(7);
    const forced = process.env.TYPED_CSV_THREADS !== undefined;
    for (let i = 0; i < 12; i++) {
      const { text, header } = tricky(rand, i % 2 === 0);
      const url = file(text);
      const tasksBefore = submitted();
      await expectSameAsOneThread(url, { schema, header, onError: POLICIES[i % 3], batchRows: 1 + (i % 4) }, 'auto');
      // threads: 1 submits nothing; 'auto' submits scans and parses only when the knobs force threads.
      if (forced) expect(submitted()).toBeGreaterThan(tasksBefore);
      else expect(submitted()).toBe(tasksBefore);
    }
  });

  it('cuts exactly at every byte of a file whose quoted fields hold newlines, CRLFs and records', async () => {
    const text = '\ufeffn,s,x\r\n1,"a\n2,""b"",3\r\n4,c,5\n",6\r\n\n7,"\r\n",8\n9,"x,y\n10,z,11\n",12\r\n13,q,14';
    const url = file(text);
    for (let split = 1; split <= 14; split++) {
      process.env.TYPED_CSV_SPLIT_BYTES = String(split);
      for (const batchRows of [1, 2, 3, 10]) await expectSameAsOneThread(url, { schema, batchRows }, 3);
    }
    process.env.TYPED_CSV_SPLIT_BYTES = '1';
    const batches = (await collect(url, { schema, threads: 4, batchRows: 2 })).batches;
    expect(batches.map((b) => [b.firstRow, Array.from(b.columns.n)])).toEqual([[0, [1, 7]], [2, [9, 13]]]);
    expect(batches[0].columns.s.toArray()).toEqual(['a\n2,"b",3\r\n4,c,5\n', '\r\n']);
  });

  it('puts each error and skipped record in the batch one thread puts it in, with global lines and rows', async () => {
    let text = 'n,s,x\n';
    for (let i = 0; i < 300; i++) {
      if (i % 17 === 5) text += 'oops,"bad\nrow",1\n';
      else if (i % 23 === 7) text += `${i},"too",many,fields\n`;
      else if (i % 29 === 3) text += `${i},s,notanumber\n`;
      else text += `${i},"v\n${i}",${i}\n`;
    }
    const url = file(text);
    for (const split of ['40', '333', '100000']) {
      process.env.TYPED_CSV_SPLIT_BYTES = split;
      for (const onError of POLICIES) {
        for (const batchRows of [1, 5, 64, 1000]) await expectSameAsOneThread(url, { schema, onError, batchRows, maxErrors: 3 }, 2);
      }
    }
    process.env.TYPED_CSV_SPLIT_BYTES = '40';
    const { error } = await collect(url, { schema, threads: 2, batchRows: 10 });
    expect(errorFields(error)).toMatchObject({ code: 'INVALID_NUMBER', line: 8, row: 3, byteOffset: text.indexOf('notanumber'), column: 'x' });
  });

  it('counts the errors of a record with more than the core logs (256) in that record\'s batch, or refuses rather than guess', async () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`c${i}`, 'i32'])) as Record<string, 'i32'>;
    const good = Array.from({ length: 300 }, (_, i) => String(i)).join(',');
    const bad = Array.from({ length: 300 }, () => 'x').join(',');
    const text = Object.keys(wide).join(',') + '\n' + [good, bad, good, good, bad, good, bad].join('\n') + '\n';
    const url = file(text);
    let exact = 0;
    let refused = 0;
    for (const split of ['500', '3000', '100000']) {
      process.env.TYPED_CSV_SPLIT_BYTES = split;
      for (const batchRows of [1, 2, 4]) {
        for (const onError of ['null', 'skip'] as const) {
          const one = await collect(url, { schema: wide, onError, batchRows, threads: 1 });
          const many = await collect(url, { schema: wide, onError, batchRows, threads: 2 });
          if (onError === 'null') expect(one.batches.reduce((n, b) => n + b.errorCount, 0)).toBe(900);
          if (many.error !== undefined) {
            // Two such records in one worker's piece, cut apart by a batch boundary: no guess, a refusal.
            expect(errorFields(many.error)).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining('threads: 1') });
            refused++;
            continue;
          }
          expect(many.batches.length).toBe(one.batches.length);
          many.batches.forEach((b, i) => expectSameTable(b, one.batches[i]));
          if (onError === 'null') exact++;
        }
      }
    }
    expect(exact).toBeGreaterThan(0);
    expect(refused).toBeLessThan(exact);
  });

  it('hands out batches spanning many splits, and splits holding many batches', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 5000 }, (_, i) => `${i},v${i},${i % 7 === 0 ? '' : i / 4}`).join('\n') + '\n';
    const url = file(text);
    for (const [split, batchRows] of [['50', 1000], ['20000', 7], ['3000', 333]] as const) {
      process.env.TYPED_CSV_SPLIT_BYTES = split;
      await expectSameAsOneThread(url, { schema, batchRows }, 3);
    }
  });

  it('reports the total bytes of every thread in onProgress, ending at the file size', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 3000 }, (_, i) => `${i},v${i},${i}`).join('\n') + '\n';
    const url = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '5000';
    const seen: { bytes: number; totalBytes: number | undefined; rows: number }[] = [];
    let rows = 0;
    for await (const b of parseBatches(url, { schema, threads: 2, batchRows: 100, onProgress: (p) => seen.push(p) })) rows += b.rowCount;
    expect(rows).toBe(3000);
    expect(seen.at(-1)).toEqual({ bytes: text.length, totalBytes: text.length, rows: 3000 });
    for (const p of seen) expect(p.bytes).toBeLessThanOrEqual(text.length);
    // What the callback throws ends the loop, as on one thread.
    const thrown = await collect(url, { schema, threads: 2, batchRows: 100, onProgress: () => { throw new Error('stop here'); } });
    expect((thrown.error as Error).message).toBe('stop here');
  });

  it('releases the workers when the loop breaks early, and parses the next file with them', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 20000 }, (_, i) => `${i},v${i},${i}`).join('\n') + '\n';
    const url = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '2000';
    let seen = 0;
    for await (const b of parseBatches(url, { schema, threads: 2, batchRows: 10 })) {
      seen += b.rowCount;
      if (seen >= 30) break;
    }
    expect(seen).toBe(30);
    const workers = poolWorkers().length;
    let rows = 0;
    for await (const b of parseBatches(url, { schema, threads: 2, batchRows: 4096 })) rows += b.rowCount;
    expect(rows).toBe(20000);
    expect(poolWorkers().length).toBe(workers);
  });

  it('stops every thread when the signal aborts, between batches or before the first', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 20000 }, (_, i) => `${i},v${i},${i}`).join('\n') + '\n';
    const url = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '2000';
    const before = await collect(url, { schema, threads: 2, signal: AbortSignal.abort(new Error('enough')) });
    expect(errorFields(before.error)).toMatchObject({ code: 'ABORTED', row: 0 });
    const controller = new AbortController();
    const batches: Table<S>[] = [];
    const err = await (async () => {
      for await (const b of parseBatches(url, { schema, threads: 2, batchRows: 100, signal: controller.signal })) {
        batches.push(b);
        if (batches.length === 3) controller.abort(new Error('enough'));
      }
    })().catch((e: unknown) => e);
    expect(errorFields(err)).toMatchObject({ code: 'ABORTED' });
    expect(batches.length).toBe(3);
    expect((await collect(url, { schema, threads: 2 })).batches.reduce((n, b) => n + b.rowCount, 0)).toBe(20000);
  });

  it('fails with WORKER_FAILED, not a hang, when a worker dies mid-parse', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 50000 }, (_, i) => `${i},v${i},${i}`).join('\n') + '\n';
    const url = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '2000';
    await collect(url, { schema, threads: 2 }); // workers started and warm
    let killed: Promise<void> | undefined;
    const { error } = await collect(url, {
      schema, threads: 2, chunkSize: 512, batchRows: 50,
      onProgress: () => {
        killed ??= crashAllWorkers();
      },
    });
    expect(errorFields(error)).toMatchObject({ code: 'WORKER_FAILED', message: expect.stringContaining('crash requested by a test') });
    await killed;
    expect((await collect(url, { schema, threads: 2 })).batches.reduce((n, b) => n + b.rowCount, 0)).toBe(50000);
  });

  it('never starts a thread with threads: 1 or an onError function', async () => {
    const before = poolWorkers().length;
    process.env.TYPED_CSV_SPLIT_BYTES = '8';
    const url = file('n,s,x\n1,a,2\n3,b,4\nz,c,6\n');
    const expected = (await collect(url, { schema, threads: 1, onError: 'skip', batchRows: 1 })).batches;
    expect(expected.map((b) => [b.rowCount, b.skippedRecords])).toEqual([[1, 0], [1, 0], [0, 1]]);
    const asked: number[] = [];
    const fn = await collect(url, { schema, threads: 8, batchRows: 1, onError: (e) => { asked.push(e.line!); return 'skip'; } });
    expect(asked).toEqual([4]);
    fn.batches.forEach((b, i) => expectSameTable(b, expected[i]));
    expect(poolWorkers().length).toBe(before);
  });

  it('lets a script that breaks out of the loop end promptly', () => {
    const path = fileURLToPath(file('n,s,x\n' + Array.from({ length: 5000 }, (_, i) => `${i},v,${i}`).join('\n')));
    const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const script = `import { parseBatches } from ${JSON.stringify(index)};
import { pathToFileURL } from 'node:url';
for await (const b of parseBatches(pathToFileURL(${JSON.stringify(path)}), { schema: { n: 'i32', s: 'string', x: 'f64' }, threads: 2, batchRows: 10 })) {
  console.log(b.firstRow);
  break;
}`;
    const started = Date.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TYPED_CSV_SPLIT_BYTES: '256' }, encoding: 'utf8', timeout: 30_000,
    });
    expect(out.trim()).toBe('0');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('parseBatches with threads and category columns', () => {
  type C = ReturnType<typeof CATEGORY_SCHEMA>;

  /**
   * Same batches as one thread, field by field (each batch's dictionary is the whole one so far, as
   * one thread's). Returns how the split path went: 'split' (it gave every batch), 'fell back' (to
   * one thread past maxCategories) or 'none' (it never ran), so a test can't pass by falling back.
   */
  async function sameBatches(url: URL, options: BatchOptions<C>, threads: number): Promise<'split' | 'fell back' | 'none'> {
    const one = await collect(url, { ...options, threads: 1 });
    const spy = vi.spyOn(Rebatcher.prototype, 'add');
    let many;
    let path: 'split' | 'fell back' | 'none';
    try {
      many = await collect(url, { ...options, threads });
    } finally {
      path = spy.mock.calls.length === 0 ? 'none' : spy.mock.results.some((r) => r.value === false) ? 'fell back' : 'split';
      spy.mockRestore(); // (clears the calls too)
    }
    expectSameCollected(many!, one);
    return path;
  }

  it('gives each batch one thread\'s codes and dictionary so far, values first seen in any split, under every policy', async () => {
    const rand = prng(4242);
    const seen = { split: 0, 'fell back': 0, none: 0 };
    for (let i = 0; i < 36; i++) {
      const url = file(categoryCsv(rand, 20 + Math.floor(rand() * 200), 3 + Math.floor(rand() * 40), i % 2 === 1));
      process.env.TYPED_CSV_SPLIT_BYTES = String(20 + Math.floor(rand() * 300));
      const onError = POLICIES[i % 3];
      const batchRows = [1, 2, 3, 7, 16, 1000][Math.floor(rand() * 6)];
      const how = await sameBatches(url, { schema: CATEGORY_SCHEMA(65536), onError, batchRows, maxErrors: rand() < 0.5 ? 2 : 100 }, 2 + (i % 3));
      if (onError !== 'throw') expect(how, `file ${i} (${onError})`).toBe('split');
      seen[how]++;
    }
    expect(seen.split).toBeGreaterThan(24);
  });

  it('hands out a batch\'s dictionary as it stood after its last row', async () => {
    const url = file('k,n,m\na,1,x\nb,2,\na,3,y\nc,4,\n' + 'a,5,x\n'.repeat(6) + 'd,6,z\n');
    process.env.TYPED_CSV_SPLIT_BYTES = '10';
    expect(await sameBatches(url, { schema: CATEGORY_SCHEMA(100), batchRows: 3 }, 3)).toBe('split');
    const { batches } = await collect(url, { schema: CATEGORY_SCHEMA(100), batchRows: 3, threads: 3 });
    // Rows a b a | c a a | a a a | a d, and x - y | - x x | x x x | x z.
    expect(batches.map((b) => b.columns.k.dictionary.toArray())).toEqual([['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c', 'd']]);
    expect(batches.map((b) => b.columns.m.dictionary.toArray())).toEqual([['x', 'y'], ['x', 'y'], ['x', 'y'], ['x', 'y', 'z']]);
  });

  it('gives one thread\'s batches past maxCategories across splits or inside one, and just at it', async () => {
    const half = (p: string) => Array.from({ length: 40 }, (_, i) => `${p}${i % 5},${i},${i % 3 === 0 ? '' : p + (i % 2)}`).join('\n');
    const across = file(`k,n,m\n${half('a')}\n${half('b')}\n`);
    const inside = file('k,n,m\n' + Array.from({ length: 60 }, (_, i) => `v${i % 12},${i},w${i % 2}`).join('\n') + '\n');
    for (const onError of POLICIES) {
      for (const batchRows of [1, 7, 1000]) {
        process.env.TYPED_CSV_SPLIT_BYTES = '64';
        expect(await sameBatches(across, { schema: CATEGORY_SCHEMA(6), onError, batchRows, maxErrors: 1000 }, 2)).toBe('fell back');
        expect(await sameBatches(across, { schema: CATEGORY_SCHEMA(10), onError, batchRows }, 3)).toBe('split');
        const insideHow = await sameBatches(inside, { schema: CATEGORY_SCHEMA(3), onError, batchRows, maxErrors: 5 }, 4);
        // Under 'throw' the first split's own error is one thread's: no need to fall back.
        if (onError !== 'throw') expect(insideHow).toBe('fell back');
        expect(await sameBatches(inside, { schema: CATEGORY_SCHEMA(12), onError, batchRows }, 2)).toBe('split');
        await sameBatches(inside, { schema: CATEGORY_SCHEMA(11), onError, batchRows }, 3);
      }
    }
  });

  it('gives one thread\'s batches near maxCategories on random files with bad records', async () => {
    const rand = prng(77);
    for (let i = 0; i < 30; i++) {
      const distinct = 3 + Math.floor(rand() * 20);
      const url = file(categoryCsv(rand, 30 + Math.floor(rand() * 150), distinct, rand() < 0.5));
      process.env.TYPED_CSV_SPLIT_BYTES = String(30 + Math.floor(rand() * 200));
      const batchRows = [1, 3, 16, 1000][Math.floor(rand() * 4)];
      const maxCategories = Math.max(1, distinct - 3 + Math.floor(rand() * 6));
      await sameBatches(url, { schema: CATEGORY_SCHEMA(maxCategories), onError: POLICIES[i % 3], batchRows, maxErrors: rand() < 0.5 ? 3 : 500 }, 2 + (i % 3));
    }
  });
});

describe('parseBatches with exactBatches: false', () => {
  /** Every row's values (null where invalid), and every error, of batches laid end to end. */
  function laidOut(batches: Table[]) {
    const rows: unknown[][] = [];
    const errors: ReturnType<typeof errorFields>[] = [];
    let errorCount = 0;
    let skipped = 0;
    for (const b of batches) {
      expect(b.firstRow, 'firstRow counts the rows of the batches before').toBe(rows.length);
      for (let i = 0; i < b.rowCount; i++) {
        rows.push(b.schema.map((info) => {
          const col = b.columns[info.name] as unknown;
          if (col instanceof StringColumn || col instanceof CategoryColumn) return col.get(i);
          const bits = b.validity[info.name];
          if (bits && (bits[i >> 3] & (1 << (i & 7))) === 0) return null;
          const v = (col as ArrayLike<number>)[i];
          return Object.is(v, -0) ? '-0' : v;
        }));
      }
      errors.push(...b.errors.map(errorFields));
      errorCount += b.errorCount;
      skipped += b.skippedRecords;
    }
    return { rows, errors, errorCount, skipped };
  }

  /** The same rows, errors and counts as one thread's exact batches, in batches of at most batchRows. */
  async function expectSameLaidOut<T extends Schema>(url: URL, options: BatchOptions<T>, threads: number): Promise<void> {
    const one = await collect(url, { ...options, threads: 1 });
    const many = await collect(url, { ...options, threads, exactBatches: false });
    if (one.error !== undefined) {
      expect(many.error, `one thread threw ${String(one.error)}`).toBeDefined();
      expect(errorFields(many.error)).toEqual(errorFields(one.error));
      // Before the error, the rows handed out are the file's first rows, all before the bad record.
      const before = laidOut(many.batches).rows;
      const oneBefore = laidOut(one.batches).rows;
      const common = Math.min(before.length, oneBefore.length);
      expect(before.slice(0, common)).toEqual(oneBefore.slice(0, common));
      expect(before.length).toBeLessThanOrEqual((many.error as { row: number }).row);
      return;
    }
    if (many.error !== undefined) throw many.error;
    for (const b of many.batches) expect(b.rowCount).toBeLessThanOrEqual(options.batchRows ?? 65536);
    expect(laidOut(many.batches)).toEqual(laidOut(one.batches));
  }

  it('hands out the same rows, errors and counts as one thread, in batches of at most batchRows in file order, under every policy', async () => {
    const rand = prng(20261203);
    for (let i = 0; i < 45; i++) {
      const { text, header } = tricky(rand, i % 2 === 1);
      const url = file(text);
      process.env.TYPED_CSV_SPLIT_BYTES = String(1 + Math.floor(rand() * 200));
      const batchRows = [1, 2, 3, 7, 16, 1000][Math.floor(rand() * 6)];
      await expectSameLaidOut(url, { schema, header, onError: POLICIES[i % 3], maxErrors: 1e6, batchRows }, 2 + (i % 3));
    }
  });

  it('hands out each worker\'s pieces without cutting them at batchRows', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 5000 }, (_, i) => `${i},v${i},${i % 7 === 0 ? '' : i / 4}`).join('\n') + '\n';
    const url = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '3000';
    const exact = (await collect(url, { schema, threads: 3, batchRows: 1000 })).batches;
    const loose = (await collect(url, { schema, threads: 3, batchRows: 1000, exactBatches: false })).batches;
    expect(exact.map((b) => b.rowCount)).toEqual([1000, 1000, 1000, 1000, 1000]);
    // A split of 3000 bytes holds about 200 rows: one piece, one batch.
    expect(loose.length).toBeGreaterThan(20);
    expect(new Set(loose.map((b) => b.rowCount)).size).toBeGreaterThan(1);
    expect(laidOut(loose)).toEqual(laidOut(exact));
  });

  it('gives one thread\'s exact batches when only one thread reads', async () => {
    const { text, header } = tricky(prng(5), true);
    const url = file(text);
    for (const onError of POLICIES) {
      const one = await collect(url, { schema, header, onError, batchRows: 3, threads: 1 });
      const loose = await collect(url, { schema, header, onError, batchRows: 3, threads: 1, exactBatches: false });
      expectSameCollected(loose, one);
    }
  });

  it('puts the errors of a record with more than 256 in the batch that holds it, or refuses rather than guess', async () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`c${i}`, 'i32'])) as Record<string, 'i32'>;
    const good = Array.from({ length: 300 }, (_, i) => String(i)).join(',');
    const bad = Array.from({ length: 300 }, () => 'x').join(',');
    const url = file(Object.keys(wide).join(',') + '\n' + [good, bad, good, good, bad, good, bad].join('\n') + '\n');
    let exact = 0;
    for (const split of ['500', '3000', '100000']) {
      process.env.TYPED_CSV_SPLIT_BYTES = split;
      for (const onError of ['null', 'skip'] as const) {
        const many = await collect(url, { schema: wide, onError, batchRows: 2, threads: 2, exactBatches: false });
        if (many.error !== undefined) {
          expect(errorFields(many.error)).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining('threads: 1') });
          continue;
        }
        const one = await collect(url, { schema: wide, onError, batchRows: 2, threads: 1 });
        expect(laidOut(many.batches).rows).toEqual(laidOut(one.batches).rows);
        expect(many.batches.reduce((n, b) => n + b.errorCount, 0)).toBe(onError === 'null' ? 900 : 3);
        exact++;
      }
    }
    expect(exact).toBeGreaterThan(3);
  });

  it('gives category values and dictionaries so far, and goes on past maxCategories from where it stood', async () => {
    const rand = prng(99);
    const seen = { split: 0, 'fell back': 0 };
    for (let i = 0; i < 40; i++) {
      const distinct = 3 + Math.floor(rand() * 20);
      const url = file(categoryCsv(rand, 30 + Math.floor(rand() * 150), distinct, rand() < 0.5));
      process.env.TYPED_CSV_SPLIT_BYTES = String(30 + Math.floor(rand() * 200));
      const batchRows = [1, 3, 16, 1000][Math.floor(rand() * 4)];
      const maxCategories = Math.max(1, distinct - 3 + Math.floor(rand() * 6));
      const options = { schema: CATEGORY_SCHEMA(maxCategories), onError: POLICIES[1 + (i % 2)], batchRows, maxErrors: 1e6 } as const;
      const spy = vi.spyOn(Rebatcher.prototype, 'add');
      try {
        await expectSameLaidOut(url, options, 2 + (i % 3));
        if (spy.mock.results.some((r) => r.value === false)) seen['fell back']++;
        else if (spy.mock.calls.length > 0) seen.split++;
      } finally {
        spy.mockRestore();
      }
      // Each batch's dictionary is a prefix of the last one's: the parse's so far.
      const { batches } = await collect(url, { ...options, threads: 2, exactBatches: false });
      const last = batches.at(-1)?.columns.k.dictionary.toArray() ?? [];
      for (const b of batches) expect(last.slice(0, b.columns.k.dictionary.length)).toEqual(b.columns.k.dictionary.toArray());
    }
    expect(seen.split).toBeGreaterThan(5);
    expect(seen['fell back']).toBeGreaterThan(5);
  });
});
