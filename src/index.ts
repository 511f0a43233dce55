/**
 * typed-csv: CSV straight into typed columns, against a schema, with a WebAssembly core.
 *
 * One naming scheme, four tiers, one result type: `parse` (in memory, synchronous), `parseFile` (a
 * path, read straight into the core's memory), `parseStream` (Node Readable, web ReadableStream,
 * Blob, async iterable) and `parseBatches` (any of those, as bounded-memory batches).
 */

import { reclaimBuffers, threadPool } from './buffer-pool.js';
import { ChunkDriver } from './core/driver.js';
import { publicError } from './errors.js';
import { acquireCore } from './core/select.js';
import { initCore } from './core/wasm.js';
import { resolveOptions, type BatchOptions, type ParseOptions, type ResolvedOptions } from './options.js';
import type { Schema } from './schema.js';
import { textSourceHint, toBytes, type BytesInput } from './sources/bytes.js';
import { readFileInto, readSpanInto } from './sources/file.js';
import { readStreamSpan } from './sources/read-stream.js';
import { openSource, type StreamSource } from './sources/stream.js';
import type { Table } from './table.js';
import { parseFileRange } from './threads/parse-file.js';
import { batchesInThreads, planBatches } from './threads/parse-batches.js';
import { parseFileInThreads } from './threads/file-threads.js';
import { invalidOption } from './errors.js';

export { CsvError, type CsvErrorCode, type CsvErrorDetails } from './errors.js';
export type { ParseOptions, BatchOptions, Progress, ErrorPolicy } from './options.js';
export type {
  Schema, ColumnType, NumericType, ValueType, TimeUnit, ColumnSpec, ColumnOptions, BoolColumnOptions, DateColumnOptions,
  TimestampColumnOptions, CategoryColumnOptions, ColumnInfo, Columns, ColumnArray, ColumnArrays,
} from './schema.js';
export { StringColumn } from './string-column.js';
export { CategoryColumn } from './category-column.js';
export { Table } from './table.js';
export type { BytesInput } from './sources/bytes.js';
export type { StreamSource } from './sources/stream.js';
export { parseInWorker, terminateWorkers, type WorkerSource, type WorkerParseOptions } from './worker/client.js';
export { sniff, sniffFile, type SniffOptions, type SniffResult, type SniffedColumn, type SniffedType } from './sniff/index.js';

function openDriver<S extends Schema>(opts: ResolvedOptions, totalBytes: number | undefined): ChunkDriver<S> {
  const { core, release } = acquireCore(opts);
  return new ChunkDriver<S>(core, opts, totalBytes, release);
}

/** A byte range needs a file to seek in. */
function noRange(opts: ResolvedOptions, fn: string): void {
  if (opts.range !== undefined) throw invalidOption(`range is an option of parseFile (a file can be read from any offset); ${fn} reads its input from the start`);
}

/**
 * Compiles the WebAssembly core ahead of time. Optional in Node; in a browser's main thread call it
 * once before the synchronous `parse` (browsers refuse to compile large modules synchronously there).
 */
export function init(): Promise<void> {
  return initCore();
}

// Each public function below is its implementation (…Now) behind publicError: only CsvErrors (and a
// user callback's own exceptions, unchanged) leave the API.

/** Parses CSV held in memory (UTF-8 bytes or a string), synchronously. Throws CsvError. */
export function parse<const S extends Schema>(input: BytesInput, options: ParseOptions<S>): Table<S> {
  try {
    return parseNow<S>(input, options);
  } catch (e) {
    throw publicError(textSourceHint(e, input, 'parse'));
  }
}

/** Parses a CSV file, reading it in chunks straight into the core's memory (Node only). */
export function parseFile<const S extends Schema>(path: string | URL, options: ParseOptions<S>): Promise<Table<S>> {
  return parseFileNow<S>(path, options).catch((e: unknown) => { throw publicError(e); });
}

/** Parses a stream of CSV bytes: Node Readable, web ReadableStream (a fetch body), Blob/File, or AsyncIterable<Uint8Array>. */
export function parseStream<const S extends Schema>(source: StreamSource, options: ParseOptions<S>): Promise<Table<S>> {
  return parseStreamNow<S>(source, options).catch((e: unknown) => { throw publicError(textSourceHint(e, source, 'parseStream')); });
}

/**
 * Parses any size of input in bounded memory: an async iterable of tables of `batchRows` rows
 * (the last may be shorter), each with `firstRow` = its first row's index in the whole input.
 * A batch's arrays are its own: they stay valid after the next iteration and after the loop.
 * The source is anything parseStream takes; a file is given as a `URL` (pathToFileURL(path)) and
 * read straight into the core's memory, on several threads when `threads` says so (the same
 * batches, in file order; see the README, "Threads and byte ranges").
 */
export async function* parseBatches<const S extends Schema>(source: StreamSource, options: BatchOptions<S>): AsyncGenerator<Table<S>, void, undefined> {
  try {
    yield* parseBatchesNow<S>(source, options);
  } catch (e) {
    throw publicError(textSourceHint(e, source, 'parseBatches'));
  }
}

