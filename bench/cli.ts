// The command line against the tools people use for the same jobs: `npx tsx bench/cli.ts`
//   stats:   typed-csv stats  vs DuckDB SUMMARIZE, Miller stats1, csvkit csvstat
//   parquet: typed-csv convert vs DuckDB COPY … TO 'x.parquet' (same compression: Snappy)
// on the seed (10M rows) and the request log (2M rows, read with its real types: timestamp,
// category), each run as a separate process (wall time from spawn to exit, peak RSS from the
// kernel), medians of --repeat runs. Miller and csvstat are far slower: they get one run each,
// stopped after --slow-timeout, so a full run takes about a quarter of an hour on 2 cores rather
// than hours. Each Parquet file is read back with DuckDB and checked against the CSV (row count and
// an order-independent hash of each column).
// Options: --rows N (both files at N rows: a small check; results go to cli-quick.md),
// --workloads seed,wide, --threads 1,2 (given to typed-csv and DuckDB alike), --repeat 3,
// --timeout 300 (seconds per run of the repeated tools), --slow-timeout 120 (Miller, csvstat).
// Results: bench/results/cli.md for a full run from a clean tree (it names the commit);
// cli-partial.md when options narrow the run or the tree has uncommitted changes.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatSchema } from '../src/cli/args.js';
import { createProgress } from '../src/cli/progress.js';
import type { Schema } from '../src/index.js';
import { updateCliReadme } from './cli-readme.js';
import { headCommit, uncommittedChanges } from './provenance.js';
import { ensureWorkload, findWorkload } from './workloads.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    workloads: { type: 'string', default: 'seed,wide' },
    threads: { type: 'string', default: '1,2' },
    repeat: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '300' },
    'slow-timeout': { type: 'string', default: '120' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write('Usage: npx tsx bench/cli.ts [--rows N] [--workloads seed,wide] [--threads 1,2] [--repeat 3] [--timeout 300] [--slow-timeout 120]\n');
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
const repeat = Number(values.repeat);
const timeoutMs = Number(values.timeout) * 1000;
const slowTimeoutMs = Number(values['slow-timeout']) * 1000;
const threadCounts = values.threads!.split(',').map(Number);
const quick = values.rows !== undefined;
// A full run is the one the README may quote, so it must be reproducible from a commit and cover
// everything: a dirty tree or narrowed options make it a partial run, written elsewhere.
const dirtyTree = uncommittedChanges(root);
const narrowed = ['workloads', 'threads'].filter((o) => process.argv.some((a) => a === `--${o}` || a.startsWith(`--${o}=`)));
const partial = !quick && (dirtyTree !== '' || narrowed.length > 0);
const resultName = quick ? 'cli-quick' : partial ? 'cli-partial' : 'cli';
if (!quick && dirtyTree !== '') process.stderr.write(`bench/cli: the tree has uncommitted changes, so this is not a full run (results go to ${resultName}.md); commit first:\n${dirtyTree}\n`);
const commit = headCommit(root);
const startedAt = performance.now();

/**
 * The schema each workload is read with. The request log's generator declares its timestamps and
 * methods as strings (the parser bench compares with parsers that have no such types); a user
 * would read them as what they are, and `stats` summarizes them as such.
 */
const REAL_TYPES: Record<string, Schema> = {
  wide: { ts: 'timestamp', method: 'category', path: 'string', status: 'u16', bytes: 'u32', duration: 'f64' },
};
const work = join(tmpdir(), 'typed-csv-bench-cli');
rmSync(work, { recursive: true, force: true });
spawnSync('mkdir', ['-p', work]);

interface Measure {
  ms: number | null;
  rssMB: number | null;
  note?: string;
  stdout?: string;
}

/** One run of a command under /usr/bin/time: wall ms and peak RSS, or why it did not finish. */
function measure(cmd: string, args: string[], env: Record<string, string> = {}, limitMs = timeoutMs): Measure {
  const t0 = performance.now();
  // coreutils timeout stops the whole process group (the tool and anything it started), which a
  // kill of the spawned process alone would leave running, loading the runs that come after it
  const limit = String(limitMs / 1000);
  const r = spawnSync('timeout', ['-k', '5', limit, '/usr/bin/time', '-f', '@@rss %M', cmd, ...args], { cwd: root, encoding: 'utf8', timeout: limitMs + 30_000, maxBuffer: 256 << 20, env: { ...process.env, ...env } });
  const ms = performance.now() - t0;
  if (r.status === 124 || r.status === 137 || (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')) return { ms: null, rssMB: null, note: `> ${limitMs / 1000} s (stopped)` };
  const rss = /@@rss (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) return { ms: null, rssMB: null, note: `failed: ${(r.stderr ?? '').split('\n').filter((l) => l.trim() && !/^@@rss|^Command exited/.test(l)).pop() ?? r.status}` };
  return { ms, rssMB: rss ? Number(rss[1]) / 1024 : null, stdout: r.stdout };
}

/** One run under the slow tools' time limit: a tool that takes minutes is not run again. */
function once(cmd: string, args: string[]): Measure {
  const m = measure(cmd, args, {}, slowTimeoutMs);
  return m.ms === null ? m : { ...m, note: '1 run' };
}

function medianOf(runs: () => Measure): Measure {
  const all: Measure[] = [];
  for (let i = 0; i < repeat; i++) {
    const m = runs();
    all.push(m);
    if (m.ms === null) return m; // a failure or timeout is not repeated
  }
  all.sort((a, b) => a.ms! - b.ms!);
  return all[all.length >> 1];
}

/** DuckDB through its Node API in a child process, so its start-up is counted as ours is. */
function duck(sql: string, threads: number): [string, string[]] {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const db = await DuckDBInstance.create(':memory:', { threads: '${threads}' });
    const con = await db.connect();
    const r = await con.runAndReadAll(${JSON.stringify(sql)});
    console.log(JSON.stringify(r.getRowObjectsJson()));`;
  return [process.execPath, ['--input-type=module', '-e', script]];
}

const DUCK_TYPES: Record<string, string> = { i8: 'TINYINT', i16: 'SMALLINT', i32: 'INTEGER', u8: 'UTINYINT', u16: 'USMALLINT', u32: 'UINTEGER', i64: 'BIGINT', u64: 'UBIGINT', f32: 'FLOAT', f64: 'DOUBLE', string: 'VARCHAR', category: 'VARCHAR', timestamp: 'TIMESTAMPTZ', date: 'DATE', bool: 'BOOLEAN' };
const NUMERIC = new Set(['i8', 'i16', 'i32', 'u8', 'u16', 'u32', 'i64', 'u64', 'f32', 'f64']);
const typeOf = (s: Schema[string]): string => (typeof s === 'string' ? s : s.type);
function readCsv(file: string, schema: Schema): string {
  const cols = Object.entries(schema).map(([n, s]) => `'${n}': '${DUCK_TYPES[typeof s === 'string' ? s : s.type] ?? 'VARCHAR'}'`);
  return `read_csv('${file}', header = true, columns = {${cols.join(', ')}})`;
}

/** Per-column fingerprint of a table DuckDB can read: row count and an XOR of value hashes. */
function fingerprint(from: string, schema: Schema): string {
  const parts = Object.entries(schema).map(([n, s]) => {
    // order-independent and exact: the same multiset of values gives the same XOR of hashes;
    // instants as microseconds, whichever timestamp type the reader chose
    const value = typeOf(s) === 'timestamp' ? `epoch_us("${n}")` : typeOf(s) === 'category' ? `"${n}"::VARCHAR` : `"${n}"`;
    return `bit_xor(hash(${value}))::VARCHAR AS "${n}"`;
  });
  const [cmd, args] = duck(`SELECT count(*)::VARCHAR AS n, ${parts.join(', ')} FROM ${from}`, 2);
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : `error: ${r.stderr.trim().split('\n').pop()}`;
}

const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  process.stdout.write(s + '\n');
};
const fmt = (m: Measure) => (m.ms === null ? m.note! : `${(m.ms / 1000).toFixed(2)} s${m.note ? ` (${m.note})` : ''}`);
const fmtRss = (m: Measure) => (m.rssMB === null ? '—' : `${Math.round(m.rssMB)} MB`);

say(`# typed-csv command line vs DuckDB, Miller, csvkit`);
say();
say(`${new Date().toISOString().slice(0, 16)}Z, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' / ')}, commit ${commit}${dirtyTree ? ' + uncommitted changes' : ''}.`);
say(`Wall time of each command from spawn to exit (process start-up included for every tool), median of ${repeat} runs; Miller and csvstat get one run each, stopped after ${slowTimeoutMs / 1000} s. Peak RSS from the kernel.`);
say(`typed-csv and DuckDB both get the thread count of their row (\`--threads\`; for stats and convert typed-csv counts the thread that summarises or encodes, and its \`'auto'\` is every core for files of 64 MiB and more).`);
if (quick) say(`**Quick run (--rows ${values.rows}): a check that the bench works, not a result.**`);
else if (partial) say(`**Partial run (${[dirtyTree ? 'uncommitted changes' : '', narrowed.length ? `options ${narrowed.map((o) => `--${o}`).join(', ')}` : ''].filter(Boolean).join('; ')}): not a full run.**`);
say();

for (const name of values.workloads!.split(',')) {
  const workload = findWorkload(name);
  const rows = quick ? Number(values.rows) : name === 'seed' ? 10_000_000 : workload.rows.full;
  const bar = createProgress(`${name} ${rows} rows`);
  const gen = ensureWorkload(workload, rows, name === 'seed' && !quick ? undefined : join(tmpdir(), `typed-csv-bench-cli-${name}-${rows}.csv`), { onProgress: (d, t) => bar.update(d, t) });
  if (gen.generated) bar.done();
  const file = gen.path;
  const schema: Schema = REAL_TYPES[name] ?? (workload.schema as Schema);
  const spec = formatSchema(schema);
  const mb = statSync(file).size / 1e6;
  say(`## ${name}: ${rows.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB (${workload.description})`);
  say();
  say(`Schema given to every tool: \`${spec}\`.`);
  say();
  say(`### stats`);
  say();
  say('| tool | threads | time | MB/s | peak RSS |');
  say('|---|---|---|---|---|');
  const row = (tool: string, threads: number | string, m: Measure) => say(`| ${tool} | ${threads} | ${fmt(m)} | ${m.ms === null ? '—' : Math.round(mb / (m.ms / 1000))} | ${fmtRss(m)} |`);
  for (const t of threadCounts) {
    row('typed-csv stats', t, medianOf(() => measure(process.execPath, [cli, 'stats', file, '--schema', spec, '--threads', String(t), '-q'])));
    row('DuckDB SUMMARIZE', t, medianOf(() => measure(...duck(`SUMMARIZE SELECT * FROM ${readCsv(file, schema)}`, t))));
  }
  const numeric = Object.entries(schema).filter(([, s]) => NUMERIC.has(typeOf(s))).map(([n]) => n);
  row('Miller stats1 (numeric columns)', 1, once('mlr', ['--icsv', '--opprint', 'stats1', '-a', 'count,min,max,mean,stddev,p50,p99', '-f', numeric.join(','), file]));
  row('csvkit csvstat', 1, once('csvstat', [file]));
  say();
  say(`### CSV → Parquet (Snappy)`);
  say();
  say('| tool | threads | time | MB/s | peak RSS | file size | read back by DuckDB |');
  say('|---|---|---|---|---|---|---|');
  const expected = fingerprint(readCsv(file, schema), schema);
  for (const t of threadCounts) {
    for (const tool of ['typed-csv convert', 'DuckDB COPY']) {
      const out = join(work, `${name}-${tool.split(' ')[0]}-${t}.parquet`);
      const m = medianOf(() =>
        tool === 'DuckDB COPY'
          ? measure(...duck(`COPY (SELECT * FROM ${readCsv(file, schema)}) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`, t))
          : measure(process.execPath, [cli, 'convert', file, '-o', out, '--schema', spec, '--threads', String(t), '-q']),
      );
      const size = existsSync(out) ? `${(statSync(out).size / 1e6).toFixed(1)} MB` : '—';
      const same = existsSync(out) ? (fingerprint(`'${out}'`, schema) === expected ? 'same values ✓' : 'DIFFERENT ✗') : '—';
      say(`| ${tool} | ${t} | ${fmt(m)} | ${m.ms === null ? '—' : Math.round(mb / (m.ms / 1000))} | ${fmtRss(m)} | ${size} | ${same} |`);
      rmSync(out, { force: true });
    }
  }
  say();
}

say(`Whole run: ${((performance.now() - startedAt) / 60_000).toFixed(1)} min.`);
const outPath = join(root, 'bench', 'results', `${resultName}.md`);
writeFileSync(outPath, lines.join('\n') + '\n');
process.stdout.write(`\nwritten to ${outPath}\n`);
if (!quick && !partial) {
  updateCliReadme(outPath);
  process.stdout.write('README.md: the command-line table rewritten from it (bench/cli-readme.ts)\n');
}
rmSync(work, { recursive: true, force: true });
