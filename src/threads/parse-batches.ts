// parseBatches over a file on several threads. The file is cut into splits of a fixed size; workers
// scan the splits for record starts under every quote state (as parseFile's pass 1), the states are
// chained here in file order, and each worker parses one split's records into pieces it sends as
// they fill; the pieces are re-cut here into the batches one thread makes, in file order. At most
// 2 × threads splits are scanned or parsed ahead of the batch being handed out: memory stays bounded.

import { CsvError, abortedError, callUser, ioError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Schema } from '../schema.js';
import type { Table } from '../table.js';
import { unpackTable } from '../worker/protocol.js';
import { handleReader } from './byte-reader.js';
import { readFileStart, type FileStart } from './file-start.js';
import { relocate } from './join.js';
import type { FromWorker } from './messages.js';
import { AUTO_MIN_BYTES, batchSplitPoints, forcedThreads, threadCount } from './plan.js';
import { ensureWorkers, recycle, submit, trimWorkers, type Pending, type WorkerRef } from './pool.js';
import { reclaimBuffers } from '../buffer-pool.js';
import { Rebatcher, batchesAfter } from './rebatch.js';
import { S0, stateOf } from './split-scan.js';
import { hasCategories, threadOptions } from './parse-file.js';
import type { GatherPlace } from './gather.js';

const PROGRESS_INTERVAL_MS = 100;
/** Rows per piece a worker sends at most (a piece is sized for this many rows up front). */
const MAX_PIECE_ROWS = 65536;

/** A file parseBatches reads on several threads. */
export interface BatchPlan {
  path: string;
  size: number;
  threads: number;
  start: FileStart;
  points: number[];
}

/**
 * The plan, or undefined when the one-thread path should read the file: one thread, a small file
 * under 'auto', an onError function, a header the one-thread path reports on, or a file of one split.
 */
export async function planBatches(url: URL, opts: ResolvedOptions): Promise<BatchPlan | undefined> {
  if (opts.threads === 1 || typeof opts.onError === 'function') return undefined;
  const fs = await import('node:fs/promises');
  const path = (await import('node:url')).fileURLToPath(url);
  const handle = await fs.open(path, 'r').catch((e: unknown) => { throw ioError(`opening ${path}`, e); });
  try {
    const { size } = await handle.stat().catch((e: unknown) => { throw ioError(`reading ${path}`, e); });
    if (opts.threads === 'auto' && size < AUTO_MIN_BYTES && forcedThreads() === undefined) return undefined;
    const start = await readFileStart(handleReader(handle), size, opts);
    if (start === undefined) return undefined;
    const threads = await threadCount(opts, size - start.offset);
    const points = batchSplitPoints(start.offset, size);
    if (threads <= 1 || points.length <= 2) return undefined;
    return { path, size, threads, start, points };
  } finally {
    await handle.close();
  }
}

/** A split's parse: its pieces as they arrive, and how it ended. */
interface SplitParse {
  pending: Pending;
  start: number;
  /** Pieces not yet taken, each with the split's bytes up to its last record's end and its worker. */
  pieces: { table: Table; bytes: number; from: WorkerRef }[];
  /** Wakes the reader waiting for this split's next piece or end. */
  wake: (() => void) | undefined;
  bytes: number;
}

/**
 * The batches. `oneThread` reads the whole file on one thread with the options given: past
 * maxCategories (which values one thread refuses depends on every value before, see parseFile's
 * categoriesFallBack) it gives the batches from there on, those before being the same (or, with
 * exactBatches: false, the rest of the batch the last one handed out ended in); only that error case
 * pays for it. `place`, if given, follows the pieces taken in: the file offset of the last one's
 * end, and the rows so far.
 */