function parseNow<S extends Schema>(input: BytesInput, options: ParseOptions<S>): Table<S> {
  const opts = resolveOptions(options);
  noRange(opts, 'parse');
  const bytes = toBytes(input);
  const driver = openDriver<S>(opts, bytes.length);
  try {
    driver.feed(bytes);
    driver.run(true);
    return driver.finish()!;
  } finally {
    driver.dispose();
  }
}

async function parseFileNow<S extends Schema>(path: string | URL, options: ParseOptions<S>): Promise<Table<S>> {
  const opts = resolveOptions(options); // fail on bad options before touching the file
  // Threads and byte ranges; undefined when this file is parsed on the calling thread below.
  if (opts.range !== undefined) return parseFileRange<S>(path, opts, options.schema, opts.range);
  // Several threads; undefined when this file is parsed on the calling thread below.
  const split = await parseFileInThreads<S>(await fileUrl(path), opts, options.schema, (o) => fileBatches<S>(path, { ...o, reuseBuffers: false }));
  if (split !== undefined) return split;
  for await (const { driver, done } of readFileInto(path, (size) => openDriver<S>(opts, size))) {
    if (done) return driver.finish()!;
  }
  throw new Error('unreachable: readFileInto always ends with done');
}

/** A path as a file URL (the thread paths take URLs, as parseBatches does); node:url only in Node. */
async function fileUrl(path: string | URL): Promise<URL> {
  return typeof path === 'string' ? (await import('node:url')).pathToFileURL(path) : path;
}

/** The whole file as batches on the calling thread (`opts.batchRows` rows each). */
async function* fileBatches<S extends Schema>(path: string | URL, opts: ResolvedOptions): AsyncGenerator<Table<S>, void, undefined> {
  for await (const { driver, done } of readFileInto(path, (size) => openDriver<S>(opts, size))) {
    if (done) driver.finish();
    yield* driver.takeBatches();
  }
}

async function parseStreamNow<S extends Schema>(source: StreamSource, options: ParseOptions<S>): Promise<Table<S>> {
  const opts = resolveOptions(options);
  noRange(opts, 'parseStream');
  if (opts.signal?.aborted !== true) {
    const span = await readStreamSpan(source); // an untouched fs.ReadStream: read its file directly
    if (span !== undefined) {
      for await (const { driver, done } of readSpanInto(span, (size) => openDriver<S>(opts, size))) {
        if (done) return driver.finish()!;
      }
    }
  }
  // The signal also stops a read that is still waiting (a stalled network); run() then throws ABORTED.
  const { size, chunks } = await openSource(source, { signal: opts.signal, chunkSize: opts.chunkSize });
  const driver = openDriver<S>(opts, size);
  try {
    for await (const chunk of chunks) driver.feed(chunk);
    driver.run(true);
    return driver.finish()!;
  } finally {
    driver.dispose();
  }
}

/** The driver's finished batches; with reuseBuffers, each one's memory goes back to this thread's pool when the loop asks for the next. */
function* handOut<S extends Schema>(driver: ChunkDriver<S>, opts: ResolvedOptions): Generator<Table<S>, void, undefined> {
  for (const batch of driver.takeBatches()) {
    yield batch;
    if (opts.reuseBuffers) threadPool.give(reclaimBuffers(batch));
  }
}

async function* parseBatchesNow<S extends Schema>(source: StreamSource, options: BatchOptions<S>): AsyncGenerator<Table<S>, void, undefined> {
  const opts = resolveOptions(options, true);
  try {
    yield* batchesOf<S>(source, opts, options.schema);
  } finally {
    if (opts.reuseBuffers) threadPool.clear(); // the memory is no longer this parse's to reuse
  }
}

async function* batchesOf<S extends Schema>(source: StreamSource, opts: ResolvedOptions, schema: Schema): AsyncGenerator<Table<S>, void, undefined> {
  noRange(opts, 'parseBatches');
  if (source instanceof URL && source.protocol === 'file:') {
    // Several threads when asked for (and the file allows); else read straight into the core's
    // memory, as parseFile does.
    const oneThread = async function* (o = opts) {
      for await (const { driver, done } of readFileInto(source, (size) => openDriver<S>(o, size))) {
        if (done) driver.finish();
        yield* handOut(driver, opts);
      }
    };
    const plan = await planBatches(source, opts);
    if (plan !== undefined) {
      yield* batchesInThreads<S>(plan, opts, schema, oneThread);
      return;
    }
    yield* oneThread();
    return;
  }
  const span = opts.signal?.aborted === true ? undefined : await readStreamSpan(source);
  if (span !== undefined) {
    for await (const { driver, done } of readSpanInto(span, (size) => openDriver<S>(opts, size))) {
      if (done) driver.finish();
      yield* handOut(driver, opts);
    }
    return;
  }
  const { size, chunks } = await openSource(source, { signal: opts.signal, chunkSize: opts.chunkSize });
  const driver = openDriver<S>(opts, size);
  try {
    for await (const chunk of chunks) {
      driver.feed(chunk);
      yield* handOut(driver, opts);
    }
    driver.run(true);
    driver.finish();
    yield* handOut(driver, opts);
  } finally {
    driver.dispose();
  }
}
