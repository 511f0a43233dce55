// parseInWorker: the parse runs in a module Web Worker so the page stays responsive; the columns
// come back by transfer (the worker's buffers move to this thread, no copy) and are rebuilt into a
// Table here. Browsers only: Node has no Web Worker (use parseFile / parseStream there).

import { CsvError, abortedError, invalidOption, publicError } from '../errors.js';
import { resolveOptions, type ParseOptions, type ResolvedOptions } from '../options.js';
import type { Schema } from '../schema.js';
import type { Table } from '../table.js';
export { terminateWorkers } from './idle-workers.js';
import { keepWorker, nextRequestId, takeWorker, workerScriptUrl } from './idle-workers.js';
import { parseBlobSplit } from './split-client.js';
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

/** After an abort, how long the worker may take to answer before it is terminated outright. */
const ABORT_GRACE_MS = 2_000;

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
 * With `threads` (default 'auto'), a Blob or File is split over several workers, each reading its
 * own blob.slice(), and the result is identical to `threads: 1` (src/worker/split-client.ts);
 * 'auto' splits only a Blob of 64 MiB and more on 4 cores or more (navigator.hardwareConcurrency).
 *
 * Browsers only: Node has no Web Worker; in Node, parseFile and parseStream already keep the main
 * thread's work to the parse itself.
 */
export function parseInWorker<const S extends Schema>(source: WorkerSource, options: WorkerParseOptions<S>): Promise<Table<S>> {
  let opts: ResolvedOptions;
  try {
    opts = checkOptions(options);
  } catch (err) {
    return Promise.reject(err);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob && opts.threads !== 1) {
    const { onProgress, schema } = options;
    return parseBlobSplit<S>(source, opts, schema, onProgress).then(
      (table) => table ?? inOneWorker(source, options),
      (err: unknown) => { throw publicError(err); },
    );
  }
  return inOneWorker(source, options);
}

/** The options resolved, or the usual INVALID_OPTION; and what a worker can't take refused. */
function checkOptions(options: WorkerParseOptions): ResolvedOptions {
  if (typeof Worker === 'undefined') {
    throw invalidOption('parseInWorker needs Web Workers (a browser); in Node use parseFile(path) or parseStream(source), which run off the event loop between chunks');
  }
  if (options === null || typeof options !== 'object') throw invalidOption('options are required: parseInWorker(source, { schema: { name: "f64", ... } })');
  const { transferInput = false, ...rest } = options;
  if (typeof rest.onError === 'function') {
    throw invalidOption("onError can't be a function in parseInWorker (functions can't be sent to a worker); use 'throw', 'skip' or 'null'");
  }
  const opts = resolveOptions(rest); // bad options fail here, with the usual messages
  if (typeof transferInput !== 'boolean') throw invalidOption('transferInput must be true or false');
  if (rest.signal?.aborted) throw abortedError(rest.signal.reason);
  return opts;
}

/** The whole source parsed by one worker with parseStream (options already checked). */
function inOneWorker<S extends Schema>(source: WorkerSource, options: WorkerParseOptions<S>): Promise<Table<S>> {
  return new Promise<Table<S>>((resolve, reject) => {
    const { signal, onProgress, transferInput = false, ...rest } = options;
    const { wire, transfer } = toWireSource(source, transferInput);
    const id = nextRequestId();
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
      } else if (message.type === 'error') {
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
      fail(new CsvError('WORKER_FAILED', `typed-csv worker failed${event.message ? `: ${event.message}` : ''} (is ${workerScriptUrl()} served as JavaScript?)`), false);
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
