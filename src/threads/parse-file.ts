// parseFile over a byte range, on one thread or several. The file's start (BOM, header) is read
// here and the range's ends moved to record starts; pass 1 scans the splits in parallel for record
// starts under every possible quote state; a serial step chains the states from the range's start,
// so each split's first record is known exactly; pass 2 parses each split's records in parallel;
// the pieces are joined in file order. (A whole file on threads: file-threads.ts.)

import type { FileHandle } from 'node:fs/promises';
import { ChunkDriver } from '../core/driver.js';
import { acquireCore, resolveEngine } from '../core/select.js';
import { CsvError, abortedError, callUser, ioError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Schema } from '../schema.js';
import type { CategoryColumn } from '../category-column.js';
import type { StringColumn } from '../string-column.js';
import type { Table } from '../table.js';
import { unpackTable } from '../worker/protocol.js';
import { handleReader } from './byte-reader.js';
import { readFileStart, type FileStart } from './file-start.js';
import { joinTables, relocate } from './join.js';
import type { ThreadOptions } from './messages.js';
import { splitPoints, threadCount } from './plan.js';
import { ensureWorkers, submit, type Pending } from './pool.js';
import { PhaseClock, traceOn } from './phases.js';
import { parseStretch } from './range-parse.js';
import { S0, SplitScanner, chainRanges, stateOf, type ScanResult } from './split-scan.js';

const READ_BYTES = 64 * 1024;
/** How far past a range's cut the four quote-state hypotheses may run before the bytes before it decide. */
const SETTLE_AHEAD_BYTES = 1024 * 1024;

const PROGRESS_INTERVAL_MS = 100;

/**
 * The records of a byte range of a file (see the `range` option), on as many threads as the options
 * and the range's size call for. A whole file on several threads is file-threads.ts's.
 */
export async function parseFileRange<S extends Schema>(path: string | URL, opts: ResolvedOptions, schema: Schema, range: { start: number; end: number }): Promise<Table<S>> {
  const clock = traceOn() ? new PhaseClock() : undefined;
  const fs = await import('node:fs/promises');
  const filePath = typeof path === 'string' ? path : (await import('node:url')).fileURLToPath(path);
  const handle = await fs.open(filePath, 'r').catch((e: unknown) => { throw ioError(`opening ${filePath}`, e); });
  let start: FileStart | undefined;
  let regionStart: number;
  let regionEnd: number;
  let lines: number;
  try {
    const { size } = await handle.stat().catch((e: unknown) => { throw ioError(`reading ${filePath}`, e); });
    start = await readFileStart(handleReader(handle), size, opts);
    if (start === undefined) return await headerOnly<S>(handle, size, opts);
    regionStart = await recordStartAt(handle, size, start, range.start, opts);
    regionEnd = await recordStartAt(handle, size, start, Math.min(range.end, size), opts);
    if (regionEnd < regionStart) regionEnd = regionStart;
    // Inside a range, lines count from the range's first record (the file's own at the file's start).
    lines = regionStart === start.offset ? start.lines : 0;
  } finally {
    await handle.close();
  }
  const threads = await threadCount(opts, regionEnd - regionStart);
  const points = threads > 1 ? splitPoints(regionStart, regionEnd, threads) : [regionStart, regionEnd];
  const oneThread = async () => (await parseStretch<S>(filePath, opts, { start: regionStart, end: regionEnd, lines, names: start!.names })).table;
  if (points.length <= 2) return oneThread();
  clock?.mark('fileStart', 'file start read');
  // Undefined: maxCategories was or may have been passed (see categoriesFallBack): one thread, exactly.
  return (await parseInThreads<S>(filePath, opts, schema, threads, points, lines, start.names, clock)) ?? oneThread();
}

/**
 * Whether the schema has a category column, whose dictionary spans the splits: the join merges the
 * splits' dictionaries (category-merge.ts); past maxCategories one thread parses the file again.
 */
export function hasCategories(opts: ResolvedOptions): boolean {
  return opts.columns.some((c) => c.type === 'category');
}

/**
 * Whether split pieces (in file order) may not give one thread's result for their category columns,
 * so the file must be parsed again on one thread. Below maxCategories (every split's dictionary, and
 * their merge) no record on one thread meets the limit either (its dictionary is always a part of
 * the merged one), and every record is kept or dropped for reasons of its own, so the merge is
 * exact. Past it, which values one thread refuses depends on the order the whole file brings them
 * in: a value a split refused (TOO_MANY_CATEGORIES) may have been the limit's on one thread or not,
 * a value a split kept may be refused on one thread. Only that error case pays for the second parse.
 */
export function categoriesFallBack(pieces: readonly Table[], columns: ResolvedOptions['columns']): boolean {
  const categories = columns.filter((c) => c.type === 'category');
  if (categories.length === 0) return false;
  for (const t of pieces) {
    if (t.errors.some((e) => e.code === 'TOO_MANY_CATEGORIES')) return true;
    // Errors not kept (past maxErrors) may hide one: a split at its limit may have refused a value.
    if (t.errorCount > t.errors.length && categories.some((c) => dictionaryOf(t, c.name).length >= c.maxCategories!)) return true;
  }
  return false;
}

