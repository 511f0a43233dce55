// Reading a file batch by batch for a command, with the bad-record tally the commands report.
import { pathToFileURL } from 'node:url';
import { parseBatches, type CsvError, type Table } from '../../index.js';
import { openStdin } from '../stdin.js';
import { parseOptions, type CommonOptions, type ResolvedInput, type RunContext } from './common.js';

export interface Tally {
  errorCount: number;
  skipped: number;
  first: CsvError | undefined;
}

/**
 * The file's batches; `tally` gathers the bad records under --on-error skip/null. `reuseBuffers`:
 * the caller is done with each batch when it asks for the next (see the library option).
 */
export async function* fileBatches(input: ResolvedInput, opts: CommonOptions, ctx: RunContext, tally: Tally, batchRows = 1 << 16, reuseBuffers = false): AsyncGenerator<Table> {
  // The commands fold batches into stats or a file: the workers' pieces as they come save a copy of every row.
  const options = { ...parseOptions(input, opts, ctx), batchRows, exactBatches: false, reuseBuffers };
  const source = input.file === '-' ? (await openStdin()).chunks() : pathToFileURL(input.file);
  for await (const batch of parseBatches(source, options)) {
    tally.errorCount += batch.errorCount;
    tally.skipped += batch.skippedRecords;
    if (tally.first === undefined && batch.errors.length > 0) tally.first = batch.errors[0];
    yield batch;
  }
}

export function newTally(): Tally {
  return { errorCount: 0, skipped: 0, first: undefined };
}
