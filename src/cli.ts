#!/usr/bin/env node
// The `typed-csv` command: subcommands (stats, schema, convert, count, head), each in
// ./cli/commands/; with no command, the demo comparison on the generated seed (`npm start`).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from './cli/commands/command.js';
import { convert } from './cli/commands/convert.js';
import { count } from './cli/commands/count.js';
import { head } from './cli/commands/head.js';
import { schema } from './cli/commands/schema.js';
import { stats } from './cli/commands/stats.js';
import { runDemo } from './cli/demo.js';
import { closeStdin } from './cli/stdin.js';

const COMMANDS: readonly Command[] = [stats, schema, convert, count, head];

const HELP = `Usage: typed-csv COMMAND FILE [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)}${c.summary}`).join('\n')}
  demo     (or no command) typed-csv beside a plain JavaScript reader on the generated 10M-line
           seed, or on FILE: time, memory, column statistics (typed-csv demo --help)

Every command takes --schema, --delimiter, --no-header, --threads, --on-error and --help
("typed-csv stats --help"). Without --schema the schema is sniffed and printed on stderr.
Nothing but the result goes to stdout; a progress bar goes to stderr when it is a terminal.

Exit codes: 0 success, 1 bad data (the message names file:line, column and value) or an
unreadable file, 2 bad usage or a missing optional dependency, 130 interrupted (Ctrl-C).

Examples:
  typed-csv stats requests.csv
  typed-csv schema requests.csv
  typed-csv convert requests.csv -o requests.parquet
  typed-csv head requests.csv -n 5 --json
  typed-csv count requests.csv
`;

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') {
    const which = COMMANDS.find((c) => c.name === argv[1]);
    process.stdout.write(which ? which.help : HELP);
    return 0;
  }
  if (first === '--version' || first === '-V') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (command) return command.run(argv.slice(1));
  if (first === 'demo') return runDemo(argv.slice(1));
  // No command: the demo (`npm start`, `npm start -- --rows N`, and the older `typed-csv FILE`).
  if (first === undefined || first.startsWith('-') || existsSync(first)) return runDemo(argv);
  const near = COMMANDS.find((c) => c.name.startsWith(first.slice(0, 2)));
  process.stderr.write(`typed-csv: unknown command "${first}"${near ? ` (did you mean ${near.name}?)` : ''}\n\n${HELP}`);
  return 2;
}

// Only run when executed (the module is also importable for tests).
const invokedPath = process.argv[1] ? safeRealpath(process.argv[1]) : '';
if (invokedPath === safeRealpath(fileURLToPath(import.meta.url))) {
  // stdout closed early (`typed-csv head big.csv | head -1`) is not an error
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      closeStdin();
      // Interrupted: output still queued for a reader that stopped reading must not keep us alive.
      if (code === 130) process.exit(code);
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`typed-csv: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
