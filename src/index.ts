/**
 * typed-csv: CSV straight into typed columns, against a schema, with a WebAssembly core.
 *
 * Three ways in, one result: `parse` (in memory, synchronous), `parseFile` (a path, read straight
 * into the core's memory) and `parseStream` (Node Readable, web ReadableStream, Blob, async iterable).
 * All return a Table whose column types follow from the schema.
 */

import { ChunkDriver } from './core/driver.js';
import { acquireWasmCore, initCore, releaseWasmCore } from './core/wasm.js';
import { resolveOptions, type ParseOptions } from './options.js';
import type { Schema } from './schema.js';
import { toBytes, type BytesInput } from './sources/bytes.js';
import { readFileInto } from './sources/file.js';
import { chunksOf, sourceSize, type StreamSource } from './sources/stream.js';
import type { Table } from './table.js';

export { CsvError, type CsvErrorCode, type CsvErrorDetails } from './errors.js';
export type { ParseOptions, Progress } from './options.js';
export type { Schema, ColumnType, NumericType, ColumnSpec, ColumnOptions, ColumnInfo, Columns, ColumnArray, ColumnArrays } from './schema.js';
export { StringColumn } from './string-column.js';
export { Table } from './table.js';
export type { BytesInput } from './sources/bytes.js';
export type { StreamSource } from './sources/stream.js';

function openDriver<S extends Schema>(options: ParseOptions<S>, totalBytes: number | undefined): ChunkDriver<S> {
  const opts = resolveOptions(options);
  return new ChunkDriver<S>(acquireWasmCore(), opts, totalBytes, releaseWasmCore);
}

/**
 * Compiles the WebAssembly core ahead of time. Optional in Node; in a browser's main thread call it
 * once before the synchronous `parse` (browsers refuse to compile large modules synchronously there).
 */
export function init(): Promise<void> {
  return initCore();
}

/** Parses CSV held in memory (UTF-8 bytes or a string), synchronously. Throws CsvError. */
export function parse<const S extends Schema>(input: BytesInput, options: ParseOptions<S>): Table<S> {
  const bytes = toBytes(input);
  const driver = openDriver(options, bytes.length);
  try {
    driver.feed(bytes);
    driver.run(true);
    return driver.finish();
  } finally {
    driver.dispose();
  }
}

/** Parses a CSV file, reading it in chunks straight into the core's memory (Node only). */
export async function parseFile<const S extends Schema>(path: string | URL, options: ParseOptions<S>): Promise<Table<S>> {
  const opts = resolveOptions(options); // fail on bad options before touching the file
  const driver = await readFileInto(path, (size) => new ChunkDriver<S>(acquireWasmCore(), opts, size, releaseWasmCore));
  try {
    return (driver as ChunkDriver<S>).finish();
  } finally {
    driver.dispose();
  }
}

/** Parses a stream of CSV bytes: Node Readable, web ReadableStream (a fetch body), Blob/File, or AsyncIterable<Uint8Array>. */
export async function parseStream<const S extends Schema>(source: StreamSource, options: ParseOptions<S>): Promise<Table<S>> {
  const driver = openDriver(options, sourceSize(source));
  try {
    for await (const chunk of chunksOf(source)) driver.feed(chunk);
    driver.run(true);
    return driver.finish();
  } finally {
    driver.dispose();
  }
}
