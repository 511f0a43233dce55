// `typed-csv stats FILE`: per column type, count, nulls, min, max, mean, stddev, p50, p99, and
// distinct counts and top values for text columns.
import { totalmem } from 'node:os';
import { UsageError } from '../args.js';
import { MemoryBudget, TableSummary } from '../summary/accumulate.js';
import { renderStats, statsJson, type StatsReport } from '../summary/render.js';
import { fileBatches, newTally } from './batches.js';
import type { Command } from './command.js';
import { COMMON_HELP, commonOptions, declaredColumns, failureExit, parseCommandArgs, reportTolerated, resolveInput, withRun } from './common.js';

const DEFAULT_BUDGET_MB = Math.floor((totalmem() * 0.4) / 2 ** 20);

export const stats: Command = {
  name: 'stats',
  summary: 'per-column statistics: type, count, nulls, min, max, mean, stddev, p50, p99, distinct, top values',
  help: `Usage: typed-csv stats FILE [options]

Statistics of every column, in one pass over the file in bounded batches:
  numbers   count, nulls, NaN, min, max, mean, stddev (sample, n−1), p50 and p99
            (exact nearest-rank percentiles: always a value of the column)
  64-bit    the same, exact: min, max, p50 and p99 are the column's own integers
  text      count, nulls, min and max (byte order), distinct values and the 5 most common
  dates, timestamps read as ISO 8601; booleans as true/false

A numeric column with at most 65,536 different values is counted value by value; others keep
their values for exact percentiles (4–8 bytes a value). Past --memory the kept values are
replaced by a uniform sample of 1,048,576 per column and p50/p99 become estimates, marked ≈ in
the table and "percentilesExact": false in JSON. Past 1,048,576 different values a text
column's distinct count is a lower bound (≥). Mean and stddev are the same whatever --threads.

      --json            JSON on stdout (64-bit integers as exact JSON numbers)
      --memory MB       budget for exact percentiles (default ${DEFAULT_BUDGET_MB}, 40% of RAM)
${COMMON_HELP}
`,
  async run(argv) {
    let file: string | undefined;
    try {
      const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, memory: { type: 'string' } });
      if (values.help) {
        process.stdout.write(this.help);
        return 0;
      }
      const opts = commonOptions(values, positionals);
      file = opts.file;
      const memoryMB = values.memory === undefined ? DEFAULT_BUDGET_MB : Number(values.memory);
      if (!Number.isFinite(memoryMB) || memoryMB < 0) throw new UsageError(`--memory must be a number of megabytes, got "${values.memory}"`);
      const input = await resolveInput(opts);
      const tally = newTally();
      const report = await withRun('stats', opts.quiet, async (ctx) => {
        // Batches hand their memory back (the summary copies what it keeps): fresh memory costs a page fault per 4 KiB.
        const summary = new TableSummary(new MemoryBudget(memoryMB * 2 ** 20), {}, true);
        let schema = null as null | Parameters<TableSummary['finish']>[0];
        for await (const batch of fileBatches(input, opts, ctx, tally, { reuseBuffers: true, busy: true })) {
          schema ??= batch.schema;
          summary.add(batch);
        }
        const infos = schema ?? declaredColumns(input.schema);
        const columns = summary.finish(infos).map((c, i) => withUnit(c, infos[i]));
        const r: StatsReport = { file: input.file, rows: summary.rows, bytes: input.bytes, columns };
        if (opts.onError !== 'throw') r.errors = { count: tally.errorCount, skippedRecords: tally.skipped };
        return r;
      });
      process.stdout.write(values.json ? statsJson(report) : renderStats(report));
      reportTolerated(input.file, tally, opts.onError);
      return 0;
    } catch (err) {
      return failureExit(err, file);
    }
  },
};

/** Carries a timestamp column's unit (us/ns columns are BigInt) into the report. */
function withUnit<T extends object>(summary: T, info: object): T & { unit?: string } {
  const unit = (info as { unit?: unknown }).unit;
  return typeof unit === 'string' ? { ...summary, unit } : summary;
}
