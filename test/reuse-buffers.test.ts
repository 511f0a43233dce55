// parseBatches with reuseBuffers: the same batches as without it, on every source and thread path,
// though each batch's memory is handed back (and filled again) once the loop asks for the next;
// a batch kept past its turn reads as empty, never as a later batch's values.
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CategoryColumn, parseBatches, type BatchOptions, type Schema, type Table } from '../src/index.js';
import { threadPool } from '../src/buffer-pool.js';
import { CATEGORY_SCHEMA, categoryCsv } from './support/category-csv.js';
import { prng } from './support/prng.js';
import { expectSameTable } from './support/same-table.js';
import { useTempCsvFiles } from './support/temp-files.js';
import { tricky } from './support/tricky-csv.js';

const tempFile = useTempCsvFiles('reuse-buffers');
const schema = { n: 'i32', s: 'string', x: { type: 'f64', nullable: true } } as const;
const POLICIES = ['throw', 'skip', 'null'] as const;

afterEach(() => vi.restoreAllMocks());

type Source = string | URL | (() => AsyncIterable<Uint8Array>);

/**
 * Each source of the text: a string, 3-byte chunks and the file read on one thread (256 bytes a step,
 * so that batches are handed back while the parse goes on) or several.
 */
function sources(text: string): [string, Source, Pick<BatchOptions, 'threads' | 'exactBatches' | 'chunkSize'>][] {
  const url = pathToFileURL(tempFile(text));
  const bytes = new TextEncoder().encode(text);
  const chunks = async function* () {
    for (let i = 0; i < bytes.length; i += 3) yield bytes.slice(i, i + 3);
  };
  return [
    ['a string', text, {}],
    ['an async iterable of 3-byte chunks', chunks, { chunkSize: 256 }],
    ['a file on one thread', url, { threads: 1, chunkSize: 256 }],
    ['a file on 3 threads, exact batches', url, { threads: 3 }],
    ['a file on 2 threads, pieces as they come', url, { threads: 2, exactBatches: false }],
  ];
}

/** The batches without reuse (copied out by nothing: they stay), or the error the loop ended with. */
async function plain<S extends Schema>(source: Source, options: BatchOptions<S>): Promise<{ batches: Table<S>[]; error: unknown }> {
  const batches: Table<S>[] = [];
  try {
    for await (const b of parseBatches(typeof source === 'function' ? source() : source, options)) batches.push(b);
  } catch (error) {
    return { batches, error };
  }
  return { batches, error: undefined };
}

/** Loops with reuseBuffers, checking each batch against `expected` while it is the loop's. */
async function expectReusedSame<S extends Schema>(source: Source, options: BatchOptions<S>, expected: { batches: Table<S>[]; error: unknown }, what: string): Promise<Table<S>[]> {
  const seen: Table<S>[] = [];
  let error: unknown;
  try {
    for await (const b of parseBatches(typeof source === 'function' ? source() : source, { ...options, reuseBuffers: true })) {
      expect(seen.length, what).toBeLessThan(expected.batches.length);
      expectSameTable(b, expected.batches[seen.length]);
      seen.push(b);
    }
  } catch (e) {
    error = e;
  }
  expect(String(error), what).toBe(String(expected.error));
  if (error === undefined) expect(seen.length, what).toBe(expected.batches.length);
  return seen;
}

