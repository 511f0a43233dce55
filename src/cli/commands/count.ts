// `typed-csv count FILE`: the number of data records, from a structural scan (no values parsed).
import { fmtInt } from '../format.js';
import { countRecords, countStream } from '../record-count.js';
import { openStdin } from '../stdin.js';
import { sniffForCli } from '../schema-source.js';
import type { Command } from './command.js';
import { COMMON_HELP, commonOptions, failureExit, fileSize, parseCommandArgs, withRun } from './common.js';

export const count: Command = {
  name: 'count',
  summary: 'number of data records (a structural scan: quotes respected, values not parsed)',
  help: `Usage: typed-csv count FILE [options]

Prints the number of data records: records after the header (all of them with --no-header),
blank lines not counted, a quoted field's line breaks not ending a record — the same records
the parser would read. Values are not parsed, so bad values are not found (use stats for that);
an unterminated quote is an error. --schema, --threads and --on-error are accepted and unused.

      --json            {"records": N} instead of the bare number
      --human           thousands separators (12,345,678)
${COMMON_HELP}
`,
  async run(argv) {
    let file: string | undefined;
    try {
      const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, human: { type: 'boolean' } });
      if (values.help) {
        process.stdout.write(this.help);
        return 0;
      }
      const opts = commonOptions(values, positionals);
      file = opts.file;
      fileSize(file);
      const dialect = opts.delimiter && opts.header !== undefined ? undefined : await sniffForCli(file, { header: opts.header, delimiter: opts.delimiter });
      const delimiter = opts.delimiter ?? dialect!.delimiter;
      const quote = dialect?.quote ?? '"';
      const header = opts.header ?? dialect?.header ?? true;
      const result = await withRun('count', opts.quiet, (ctx) =>
        (opts.file === '-' ? countStream.bind(null, openStdin().then((s) => s.chunks())) : countRecords.bind(null, opts.file))({
          delimiter: delimiter.charCodeAt(0),
          quote: quote.charCodeAt(0),
          signal: ctx.signal,
          onProgress: (bytes, total, records) => ctx.progress.update(bytes, total, records),
        }),
      );
      const records = header ? Math.max(0, result.records - 1) : result.records;
      process.stdout.write(values.json ? `{"records":${records}}\n` : `${values.human ? fmtInt(records) : records}\n`);
      return 0;
    } catch (err) {
      return failureExit(err, file);
    }
  },
};