/** Whether a joined table's merged dictionaries hold more than maxCategories: one thread refuses some. */
export function categoriesOverflow(table: Table, columns: ResolvedOptions['columns']): boolean {
  return columns.some((c) => c.type === 'category' && dictionaryOf(table, c.name).length > c.maxCategories!);
}

function dictionaryOf(table: Table, name: string): StringColumn {
  return (table.columns[name] as unknown as CategoryColumn).dictionary;
}

/**
 * A range of a file whose start readFileStart refused: an empty file (an empty table), or a header
 * the one-thread driver reports on (unclosed or bad quote, missing or repeated column, too many
 * columns, longer than maxRecordBytes). The driver reads the file's first bytes and throws exactly
 * what a whole-file parse throws; it fails at the header, before any record.
 */
async function headerOnly<S extends Schema>(handle: FileHandle, size: number, opts: ResolvedOptions): Promise<Table<S>> {
  const { core, release } = acquireCore(opts);
  const driver = new ChunkDriver<S>(core, { ...opts, onProgress: undefined }, size, release);
  try {
    const bytes = new Uint8Array(Math.min(size, opts.maxRecordBytes + 64));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    const last = bytesRead >= size;
    driver.feed(bytes.subarray(0, bytesRead));
    driver.run(last);
    const table = last ? driver.finish()! : undefined;
    if (table === undefined || table.rowCount + table.skippedRecords > 0) {
      throw new Error('typed-csv: internal error: the file\'s start was refused for a range but parses on one thread; please report this file');
    }
    return table;
  } finally {
    driver.dispose();
  }
}

/**
 * The first record start at or after `pos`: settled exactly. Runs the split scanner from pos - 1
 * under all four quote states; when they disagree (a quoted newline may be open at the cut, which
 * only the bytes before it can refute), the state at pos - 1 is found by scanning from the records'
 * start, or skipped altogether under quotedNewlines: false.
 */
async function recordStartAt(handle: FileHandle, size: number, start: FileStart, pos: number, opts: ResolvedOptions): Promise<number> {
  if (pos <= start.offset) return start.offset;
  if (pos >= size) return size;
  const buffer = new Uint8Array(READ_BYTES);
  const scanFrom = async (from: number, until: (scanner: SplitScanner) => boolean, limit: number): Promise<ScanResult> => {
    const scanner = new SplitScanner(opts.delimiter, opts.quote, from);
    let at = from;
    while (at < limit && !until(scanner)) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, limit - at), at);
      if (bytesRead === 0) break;
      scanner.feed(buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
    return scanner.result();
  };
  const firstOf = (scan: ScanResult, s: number) => (scan.first[s] < 0 ? size : scan.first[s]);
  if (!opts.quotedNewlines) {
    // No quoted value holds an LF, so the first LF at or after pos - 1 ends a record.
    const scan = await scanFrom(pos - 1, (s) => s.result().first[S0] >= 0, size);
    return firstOf(scan, S0);
  }
  // Usually a quote soon refutes "inside a quoted field"; look that far ahead at most.
  const ahead = await scanFrom(pos - 1, (s) => s.result().first.every((f) => f >= 0), Math.min(size, pos - 1 + SETTLE_AHEAD_BYTES));
  const candidates = [0, 1, 2, 3].map((s) => (ahead.first[s] >= 0 ? ahead.first[s] : -1));
  if (candidates.every((c) => c >= 0 && c === candidates[0])) return candidates[0];
  // The hypotheses disagree: settle the state at pos - 1 from the records' start. Exact; costs a
  // read of the file before pos (quotedNewlines: false avoids it).
  const before = await scanFrom(start.offset, () => false, pos - 1);
  const state = stateOf(before.map, S0);
  if (candidates[state] >= 0) return candidates[state];
  const rest = await scanFrom(pos - 1, (s) => s.result().first[state] >= 0, size);
  return firstOf(rest, state);
}

/** Parse options for a worker: the callbacks and signal stay here; the schema as the caller wrote it. */
export function threadOptions(opts: ResolvedOptions, schema: Schema): ThreadOptions {
  return {
    schema,
    header: false, // the names come with each task
    delimiter: String.fromCharCode(opts.delimiter),
    quote: String.fromCharCode(opts.quote),
    trim: opts.trim,
    onError: opts.onError as 'throw' | 'skip' | 'null',
    maxErrors: opts.maxErrors,
    validateUtf8: opts.validateUtf8,
    maxColumns: opts.maxColumns,
    engine: resolveEngine(opts.engine),
    maxRecordBytes: opts.maxRecordBytes,
    chunkSize: opts.chunkSize,
  };
}

