// parseBatches at any size: `npx tsx bench/batches.ts [--rows 510000000]` generates (once, cached in
// the temp folder) a seed-shaped file of at least 5 GB, then in separate processes measures
//   baseline: Node with typed-csv loaded and its core compiled, nothing parsed (peak RSS),
//   batches:  parseBatches over the whole file (peak RSS, MB/s), summing each batch and dropping it,
//   reuse:    the same with reuseBuffers (each batch's memory holds a later batch; same sum required),
//   parseFile on the first 1 GB of the same data (MB/s) for the throughput comparison,
// and prints whether peak RSS stays within 64 MB of the baseline and throughput within 10% of
// parseFile's. Medians of --repeat runs (default 3). Writes bench/results/batches.md, naming the
// commit and the machine.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createProgress } from '../src/cli/progress.js';
import { headCommit, machineLine, uncommittedChanges } from './provenance.js';
import { ensureWorkload, findWorkload } from './workloads.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '510000000' }, repeat: { type: 'string', default: '3' }, child: { type: 'string' }, file: { type: 'string' } } });

const CHILD = {
  baseline: `
    const { init, parse } = await import('typed-csv');
    await init();
    parse('a\\n1\\n', { schema: { a: 'i32' } });
    return { rows: 0 };`,
  batches: `
    const { parseBatches } = await import('typed-csv');
    const { pathToFileURL } = await import('node:url');
    let rows = 0, sum = 0;
    for await (const b of parseBatches(pathToFileURL(FILE), { schema: { machine: 'i32', duration: 'f64' } })) {
      const d = b.columns.duration;
      for (let i = 0; i < d.length; i++) sum += d[i];
      rows += b.rowCount;
    }
    return { rows, sum };`,
  reuse: `
    const { parseBatches } = await import('typed-csv');
    const { pathToFileURL } = await import('node:url');
    let rows = 0, sum = 0;
    for await (const b of parseBatches(pathToFileURL(FILE), { schema: { machine: 'i32', duration: 'f64' }, reuseBuffers: true })) {
      const d = b.columns.duration;
      for (let i = 0; i < d.length; i++) sum += d[i];
      rows += b.rowCount;
    }
    return { rows, sum };`,
  parseFile: `
    const { parseFile } = await import('typed-csv');
    const t = await parseFile(FILE, { schema: { machine: 'i32', duration: 'f64' } });
    let sum = 0; const d = t.columns.duration;
    for (let i = 0; i < d.length; i++) sum += d[i];
    return { rows: t.rowCount, sum };`,
};

function runChild(kind: keyof typeof CHILD, file: string): { ms: number; rssMB: number; rows: number; sum: number } {
  const script = `
    const FILE = ${JSON.stringify(file)};
    const t0 = performance.now();
    const r = await (async () => { ${CHILD[kind]} })();
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, rows: r.rows, sum: r.sum ?? 0 }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const progressFor = (label: string) => {
  const p = createProgress(label);
  return (done: number, total: number) => p.update(done, total);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const seed = findWorkload('seed');
const rows = Number(values.rows);
const big = ensureWorkload(seed, rows, join(tmpdir(), `typed-csv-seed-${rows}.csv`), { onProgress: progressFor(`seed ${rows} rows`) });
const smallRows = Math.round((rows * 1e9) / big.bytes); // the first ~1 GB: the same generator, same bytes
const small = ensureWorkload(seed, smallRows, join(tmpdir(), `typed-csv-seed-${smallRows}.csv`), { onProgress: progressFor(`seed ${smallRows} rows`) });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const commit = headCommit(ROOT) + (uncommittedChanges(ROOT) ? ' (+ uncommitted changes)' : '');
const machine = machineLine();
const startedAt = new Date().toISOString().slice(0, 10);
const repeat = Number(values.repeat);
const runs = { baseline: [] as number[], batchRss: [] as number[], batchMBs: [] as number[], reuseRss: [] as number[], reuseMBs: [] as number[], fileMBs: [] as number[] };
for (let i = 0; i < repeat; i++) {
  runs.baseline.push(runChild('baseline', small.path).rssMB);
  const b = runChild('batches', big.path);
  if (b.rows !== rows) throw new Error(`parseBatches saw ${b.rows} rows, expected ${rows}`);
  runs.batchRss.push(b.rssMB);
  runs.batchMBs.push(big.bytes / 1e6 / (b.ms / 1000));
  const r = runChild('reuse', big.path);
  if (r.rows !== rows || r.sum !== b.sum) throw new Error(`parseBatches with reuseBuffers saw ${r.rows} rows summing to ${r.sum}, expected ${rows} and ${b.sum}`);
  runs.reuseRss.push(r.rssMB);
  runs.reuseMBs.push(big.bytes / 1e6 / (r.ms / 1000));
  const f = runChild('parseFile', small.path);
  if (f.rows !== smallRows) throw new Error(`parseFile saw ${f.rows} rows, expected ${smallRows}`);
  runs.fileMBs.push(small.bytes / 1e6 / (f.ms / 1000));
  console.error(`run ${i + 1}: baseline ${runs.baseline[i].toFixed(0)} MB, batches ${runs.batchRss[i].toFixed(0)} MB at ${runs.batchMBs[i].toFixed(0)} MB/s, reuseBuffers ${runs.reuseRss[i].toFixed(0)} MB at ${runs.reuseMBs[i].toFixed(0)} MB/s, parseFile ${runs.fileMBs[i].toFixed(0)} MB/s`);
}
const base = median(runs.baseline), rss = median(runs.batchRss), bMBs = median(runs.batchMBs), fMBs = median(runs.fileMBs);
const reuseRss = median(runs.reuseRss), reuseMBs = median(runs.reuseMBs);
const lines = [
  `## parseBatches on ${(big.bytes / 1e9).toFixed(2)} GB (${rows.toLocaleString('en-US')} rows), medians of ${repeat}`,
  '',
  `Measured by \`npx tsx bench/batches.ts\` at commit ${commit} on ${startedAt} (${machine}).`,
  '',
  `| measure | value | goal |\n|---|--:|---|`,
  `| baseline peak RSS (package loaded) | ${base.toFixed(0)} MB | |`,
  `| parseBatches peak RSS | ${rss.toFixed(0)} MB (+${(rss - base).toFixed(0)} MB) | ≤ baseline + 64 MB: ${rss - base <= 64 ? 'met' : 'missed'} |`,
  `| parseBatches throughput | ${bMBs.toFixed(0)} MB/s | |`,
  `| parseBatches with reuseBuffers: peak RSS | ${reuseRss.toFixed(0)} MB (+${(reuseRss - base).toFixed(0)} MB) | |`,
  `| parseBatches with reuseBuffers: throughput | ${reuseMBs.toFixed(0)} MB/s (${(reuseMBs / bMBs).toFixed(2)}× without) | |`,
  `| parseFile throughput (first ${(small.bytes / 1e9).toFixed(2)} GB) | ${fMBs.toFixed(0)} MB/s | batches within 10%: ${bMBs >= 0.9 * fMBs ? 'met' : 'missed'} |`,
];
writeFileSync(join(ROOT, 'bench', 'results', 'batches.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
