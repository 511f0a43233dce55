// The command line against the tools people use for the same jobs: `npx tsx bench/cli.ts`
//   stats:   typed-csv stats  vs DuckDB SUMMARIZE, Miller stats1, csvkit csvstat
//   parquet: typed-csv convert vs DuckDB COPY … TO 'x.parquet' (same compression: Snappy)
// on the seed (10M rows) and the request log (2M rows), each run as a separate process (wall time
// from spawn to exit, peak RSS from the kernel), medians of --repeat runs. Each Parquet file is
// read back with DuckDB and checked against the CSV (row count and per-column sums/distincts).
// Options: --rows N (both files at N rows: a small check; results then go to cli-quick.md),
// --workloads seed,wide, --threads 1,2 (DuckDB's thread counts; typed-csv's while the library
// parses on one thread), --repeat 3, --timeout 300 (seconds per run; slower tools are marked).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatSchema } from '../src/cli/args.js';
import { LIBRARY_HAS_THREADS } from '../src/cli/commands/common.js';
import { createProgress } from '../src/cli/progress.js';
import type { SchemaSpec } from '../src/cli/types.js';
import { ensureWorkload, findWorkload } from './workloads.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    workloads: { type: 'string', default: 'seed,wide' },
    threads: { type: 'string', default: '1,2' },
    repeat: { type: 'string', default: '3' },
    timeout: { type: 'string', default: '300' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write('Usage: npx tsx bench/cli.ts [--rows N] [--workloads seed,wide] [--threads 1,2] [--repeat 3] [--timeout 300]\n');
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
const repeat = Number(values.repeat);
const timeoutMs = Number(values.timeout) * 1000;
const threadCounts = values.threads!.split(',').map(Number);
const quick = values.rows !== undefined;
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
function measure(cmd: string, args: string[], env: Record<string, string> = {}): Measure {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '@@rss %M', cmd, ...args], { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 << 20, env: { ...process.env, ...env } });
  const ms = performance.now() - t0;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { ms: null, rssMB: null, note: `> ${timeoutMs / 1000} s (stopped)` };
  const rss = /@@rss (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) return { ms: null, rssMB: null, note: `failed: ${(r.stderr ?? '').split('\n').filter((l) => l.trim() && !/^@@rss|^Command exited/.test(l)).pop() ?? r.status}` };
  return { ms, rssMB: rss ? Number(rss[1]) / 1024 : null, stdout: r.stdout };
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

const DUCK_TYPES: Record<string, string> = { i8: 'TINYINT', i16: 'SMALLINT', i32: 'INTEGER', u8: 'UTINYINT', u16: 'USMALLINT', u32: 'UINTEGER', i64: 'BIGINT', u64: 'UBIGINT', f32: 'FLOAT', f64: 'DOUBLE', string: 'VARCHAR' };
function readCsv(file: string, schema: SchemaSpec): string {
  const cols = Object.entries(schema).map(([n, s]) => `'${n}': '${DUCK_TYPES[typeof s === 'string' ? s : s.type] ?? 'VARCHAR'}'`);
  return `read_csv('${file}', header = true, columns = {${cols.join(', ')}})`;
}

/** Per-column fingerprint of a table DuckDB can read: row count and an XOR of value hashes. */
function fingerprint(from: string, schema: SchemaSpec): string {
  const parts = Object.entries(schema).map(([n, s]) => {
    const t = typeof s === 'string' ? s : s.type;
    void t;
    // order-independent and exact: the same multiset of values gives the same XOR of hashes
    return `bit_xor(hash("${n}"))::VARCHAR AS "${n}"`;
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
const fmt = (m: Measure) => (m.ms === null ? m.note! : `${(m.ms / 1000).toFixed(2)} s`);
const fmtRss = (m: Measure) => (m.rssMB === null ? '—' : `${Math.round(m.rssMB)} MB`);

say(`# typed-csv command line vs DuckDB, Miller, csvkit`);
say();
say(`${new Date().toISOString().slice(0, 16)}Z, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}, load average at start ${loadavg()[0].toFixed(2)}.`);
say(`Wall time of each command from spawn to exit (process start-up included for every tool), median of ${repeat}; peak RSS from the kernel.`);
say(`typed-csv parses on ${LIBRARY_HAS_THREADS ? 'the given threads (--threads)' : 'one thread in every row (the library has no threads option yet)'}; DuckDB gets the thread count of its row.`);
if (quick) say(`**Quick run (--rows ${values.rows}): a check that the bench works, not a result.**`);
say();

for (const name of values.workloads!.split(',')) {
  const workload = findWorkload(name);
  const rows = quick ? Number(values.rows) : name === 'seed' ? 10_000_000 : workload.rows.full;
  const bar = createProgress(`${name} ${rows} rows`);
  const gen = ensureWorkload(workload, rows, name === 'seed' && !quick ? undefined : join(tmpdir(), `typed-csv-bench-cli-${name}-${rows}.csv`), { onProgress: (d, t) => bar.update(d, t) });
  if (gen.generated) bar.done();
  const file = gen.path;
  // the CLI's --schema takes every library type; src/cli/types.ts only spells out the numeric ones
  const schema = workload.schema as SchemaSpec;
  const spec = formatSchema(schema);
  const mb = statSync(file).size / 1e6;
  say(`## ${name}: ${rows.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB (${workload.description})`);
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
  const numeric = Object.entries(schema).filter(([, s]) => (typeof s === 'string' ? s : s.type) !== 'string').map(([n]) => n);
  row('Miller stats1 (numeric columns)', 1, medianOf(() => measure('mlr', ['--icsv', '--opprint', 'stats1', '-a', 'count,min,max,mean,stddev,p50,p99', '-f', numeric.join(','), file])));
  row('csvkit csvstat', 1, medianOf(() => measure('csvstat', [file])));
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

const outPath = join(root, 'bench', 'results', quick ? 'cli-quick.md' : 'cli.md');
writeFileSync(outPath, lines.join('\n') + '\n');
process.stdout.write(`\nwritten to ${outPath}\n`);
rmSync(work, { recursive: true, force: true });
