// Reading a file batch by batch for a command, with the bad-record tally the commands report.
import { availableParallelism, cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { AUTO_MIN_BYTES } from '../../threads/plan.js';
import { MAX_THREADS } from '../../options.js';
import { parseBatches, type CsvError, type Table } from '../../index.js';
import { openStdin } from '../stdin.js';
import { batchesInWorker } from '../worker-batches.js';
import { parseOptions, type CommonOptions, type ResolvedInput, type RunContext } from './common.js';

export interface Tally {
  errorCount: number;
  skipped: number;
  first: CsvError | undefined;
}

/** How a command reads its batches. */
export interface BatchReading {
  batchRows?: number;
  /** The caller is done with each batch when it asks for the next (see the library option). */
  reuseBuffers?: boolean;
  /**
   * The command has work of its own on each batch (statistics, encoding): with --threads N it gets
   * one of the N threads and the parse the others, so with 2 one thread parses while the other works.
   */
  busy?: boolean;
}

/** The file's batches; `tally` gathers the bad records under --on-error skip/null. */
export async function* fileBatches(input: ResolvedInput, opts: CommonOptions, ctx: RunContext, tally: Tally, how: BatchReading = {}): AsyncGenerator<Table> {
  const { batchRows = 1 << 16, reuseBuffers = false, busy = false } = how;
  // The commands fold batches into stats or a file: the workers' pieces as they come save a copy of every row.
  const options = { ...parseOptions(input, opts, ctx), batchRows, exactBatches: false, reuseBuffers };
  let batches: AsyncIterable<Table>;
  const threads = busy ? commandThreads(opts.threads, input) : 1;
  if (threads >= 2) {
    if (threads === 2) {
      const { signal, onProgress, threads, ...plain } = options;
      void threads;
      batches = batchesInWorker(input.file, { ...plain, onError: opts.onError }, signal!, (bytes, rows) => onProgress!({ bytes, totalBytes: input.bytes, rows }));
    } else {
      batches = parseBatches(pathToFileURL(input.file), { ...options, threads: threads - 1 });
    }
  } else {
    batches = parseBatches(input.file === '-' ? (await openStdin()).chunks() : pathToFileURL(input.file), options);
  }
  for await (const batch of batches) {
    tally.errorCount += batch.errorCount;
    tally.skipped += batch.skippedRecords;
    if (tally.first === undefined && batch.errors.length > 0) tally.first = batch.errors[0];
    yield batch;
  }
}

/**
 * Threads for a command that works on its batches (0 or 1: the library's own choice on the calling
 * thread). A number is taken as given; 'auto' is every core for a file of 64 MiB or more (the
 * library's threshold), counting the command's own: measured on 2 cores, stats and convert on two
 * threads (one parsing) were as fast or faster than on one in every case (bench/results/cli.md).
 */
export function commandThreads(threads: number | 'auto', input: Pick<ResolvedInput, 'file' | 'bytes'>): number {
  if (input.file === '-') return 1; // standard input is read on the calling thread
  if (threads !== 'auto') return threads;
  if (input.bytes < AUTO_MIN_BYTES) return 0;
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.min(cores, MAX_THREADS + 1);
}

export function newTally(): Tally {
  return { errorCount: 0, skipped: 0, first: undefined };
}
