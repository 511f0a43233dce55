// `npm run bench`: typed-csv against other CSV parsers and plain JavaScript, on generated workloads.
//
// Method (kept honest on purpose):
// - every measurement is a fresh `node` process running compiled JS (no tsx loader inside), so
//   peak RSS is that parser's alone and no JIT state carries over between parsers;
// - time is measured inside the child from before the file is read until values are in JS,
//   excluding module import and one-time setup (DuckDB instance); peak RSS is read right then;
// - round 1 runs every parser once and checks its per-column checksums against typed-csv's (or,
//   without typed-csv, against the majority); only parsers that agree are timed further;
// - repetitions are interleaved (round-robin, rotating order) and reported as medians.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createProgress } from '../src/cli/progress.js';
import type { ChildRequest, ChildResult } from './child.js';
import { checksumKey, compareChecksums, type Checksum } from './checksum.js';
import { ensureWorkload, WORKLOADS, type Workload } from './workloads.js';
import { cpuModel, headCommit, uncommittedChanges } from './provenance.js';
import { updateReadme } from './readme.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const CHILD = join(BENCH, '.out', 'bench', 'child.js');
const RESULTS = join(BENCH, 'results');

/** In table order; `name` is also the adapter file in parsers/. */
const PARSERS = [
  'core',
  'typed-csv',
  'typed-csv-nullable',
  'typed-csv-js',
  'typed-csv-t2',
  'typed-csv-auto',
  'typed-csv-stream',
  'typed-csv-webstream',
  'typed-csv-webbytes',
  'typed-csv-batches',
  'polars',
  'polars-t2',
  'duckdb',
  'duckdb-t2',
  'udsv',
  'd3-dsv',
  'papaparse',
  'naive',
  'csv-parse',
] as const;
const REFERENCE = 'typed-csv';

/** Package each adapter measures, for the version list. */
const PACKAGES: Record<string, string> = {
  papaparse: 'papaparse',
  'csv-parse': 'csv-parse',
  'd3-dsv': 'd3-dsv',
  udsv: 'udsv',
  polars: 'nodejs-polars',
  'polars-t2': 'nodejs-polars',
  duckdb: '@duckdb/node-api',
  'duckdb-t2': '@duckdb/node-api',
};

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: npm run bench -- [--quick] [--workload a,b] [--parsers a,b] [--repeat N] [--timeout SEC]
  --quick      smaller files (seed 1M rows, …) and 3 repetitions: minutes, not tens of minutes
  --workload   ${WORKLOADS.map((w) => w.name).join(', ')} (default: all)
  --parsers    ${PARSERS.join(', ')} (default: all)
  --repeat N   timed repetitions per parser (default 5; quick 3)
  --timeout S  give up on one child process after S seconds (default 900)