describe('parseBatches with reuseBuffers', () => {
  it('gives the same batches as without it from every source, on one thread and several, under every policy', async () => {
    const rand = prng(4711);
    for (let i = 0; i < 24; i++) {
      const { text, header } = tricky(rand, i % 2 === 1);
      process.env.TYPED_CSV_SPLIT_BYTES = String(16 + Math.floor(rand() * 200));
      const batchRows = [1, 2, 5, 16][Math.floor(rand() * 4)];
      for (const [what, source, extra] of sources(text)) {
        const options = { schema, header, onError: POLICIES[i % 3], batchRows, ...extra };
        await expectReusedSame(source, options, await plain(source, options), `file ${i} from ${what}`);
      }
    }
  });

  it('leaves no value, null or string of an earlier batch in a later one: nullable columns, nulls from errors, strings of every length', async () => {
    // Batch k's rows are all longer strings and fewer nulls than batch k+1's: stale bytes would show.
    let text = 'n,s,x\n';
    for (let b = 0; b < 12; b++) {
      for (let r = 0; r < 50; r++) {
        const long = b % 2 === 0;
        text += `${b * 100 + r},${long ? 'x'.repeat(40 + r) : r % 3 === 0 ? '' : 'y'},${long ? r : r % 2 === 0 ? '' : 'bad'}\n`;
      }
    }
    for (const [what, source, extra] of sources(text)) {
      for (const onError of ['null', 'skip'] as const) {
        const options = { schema, onError, batchRows: 50, ...extra };
        const expected = await plain(source, options);
        const take = vi.spyOn(threadPool, 'take');
        await expectReusedSame(source, options, expected, `${what}, ${onError}`);
        // On this thread, later batches were built in earlier ones' memory (a string is parsed at once: no chance).
        if (what.includes('chunks') || what.includes('one thread')) expect(take.mock.results.some((r) => r.value !== undefined), what).toBe(true);
        take.mockRestore();
      }
    }
  });

  it('fills later batches with the memory handed back, and lets it go when the parse ends', async () => {
    // Read a chunk at a time (about one batch): a batch's memory is back before the one after next is begun.
    const url = pathToFileURL(tempFile('n,s,x\n' + Array.from({ length: 4000 }, (_, i) => `${i},v${i},${i / 2}`).join('\n') + '\n'));
    const options = { schema, batchRows: 100, chunkSize: 1024, threads: 1 };
    const take = vi.spyOn(threadPool, 'take');
    const clear = vi.spyOn(threadPool, 'clear');
    await expectReusedSame(url, options, await plain(url, options), 'a file');
    // Every batch after the first few takes its columns from the pool.
    const hits = take.mock.results.filter((r) => r.value !== undefined).length;
    expect(hits).toBeGreaterThan(30 * 3);
    expect(clear).toHaveBeenCalled();
    // Without the option nothing is taken from the pool.
    take.mockClear();
    await plain(url, options);
    expect(take.mock.results.filter((r) => r.value !== undefined)).toHaveLength(0);
  });

  it('detaches a batch once the loop asks for the next, so one kept past its turn reads as empty', async () => {
    const text = 'n,s,x\n' + Array.from({ length: 30 }, (_, i) => `${i},v${i},${i}`).join('\n') + '\n';
    for (const [what, source, extra] of sources(text)) {
      const kept: Table<typeof schema>[] = [];
      for await (const b of parseBatches(typeof source === 'function' ? source() : source, { schema, batchRows: 10, reuseBuffers: true, ...extra })) {
        expect(Array.from(b.columns.n), what).toEqual(Array.from({ length: b.rowCount }, (_, i) => b.firstRow + i));
        kept.push(b);
      }
      expect(kept.length, what).toBeGreaterThan(1);
      for (const b of kept) {
        expect(b.columns.n.length, what).toBe(0);
        expect(b.columns.x.length, what).toBe(0);
        expect(b.columns.s.offsets.length, what).toBe(0);
      }
      // Without the option every batch stays.
      const { batches } = await plain(source, { schema, batchRows: 10, ...extra });
      expect(batches.map((b) => b.columns.n.length), what).toEqual(batches.map((b) => b.rowCount));
    }
  });

  it('keeps category dictionaries whole (later batches share them) and codes right, on one thread and several', async () => {
    const rand = prng(31);
    for (let i = 0; i < 10; i++) {
      const text = categoryCsv(rand, 40 + Math.floor(rand() * 150), 3 + Math.floor(rand() * 20), i % 2 === 0);
      process.env.TYPED_CSV_SPLIT_BYTES = String(30 + Math.floor(rand() * 200));
      for (const [what, source, extra] of sources(text)) {
        const options = { schema: CATEGORY_SCHEMA(1000), onError: POLICIES[1 + (i % 2)], batchRows: 7, ...extra };
        const seen = await expectReusedSame(source, options, await plain(source, options), `file ${i} from ${what}`);
        for (const b of seen) expect((b.columns.k as CategoryColumn).dictionary.length, what).toBeGreaterThan(0);
      }
    }
  });
});
