// signal and onProgress: an abort before the start or in the middle of a big stream stops the parse
// with CsvError ABORTED within about one chunk and releases the source; the pooled core an aborted
// parse used gives correct tables afterwards; progress is throttled, monotone and ends at the total.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CsvError, parse, parseFile, parseStream, type Progress } from '../src/index.js';
import { chunksOf } from '../src/sources/stream.js';
import { mixedCsv, MIXED_SCHEMA, seedLikeCsv, SEED_LIKE_SCHEMA } from './support/sample-csv.js';
import { snapshot } from './support/snapshot.js';

const encoder = new TextEncoder();
const CHUNK = 64 * 1024;
/** One block of seed-like rows without the header, repeated to make streams of any length. */
const block = encoder.encode(seedLikeCsv(20_000).slice('machine,duration\n'.length));
const header = encoder.encode('machine,duration\n');

/** Yields to the event loop like real I/O does, so timers (and so aborts) can run between chunks. */
const ioTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An endless seed-like stream in CHUNK-sized pieces, counting what was pulled and whether it was closed. */
function endless() {
  const state = { pulled: 0, closed: false };
  async function* gen(): AsyncGenerator<Uint8Array> {
    try {
      yield header;
      // Whole blocks back to back (the last piece of a block is shorter), so every row is valid.
      for (let off = 0; ; off = off + CHUNK >= block.length ? 0 : off + CHUNK) {
        await ioTurn();
        const piece = block.subarray(off, off + CHUNK);
        state.pulled += piece.length;
        yield piece;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: gen() };
}

/** A correct parse to run after an abort: the pooled core the aborted parse used must be clean. */
const check = mixedCsv(500, 3);
const checkExpected = snapshot(parse(check, { schema: MIXED_SCHEMA }));
async function expectCleanPool(): Promise<void> {
  // Several at once, so every pooled instance is taken, including the one the abort returned.
  const tables = await Promise.all([1, 2, 3, 4, 5].map((k) => parseStream(encoder.encode(check), { schema: MIXED_SCHEMA, chunkSize: 256 * k })));
  for (const t of tables) expect(snapshot(t)).toEqual(checkExpected);
  expect(snapshot(parse(check, { schema: MIXED_SCHEMA }))).toEqual(checkExpected);
}

async function aborted(promise: Promise<unknown>): Promise<CsvError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CsvError);
  expect((err as CsvError).code).toBe('ABORTED');
  return err as CsvError;
}

let dir: string;
let bigPath: string;
let bigSize: number;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'typed-csv-abort-'));
  bigPath = join(dir, 'big.csv');
  const parts = [header];
  for (let i = 0; i < 40; i++) parts.push(block); // ~ 10 MB
  const all = Buffer.concat(parts);
  writeFileSync(bigPath, all);
  bigSize = all.length;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('abort before the start', () => {
  const reason = new Error('user cancelled');
  const signal = AbortSignal.abort(reason);

  it('parse throws ABORTED, with the reason as cause and in the message', () => {
    let err: unknown;
    try {
      parse('machine,duration\n1,0.5\n', { schema: SEED_LIKE_SCHEMA, signal });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvError);
    expect(err).toMatchObject({ code: 'ABORTED', cause: reason });
    expect((err as Error).message).toContain('user cancelled');
  });

  it('parseStream rejects for every kind of source, and releases the source', async () => {
    await aborted(parseStream('machine,duration\n1,0.5\n', { schema: SEED_LIKE_SCHEMA, signal }));
    await aborted(parseStream(new Blob([header, block]), { schema: SEED_LIKE_SCHEMA, signal }));
    const { state, source } = endless();
    await aborted(parseStream(source, { schema: SEED_LIKE_SCHEMA, signal }));
    // Either never read at all, or closed after at most one window.
    expect(state.closed || state.pulled === 0).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(1024 * 1024 + CHUNK);
    const readable = Readable.from(endless().source);
    await aborted(parseStream(readable, { schema: SEED_LIKE_SCHEMA, signal }));
    expect(readable.destroyed).toBe(true);
  });

  it('parseFile rejects', async () => {
    await aborted(parseFile(bigPath, { schema: SEED_LIKE_SCHEMA, signal }));
  });

  it('an aborted signal given with the default reason still says ABORTED', async () => {
    const err = await aborted(parseStream(new Blob([header, block]), { schema: SEED_LIKE_SCHEMA, signal: AbortSignal.abort() }));
    expect(err.message).toMatch(/aborted/);
  });
});

