// Writes the README's performance summary from bench/results/latest.json (a full run at a clean
// commit), between the markers <!-- bench:start --> and <!-- bench:end -->, so that every figure
// there comes from one run and names it. `npm run bench` calls this after a full run;
// `npx tsx bench/readme.ts` redoes it from the saved results.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

interface ParserResult {
  name: string;
  label: string;
  status: string;
  medianMs?: number;
  medianPeakRssMB?: number;
  mbPerSec?: number;
  timeRatio?: number;
  runs?: unknown[];
}
interface WorkloadResult {
  name: string;
  rows: number;
  bytes: number;
  schema: Record<string, unknown>;
  parsers: ParserResult[];
}
interface Results {
  environment: { date: string; node: string; cpu: string; cores: number; memoryGB: number; loadAverage: number[]; commit: string };
  options: { quick: boolean; repeat: number };
  workloads: WorkloadResult[];
}

/** Columns of the summary table, by adapter name. */
const COLUMNS: [string, string][] = [
  ['typed-csv', 'typed-csv'],
  ['typed-csv-nullable', 'every column nullable'],
  ['typed-csv-js', "engine: 'js'"],
  ['polars', 'nodejs-polars (1 thread)'],
  ['duckdb', 'DuckDB (1 thread)'],
  ['udsv', 'uDSV'],
  ['naive', 'plain JS (strings, then Number())'],
];
/** Parsers summarised in a sentence (ratio range) rather than a column. */
const SENTENCE = ['d3-dsv', 'papaparse', 'csv-parse'];

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const fmtMB = (mb: number) => `${Math.round(mb).toLocaleString('en-US')} MB`;
const fmtX = (x: number) => (x >= 10 ? `${Math.round(x)}×` : `${x.toFixed(1)}×`);

/** Column types that are not plain numbers or strings, named so the table says what a row parses. */
const VALUE_TYPES = ['timestamp', 'date', 'category', 'bool'];

function describeWorkload(w: WorkloadResult): string {
  const mb = `${(w.bytes / 1e6).toFixed(0)} MB`;
  const rows = w.rows >= 1e6 ? `${w.rows / 1e6}M` : `${w.rows / 1e3}k`;
  const types = new Set(Object.values(w.schema).map((s) => (typeof s === 'string' ? s : (s as { type: string }).type)));
  const values = VALUE_TYPES.filter((t) => types.has(t));
  return `${w.name}: ${rows} rows, ${Object.keys(w.schema).length} columns${values.length ? ` (with ${values.join(', ')})` : ''}, ${mb}`;
}

/** Other ways of reading a file, compared with parseFile on one thread. */
const WAYS: [string, string][] = [
  ['typed-csv-t2', '`threads: 2`'],
  ['typed-csv-stream', '`parseStream(fs.createReadStream(path))`'],
  ['typed-csv-webstream', '`parseStream` of a web `ReadableStream` (`Readable.toWeb`)'],
  ['typed-csv-webbytes', "`parseStream` of a web byte stream (`handle.readableWebStream({ type: 'bytes' })`)"],
  ['typed-csv-batches', '`parseBatches` over the file URL'],
];

function fmtRatio(x: number): string {
  return `${x.toFixed(2)}×`;
}

