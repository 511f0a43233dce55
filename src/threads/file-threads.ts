// parseFile of a whole file on several threads: the file is read as parseBatches reads it on
// threads (fixed splits, at most 2 × threads ahead, pieces handed out as they come and their memory
// handed back to the workers), and the pieces are gathered into one Table as they arrive. Memory
// stays at the output plus the pieces in flight, where joining whole splits at the end held every
// split's columns and the joined ones at once.

import type { ResolvedOptions } from '../options.js';
import type { Schema } from '../schema.js';
import type { Table } from '../table.js';
import { TableGatherer, type GatherPlace } from './gather.js';
import { batchesInThreads, planBatches } from './parse-batches.js';
import { PhaseClock, traceOn } from './phases.js';

/** Rows per piece: small enough that the pieces in flight are a few MB per thread. */
const PIECE_ROWS = 65536;

/**
 * The Table, or undefined when one thread should read the file (as planBatches decides: one thread
 * asked for or chosen, an onError function, a header the one-thread path reports on, a file of one
 * split). `oneThread` reads the whole file as batches on the calling thread: past maxCategories the
 * parse goes on from there (see batchesInThreads).
 */
export async function parseFileInThreads<S extends Schema>(
  url: URL, opts: ResolvedOptions, schema: Schema, oneThread: (opts: ResolvedOptions) => AsyncIterable<Table<S>>,
): Promise<Table<S> | undefined> {
  const clock = traceOn() ? new PhaseClock() : undefined;
  const plan = await planBatches(url, opts);
  if (plan === undefined) return undefined;
  clock?.mark('fileStart', 'file start read');
  const place: GatherPlace = { bytes: plan.start.offset, rows: 0 };
  const gatherer = new TableGatherer<S>(opts.columns, opts.maxErrors, plan.start.names, place, plan.start.offset, plan.size);
  const batchOpts: ResolvedOptions = { ...opts, batchRows: PIECE_ROWS, exactBatches: false, reuseBuffers: true };
  let gathering = 0; // the main thread's own work: copying the pieces in
  let fellBack = false; // one thread read the rest (past maxCategories, see batchesInThreads)
  const rest = (o: ResolvedOptions) => {
    fellBack = true;
    return oneThread(o);
  };
  for await (const batch of batchesInThreads<S>(plan, batchOpts, schema, rest, place)) {
    const t = clock ? performance.now() : 0;
    gatherer.add(batch);
    if (clock) gathering += performance.now() - t;
  }
  clock?.add('join', gathering);
  clock?.mark('parse', `splits scanned, parsed and gathered${fellBack ? ' (the rest on one thread)' : ''}`, gathering);
  const table = gatherer.finish();
  clock?.mark('join', 'finished');
  // The phases line says the splits decided the result (the tests read it so): not after a fallback.
  if (!fellBack) clock?.report({ threads: plan.threads, splits: plan.points.length - 1, rows: table.rowCount, bytes: plan.size - plan.start.offset });
  return table;
}