describe('abort in the middle', () => {
  it('an endless stream stops within one chunk of a timer abort, and the source is closed', async () => {
    const { state, source } = endless();
    const controller = new AbortController();
    let pulledAtAbort = 0;
    setTimeout(() => {
      pulledAtAbort = state.pulled;
      controller.abort();
    }, 150);
    const err = await aborted(parseStream(source, { schema: SEED_LIKE_SCHEMA, signal: controller.signal }));
    expect(pulledAtAbort).toBeGreaterThan(0);
    // At most the rest of one 1 MiB window (plus the source chunk in flight) after the abort.
    expect(state.pulled - pulledAtAbort).toBeLessThanOrEqual(1024 * 1024 + CHUNK);
    // Closed: at once, or (when the abort came while the generator was busy) as soon as it yields.
    await vi.waitFor(() => expect(state.closed).toBe(true));
    // Where it stopped, in the whole input.
    expect(err.row).toBeGreaterThan(0);
    expect(err.byteOffset).toBeGreaterThan(0);
    expect(err.line).toBe(err.row! + 2); // header on line 1, one line per row
    await expectCleanPool();
  });

  it('an abort from inside onProgress stops the parse at that window', async () => {
    const controller = new AbortController();
    const seen: Progress[] = [];
    const { state, source } = endless();
    const err = await aborted(
      parseStream(source, {
        schema: SEED_LIKE_SCHEMA,
        signal: controller.signal,
        onProgress(p) {
          seen.push(p);
          if (p.rows > 100_000) controller.abort(new Error('enough'));
        },
      }),
    );
    expect(err.cause).toEqual(new Error('enough'));
    const last = seen.at(-1)!;
    expect(last.rows).toBeGreaterThan(100_000);
    // The next window's check stops it: no more rows than one window beyond the last report.
    expect(err.row! - last.rows).toBeLessThan(200_000);
    await vi.waitFor(() => expect(state.closed).toBe(true));
    await expectCleanPool();
  });

  it('an endless Node Readable is destroyed', async () => {
    const readable = Readable.from(endless().source);
    await aborted(parseStream(readable, { schema: SEED_LIKE_SCHEMA, signal: AbortSignal.timeout(100) }));
    expect(readable.destroyed).toBe(true);
  });

  it('parseFile stops early on a big file', async () => {
    const controller = new AbortController();
    // 10 MB take tens of milliseconds; the abort lands between two reads.
    setTimeout(() => controller.abort(), 1);
    const err = await aborted(parseFile(bigPath, { schema: SEED_LIKE_SCHEMA, chunkSize: 256 * 1024, signal: controller.signal }));
    expect(err.byteOffset).toBeLessThan(bigSize);
    await expectCleanPool();
  });

  it('a big in-memory Uint8Array can be aborted by a timer (the source lets the event loop run)', async () => {
    const parts = [header];
    for (let i = 0; i < 200; i++) parts.push(block); // ~ 50 MB
    const big = Buffer.concat(parts);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const err = await aborted(parseStream(big, { schema: SEED_LIKE_SCHEMA, signal: controller.signal }));
    expect(err.byteOffset).toBeLessThan(big.length);
    await expectCleanPool();
  });

  it('two parses at once: aborting one leaves the other intact', async () => {
    const controller = new AbortController();
    const { source } = endless();
    const a = parseStream(source, { schema: SEED_LIKE_SCHEMA, signal: controller.signal });
    const b = parseStream(Readable.from([check]), { schema: MIXED_SCHEMA, chunkSize: 100 });
    setTimeout(() => controller.abort(), 50);
    await aborted(a);
    expect(snapshot(await b)).toEqual(checkExpected);
  });
});