/** The joined Table, or undefined when one thread must parse the region (categoriesFallBack). */
async function parseInThreads<S extends Schema>(
  path: string, opts: ResolvedOptions, schema: Schema, threads: number, points: number[], lines: number, names: string[] | undefined, clock?: PhaseClock,
): Promise<Table<S> | undefined> {
  const categories = hasCategories(opts);
  const signal = opts.signal;
  if (signal?.aborted) throw abortedError(signal.reason, { line: lines + 1, row: 0, byteOffset: points[0] });
  await ensureWorkers(threads);
  const pending: Pending[] = [];
  let stop: ((err: unknown) => void) | undefined;
  const stopped = new Promise<never>((_, reject) => { stop = reject; });
  stopped.catch(() => {});
  // Where an abort leaves the parse, in file order: everything before it has been parsed.
  const frontier = { line: lines + 1, row: 0, byteOffset: points[0] };
  const onAbort = () => stop!(abortedError(signal!.reason, { ...frontier }));
  signal?.addEventListener('abort', onAbort, { once: true });
  const watch = <T>(p: Promise<T>) => Promise.race([p, stopped]);
  const track = (p: Pending) => {
    p.result.catch(() => {}); // awaited in order below; a later split failing first is not unhandled
    pending.push(p);
    return p;
  };
  try {
    // Pass 1: each split's state map and first record start under every state.
    const scans = points.slice(0, -1).map((from, k) => track(submit({ type: 'scan', path, start: from, end: points[k + 1], delimiter: opts.delimiter, quote: opts.quote })));
    const results: ScanResult[] = [];
    for (const p of scans) {
      const m = await watch(p.result);
      if (m.type !== 'scanned') throw new Error(`typed-csv: a worker answered a scan with ${m.type}`);
      results.push(m.scan);
    }
    clock?.mark('scan', `pass 1 (${points.length - 1} splits scanned)`);
    // The serial step: chain the states from the records' start.
    const ranges = chainRanges(results, points, points[points.length - 1]);
    clock?.mark('chain', 'chained');

    // Pass 2: each split's records.
    const options = threadOptions(opts, schema);
    const done = ranges.map(() => ({ bytes: 0, rows: 0 }));
    // A range counts its own bytes only.
    const before = 0;
    const totalBytes = points[points.length - 1] - points[0];
    let lastProgress = 0; // the first report goes out at once
    const report = () => {
      const cb = opts.onProgress;
      const now = Date.now();
      if (!cb || now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      let bytes = before;
      let rows = 0;
      for (const d of done) { bytes += d.bytes; rows += d.rows; }
      // Called from a worker's message: what the callback throws must end the parse, not the process.
      try {
        callUser(cb, { bytes, totalBytes, rows });
      } catch (e) {
        stop!(e);
      }
    };
    const parses = ranges.map((r, k) => track(submit(
      // The first split's columns get room for the whole region: the join appends the rest in place.
      { type: 'parse', path, options, stretch: { ...r, lines: 0, names, ...(k === 0 ? { sizeFor: ranges[ranges.length - 1].end - r.start } : {}) }, progress: opts.onProgress !== undefined },
      (bytes, rows) => { done[k] = { bytes, rows }; report(); },
    )));
    const pieces: Table<S>[] = [];
    // Each split counts its lines from 0; the LF counts of the splits before place them in the file.
    const linesBefore: number[] = [];
    let linesSoFar = lines;
    let records = 0;
    let unpacking = 0;
    for (const [k, p] of parses.entries()) {
      Object.assign(frontier, { line: linesSoFar + 1, row: records, byteOffset: ranges[k].start });
      let m;
      try {
        m = await watch(p.result);
      } catch (err) {
        // A later split's error: one thread may meet maxCategories in the records before it (the
        // splits' dictionaries together, which this split's error leaves unknown), so one thread
        // decides. Only the error case pays for the second parse.
        if (k > 0 && categories && err instanceof CsvError && err.code !== 'ABORTED' && err.code !== 'WORKER_FAILED') return undefined;
        // The first error in file order: every split before this one parsed cleanly.
        throw err instanceof CsvError && err.code !== 'ABORTED' && err.code !== 'WORKER_FAILED' ? relocate(err, records, linesSoFar) : err;
      }
      if (m.type !== 'parsed') throw new Error(`typed-csv: a worker answered a parse with ${m.type}`);
      const unpackStart = clock ? performance.now() : 0;
      const table = unpackTable<S>(m.table);
      if (clock) unpacking += performance.now() - unpackStart;
      records += table.rowCount + table.skippedRecords;
      pieces.push(table);
      linesBefore.push(linesSoFar);
      linesSoFar += m.lines;
    }
    clock?.add('unpack', unpacking);
    clock?.mark('parse', 'pass 2 (splits parsed and received)', unpacking);
    if (categoriesFallBack(pieces, opts.columns)) return undefined;
    const joined = joinTables<S>(pieces, linesBefore, opts.columns, opts.maxErrors, names, { appendToFirst: true });
    if (categories && categoriesOverflow(joined, opts.columns)) return undefined;
    clock?.mark('join', 'joined');
    clock?.report({ threads, splits: ranges.length, rows: joined.rowCount, bytes: points[points.length - 1] - points[0] });
    if (opts.onProgress) callUser(opts.onProgress, { bytes: totalBytes, totalBytes, rows: joined.rowCount });
    return joined;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const p of pending) p.abort(); // no-op for finished tasks; frees workers after an error
  }
}
