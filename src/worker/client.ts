// parseInWorker: the parse runs in a module Web Worker so the page stays responsive; the columns
// come back by transfer (the worker's buffers move to this thread, no copy) and are rebuilt into a
// Table here. Browsers only: Node has no Web Worker (use parseFile / parseStream there).

import { CsvError, abortedError, invalidOption, publicError } from '../errors.js';
import { resolveOptions, type ParseOptions } from '../options.js';
import type { Schema } from '../schema.js';
import type { Table } from '../table.js';
import { fromWireError, toWireError, unpackTable, type ParseRequest, type Response, type WireOptions, type WireSource } from './protocol.js';

/** What parseInWorker reads: a Blob or File, bytes in memory, or the URL of a CSV to fetch. */
export type WorkerSource = Blob | ArrayBuffer | ArrayBufferView | string | URL;

export interface WorkerParseOptions<S extends Schema = Schema> extends ParseOptions<S> {
  /**
   * For an ArrayBuffer or typed array source: move its buffer to the worker instead of copying it.
   * The buffer is then detached here (length 0). Blobs and URLs are never copied anyway.
   * @default false
   */
  transferInput?: boolean;
}

/** Idle workers are kept this long for the next call (starting one and compiling the core costs tens of ms). */
const IDLE_MS = 10_000;
const MAX_IDLE = 2;
/** After an abort, how long the worker may take to answer before it is terminated outright. */
const ABORT_GRACE_MS = 2_000;

const idle: { worker: Worker; timer: ReturnType<typeof setTimeout> }[] = [];
let nextId = 1;

function takeWorker(): Worker {
  const kept = idle.pop();
  if (kept) {
    clearTimeout(kept.timer);
    return kept.worker;
  }
  // This exact form, a literal `new URL('./worker.js', import.meta.url)` inside `new Worker(...)`,
  // is what bundlers (Vite, webpack 5, Parcel, esbuild with plugins) recognise to emit the worker.
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'typed-csv' });
}

function keepWorker(worker: Worker): void {
  if (idle.length >= MAX_IDLE) {
    worker.terminate();
    return;
  }
  const entry = {
    worker,
    timer: setTimeout(() => {
      const i = idle.indexOf(entry);
      if (i >= 0) idle.splice(i, 1);
      worker.terminate();
    }, IDLE_MS),
  };
  idle.push(entry);
}

/** Stops the idle workers parseInWorker keeps for reuse (running parses are not affected). */
export function terminateWorkers(): void {
  for (const { worker, timer } of idle.splice(0)) {
    clearTimeout(timer);
    worker.terminate();
  }
}

function toWireSource(source: WorkerSource, transferInput: boolean): { wire: WireSource; transfer: Transferable[] } {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return { wire: source, transfer: [] };
  if (typeof source === 'string' || source instanceof URL) {
    // Relative to the page, as fetch() on this thread would resolve it; the worker's own base
    // is the worker script's URL.
    const base = typeof location !== 'undefined' ? location.href : undefined;
    return { wire: { url: new URL(String(source), base).href }, transfer: [] };
  }
  let bytes: Uint8Array;
  if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (ArrayBuffer.isView(source)) bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  else throw invalidOption('parseInWorker needs a Blob or File, an ArrayBuffer or typed array, or the URL of a CSV (string or URL)');
  const transfer = transferInput && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : [];
  return { wire: bytes, transfer };
}

/**
 * Parses CSV in a module Web Worker and resolves to the same Table parseStream would give, with
 * every column moved (transferred, not copied) to this thread. `onProgress` and `signal` work as
 * usual: progress is relayed from the worker, an abort is sent to it and the parse stops within
 * one chunk with CsvError ABORTED. `onError` may be 'throw', 'skip' or 'null' (a function can't
 * cross to a worker).
 *
 * The source is a Blob or File (read in the worker, never copied), an ArrayBuffer or typed array
 * (copied to the worker unless `transferInput: true`), or a URL (a string is a URL here, resolved
 * against the page, and fetched in the worker).
 *
 * Browsers only: Node has no Web Worker; in Node, parseFile and parseStream already keep the main
 * thread's work to the parse itself.
 */