export function renderSummary(r: Results): string {
  const env = r.environment;
  if (r.options.quick || env.commit.includes('uncommitted')) throw new Error(`bench/results/latest.json is not a full run at a clean commit (commit: ${env.commit}); run npm run bench on a committed tree`);
  const ok = (w: WorkloadResult, name: string) => w.parsers.find((p) => p.name === name && p.status === 'ok' && p.medianMs !== undefined);
  const lines: string[] = [];
  lines.push(
    `Measured by \`npm run bench\` at commit ${env.commit} on ${env.date.slice(0, 10)} (Node ${env.node.replace(/^v/, '')}, ${env.cores}-core ${env.cpu}, ${env.memoryGB} GiB, load average ${env.loadAverage[0]} at the start; medians of ${r.options.repeat} fresh processes per parser, every parser's output checked equal to typed-csv's before timing; full tables in [bench/results/latest.md](bench/results/latest.md)). Time runs from before the file is read until the typed values are in JavaScript; peak RSS is the whole process, Node itself (~45 MB) included. This section is written by \`bench/readme.ts\` from that run.`,
    '',
  );
  const present = COLUMNS.filter(([name]) => r.workloads.some((w) => ok(w, name)));
  lines.push(`| workload | ${present.map(([, label]) => label).join(' | ')} |`);
  lines.push(`| --- | ${present.map(() => '--:').join(' | ')} |`);
  for (const w of r.workloads) {
    const fastest = Math.min(...present.map(([name]) => ok(w, name)?.medianMs ?? Infinity));
    const cells = present.map(([name]) => {
      const p = ok(w, name);
      if (!p) return '—';
      const time = p.medianMs === fastest ? `**${fmtMs(p.medianMs!)}**` : fmtMs(p.medianMs!);
      const speed = name === 'typed-csv' ? `, ${Math.round(p.mbPerSec!)} MB/s` : '';
      return `${time}${speed}, ${fmtMB(p.medianPeakRssMB!)}`;
    });
    lines.push(`| ${describeWorkload(w)} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  const notes: string[] = [];
  const ranges = SENTENCE.map((name) => {
    const ratios = r.workloads.map((w) => ok(w, name)?.timeRatio).filter((x): x is number => x !== undefined);
    if (ratios.length === 0) return undefined;
    const label = r.workloads.flatMap((w) => w.parsers).find((p) => p.name === name)!.label;
    const lo = Math.min(...ratios);
    const hi = Math.max(...ratios);
    return `${label} ${lo === hi ? fmtX(lo) : `${fmtX(lo)}–${fmtX(hi)}`}`;
  }).filter(Boolean);
  if (ranges.length) notes.push(`Slower still, in the same run (time relative to typed-csv, per workload): ${ranges.join(', ')}.`);
  const core = r.workloads.map((w) => (ok(w, 'core') ? `${w.name} ${Math.round(ok(w, 'core')!.mbPerSec!)} MB/s` : undefined)).filter(Boolean);
  if (core.length) notes.push(`The core alone (bytes already in WebAssembly memory, warm): ${core.join(', ')}.`);
  const nullable = r.workloads
    .map((w) => (ok(w, 'typed-csv-nullable') && ok(w, 'typed-csv') ? `${w.name} ${(((ok(w, 'typed-csv-nullable')!.medianMs! / ok(w, 'typed-csv')!.medianMs!) - 1) * 100).toFixed(0)}%` : undefined))
    .filter(Boolean);
  if (nullable.length) notes.push(`Declaring every column nullable (the core writes only the nulls; a call without any fills its validity bits a byte at a time) changes the time by: ${nullable.join(', ')}.`);
  // The other ways to read the same file, each against parseFile on one thread in the same run.
  const ways = WAYS.map(([name, label]) => {
    const ratios = r.workloads
      .map((w) => (ok(w, name) && ok(w, 'typed-csv') ? `${w.name} ${fmtRatio(ok(w, name)!.medianMs! / ok(w, 'typed-csv')!.medianMs!)}` : undefined))
      .filter(Boolean);
    return ratios.length ? `${label}: ${ratios.join(', ')}` : undefined;
  }).filter(Boolean);
  if (ways.length) notes.push(`Time relative to \`parseFile\` on one thread (below 1 is faster) — ${ways.join('; ')}.`);
  lines.push(notes.join(' '));
  return lines.join('\n');
}

export function updateReadme(resultsPath = join(ROOT, 'bench', 'results', 'latest.json'), readmePath = join(ROOT, 'README.md')): void {
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as Results;
  const readme = readFileSync(readmePath, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} section`);
  writeFileSync(readmePath, readme.slice(0, a + START.length) + '\n' + renderSummary(results) + '\n' + readme.slice(b));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  updateReadme();
  console.log('README.md: performance summary rewritten from bench/results/latest.json');
}
