// parseInWorker with threads: a File/Blob split over several module workers, each reading its own
// blob.slice(), the way parseFile splits a file over Node threads (src/threads/parse-file.ts).
// Here, on the main thread: the file's start (BOM, header) from its first bytes; pass 1, the
// workers scan the splits for record starts under every quote state; the serial step chains the
// states from the records' start (chainRanges), so each split's first record is known exactly;
// pass 2, the workers parse the stretches of records; a worker joins the Tables in file order. The
// page's thread never reads more of the Blob than its header, nor copies a column.

import { CsvError, abortedError, callUser, publicError } from '../errors.js';
import type { Progress, ResolvedOptions } from '../options.js';
import type { Schema } from '../schema.js';
import type { Table } from '../table.js';
import { blobReader } from '../threads/byte-reader.js';
import { readFileStart } from '../threads/file-start.js';
import { relocate } from '../threads/join.js';
import { categoriesFallBack, categoriesOverflow, hasCategories, threadOptions } from '../threads/parse-file.js';
import { AUTO_MIN_BYTES, forcedThreads, knob, splitPoints, threadsFor } from '../threads/plan.js';
import { chainRanges, type ScanResult } from '../threads/split-scan.js';
import { keepWorker, nextRequestId, takeWorker, workerScriptUrl } from './idle-workers.js';
import { fromWireError, unpackTable, wireBuffers, type Request, type Response, type WireTable } from './protocol.js';

const PROGRESS_INTERVAL_MS = 100;

type Answer = Extract<Response, { type: 'scanned' } | { type: 'parsed' }>;
type Task = Extract<Request, { type: 'scan' } | { type: 'stretch' } | { type: 'join' }>;

/**
 * The Table, or undefined when one worker should parse the Blob as before: threads: 1, a small
 * Blob under 'auto', a header the one-worker parse must report on, a Blob of one split, or a
 * category column past maxCategories (as for parseFile: see its categoriesFallBack).
 */