export function parseInWorker<const S extends Schema>(source: WorkerSource, options: WorkerParseOptions<S>): Promise<Table<S>> {
  return new Promise<Table<S>>((resolve, reject) => {
    if (typeof Worker === 'undefined') {
      throw invalidOption('parseInWorker needs Web Workers (a browser); in Node use parseFile(path) or parseStream(source), which run off the event loop between chunks');
    }
    if (options === null || typeof options !== 'object') throw invalidOption('options are required: parseInWorker(source, { schema: { name: "f64", ... } })');
    const { signal, onProgress, transferInput = false, ...rest } = options;
    if (typeof rest.onError === 'function') {
      throw invalidOption("onError can't be a function in parseInWorker (functions can't be sent to a worker); use 'throw', 'skip' or 'null'");
    }
    resolveOptions({ ...rest, signal, onProgress }); // bad options fail here, with the usual messages
    if (typeof transferInput !== 'boolean') throw invalidOption('transferInput must be true or false');
    if (signal?.aborted) throw abortedError(signal.reason);

    const { wire, transfer } = toWireSource(source, transferInput);
    const id = nextId++;
    const worker = takeWorker();
    let settled = false;
    let abortTimer: ReturnType<typeof setTimeout> | undefined;

    const finish = (keep: boolean) => {
      settled = true;
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.removeEventListener('messageerror', onMessageError);
      signal?.removeEventListener('abort', onAbort);
      if (abortTimer !== undefined) clearTimeout(abortTimer);
      if (keep) keepWorker(worker);
      else worker.terminate();
    };
    const fail = (err: unknown, keepWorker: boolean) => {
      if (settled) return;
      finish(keepWorker);
      reject(err);
    };

    function onMessage(event: MessageEvent<Response>): void {
      const message = event.data;
      if (settled || message.id !== id) return;
      if (message.type === 'progress') {
        try {
          onProgress?.(message.progress);
        } catch (err) {
          // As in parseStream, an exception from onProgress ends the parse with that exception;
          // terminating the worker stops its parse at once.
          fail(err, false);
        }
      } else if (message.type === 'done') {
        finish(true);
        resolve(unpackTable<S>(message.table));
      } else {
        // The worker's parse throws only CsvErrors; anything else is a bug, reported as one.
        const err = publicError(fromWireError(message.error)) as Error;
        // The reason the caller gave, itself, rather than its copy.
        if (signal?.aborted && (err as { code?: string }).code === 'ABORTED') (err as { cause?: unknown }).cause = signal.reason;
        fail(err, true);
      }
    }
    function onError(event: ErrorEvent): void {
      // The worker script failed to load or threw outside a parse: this worker is done for.
      event.preventDefault?.();
      fail(new CsvError('WORKER_FAILED', `typed-csv worker failed${event.message ? `: ${event.message}` : ''} (is ${new URL('./worker.js', import.meta.url).href} served as JavaScript?)`), false);
    }
    function onMessageError(): void {
      fail(new CsvError('WORKER_FAILED', 'typed-csv worker sent a message that could not be read'), false);
    }
    function onAbort(): void {
      if (settled) return;
      worker.postMessage({ type: 'abort', id, reason: signal?.reason === undefined ? undefined : toWireError(signal.reason) });
      // The worker stops within one chunk and answers ABORTED; if it can't (stuck in a huge
      // synchronous step), terminating it is the sure way to free its memory.
      abortTimer = setTimeout(() => fail(abortedError(signal?.reason), false), ABORT_GRACE_MS);
    }

    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.addEventListener('messageerror', onMessageError);
    signal?.addEventListener('abort', onAbort, { once: true });
    const request: ParseRequest = { type: 'parse', id, source: wire, options: rest as WireOptions, progress: onProgress !== undefined };
    try {
      worker.postMessage(request, transfer);
    } catch (err) {
      // DataCloneError: an option value that can't be cloned.
      fail(invalidOption(`an option can't be sent to the worker (${err instanceof Error ? err.message : String(err)}); options must be plain data`), true);
    }
  });
}