Results: bench/results/latest.{md,json} for a full run; latest-quick / latest-partial otherwise.
`;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    workload: { type: 'string' },
    parsers: { type: 'string' },
    repeat: { type: 'string' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const quick = args.quick === true;
const repeat = args.repeat !== undefined ? Number(args.repeat) : quick ? 3 : 5;
const timeoutMs = (args.timeout !== undefined ? Number(args.timeout) : 900) * 1000;
if (!Number.isInteger(repeat) || repeat < 1) fail(`--repeat must be a positive integer`);
if (!(timeoutMs > 0)) fail(`--timeout must be a positive number of seconds`);
const workloads = pickList(args.workload, WORKLOADS.map((w) => w.name), 'workload').map((n) => WORKLOADS.find((w) => w.name === n)!);
const allParsers = pickList(args.parsers, [...PARSERS], 'parser');
// A full run is the one the README quotes, so it must be reproducible from a commit: on a tree
// with uncommitted changes it is written as a partial run instead.
const dirtyTree = uncommittedChanges(ROOT);
const partial = args.workload !== undefined || args.parsers !== undefined || dirtyTree !== '';
const resultName = quick ? 'latest-quick' : partial ? 'latest-partial' : 'latest';
if (!quick && dirtyTree !== '' && args.workload === undefined && args.parsers === undefined) {
  process.stderr.write(`bench: the tree has uncommitted changes, so this is not a full run (results go to ${resultName}.*); commit first for a full run:\n${dirtyTree}\n`);
}

function pickList(arg: string | undefined, known: string[], what: string): string[] {
  if (arg === undefined) return known;
  const wanted = arg.split(',').map((s) => s.trim()).filter(Boolean);
  for (const w of wanted) if (!known.includes(w)) fail(`unknown ${what} "${w}" (known: ${known.join(', ')})`);
  return known.filter((k) => wanted.includes(k)); // keep table order
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const log = (s: string): void => void process.stderr.write(s + '\n');

// ---------------------------------------------------------------------------------------------
// Preparation: the built package (what users get) and the compiled child harness

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const distIndex = join(ROOT, 'dist', 'index.js');
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'assembly')));
  if (existsSync(distIndex) && statSync(distIndex).mtimeMs >= sources) return;
  log(existsSync(distIndex) ? 'bench: dist/ is older than src/ or assembly/: npm run build' : 'bench: no dist/: npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    if (!existsSync(distIndex)) fail('npm run build failed and there is no dist/ to measure');
    log('bench: WARNING: npm run build failed; measuring the existing (older) dist/');
  }
}

/**
 * Copies the built package (package.json, dist/, build/) to bench/.out/node_modules/typed-csv and
 * gives bench/.out a package.json of its own, so the children's `import 'typed-csv'` resolves to
 * this snapshot instead of the repo itself (self-reference): a rebuild during a long run — by
 * someone else on the machine — cannot mix two builds into one result.
 */
function snapshotPackage(): void {
  const out = join(BENCH, '.out');
  const pkg = join(out, 'node_modules', 'typed-csv');
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  if (existsSync(join(ROOT, 'build'))) cpSync(join(ROOT, 'build'), join(pkg, 'build'), { recursive: true });
  writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'typed-csv-bench-out', private: true, type: 'module' }) + '\n');
}

function compileChildren(): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(BENCH, 'tsconfig.child.json')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) fail('compiling the child harness (bench/tsconfig.child.json) failed');
}

// ---------------------------------------------------------------------------------------------
// Environment

interface Environment {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  loadAverage: number[];
  commit: string;
  versions: Record<string, string>;
}

function environment(): Environment {
  const cpu = cpuModel();
  let commit = headCommit(ROOT);
  if (dirtyTree) commit += ' (+ uncommitted changes: not a full run)';
  const versions: Record<string, string> = {};
  versions['typed-csv'] = readJson(join(ROOT, 'package.json')).version as string;
  for (const pkg of Object.values(PACKAGES)) {
    try {
      versions[pkg] = readJson(join(ROOT, 'node_modules', pkg, 'package.json')).version as string;
    } catch {
      versions[pkg] = 'not installed';
    }
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    commit,
    versions,
  };
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Running children

const HEAP_MB = Math.max(4096, Math.min(16384, Math.floor((totalmem() / 2 ** 20) * 0.6)));

function runChild(req: ChildRequest): Promise<ChildResult> {
  const env = { ...process.env };
  // polars reads its thread pool size from the environment at load time
  if (req.parser === 'polars') env.POLARS_MAX_THREADS = '1';
  if (req.parser === 'polars-t2') env.POLARS_MAX_THREADS = '2';
  return new Promise((resolve) => {
    // a large heap limit so string-heavy parsers are measured, not killed at V8's default cap
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CHILD, JSON.stringify(req)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ChildResult);
      } catch {
        const why = timedOut
          ? `timed out after ${timeoutMs / 1000} s`
          : /heap out of memory/i.test(stderr)
            ? 'JavaScript heap out of memory'
            : `${signal ? `killed by ${signal}` : `exit code ${code}`}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`;
        resolve({ status: 'error', reason: why });
      }
    });
  });
}

function warmPageCache(path: string): void {
  // every parser then reads the file from memory, none pays for the disk first
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0) {
      /* read to the end */
    }
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// One workload

interface Run {
  ms: number;
  peakRssMB: number;
  loadedRssMB: number;
  startRssMB: number;
}

interface ParserReport {
  name: string;
  label: string;
  status: 'ok' | 'mismatch' | 'unstable' | 'skip' | 'error';
  reason?: string;
  diffs?: string[];
  notes: string[];
  runs: Run[];
  medianMs?: number;
  medianPeakRssMB?: number;
  mbPerSec?: number;
  rowsPerSec?: number;
  spread?: number;
  timeRatio?: number;
  memoryRatio?: number;
}

interface WorkloadReport {
  name: string;
  description: string;
  schema: Record<string, unknown>;
  rows: number;
  bytes: number;
  file: string;
  reference: string;
  agreement: string;
  parsers: ParserReport[];
  checksum?: Checksum;
}

const LABELS: Record<string, string> = {
  core: 'typed-csv core only',
  'typed-csv': 'typed-csv (wasm)',
  'typed-csv-nullable': 'typed-csv, every column nullable',
  'typed-csv-js': "typed-csv (engine: 'js')",
  'typed-csv-t2': 'typed-csv (wasm), threads: 2',
  'typed-csv-auto': "typed-csv (wasm), threads: 'auto'",
  'typed-csv-stream': 'typed-csv parseStream(fs.createReadStream) (goal: within 15%)',
  'typed-csv-webstream': 'typed-csv parseStream(Readable.toWeb(…)) (goal: within 15%)',
  'typed-csv-webbytes': "typed-csv parseStream(handle.readableWebStream({ type: 'bytes' })) (goal: within 15%)",
  'typed-csv-batches': 'typed-csv parseBatches(file URL), 1 thread (goal: within 10%)',
  polars: 'nodejs-polars, 1 thread',
  'polars-t2': 'nodejs-polars, 2 threads',
  duckdb: 'DuckDB, threads=1',
  'duckdb-t2': 'DuckDB, threads=2',
  udsv: 'uDSV (typedCols)',
  'd3-dsv': 'd3-dsv',
  papaparse: 'PapaParse (dynamicTyping)',
  naive: 'plain JS (strings, then Number())',
  'csv-parse': 'csv-parse (sync)',
};
const OUTPUT: Record<string, string> = {
  core: 'typed arrays (from bytes in wasm memory)',
  'typed-csv': 'typed arrays, UTF-8 string columns',
  'typed-csv-nullable': 'typed arrays + validity bitmaps',
  'typed-csv-js': 'typed arrays, UTF-8 string columns',
  'typed-csv-t2': 'typed arrays, UTF-8 string columns',
  'typed-csv-auto': 'typed arrays, UTF-8 string columns',
  'typed-csv-stream': 'typed arrays, UTF-8 string columns',
  'typed-csv-webstream': 'typed arrays, UTF-8 string columns',
  'typed-csv-webbytes': 'typed arrays, UTF-8 string columns',
  'typed-csv-batches': 'batches of typed arrays',
  polars: 'typed arrays, string arrays',
  'polars-t2': 'typed arrays, string arrays',
  duckdb: 'column arrays',
  'duckdb-t2': 'column arrays',
  udsv: 'column arrays',
  'd3-dsv': 'row objects',
  papaparse: 'row objects',
  naive: 'row objects',
  'csv-parse': 'row objects',
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function runWorkload(w: Workload): Promise<WorkloadReport> {
  const rows = quick ? w.rows.quick : w.rows.full;
  // A workload may restrict its parsers (the 1 GB one: no JavaScript parsers, which take minutes and GBs).
  const parsers = w.parsers ? allParsers.filter((p) => w.parsers!.includes(p)) : allParsers;
  const progress = createProgress(`generating ${w.name} (${rows.toLocaleString('en-US')} rows)`);
  const file = ensureWorkload(w, rows, w.path(rows), { onProgress: (d, t) => progress.update(d, t) });
  if (file.generated) progress.done(file.path);
  warmPageCache(file.path);

  const input = { file: file.path, schema: w.schema, header: true, delimiter: ',', names: Object.keys(w.schema) };
  const reports = new Map<string, ParserReport>(
    parsers.map((p) => [p, { name: p, label: LABELS[p] ?? p, status: 'ok', notes: [], runs: [] }]),
  );
  const sums = new Map<string, Checksum>();

  const record = (p: string, r: ChildResult, round: number): void => {
    const rep = reports.get(p)!;
    if (r.status !== 'ok') {
      rep.status = r.status;
      rep.reason = r.reason;
      log(`  ${w.name} · ${p}: ${r.status}: ${r.reason}`);
      return;
    }
    if (round === 0) {
      sums.set(p, r.checksum);
      rep.notes = r.notes;
    } else if (checksumKey(r.checksum) !== checksumKey(sums.get(p)!)) {
      rep.status = 'unstable';
      rep.reason = `output changed between repetitions: ${compareChecksums(sums.get(p)!, r.checksum).join('; ')}`;
    }
    rep.runs.push({ ms: r.ms, peakRssMB: r.peakRssMB, loadedRssMB: r.loadedRssMB, startRssMB: r.startRssMB });
    log(`  ${w.name} · ${p} #${round + 1}: ${r.ms.toFixed(0)} ms, peak RSS ${r.peakRssMB.toFixed(0)} MB`);
  };

  // Round 1: every parser once, outputs verified before anything else is timed.
  log(`${w.name}: ${rows.toLocaleString('en-US')} rows, ${(file.bytes / 1e6).toFixed(1)} MB — verification round`);
  for (const p of parsers) record(p, await runChild({ parser: p, input }), 0);

  // Reference: typed-csv's own output; without it, what most parsers agree on.
  let reference = REFERENCE;
  let refSum = sums.get(REFERENCE);
  const votes = new Map<string, string[]>();
  for (const [p, s] of sums) if (p !== 'core') votes.set(checksumKey(s), [...(votes.get(checksumKey(s)) ?? []), p]);
  const majority = [...votes.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  if (!refSum && majority.length > 0) {
    reference = `majority (${majority.join(', ')})`;
    refSum = sums.get(majority[0]);
  }
  let agreement = '';
  if (refSum) {
    const agree: string[] = [];
    for (const [p, s] of sums) {
      const diffs = compareChecksums(refSum, s);
      if (diffs.length === 0) agree.push(p);
      else {
        const rep = reports.get(p)!;
        rep.status = 'mismatch';
        rep.diffs = diffs;
      }
    }
    agreement = `${agree.length} of ${sums.size} parsers that ran produced identical values${
      sums.has(REFERENCE) && majority.length > 1 && !majority.includes(REFERENCE)
        ? ` — WARNING: typed-csv disagrees with ${majority.join(', ')}, which agree with each other`
        : ''
    }`;
  }

  // Timed repetitions for parsers whose output was verified, interleaved with rotating order.
  const timed = parsers.filter((p) => reports.get(p)!.status === 'ok');
  for (let round = 1; round < repeat; round++) {
    const order = timed.map((_, i) => timed[(i + round) % timed.length]);
    for (const p of order) {
      if (reports.get(p)!.status !== 'ok') continue;
      record(p, await runChild({ parser: p, input }), round);
    }
  }

  for (const rep of reports.values()) {
    if (rep.runs.length === 0) continue;
    const times = rep.runs.map((r) => r.ms);
    rep.medianMs = median(times);
    rep.medianPeakRssMB = median(rep.runs.map((r) => r.peakRssMB));
    rep.mbPerSec = file.bytes / 1e6 / (rep.medianMs / 1000);
    rep.rowsPerSec = rows / (rep.medianMs / 1000);
    rep.spread = (Math.max(...times) - Math.min(...times)) / rep.medianMs;
  }
  const ref = reports.get(REFERENCE);
  if (ref?.medianMs !== undefined && ref.medianPeakRssMB !== undefined) {
    for (const rep of reports.values()) {
      if (rep.medianMs === undefined || rep.medianPeakRssMB === undefined) continue;
      rep.timeRatio = rep.medianMs / ref.medianMs;
      rep.memoryRatio = rep.medianPeakRssMB / ref.medianPeakRssMB;
    }
  }
  return {
    name: w.name,
    description: w.description,
    schema: w.schema,
    rows,
    bytes: file.bytes,
    file: file.path,
    reference,
    agreement,
    parsers: [...reports.values()],
    ...(refSum ? { checksum: refSum } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function fmtTime(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function fmtRows(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(n >= 1e7 ? 1 : 2)} M` : `${(n / 1e3).toFixed(0)} k`;
}

function fmtRatio(r: number | undefined, worse: string, better: string): string {
  if (r === undefined) return '';
  if (r > 0.95 && r < 1.05) return 'same';
  const x = r >= 1 ? r : 1 / r;
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}× ${r >= 1 ? worse : better}`;
}

function workloadMarkdown(w: WorkloadReport): string {
  const out: string[] = [];
  out.push(`## ${w.name}: ${int(w.rows)} rows, ${(w.bytes / 1e6).toFixed(1)} MB`, '');
  out.push(`${w.description}. Schema: \`${Object.entries(w.schema).map(([k, v]) => `${k}:${String(v)}`).join(',')}\`.`, '');
  out.push('| parser | delivers | median time | MB/s | rows/s | peak RSS | time vs typed-csv | memory vs typed-csv | runs | output check |');
  out.push('|---|---|--:|--:|--:|--:|--:|--:|--:|---|');
  const footnotes: string[] = [];
  const mark = (text: string): string => {
    footnotes.push(text);
    return `[${footnotes.length}]`;
  };
  for (const p of w.parsers) {
    if (p.status === 'skip') continue; // not available here (no engine, no hook): say nothing
    const self = p.name === REFERENCE;
    let check: string;
    if (p.status === 'ok') check = self && w.reference === REFERENCE ? 'reference' : '✓ same values';
    else if (p.status === 'mismatch') check = `✗ mismatch ${mark(`${p.label}: ${p.diffs?.join('; ')}`)}`;
    else check = `✗ ${p.status} ${mark(`${p.label}: ${p.reason ?? ''}`)}`;
    const noteRefs = p.notes.map((n) => mark(`${p.label}: ${n}`)).join(' ');
    const timedOk = p.medianMs !== undefined;
    out.push(
      `| ${p.label}${noteRefs ? ` ${noteRefs}` : ''} | ${OUTPUT[p.name] ?? ''} | ${timedOk ? fmtTime(p.medianMs!) : '—'} | ${
        timedOk ? int(p.mbPerSec!) : '—'
      } | ${timedOk ? fmtRows(p.rowsPerSec!) : '—'} | ${timedOk ? `${int(p.medianPeakRssMB!)} MB` : '—'} | ${
        self ? '—' : p.status === 'ok' ? fmtRatio(p.timeRatio, 'slower', 'faster') : ''
      } | ${self ? '—' : p.status === 'ok' ? fmtRatio(p.memoryRatio, 'more', 'less') : ''} | ${p.runs.length} | ${check} |`,
    );
  }
  out.push('');
  if (w.agreement) out.push(`Output check against ${w.reference}: ${w.agreement}.`, '');
  const skipped = w.parsers.filter((p) => p.status === 'skip');
  if (skipped.length > 0) out.push(`Not run: ${skipped.map((p) => `${p.label} (${p.reason})`).join('; ')}.`, '');
  footnotes.forEach((f, i) => out.push(`[${i + 1}] ${f}  `));
  if (footnotes.length > 0) out.push('');
  return out.join('\n');
}

function headerMarkdown(env: Environment): string {
  return [
    `# typed-csv benchmark${quick ? ' (quick)' : ''}`,
    '',
    `${env.date} · Node ${env.node} · ${env.cpu} · ${env.cores} cores · ${env.memoryGB} GiB · ${env.os} · ` +
      `load average at start ${env.loadAverage.join(' / ')} · commit ${env.commit}`,
    '',
    `Versions: ${Object.entries(env.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    `Method: each measurement is a fresh \`node\` process (compiled JS, \`--max-old-space-size=${HEAP_MB}\` so ` +
      'string-heavy parsers are measured rather than killed). Time is taken inside that process from before the ' +
      'file is read until the values are in JavaScript (module import and one-time setup such as creating the ' +
      'DuckDB database are not counted); typed-csv is a snapshot of the built package taken at the start; peak RSS (`process.resourceUsage().maxRSS`, whole process including ' +
      'Node itself, ~45 MB) is read at that moment. The first round runs every parser once and compares per-column ' +
      'checksums (row count; numbers: sum in row order, NaN count, hash of every value\'s bits; strings: UTF-8 bytes ' +
      'and hash of all values) against typed-csv\'s output; only parsers that agree are timed further. ' +
      `Repetitions are interleaved; the table shows medians of ${repeat} runs. MB/s is input bytes (10^6) per second. ` +
      'Native peers run single-threaded (POLARS_MAX_THREADS=1, DuckDB threads=1), like the JavaScript parsers.',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  ensureBuilt();
  compileChildren();
  snapshotPackage();
  const env = environment();
  if (env.loadAverage[0] > env.cores * 0.5) {
    log(`bench: note: load average ${env.loadAverage[0]} on ${env.cores} cores; other work will add noise`);
  }
  const header = headerMarkdown(env);
  process.stdout.write(header + '\n');
  const reports: WorkloadReport[] = [];
  for (const w of workloads) {
    const report = await runWorkload(w);
    reports.push(report);
    process.stdout.write(workloadMarkdown(report) + '\n');
  }
  mkdirSync(RESULTS, { recursive: true });
  const md = [header, ...reports.map(workloadMarkdown)].join('\n');
  writeFileSync(join(RESULTS, `${resultName}.md`), md);
  writeFileSync(
    join(RESULTS, `${resultName}.json`),
    JSON.stringify({ environment: env, options: { quick, repeat, parsers: allParsers, workloads: workloads.map((w) => w.name), heapMB: HEAP_MB }, workloads: reports }, null, 2) + '\n',
  );
  log(`bench: wrote bench/results/${resultName}.md and .json`);
  if (resultName === 'latest') {
    updateReadme();
    log('bench: README.md performance summary rewritten from this run (bench/readme.ts)');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
