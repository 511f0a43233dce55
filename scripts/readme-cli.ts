// Writes the README's "Command line" examples from real runs of the built CLI (dist/cli.js), so no
// console block there is typed by hand: `npx tsx scripts/readme-cli.ts` (after `npm run build`).
// Each block sits between <!-- cli:start NAME --> and <!-- cli:end -->; the commands run on the
// 10M-row seed (what `npm start` makes) as seed.csv and on a 100,000-row request log (the bench's
// `wide` workload: timestamps, categories, quoted paths) as requests.csv, in a temporary folder so
// the output names those files and not /tmp paths. Stdout and stderr land in one file in the order
// written, as on a terminal (the progress bar stays off: stderr is not a terminal).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWorkload, findWorkload } from '../bench/workloads.js';
import { ensureSeedFile, SEED_ROWS } from '../src/cli/seed-data.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = join(ROOT, 'README.md');
const CLI = join(ROOT, 'dist', 'cli.js');
const REQUEST_ROWS = 100_000;

/** Each README block: the command lines it shows, run in order (arguments after `typed-csv`). */
const BLOCKS: Record<string, string[][]> = {
  stats: [
    ['stats', 'seed.csv'],
    ['stats', 'requests.csv'],
  ],
  'stats-json': [['stats', 'seed.csv', '--json', '-q']],
  schema: [
    ['schema', 'seed.csv'],
    ['schema', 'requests.csv'],
  ],
  head: [
    ['head', 'seed.csv', '-n', '3', '-q'],
    ['head', 'requests.csv', '-n', '3', '-q'],
    ['head', 'requests.csv', '-n', '1', '--json', '-q'],
  ],
  count: [
    ['count', 'seed.csv'],
    ['count', 'requests.csv'],
  ],
  convert: [
    ['convert', 'seed.csv', '-o', 'seed.parquet'],
    ['convert', 'requests.csv', '-o', 'requests.parquet'],
  ],
};

// Nothing that changes from run to run may reach the README: durations and rates are stderr-only
// progress output, which is off here; this catches one that slips into a message.
const TIMING = /\b\d+(\.\d+)? ?(ms|s|sec|seconds)\b|MB\/s|\bETA\b/;

if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
const seed = ensureSeedFile(undefined, { onProgress: (done, total) => process.stderr.write(`\rseed: ${Math.round((100 * done) / total)}%`) });
if (seed.generated) process.stderr.write('\n');
const requests = ensureWorkload(findWorkload('wide'), REQUEST_ROWS);

const dir = mkdtempSync(join(tmpdir(), 'typed-csv-readme-cli-'));
try {
  symlinkSync(seed.path, join(dir, 'seed.csv'));
  symlinkSync(requests.path, join(dir, 'requests.csv'));
  const blocks = new Map<string, string>();
  for (const [name, commands] of Object.entries(BLOCKS)) {
    const text = commands.map((args) => `$ typed-csv ${args.join(' ')}\n${run(args)}`).join('');
    blocks.set(name, '```console\n' + text + '```');
  }
  blocks.set('files', filesLine(seed.path, requests.path));
  const before = readFileSync(README, 'utf8');
  const after = replaceBlocks(before, blocks);
  writeFileSync(README, after);
  process.stdout.write(after === before ? 'README.md: command-line examples unchanged\n' : 'README.md: command-line examples rewritten\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `typed-csv ARGS` in the temporary folder; stdout and stderr interleaved as written. */
function run(args: string[]): string {
  const outFile = join(dir, '.out');
  const fd = openSync(outFile, 'w');
  let status: number | null;
  try {
    status = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', fd, fd], env: { ...process.env, NO_COLOR: '1' } }).status;
  } finally {
    closeSync(fd);
  }
  const out = readFileSync(outFile, 'utf8');
  rmSync(outFile);
  if (status !== 0) throw new Error(`typed-csv ${args.join(' ')} exited with ${status}:\n${out}`);
  if (TIMING.test(out)) throw new Error(`typed-csv ${args.join(' ')} printed something timing-dependent (${TIMING.exec(out)![0]}):\n${out}`);
  if (out.includes(dir) || out.includes(tmpdir() + '/')) throw new Error(`typed-csv ${args.join(' ')} printed a temporary path:\n${out}`);
  return out.endsWith('\n') || out === '' ? out : out + '\n';
}

function filesLine(seedPath: string, requestsPath: string): string {
  const mb = (p: string) => `${Math.round(statSync(p).size / 1e6)} MB`;
  return (
    `Output below is real, written into this README by \`npx tsx scripts/readme-cli.ts\`: \`seed.csv\` is the\n` +
    `${SEED_ROWS.toLocaleString('en-US')}-row seed \`npm start\` makes (${mb(seedPath)}); \`requests.csv\` is a ${REQUEST_ROWS.toLocaleString('en-US')}-row request log\n` +
    `(\`bench/workloads.ts\`' \`wide\` workload, ${mb(requestsPath)}), which shows the richer types.`
  );
}

/** Replaces what lies between each `<!-- cli:start NAME -->` and the next `<!-- cli:end -->`. */
function replaceBlocks(text: string, blocks: Map<string, string>): string {
  const seen = new Set<string>();
  const out = text.replace(/(<!-- cli:start ([\w-]+) -->\n)[\s\S]*?(<!-- cli:end -->)/g, (_all, start: string, name: string, end: string) => {
    const body = blocks.get(name);
    if (body === undefined) throw new Error(`README.md has a block "${name}" this script does not write`);
    seen.add(name);
    return `${start}${body}\n${end}`;
  });
  const missing = [...blocks.keys()].filter((n) => !seen.has(n));
  if (missing.length) throw new Error(`README.md lacks the blocks ${missing.map((n) => `<!-- cli:start ${n} -->`).join(', ')}`);
  return out;
}