export async function parseBlobSplit<S extends Schema>(
  blob: Blob, opts: ResolvedOptions, schema: Schema, onProgress: ((p: Progress) => void) | undefined,
): Promise<Table<S> | undefined> {
  if (opts.threads === 1 || typeof opts.onError === 'function' || opts.range !== undefined) return undefined;
  const size = blob.size;
  if (opts.threads === 'auto' && size < AUTO_MIN_BYTES && forcedThreads() === undefined) return undefined;
  // Decided on the Blob's size (parseFile subtracts the header first; a header is no 64 MiB), so
  // 'auto' on too few cores reads nothing here.
  const cores = async () => (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1;
  const threads = await threadsFor(opts, size, cores);
  if (threads <= 1) return undefined;
  const start = await readFileStart(blobReader(blob), size, opts);
  if (start === undefined) return undefined;
  const points = splitPoints(start.offset, size, threads);
  if (points.length <= 2) return undefined;
  return inWorkers<S>(blob, opts, schema, Math.min(threads, points.length - 1), points, start.lines, start.names, onProgress);
}

/** Runs tasks on a fixed set of workers, one task per worker at a time, in the order submitted. */
class Crew {
  private readonly workers: Worker[];
  /** The task each worker runs, by worker index. */
  private readonly busy: (number | undefined)[];
  private readonly queue: { task: Task; transfer: Transferable[] }[] = [];
  private readonly tasks = new Map<number, { resolve: (a: Answer) => void; reject: (e: unknown) => void; progress?: (p: Progress) => void }>();
  private readonly listeners: { message: (e: MessageEvent<Response>) => void; error: (e: ErrorEvent) => void; messageerror: () => void }[];
  private failed = false;

  /** `fail` hears of a worker that died or sent garbage: the parse can't finish. */
  constructor(count: number, private readonly fail: (err: CsvError) => void) {
    this.workers = Array.from({ length: count }, () => takeWorker());
    this.busy = this.workers.map(() => undefined);
    this.listeners = this.workers.map((worker, w) => {
      const l = {
        message: (event: MessageEvent<Response>) => this.answer(w, event.data),
        error: (event: ErrorEvent) => {
          event.preventDefault?.();
          this.die(w, new CsvError('WORKER_FAILED', `typed-csv worker ${w + 1} of ${count} failed${event.message ? `: ${event.message}` : ''} (is ${workerScriptUrl()} served as JavaScript?)`));
        },
        messageerror: () => this.die(w, new CsvError('WORKER_FAILED', `typed-csv worker ${w + 1} of ${count} sent a message that could not be read`)),
      };
      worker.addEventListener('message', l.message);
      worker.addEventListener('error', l.error);
      worker.addEventListener('messageerror', l.messageerror);
      return l;
    });
  }

  run(task: Task, transfer: Transferable[] = [], progress?: (p: Progress) => void): Promise<Answer> {
    const result = new Promise<Answer>((resolve, reject) => this.tasks.set(task.id, { resolve, reject, progress }));
    result.catch(() => {}); // awaited in file order; a later task failing first is not unhandled
    this.queue.push({ task, transfer });
    this.dispatch();
    return result;
  }

  /** Tests only (the TYPED_CSV_CRASH_WORKER knob): makes the first worker throw outside any task. */
  crash(): void {
    this.workers[0].postMessage({ type: 'crash' } satisfies Request);
  }

  private dispatch(): void {
    for (let w = 0; w < this.workers.length && this.queue.length > 0 && !this.failed; w++) {
      if (this.busy[w] !== undefined) continue;
      const { task, transfer } = this.queue.shift()!;
      this.busy[w] = task.id;
      this.workers[w].postMessage(task, transfer);
    }
  }

  private answer(w: number, message: Response): void {
    const task = this.tasks.get(message.id);
    if (task === undefined || this.busy[w] !== message.id) return;
    if (message.type === 'progress') {
      task.progress?.(message.progress);
      return;
    }
    this.tasks.delete(message.id);
    this.busy[w] = undefined;
    if (message.type === 'error') task.reject(publicError(fromWireError(message.error)));
    else if (message.type === 'scanned' || message.type === 'parsed') task.resolve(message);
    else task.reject(new Error(`typed-csv: a worker answered a task with ${message.type}`));
    this.dispatch();
  }

  private die(w: number, err: CsvError): void {
    if (this.failed) return;
    this.failed = true;
    this.workers[w].terminate();
    this.busy[w] = -1; // never reused: close() leaves it terminated
    this.fail(err);
  }

  /**
   * Ends the crew: idle workers go back to the cache for the next call; a worker still running a
   * task (the parse failed or was aborted meanwhile) is terminated, which stops its work at once.
   */
  close(): void {
    for (const [w, worker] of this.workers.entries()) {
      const l = this.listeners[w];
      worker.removeEventListener('message', l.message);
      worker.removeEventListener('error', l.error);
      worker.removeEventListener('messageerror', l.messageerror);
      if (this.busy[w] === undefined && !this.failed) keepWorker(worker);
      else worker.terminate();
    }
    this.queue.length = 0;
  }
}

async function inWorkers<S extends Schema>(
  blob: Blob, opts: ResolvedOptions, schema: Schema, threads: number, points: number[], lines: number, names: string[] | undefined,
  onProgress: ((p: Progress) => void) | undefined,
): Promise<Table<S> | undefined> {
  const signal = opts.signal;
  const categories = hasCategories(opts);
  // Where an abort leaves the parse, in file order: everything before it has been parsed.
  const frontier = { line: lines + 1, row: 0, byteOffset: points[0] };
  if (signal?.aborted) throw abortedError(signal.reason, { ...frontier });
  let stop: ((err: unknown) => void) | undefined;
  const stopped = new Promise<never>((_, reject) => { stop = reject; });
  stopped.catch(() => {});
  const crew = new Crew(threads, (err) => stop!(err));
  const onAbort = () => stop!(abortedError(signal!.reason, { ...frontier }));
  signal?.addEventListener('abort', onAbort, { once: true });
  const watch = <T>(p: Promise<T>) => Promise.race([p, stopped]);
  // The TYPED_CSV_TRACE knob prints each phase's time on the console (for measuring; not an API).
  const t0 = performance.now();
  const trace = knob('TYPED_CSV_TRACE') === '1' ? (what: string) => console.info(`typed-csv threads: ${what} at ${(performance.now() - t0).toFixed(1)} ms`) : undefined;
  try {
    // Pass 1: each split's state map and first record start under every state.
    const delimiter = opts.delimiter;
    const quote = opts.quote;
    const scans = points.slice(0, -1).map((from, k) => crew.run({ type: 'scan', id: nextRequestId(), blob: blob.slice(from, points[k + 1]), start: from, delimiter, quote }));
    const results: ScanResult[] = [];
    for (const p of scans) results.push((await watch(p) as Extract<Answer, { type: 'scanned' }>).scan);
    trace?.(`pass 1 (${points.length - 1} splits scanned)`);
    // The serial step: chain the states from the records' start.
    const ranges = chainRanges(results, points, points[points.length - 1]);

    // Pass 2: each stretch's records. Progress counts the header as done, as one worker does.
    const options = threadOptions(opts, schema);
    const totalBytes = points[points.length - 1];
    const done = ranges.map(() => ({ bytes: 0, rows: 0 }));
    let lastProgress = 0; // the first report goes out at once
    const report = () => {
      const now = Date.now();
      if (!onProgress || now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      let bytes = points[0];
      let rows = 0;
      for (const d of done) { bytes += d.bytes; rows += d.rows; }
      try {
        callUser(onProgress, { bytes, totalBytes, rows });
      } catch (e) {
        stop!(e); // as with one worker: the callback's own exception ends the parse
      }
    };
    if (knob('TYPED_CSV_CRASH_WORKER') !== undefined) crew.crash();
    const parses = ranges.map((r, k) => crew.run(
      { type: 'stretch', id: nextRequestId(), blob: blob.slice(r.start, r.end), options, stretch: { ...r, lines: 0, names }, progress: onProgress !== undefined },
      [],
      (p) => { done[k] = { bytes: p.bytes, rows: p.rows }; report(); },
    ));
    const pieces: WireTable[] = [];
    // Each stretch counts its lines from 0; the LF counts of the stretches before place them in the file.
    const linesBefore: number[] = [];
    let linesSoFar = lines;
    let records = 0;
    for (const [k, p] of parses.entries()) {
      Object.assign(frontier, { line: linesSoFar + 1, row: records, byteOffset: ranges[k].start });
      let m: Extract<Answer, { type: 'parsed' }>;
      try {
        m = await watch(p) as Extract<Answer, { type: 'parsed' }>;
      } catch (err) {
        // A later stretch's error: one worker may meet maxCategories in the records before it.
        if (k > 0 && categories && err instanceof CsvError && err.code !== 'ABORTED' && err.code !== 'WORKER_FAILED') return undefined;
        // The first error in file order: every stretch before this one parsed cleanly.
        throw err instanceof CsvError && err.code !== 'ABORTED' && err.code !== 'WORKER_FAILED' ? relocate(err, records, linesSoFar) : err;
      }
      records += m.table.rowCount + m.table.skippedRecords;
      pieces.push(m.table);
      linesBefore.push(linesSoFar);
      linesSoFar += m.lines;
    }
    trace?.('pass 2 (stretches parsed and received)');
    // Unpacking only wraps the arrays (no copy); the wire tables still go to the join worker.
    if (categories && categoriesFallBack(pieces.map((t) => unpackTable(t)), opts.columns)) return undefined;
    // Joined in a worker: copying the columns together is ~1 ms per MB that would block the page.
    const transfer = pieces.flatMap(wireBuffers);
    const joinedWire = await watch(crew.run({ type: 'join', id: nextRequestId(), pieces, lines: linesBefore, options, names }, transfer)) as Extract<Answer, { type: 'parsed' }>;
    const joined = unpackTable<S>(joinedWire.table);
    if (categories && categoriesOverflow(joined, opts.columns)) return undefined;
    trace?.('joined');
    if (onProgress) callUser(onProgress, { bytes: totalBytes, totalBytes, rows: joined.rowCount });
    return joined;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    crew.close();
  }
}
