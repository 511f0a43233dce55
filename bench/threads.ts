// `npx tsx bench/threads.ts`: where a threaded parseFile spends its time, and what that projects to
// on more cores. Each run is a fresh `node` process (the built package, like `npm run bench`), with
// TYPED_CSV_TRACE=1 so parseFile reports its phases (src/threads/phases.ts); threads: 1 and threads: N
// runs are interleaved, and the medians go to bench/results/threads.{json,md}. The projection
// section of bench/README.md is then rewritten from that JSON (`--from-results` redoes both from it).
//
// The projection is Amdahl's law over the measured phases: serial = file start + chain + unpack +
// join (one thread, whatever the thread count: for a whole file the join is the calling thread
// copying each worker piece into the table as it comes), parallel = scan + parse (wall time × the
// threads that ran them, spread over n). It ignores what more cores cost or share (memory bandwidth, page
// faults taken under one lock, worker start-up), so it is an upper bound, labelled as such.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { headCommit, uncommittedChanges } from './provenance.js';
import { ensureWorkload, findWorkload } from './workloads.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const RESULTS = join(BENCH, 'results');
const README = join(BENCH, 'README.md');
const BEGIN = '<!-- threads-projection:begin (bench/threads.ts writes this from results/threads.json) -->';
const END = '<!-- threads-projection:end -->';
const PROJECT = [1, 2, 4, 8, 16];

interface Phases {
  threads: number;
  splits: number;
  rows: number;
  bytes: number;
  total: number;
  fileStart: number;
  scan: number;
  chain: number;
  parse: number;
  unpack: number;
  join: number;
}

interface Run {
  ms: number;
  minorFaults: number;
  phases?: Phases;
}

interface Results {
  date: string;
  /** The commit measured, and whether the tree had changes beyond it. */
  commit?: string;
  cpu: string;
  cores: number;
  loadAverage: number[];
  workload: string;
  rows: number;
  bytes: number;
  threads: number;
  repeat: number;
  one: Run[];
  many: Run[];
}

// The child: one parseFile, its time and page faults as JSON on stdout; phases arrive on stderr.
const CHILD = `
const [file, schema, threads] = process.argv.slice(2);
const { parseFile, init } = await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});
await init();
const faults = process.resourceUsage().minorPageFault;
const t0 = performance.now();
const table = await parseFile(file, { schema: JSON.parse(schema), threads: Number(threads) });
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, minorFaults: process.resourceUsage().minorPageFault - faults, rows: table.rowCount }));
`;

