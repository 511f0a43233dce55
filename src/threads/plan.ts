// How many threads a file parse uses and where its splits fall.
//
// Two environment variables are internal knobs for the test suite (vitest.config.ts, project
// "threads"): TYPED_CSV_THREADS makes threads: 'auto' mean that many threads whatever the size, and
// TYPED_CSV_SPLIT_BYTES cuts files into splits of that many bytes, so small test files are split
// many ways. Neither is part of the public API. A page has no environment: the browser tests set
// the same names on `globalThis.__typedCsvTestKnobs` (a plain object of strings), read when the
// environment lacks them; equally internal, and absent from the public types.

import { invalidOption } from '../errors.js';
import { MAX_THREADS, type ResolvedOptions } from '../options.js';

/**
 * 'auto' stays on the calling thread below this size: starting workers, the split scan and joining
 * the pieces cost a fixed ~150 ms plus ~1 ms per MB of serial work (measured on 2 cores, loaded).
 */
export const AUTO_MIN_BYTES = 64 * 1024 * 1024;
/**
 * ...and on machines with fewer cores than this: on 2 cores, 2 threads were not faster end to end
 * (the serial scan and join ate the gain; see bench/README.md), so 'auto' doesn't pay there yet.
 */
export const AUTO_MIN_CORES = 4;
/** Fewest bytes per split when the size decides (tiny splits cost more in messages than they save). */
const MIN_SPLIT_BYTES = 1024 * 1024;
/** Most splits of one parse (only TYPED_CSV_SPLIT_BYTES makes more than `threads`). */
const MAX_SPLITS = 256;

/** An internal knob's text: the environment's, else the page's test global (see above). */
export function knob(name: string): string | undefined {
  try {
    const g = globalThis as { process?: { env?: Record<string, string | undefined> }; __typedCsvTestKnobs?: Record<string, string | undefined> };
    const value = g.process?.env?.[name] ?? g.__typedCsvTestKnobs?.[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function envNumber(name: string, max: number): number | undefined {
  const text = knob(name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalidOption(`the environment variable ${name} must be a whole number from 1 to ${max}; got ${JSON.stringify(text)}`);
  return n;
}

/** Whether a parse of this many bytes would use more than one thread (before looking at the file). */
export function forcedThreads(): number | undefined {
  return envNumber('TYPED_CSV_THREADS', MAX_THREADS);
}

/** Threads for a parse of `bytes` bytes of records (Node: `os.availableParallelism()` cores). */
export async function threadCount(opts: ResolvedOptions, bytes: number): Promise<number> {
  return threadsFor(opts, bytes, async () => {
    const os = await import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  });
}

/** Threads for a parse of `bytes` bytes of records on a machine of `cores()` cores (Node or a page). */
export async function threadsFor(opts: ResolvedOptions, bytes: number, cores: () => Promise<number>): Promise<number> {
  if (typeof opts.onError === 'function') return 1; // its questions must come one at a time, in file order
  if (opts.threads !== 'auto') return opts.threads;
  const forced = forcedThreads();
  if (forced !== undefined) return forced;
  if (bytes < AUTO_MIN_BYTES) return 1;
  const n = await cores();
  return n < AUTO_MIN_CORES ? 1 : Math.min(MAX_THREADS, n);
}

/** Split boundaries over [start, end) for `threads` threads: k + 1 offsets, first start, last end. */
export function splitPoints(start: number, end: number, threads: number): number[] {
  const bytes = end - start;
  const knob = envNumber('TYPED_CSV_SPLIT_BYTES', 2 ** 40);
  const size = knob ?? Math.max(MIN_SPLIT_BYTES, Math.ceil(bytes / threads));
  const splits = Math.max(1, Math.min(MAX_SPLITS, Math.ceil(bytes / size)));
  const points: number[] = [];
  for (let k = 0; k <= splits; k++) points.push(start + Math.floor((k * bytes) / splits));
  return points;
}

/**
 * parseBatches cuts a file into splits of this size, whatever its size: the workers parse ahead by
 * at most 2 × threads splits (src/threads/parse-batches.ts), so this bounds the memory held ahead.
 */
export const BATCH_SPLIT_BYTES = 4 * 1024 * 1024;

/**
 * Split boundaries over [start, end) for parseBatches (and parseFile on threads, which reads the
 * same way): offsets BATCH_SPLIT_BYTES apart, or the knob's (but no more than MAX_SPLITS of those:
 * the tests' tiny splits would make a 10 MB file 150,000 tasks).
 */
export function batchSplitPoints(start: number, end: number): number[] {
  const knobbed = envNumber('TYPED_CSV_SPLIT_BYTES', 2 ** 40);
  const size = knobbed === undefined ? BATCH_SPLIT_BYTES : Math.max(knobbed, Math.ceil((end - start) / MAX_SPLITS));
  const points: number[] = [];
  for (let at = start; at < end; at += size) points.push(at);
  points.push(end);
  if (points.length === 1) points.push(end);
  return points;
}