describe('a source that stalls (a network that stops sending)', () => {
  // The driver checks the signal whenever it parses; while the source itself waits, the source has
  // to notice the abort. Given the signal, chunksOf stops at once, lets the source go, and ends:
  // the driver's next check (run) then throws ABORTED with the position reached.
  async function drain(chunks: AsyncIterable<Uint8Array>): Promise<{ count: number; ms: number }> {
    const started = performance.now();
    let count = 0;
    for await (const c of chunks) count += c.length > 0 ? 1 : 0;
    return { count, ms: performance.now() - started };
  }

  it('a ReadableStream waiting for data is cancelled at once', async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(header);
      },
      pull() {
        return new Promise(() => {}); // never delivers
      },
      cancel() {
        cancelled = true;
      },
    });
    const { count, ms } = await drain(chunksOf(stalled, { signal: AbortSignal.timeout(30) }));
    expect(count).toBe(1);
    expect(ms).toBeLessThan(1000);
    expect(cancelled).toBe(true);
  });

  it('an async iterable waiting for data is left at once', async () => {
    async function* stalled(): AsyncGenerator<Uint8Array> {
      yield header;
      await new Promise(() => {});
    }
    const { count, ms } = await drain(chunksOf(stalled(), { signal: AbortSignal.timeout(30) }));
    expect(count).toBe(1);
    expect(ms).toBeLessThan(1000);
  });

  it('a Node Readable waiting for data is destroyed', async () => {
    const readable = new Readable({ read() {} });
    readable.push(header);
    const { ms } = await drain(chunksOf(readable, { signal: AbortSignal.timeout(30) }));
    expect(ms).toBeLessThan(1000);
    expect(readable.destroyed).toBe(true);
  });

  it('with the signal already aborted nothing is read, and the source is let go of', async () => {
    const signal = AbortSignal.abort();
    const readable = Readable.from(endless().source);
    expect((await drain(chunksOf(readable, { signal }))).count).toBe(0);
    expect(readable.destroyed).toBe(true);
    let cancelled = false;
    const stream = new ReadableStream({ cancel: () => void (cancelled = true) });
    expect((await drain(chunksOf(stream, { signal }))).count).toBe(0);
    expect(cancelled).toBe(true);
    expect((await drain(chunksOf(new Blob([header]), { signal }))).count).toBe(0);
    expect((await drain(chunksOf('a\n1\n', { signal }))).count).toBe(0);
  });

  it('in-memory input stops at the next piece', async () => {
    const controller = new AbortController();
    let count = 0;
    for await (const piece of chunksOf(new Uint8Array(10 * CHUNK), { signal: controller.signal, chunkSize: CHUNK })) {
      count += piece.length > 0 ? 1 : 0;
      if (count === 3) controller.abort();
    }
    expect(count).toBe(3);
  });
});

describe('onProgress', () => {
  /** A stream paced like a slow disk: CHUNK every 4 ms. */
  async function* paced(data: Uint8Array): AsyncGenerator<Uint8Array> {
    for (let off = 0; off < data.length; off += CHUNK) {
      await new Promise((resolve) => setTimeout(resolve, 4));
      yield data.subarray(off, off + CHUNK);
    }
  }
  const data = Buffer.concat([header, ...Array.from({ length: 30 }, () => block)]); // ~ 7.5 MB
  const rows = 30 * 20_000;

  function checkCalls(calls: { p: Progress; at: number }[], total: number | undefined, bytes: number): void {
    expect(calls.length).toBeGreaterThan(0);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i].p.bytes).toBeGreaterThanOrEqual(calls[i - 1].p.bytes);
      expect(calls[i].p.rows).toBeGreaterThanOrEqual(calls[i - 1].p.rows);
      // Throttled to about every 100 ms (the final call may come sooner).
      if (i < calls.length - 1) expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(90);
    }
    for (const { p } of calls) {
      expect(p.totalBytes).toBe(total);
      expect(p.bytes).toBeLessThanOrEqual(bytes);
    }
    expect(calls.at(-1)!.p).toEqual({ bytes, totalBytes: total, rows });
  }

  it('a slow stream of unknown size: several throttled, monotone calls, the last at the end', async () => {
    const calls: { p: Progress; at: number }[] = [];
    const t = await parseStream(paced(data), { schema: SEED_LIKE_SCHEMA, onProgress: (p) => calls.push({ p, at: performance.now() }) });
    expect(t.rowCount).toBe(rows);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    checkCalls(calls, undefined, data.length);
  });

  it('a Blob knows its total; the last call has bytes === totalBytes', async () => {
    const blob = new Blob([data]);
    const calls: { p: Progress; at: number }[] = [];
    await parseStream(blob, { schema: SEED_LIKE_SCHEMA, onProgress: (p) => calls.push({ p, at: performance.now() }) });
    checkCalls(calls, blob.size, blob.size);
  });

  it('parseFile, parse and in-memory parseStream end at the total too', async () => {
    for (const run of [
      (onProgress: (p: Progress) => void) => parseFile(bigPath, { schema: SEED_LIKE_SCHEMA, onProgress }),
      async (onProgress: (p: Progress) => void) => parse(data, { schema: SEED_LIKE_SCHEMA, onProgress }),
      (onProgress: (p: Progress) => void) => parseStream(data, { schema: SEED_LIKE_SCHEMA, onProgress }),
    ]) {
      const calls: Progress[] = [];
      const t = await run((p) => calls.push(p));
      const last = calls.at(-1)!;
      expect(last.bytes).toBe(last.totalBytes);
      expect(last.rows).toBe(t.rowCount);
    }
  });

  it('is not called after an error', async () => {
    const calls: Progress[] = [];
    const bad = Buffer.concat([data, encoder.encode('1,oops\n')]);
    await expect(parseStream(bad, { schema: SEED_LIKE_SCHEMA, onProgress: (p) => calls.push(p) })).rejects.toMatchObject({ code: 'INVALID_NUMBER' });
    for (const p of calls) expect(p.bytes).toBeLessThan(bad.length);
  });
});
