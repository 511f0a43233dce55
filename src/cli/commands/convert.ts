// `typed-csv convert FILE -o OUT`: CSV to Arrow IPC, Parquet or NDJSON, batch by batch, so any
// size of file converts in bounded memory.
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../args.js';
import { fmtInt } from '../format.js';
import { openArrow } from '../writers/arrow.js';
import { FORMATS, formatOf, type Format, type FormatWriter } from '../writers/format.js';
import { openNdjson } from '../writers/ndjson.js';
import { openParquet } from '../writers/parquet.js';
import { openSink, type Sink } from '../writers/sink.js';
import { fileBatches, newTally } from './batches.js';
import type { Command } from './command.js';
import { COMMON_HELP, commonOptions, declaredColumns, failureExit, parseCommandArgs, reportTolerated, resolveInput, withRun } from './common.js';

/** Rows per batch: DuckDB's Parquet row group size, a fine Arrow record batch size too. */
const BATCH_ROWS = 122_880;

export const convert: Command = {
  name: 'convert',
  summary: 'CSV to Arrow IPC (.arrow), Parquet (.parquet) or NDJSON (.ndjson), streaming',
  help: `Usage: typed-csv convert FILE -o OUT [options]

Converts FILE by OUT's extension, ${fmtInt(BATCH_ROWS)} rows at a time (bounded memory, any file size):
  .arrow .feather .ipc   Arrow IPC file; needs apache-arrow (npm install apache-arrow)
  .parquet               Parquet (built in): Snappy, row groups of ${fmtInt(BATCH_ROWS)} rows (the same
                         file whatever --threads), dictionary encoding for repeating values,
                         min/max statistics
  .ndjson .jsonl         one JSON object per row; 64-bit integers exact, NaN/Infinity as null,
                         dates and timestamps as ISO 8601 text
OUT is written to a temporary file next to it and renamed when complete: a failed or
interrupted conversion leaves no partial OUT. "-o -" writes NDJSON to stdout.

  -o, --output OUT      the file to write (required)
  -f, --format F        ${FORMATS.join(', ')} (default: from OUT's extension)
${COMMON_HELP}
`,
  async run(argv) {
    let file: string | undefined;
    try {
      const { values, positionals } = parseCommandArgs(argv, { output: { type: 'string', short: 'o' }, format: { type: 'string', short: 'f' } });
      if (values.help) {
        process.stdout.write(this.help);
        return 0;
      }
      const opts = commonOptions(values, positionals);
      file = opts.file;
      const out = values.output as string | undefined;
      if (out === undefined || out === '') throw new UsageError('missing -o OUT (the file to write: .arrow, .parquet or .ndjson)');
      const format = (values.format ?? (out === '-' ? 'ndjson' : formatOf(out))) as Format | undefined;
      if (format === undefined) throw new UsageError(`can't tell the format of "${out}" from its extension; use .arrow, .parquet or .ndjson, or --format`);
      if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
      if (out === '-' && format !== 'ndjson') throw new UsageError(`-o - (stdout) is for NDJSON; write ${format} to a file`);
      const input = await resolveInput(opts);
      const columns = declaredColumns(input.schema);
      const nullsPossible = opts.onError === 'null';
      const tally = newTally();
      const temp = out === '-' ? undefined : join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
      let sink: Sink | undefined;
      let rows = 0;
      try {
        await withRun('convert', opts.quiet, async (ctx) => {
          sink = format === 'ndjson' ? openSink(temp ?? '-', ctx.signal) : undefined;
          const writer: FormatWriter =
            format === 'ndjson' ? openNdjson(sink!)
            : format === 'parquet' ? await openParquet(temp!, columns, nullsPossible, BATCH_ROWS)
            : await openArrow(temp!, columns, nullsPossible);
          // Parquet and NDJSON are written before the next batch is asked for: its memory can hold the next one.
          // (apache-arrow's writer may still hold a batch's buffers in its stream.)
          for await (const batch of fileBatches(input, opts, ctx, tally, { batchRows: BATCH_ROWS, reuseBuffers: format !== 'arrow', busy: true })) {
            await writer.write(batch);
            rows += batch.rowCount;
          }
          await writer.finish();
          await sink?.close();
        });
        if (temp) renameSync(temp, out);
      } catch (err) {
        await sink?.close().catch(() => {});
        if (temp) rmSync(temp, { force: true });
        throw err;
      }
      if (!opts.quiet && out !== '-') process.stderr.write(`typed-csv: wrote ${fmtInt(rows)} rows to ${out}\n`);
      reportTolerated(input.file, tally, opts.onError);
      return 0;
    } catch (err) {
      return failureExit(err, file);
    }
  },
};