export async function* batchesInThreads<S extends Schema>(
  plan: BatchPlan, opts: ResolvedOptions, schema: Schema, oneThread: (opts: ResolvedOptions) => AsyncIterable<Table<S>>, place?: GatherPlace,
): AsyncGenerator<Table<S>, void, undefined> {
  const { path, points, start } = plan;
  const signal = opts.signal;
  const splits = points.length - 1;
  const ahead = plan.threads * 2;
  // Where the parse is, in file order: what abort errors and relocated errors are placed by.
  const at = { lines: start.lines, records: 0, byteOffset: start.offset };
  if (signal?.aborted) throw abortedError(signal.reason, { line: at.lines + 1, row: 0, byteOffset: at.byteOffset });
  await ensureWorkers(plan.threads);

  const all: Pending[] = [];
  let stop: ((err: unknown) => void) | undefined;
  let failure: { err: unknown } | undefined;
  const stopped = new Promise<never>((_, reject) => { stop = (err) => { failure ??= { err }; reject(err); }; });
  stopped.catch(() => {});
  const onAbort = () => stop!(abortedError(signal!.reason, { line: at.lines + 1, row: at.records, byteOffset: at.byteOffset }));
  signal?.addEventListener('abort', onAbort, { once: true });
  const watch = <T>(p: Promise<T>) => Promise.race([p, stopped]);
  const track = (p: Pending) => {
    p.result.catch(() => {}); // awaited in order; a later split failing first is not unhandled
    all.push(p);
    return p;
  };

  const policy = opts.onError as 'throw' | 'skip' | 'null';
  const options = { ...threadOptions(opts, schema), maxErrors: 1e9 }; // the re-cut needs every error
  const pieceRows = Math.min(opts.batchRows!, MAX_PIECE_ROWS);
  const rebatcher = new Rebatcher<S>(opts.batchRows!, opts.columns, opts.maxErrors, policy, start.names, opts.exactBatches);

  // onProgress: the header, the splits handed out, and what the workers report on the rest.
  let bytesDone = start.offset;
  let lastProgress = 0;
  const parses: SplitParse[] = [];
  const report = (final: boolean) => {
    const cb = opts.onProgress;
    const now = Date.now();
    if (!cb || (!final && now - lastProgress < PROGRESS_INTERVAL_MS)) return;
    lastProgress = now;
    let bytes = bytesDone;
    for (const p of parses) bytes += p.bytes;
    const progress = { bytes: final ? plan.size : bytes, totalBytes: plan.size, rows: rebatcher.rowCount };
    if (final) return callUser(cb, progress);
    // Called from a worker's message: what the callback throws must end the parse, not the process.
    try {
      callUser(cb, progress);
    } catch (e) {
      stop!(e);
    }
  };

  const scans: Pending[] = [];
  const scan = (k: number) => track(submit(
    { type: 'scan', path, start: points[k], end: points[k + 1], delimiter: opts.delimiter, quote: opts.quote },
    { urgent: true },
  ));
  const parse = (from: number, to: number) => {
    const split: SplitParse = { pending: undefined!, start: from, pieces: [], wake: undefined, bytes: 0 };
    const wake = () => { const w = split.wake; split.wake = undefined; w?.(); };
    const task = { type: 'pieces' as const, path, options, stretch: { start: from, end: to, lines: 0, names: start.names }, progress: opts.onProgress !== undefined, pieceRows, reuseBuffers: opts.reuseBuffers };
    split.pending = track(submit(task, {
      onPiece: (m: Extract<FromWorker, { type: 'piece' }>, from: WorkerRef) => { split.pieces.push({ table: unpackTable(m.table), bytes: m.bytes, from }); wake(); },
      onProgress: (bytes) => { split.bytes = bytes; report(false); },
    }));
    split.pending.result.then(wake, wake);
    parses.push(split);
  };

  const categories = hasCategories(opts);
  let handedOut = 0; // batches yielded
  let fellBack = false;
  try {
    let chained = 0; // splits whose scan is chained into the quote state
    let state = S0;
    let open = points[0]; // the start of the records not yet given to a parse
    let allParsed = false;
    let splitNo = 0;
    parsing: for (;;) {
      // Scans run ahead of the parses (urgent: they go before queued parses); parses up to `ahead`.
      while (!allParsed && parses.length < ahead) {
        while (scans.length < splits && scans.length < chained + ahead + 1) scans.push(scan(scans.length));
        if (chained === splits) {
          parse(open, plan.size);
          allParsed = true;
          break;
        }
        const m = await watch(scans[chained].result);
        if (m.type !== 'scanned') throw new Error(`typed-csv: a worker answered a scan with ${m.type}`);
        const first = m.scan.first[state];
        if (chained > 0 && first >= 0) {
          parse(open, first);
          open = first;
        }
        state = stateOf(m.scan.map, state);
        chained++;
      }
      const split = parses[0];
      if (split === undefined) break;
      // Hand out the split's pieces as they come, then move past it.
      let recordInSplit = 0;
      for (;;) {
        while (split.pieces.length > 0) {
          // A consumer busy with the last batch hears of an abort (or a failed callback) before the next.
          if (signal?.aborted && failure === undefined) onAbort();
          if (failure !== undefined) throw failure.err;
          const { table: piece, bytes, from } = split.pieces.shift()!;
          if (!rebatcher.add(piece as Table<S>, { recordsBeforeSplit: at.records, linesBeforeSplit: at.lines, recordInSplit, split: splitNo })) {
            fellBack = true;
            break parsing;
          }
          recordInSplit += piece.rowCount + piece.skippedRecords;
          if (place) Object.assign(place, { bytes: split.start + bytes, rows: rebatcher.rowCount });
          for (const b of rebatcher.take()) {
            handedOut++;
            yield b;
            // The loop is done with it: a worker fills it again (a loose batch is this piece: its sender).
            if (opts.reuseBuffers) recycle(reclaimBuffers(b), opts.exactBatches ? undefined : from);
          }
        }
        const settled = await watch(Promise.race([
          split.pending.result.then((m) => m, (err: unknown) => ({ type: 'error' as const, err })),
          new Promise<undefined>((resolve) => { split.wake = () => resolve(undefined); }),
        ]));
        if (settled === undefined) continue;
        if (split.pieces.length > 0) continue; // pieces came in with the answer: take them first
        if (settled.type === 'error') {
          const err = settled.err;
          // A later split's error: one thread may meet maxCategories in the records before it.
          if (splitNo > 0 && categories && err instanceof CsvError && err.code !== 'ABORTED' && err.code !== 'WORKER_FAILED') {
            fellBack = true;
            break parsing;
          }
          // The first error in file order: every split before this one parsed cleanly.
          throw err instanceof CsvError && err.code !== 'ABORTED' && err.code !== 'WORKER_FAILED' ? relocate(err, at.records, at.lines) : err;
        }
        if (settled.type !== 'pieced') throw new Error(`typed-csv: a worker answered a parse with ${settled.type}`);
        at.lines += settled.lines;
        at.records += recordInSplit;
        break;
      }
      parses.shift();
      splitNo++;
      const next = parses[0]?.start ?? (allParsed ? plan.size : open);
      bytesDone += next - split.start;
      at.byteOffset = next;
      report(false);
    }
    if (!fellBack) {
      rebatcher.finish();
      yield* rebatcher.take();
      report(true);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (opts.reuseBuffers) trimWorkers();
    for (const p of all) p.abort(); // no-op for finished tasks; frees the workers after an error or a break
  }
  if (fellBack && opts.exactBatches) {
    let skip = handedOut;
    for await (const b of oneThread(opts)) {
      if (skip > 0) skip--;
      else yield b;
    }
  } else if (fellBack) {
    // The pieces handed out end anywhere in one thread's batches: the rest is cut from them, every error kept to place them.
    const { rows, records } = rebatcher.handedOut;
    yield* batchesAfter(oneThread({ ...opts, maxErrors: 1e9 }), rows, records, opts.columns, opts.maxErrors, start.names);
  }
}
