// Parses one stretch of a file, [start, end), whose first byte is a record start: the pass of a
// thread over its split, and what a byte range parses. The parse reads through a ByteReader (a Node
// file, opened here with node:fs loaded lazily, or a Blob in parseInWorker's workers).

import { ChunkDriver } from '../core/driver.js';
import { acquireCore } from '../core/select.js';
import { ioError } from '../errors.js';
import { handleReader, type ByteReader } from './byte-reader.js';
import type { ResolvedOptions } from '../options.js';
import type { Schema } from '../schema.js';
import type { Table } from '../table.js';

/** Where a stretch of records is and what is known about the file before it. */
export interface RecordStretch {
  /** Input offset of the stretch's first byte (a record start) and of its end. */
  start: number;
  end: number;
  /** LF bytes in the file before `start`, so error lines are the file's. */
  lines: number;
  /** The header's names, read from the file's start; undefined without a header. */
  names: string[] | undefined;
  /**
   * Bytes from `start` to size the columns for, when more than the stretch: the first split's
   * columns are reserved for the whole region so the join can append the other splits in place
   * (join.ts) instead of copying everything into fresh arrays. Only address space until written.
   */
  sizeFor?: number;
}

/**
 * The records of [start, end) as a Table (its error rows count from the stretch's first record),
 * and the LF bytes in the stretch.
 */
export async function parseStretch<S extends Schema>(path: string | URL, opts: ResolvedOptions, stretch: RecordStretch): Promise<{ table: Table<S>; lines: number }> {
  let table: Table<S> | undefined;
  const lines = await readStretch<S>(path, opts, stretch, (driver) => { table = driver.finish(); });
  return { table: table!, lines };
}

/**
 * The records of [start, end) as pieces of `opts.batchRows` rows (the last may be shorter), each
 * handed to `onPiece` as soon as it is complete, with the stretch's bytes up to its last record's
 * end; returns the LF bytes in the stretch.
 */
export function parseStretchPieces<S extends Schema>(
  path: string | URL, opts: ResolvedOptions, stretch: RecordStretch, onPiece: (piece: Table<S>, bytes: number) => void,
): Promise<number> {
  return readStretch<S>(path, opts, stretch, (driver) => { driver.finish(); }, (driver) => {
    for (const { table, end } of driver.takeBatchesWithEnds()) onPiece(table, end);
  });
}

/** Opens the file and reads the stretch from it (see driveStretch). */
async function readStretch<S extends Schema>(
  path: string | URL, opts: ResolvedOptions, stretch: RecordStretch,
  last: (driver: ChunkDriver<S>) => void, each?: (driver: ChunkDriver<S>) => void,
): Promise<number> {
  const fs = await import('node:fs/promises');
  const name = typeof path === 'string' ? path : path.href;
  const handle = await fs.open(path, 'r').catch((e: unknown) => { throw ioError(`opening ${name}`, e); });
  try {
    const file = handleReader(handle);
    const reader: ByteReader = { read: (into, position) => file.read(into, position).catch((e: unknown) => { throw ioError(`reading ${name}`, e); }) };
    return await driveStretch<S>(reader, opts, stretch, last, each);
  } finally {
    await handle.close();
  }
}

/** The records of [start, end) read through `reader` as a Table, and the LF bytes in the stretch. */
export async function parseStretchFrom<S extends Schema>(reader: ByteReader, opts: ResolvedOptions, stretch: RecordStretch): Promise<{ table: Table<S>; lines: number }> {
  let table: Table<S> | undefined;
  const lines = await driveStretch<S>(reader, opts, stretch, (driver) => { table = driver.finish(); });
  return { table: table!, lines };
}

/** Reads the stretch into a driver; `each` runs after every read, `last` once the stretch is parsed. */
async function driveStretch<S extends Schema>(
  reader: ByteReader, opts: ResolvedOptions, stretch: RecordStretch,
  last: (driver: ChunkDriver<S>) => void, each?: (driver: ChunkDriver<S>) => void,
): Promise<number> {
  const { core, release } = acquireCore(opts);
  const driver = new ChunkDriver<S>(core, opts, Math.max(stretch.end - stretch.start, stretch.sizeFor ?? 0), release);
  try {
    driver.startAt(stretch.start, stretch.lines, stretch.names);
    let position = stretch.start;
    while (position < stretch.end) {
      const view = driver.writable();
      const want = Math.min(view.length, stretch.end - position);
      const bytesRead = await reader.read(view.subarray(0, want), position);
      if (bytesRead === 0) break; // the file shrank under us: parse what there is
      position += bytesRead;
      driver.commit(bytesRead);
      each?.(driver);
    }
    driver.run(true);
    last(driver);
    each?.(driver);
    return driver.lines - stretch.lines;
  } finally {
    driver.dispose();
  }
}
