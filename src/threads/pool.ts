// The pool of Node worker threads behind `threads`: started on first use, grown to the largest
// thread count asked for and kept for the next parse. An idle worker is unref'd, so a script whose
// work is done ends promptly; a busy one is ref'd, so a pending parse keeps the process alive. A
// worker that dies fails its task with WORKER_FAILED (and, if it was the last, every queued task)
// and is replaced on next use.

import type { Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';
import type { Reclaimed } from '../buffer-pool.js';
import { CsvError } from '../errors.js';
import { MAX_THREADS } from '../options.js';
import { fromWireError } from '../worker/protocol.js';
import type { FromWorker, Task, ToWorker } from './messages.js';

interface Job {
  id: number;
  task: Task;
  resolve: (message: FromWorker) => void;
  reject: (err: Error) => void;
  onProgress: ((bytes: number, rows: number) => void) | undefined;
  onPiece: ((message: Extract<FromWorker, { type: 'piece' }>, from: WorkerRef) => void) | undefined;
  /** Runs before every job queued without it (split scans, which the parses after them wait on). */
  urgent: boolean;
}

/** Which worker sent a piece (opaque): recycle gives the piece's memory back to it. */
export type WorkerRef = object;

interface Slot {
  worker: NodeWorker;
  job: Job | undefined;
  /** Pieces it sent whose memory has not come back to it (see recycle). */
  owed: number;
}

let workerClass: typeof NodeWorker | undefined;
const slots: Slot[] = [];
const queue: Job[] = [];
let nextId = 1;

/**
 * The worker: the compiled script next to this file; when this file runs as TypeScript source (the
 * test suite, through tsx or vitest), a bootstrap that registers tsx in the worker, then imports
 * the source.
 */
function newWorker(): NodeWorker {
  // Built from variables on purpose: bundlers treat a URL literal next to import.meta.url as
  // a browser asset or worker to bundle, and this one is Node's alone.
  const here = import.meta.url;
  return startNodeWorker(workerClass!, new URL(here.endsWith('.ts') ? './node-worker.ts' : './node-worker.js', here), { name: 'typed-csv' });
}

/**
 * A worker thread running `script`, with the parent's Node flags (see withParentFlags). A `.ts`
 * script (running from source: the test suite, through tsx or vitest) starts through a bootstrap
 * that registers tsx in the worker, then imports it.
 */
export function startNodeWorker(Worker: typeof NodeWorker, script: URL, options: Omit<WorkerOptions, 'eval' | 'execArgv'>): NodeWorker {
  if (!script.pathname.endsWith('.ts')) return withParentFlags((execArgv) => new Worker(script, { ...options, execArgv }));
  // The specifier is spliced in so no dependency appears in the built import graph.
  const runner = ['tsx', 'esm', 'api'].join('/');
  const bootstrap = `import(${JSON.stringify(runner)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return withParentFlags((execArgv) => new Worker(bootstrap, { ...options, eval: true, execArgv }));
}

/**
 * Starts a worker with the parent's Node flags, as Node does by default, except `--input-type`: a
 * worker started from a script fails at once with it ("--input-type can only be used with string
 * input"), so `node --input-type=module -e '…parseFile(…)'` lost every thread. Only then are the
 * flags passed explicitly, and Node refuses process-wide ones given that way (V8's
 * --max-old-space-size: ERR_WORKER_INVALID_EXEC_ARGV), though it accepts them inherited; such a
 * worker starts without the parent's flags.
 */
function withParentFlags(start: (execArgv: string[] | undefined) => NodeWorker): NodeWorker {
  const argv = (globalThis as { process?: { execArgv?: string[] } }).process?.execArgv ?? [];
  const inputType = (flag: string) => flag === '--input-type' || flag.startsWith('--input-type=');
  if (!argv.some(inputType)) return start(undefined);
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-type') i++; // and its value
    else if (!inputType(argv[i])) kept.push(argv[i]);
  }
  try {
    return start(kept);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    return start([]);
  }
}

function startWorker(): Slot {
  const worker = newWorker();
  const slot: Slot = { worker, job: undefined, owed: 0 };
  worker.on('message', (message: FromWorker) => {
    const job = slot.job;
    if (!job || message.id !== job.id) return; // an answer to a job already given up (aborted)
    if (message.type === 'progress') {
      job.onProgress?.(message.bytes, message.rows);
      return;
    }
    if (message.type === 'piece') {
      slot.owed++;
      job.onPiece?.(message, slot);
      return;
    }
    finish(slot);
    if (message.type === 'failed') job.reject(fromWireError(message.error));
    else job.resolve(message);
  });
  const die = (why: string) => {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots.splice(i, 1);
    const job = slot.job;
    slot.job = undefined;
    const failed = () => new CsvError('WORKER_FAILED', `a typed-csv worker thread stopped while parsing (${why}); the parse was abandoned, not guessed at`);
    job?.reject(failed());
    // With no worker left nothing would ever take the queued tasks: their parses would wait forever.
    if (slots.length === 0) for (const queued of queue.splice(0)) queued.reject(failed());
    dispatch();
  };
  worker.on('error', (err) => die(err instanceof Error ? err.message : String(err)));
  worker.on('exit', (code) => die(`exit code ${code}`));
  // Only after the listeners: adding one refs the worker again, so a worker that never got a task
  // (more threads than splits) kept a finished script alive; finish() unrefs the others.
  worker.unref();
  slots.push(slot);
  return slot;
}

function finish(slot: Slot): void {
  slot.job = undefined;
  slot.worker.unref();
  dispatch();
}

function dispatch(): void {
  for (const slot of slots) {
    if (queue.length === 0) return;
    if (slot.job) continue;
    const job = queue.shift()!;
    slot.job = job;
    slot.worker.ref();
    slot.worker.postMessage({ type: 'task', id: job.id, task: job.task } satisfies ToWorker);
  }
}

/** A handle on a queued task: its answer, and a way to abandon it. */
export interface Pending {
  result: Promise<FromWorker>;
  /** Gives the task up: its worker stops within one chunk and takes the next task. */
  abort(): void;
}

/** Makes sure the pool has `threads` workers (started now, so they boot while the caller works). */
export async function ensureWorkers(threads: number): Promise<void> {
  workerClass ??= (await import('node:worker_threads')).Worker;
  while (slots.length < Math.min(threads, MAX_THREADS)) startWorker();
}

/** What a task's caller hears before its answer. */
export interface Listeners {
  onProgress?: (bytes: number, rows: number) => void;
  onPiece?: (message: Extract<FromWorker, { type: 'piece' }>, from: WorkerRef) => void;
  /** Queue ahead of every job that is not urgent. */
  urgent?: boolean;
}

/** Queues a task on the pool (call ensureWorkers first). */
export function submit(task: Task, onProgress?: ((bytes: number, rows: number) => void) | Listeners): Pending {
  const listen: Listeners = typeof onProgress === 'function' ? { onProgress } : onProgress ?? {};
  let job!: Job;
  const result = new Promise<FromWorker>((resolve, reject) => {
    job = { id: nextId++, task, resolve, reject, onProgress: listen.onProgress, onPiece: listen.onPiece, urgent: listen.urgent === true };
  });
  if (job.urgent) {
    const at = queue.findIndex((j) => !j.urgent);
    queue.splice(at < 0 ? queue.length : at, 0, job);
  } else {
    queue.push(job);
  }
  dispatch();
  return {
    result,
    abort() {
      const i = queue.indexOf(job);
      if (i >= 0) queue.splice(i, 1);
      const slot = slots.find((s) => s.job === job);
      if (slot) {
        slot.worker.postMessage({ type: 'abort', id: job.id } satisfies ToWorker);
        // The worker still answers (an ABORTED error); until then the slot stays busy.
      }
      job.reject(new Error('aborted'));
    },
  };
}

/**
 * Hands a batch's memory to a worker for its next pieces: to the one that sent it (`from`, a piece
 * handed out whole), so each worker gets back as much as it has out; else to the one owed the most
 * (sent the most pieces without memory back). Handed round in turn, a worker whose pieces waited
 * for the splits before them ran short and wrote one piece in six into fresh memory, each page of
 * it a first-touch fault.
 */
export function recycle(buffers: Reclaimed, from?: WorkerRef): void {
  if (slots.length === 0 || buffers.fixed.length + buffers.text.length === 0) return;
  let slot = slots.find((s) => s === from);
  if (slot === undefined) {
    slot = slots[0];
    for (const s of slots) if (s.owed > slot.owed) slot = s;
  }
  slot.owed = Math.max(0, slot.owed - 1);
  slot.worker.postMessage({ type: 'buffers', fixed: buffers.fixed, text: buffers.text } satisfies ToWorker, [...buffers.fixed, ...buffers.text]);
}

/** Tells every worker to let go of memory handed back by a parse that has ended. */
export function trimWorkers(): void {
  for (const s of slots) {
    s.owed = 0;
    s.worker.postMessage({ type: 'trim' } satisfies ToWorker);
  }
}

/** Tasks submitted since the module loaded (internal, for tests: did a parse use the pool?). */
export function submitted(): number {
  return nextId - 1;
}

/** The pool's workers (internal, for tests). */
export function poolWorkers(): readonly NodeWorker[] {
  return slots.map((s) => s.worker);
}

/** Makes every worker crash with an uncaught exception (internal, for tests). */
export function crashWorkers(): void {
  for (const s of slots) s.worker.postMessage({ type: 'crash' } satisfies ToWorker);
}
