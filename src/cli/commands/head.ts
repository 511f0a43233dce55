// `typed-csv head FILE [-n N]`: the first N rows, typed, as a table or as NDJSON.
import { UsageError } from '../args.js';
import { renderTable } from '../format.js';
import { ndjsonLines } from '../writers/ndjson.js';
import { columnReaders } from '../rows.js';
import { valueText } from '../values.js';
import { fileBatches, newTally } from './batches.js';
import type { Command } from './command.js';
import { COMMON_HELP, commonOptions, failureExit, parseCommandArgs, reportTolerated, resolveInput, withRun } from './common.js';

export const head: Command = {
  name: 'head',
  summary: 'the first N rows (default 10), parsed: an aligned table, or NDJSON with --json',
  help: `Usage: typed-csv head FILE [-n N] [options]

Parses only as far as it needs to and prints the first N rows as typed values: an aligned
table (null shown as —, long text cut), or with --json one JSON object per row (NDJSON, the
format convert writes: 64-bit integers exact, dates and timestamps as ISO 8601 text).

  -n, --rows N          rows to print (default 10)
      --json            NDJSON instead of a table
${COMMON_HELP}
`,
  async run(argv) {
    let file: string | undefined;
    try {
      const { values, positionals } = parseCommandArgs(argv, { rows: { type: 'string', short: 'n' }, json: { type: 'boolean' } });
      if (values.help) {
        process.stdout.write(this.help);
        return 0;
      }
      const opts = commonOptions(values, positionals);
      file = opts.file;
      const n = values.rows === undefined ? 10 : Number(values.rows);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`-n must be a whole number ≥ 0, got "${values.rows}"`);
      const input = await resolveInput(opts);
      const tally = newTally();
      const out = await withRun('head', opts.quiet, async (ctx) => {
        const names = Object.keys(input.schema);
        if (n === 0) return values.json ? '' : renderTable(names, [], '') + '\n';
        for await (const batch of fileBatches(input, opts, ctx, tally, { batchRows: n })) {
          if (values.json) return ndjsonLines(batch).join('');
          const readers = columnReaders(batch);
          const rows: string[][] = [];
          for (let i = 0; i < batch.rowCount; i++) {
            rows.push(readers.map((r) => {
              const v = r.get(i);
              if (v === null) return '—';
              const text = r.text ? (v as string) : valueText(r.type, v as number | bigint, r.unit)!;
              const flat = text.replace(/[\r\n\t]/g, ' ');
              return flat.length > 40 ? flat.slice(0, 39) + '…' : flat;
            }));
          }
          // numbers right-aligned by their type, the first column too (renderTable's guess would
          // leave a leading column left-aligned, as for the names in stats' table)
          const align = readers.map((r) => (/^[iuf]\d+$/.test(r.type) ? 'r' : 'l') as 'r' | 'l');
          return renderTable(readers.map((r) => r.name), rows, '', align) + '\n';
        }
        return values.json ? '' : renderTable(names, [], '') + '\n';
      });
      process.stdout.write(out);
      reportTolerated(input.file, tally, opts.onError);
      return 0;
    } catch (err) {
      return failureExit(err, file);
    }
  },
};