function runChild(file: string, schema: unknown, threads: number): Run {
  // A file, not --input-type=module -e: workers inherit execArgv, and --input-type stops them.
  const script = join(BENCH, '.out', 'threads-child.mjs');
  mkdirSync(dirname(script), { recursive: true });
  writeFileSync(script, CHILD);
  const r = spawnSync(process.execPath, [script, file, JSON.stringify(schema), String(threads)], {
    env: { ...process.env, TYPED_CSV_TRACE: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`child failed (threads ${threads}): ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; minorFaults: number };
  const line = r.stderr.split('\n').find((l) => l.startsWith('typed-csv threads: phases '));
  const phases = line ? (JSON.parse(line.slice('typed-csv threads: phases '.length)) as Phases) : undefined;
  return { ms: out.ms, minorFaults: out.minorFaults, ...(phases ? { phases } : {}) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Medians of each phase over the runs that reported phases. */
function medianPhases(runs: Run[]): Phases {
  const ps = runs.map((r) => r.phases).filter((p): p is Phases => p !== undefined);
  if (ps.length === 0) throw new Error('no run reported its phases (did parseFile fall back to one thread?)');
  const keys = Object.keys(ps[0]) as (keyof Phases)[];
  return Object.fromEntries(keys.map((k) => [k, median(ps.map((p) => p[k]))])) as unknown as Phases;
}

export interface Projection {
  serialMs: number;
  parallelWorkMs: number;
  oneThreadMs: number;
  rows: { threads: number; ms: number; speedup: number }[];
}

/** Amdahl over the measured phases (see the file's head). */
export function project(r: Results): Projection {
  const p = medianPhases(r.many);
  const serialMs = p.fileStart + p.chain + p.unpack + p.join;
  const parallelWorkMs = (p.scan + p.parse) * r.threads;
  const oneThreadMs = median(r.one.map((x) => x.ms));
  return {
    serialMs,
    parallelWorkMs,
    oneThreadMs,
    rows: PROJECT.map((n) => {
      const ms = serialMs + parallelWorkMs / n;
      return { threads: n, ms, speedup: oneThreadMs / ms };
    }),
  };
}

const f0 = (n: number) => n.toFixed(0);

function markdown(r: Results): string {
  const p = medianPhases(r.many);
  const proj = project(r);
  const manyMs = median(r.many.map((x) => x.ms));
  const out = [
    `# Threads: phases and projection`,
    '',
    `${r.date} · commit ${r.commit ?? 'not recorded'} · ${r.cpu} · ${r.cores} cores · load average at start ${r.loadAverage.map((x) => x.toFixed(2)).join(' / ')} · ` +
      `workload ${r.workload}: ${r.rows.toLocaleString('en-US')} rows, ${(r.bytes / 1e6).toFixed(0)} MB · medians of ${r.repeat} fresh processes each, interleaved.`,
    '',
    '## Measured',
    '',
    '| run | end to end | minor page faults |',
    '|---|--:|--:|',
    `| threads: 1 | ${f0(proj.oneThreadMs)} ms | ${f0(median(r.one.map((x) => x.minorFaults)))} |`,
    `| threads: ${r.threads} | ${f0(manyMs)} ms (${(proj.oneThreadMs / manyMs).toFixed(2)}× threads: 1) | ${f0(median(r.many.map((x) => x.minorFaults)))} |`,
    '',
    `Phases of threads: ${r.threads} (median ms; from \`TYPED_CSV_TRACE=1\`): file start ${f0(p.fileStart)}, scan ${f0(p.scan)}, ` +
      `chain ${f0(p.chain)}, parse ${f0(p.parse)}, unpack ${f0(p.unpack)}, join ${f0(p.join)}; total ${f0(p.total)}. A whole file is scanned and ` +
      'parsed in 4 MiB splits as the calling thread gathers the pieces: "parse" is that stretch (starting the workers included) less the ' +
      'calling thread\'s own work of copying each piece into the table, "join".',
    '',
    '## Projection (not a measurement)',
    '',
    `Amdahl's law over the phases above: serial = file start + chain + unpack + join = ${f0(proj.serialMs)} ms; ` +
      `parallel work = (scan + parse) × ${r.threads} threads = ${f0(proj.parallelWorkMs)} ms, divided among n threads. ` +
      `It assumes each added core works as fast as these ${r.threads} did (their contention for memory and page faults ` +
      'included, but not any more of it), so it is an upper bound.',
    '',
    '| threads | projected time | projected speedup vs measured threads: 1 |',
    '|--:|--:|--:|',
    ...proj.rows.map((x) => `| ${x.threads} | ${f0(x.ms)} ms | ${x.speedup.toFixed(2)}× |`),
    '',
  ];
  return out.join('\n');
}

/** The projection section of bench/README.md, from the results file. */
function readmeSection(r: Results): string {
  const proj = project(r);
  const at = (n: number) => proj.rows.find((x) => x.threads === n)!;
  return [
    BEGIN,
    `**Projection, not a measurement** (from \`bench/results/threads.json\`, ${r.date.slice(0, 10)}, ${r.workload} ` +
      `${(r.bytes / 1e6).toFixed(0)} MB on ${r.cores} cores, load average ${r.loadAverage[0].toFixed(1)}): serial part ` +
      `${f0(proj.serialMs)} ms, parallel work ${f0(proj.parallelWorkMs)} ms, threads: 1 measured at ${f0(proj.oneThreadMs)} ms. ` +
      `By Amdahl's law, 8 cores: ${f0(at(8).ms)} ms (${at(8).speedup.toFixed(1)}×); 16 cores: ${f0(at(16).ms)} ms ` +
      `(${at(16).speedup.toFixed(1)}×). The parallel work is what ${r.threads} threads took together (their contention included); ` +
      'more cores contending more (memory bandwidth, page faults) is not modelled, so treat it as an upper bound. ' +
      'Rerun with `npx tsx bench/threads.ts`; details in `bench/results/threads.md`.',
    END,
  ].join('\n');
}

function writeReadme(r: Results): void {
  const text = readFileSync(README, 'utf8');
  const section = readmeSection(r);
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  const next = a >= 0 && b > a ? text.slice(0, a) + section + text.slice(b + END.length) : text.replace('\n## Adding the core-only row', `\n${section}\n\n## Adding the core-only row`);
  writeFileSync(README, next);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      workload: { type: 'string', default: 'seed' },
      rows: { type: 'string' },
      threads: { type: 'string', default: '2' },
      repeat: { type: 'string', default: '5' },
      'from-results': { type: 'boolean' },
    },
  });
  const jsonPath = join(RESULTS, 'threads.json');
  if (values['from-results']) {
    const saved = JSON.parse(readFileSync(jsonPath, 'utf8')) as Results;
    writeFileSync(join(RESULTS, 'threads.md'), markdown(saved));
    writeReadme(saved);
    return;
  }
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('no dist/: npm run build first');
  const w = findWorkload(values.workload!);
  const rows = values.rows === undefined ? w.rows.full : Number(values.rows);
  const file = ensureWorkload(w, rows);
  const threads = Number(values.threads);
  const repeat = Number(values.repeat);
  const results: Results = {
    date: new Date().toISOString(), commit: headCommit(ROOT) + (uncommittedChanges(ROOT) ? ' + uncommitted changes' : ''), cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAverage: loadavg(),
    workload: w.name, rows, bytes: file.bytes, threads, repeat, one: [], many: [],
  };
  for (let i = 0; i < repeat; i++) {
    // Alternate which goes first, so neither always meets the other's leftovers (page cache, heat).
    const order = i % 2 === 0 ? [1, threads] : [threads, 1];
    for (const t of order) {
      const run = runChild(file.path, w.schema, t);
      (t === 1 ? results.one : results.many).push(run);
      process.stderr.write(`threads ${t}: ${f0(run.ms)} ms, ${run.minorFaults} minor faults${run.phases ? ` ${JSON.stringify(run.phases)}` : ''}\n`);
    }
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(RESULTS, 'threads.md'), markdown(results));
  writeReadme(results);
  process.stdout.write(markdown(results));
}

main();
