// `npx tsx bench/page-faults.ts`: what first-touch page faults cost on this machine, alone and on two
// threads at once, and the bound that puts on parseFile with threads: 2 (bench/results/page-faults.md).
//
// Each figure is a fresh `node` process. Faults: worker threads each write one byte per 4 KiB page of
// a fresh Float64Array (400 MB in all, split evenly), timed from the workers' start of writing.
// Parse: the seed through the built package, (a) parseFile on one thread, (b) parseBatches on one
// thread with reuseBuffers and a loop that only counts rows (the parse without fresh output pages).
// The bound: the table's pages must be written once whatever the thread count (it is the output),
// so with 2 threads the time is at least (parse work + those faults at the 2-thread rate) / 2,
// even with every page fault and every byte of parsing shared perfectly between the two cores.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const RESULTS = join(BENCH, 'results');
const SEED = join(tmpdir(), 'typed-csv-seed-10M.csv');
const TOUCH_BYTES = 400 * 1024 * 1024;
const REPEAT = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f0 = (x: number) => x.toFixed(0);

/** Runs a module's text in a fresh node; its last stdout line is JSON. */
function child<T>(code: string): T {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as T;
}

/** `threads` workers write one byte per page of TOUCH_BYTES / threads fresh bytes each; wall ms and faults. */
function touch(threads: number): { ms: number; pages: number } {
  return child(`
    import { Worker } from 'node:worker_threads';
    const body = "const { parentPort, workerData } = require('node:worker_threads');" +
      "parentPort.once('message', () => { const a = new Float64Array(workerData / 8); for (let i = 0; i < a.length; i += 512) a[i] = 1; parentPort.postMessage(0); });";
    const workers = Array.from({ length: ${threads} }, () => new Worker(body, { eval: true, execArgv: [], workerData: ${TOUCH_BYTES / threads} }));
    await Promise.all(workers.map((w) => new Promise((r) => w.once('online', r))));
    const f0 = process.resourceUsage().minorPageFault;
    const t = performance.now();
    await Promise.all(workers.map((w) => new Promise((r) => { w.once('message', r); w.postMessage(0); })));
    const ms = performance.now() - t;
    const pages = process.resourceUsage().minorPageFault - f0;
    for (const w of workers) w.terminate();
    console.log(JSON.stringify({ ms, pages }));
  `);
}

/** The seed parsed one way in a fresh process: ms and minor faults during the parse. */
function parse(kind: 'file' | 'batches'): { ms: number; faults: number } {
  const lib = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
  const run = kind === 'file'
    ? `rows = (await parseFile(${JSON.stringify(SEED)}, { schema, threads: 1 })).rowCount;`
    : `for await (const b of parseBatches(pathToFileURL(${JSON.stringify(SEED)}), { schema, threads: 1, batchRows: 65536, reuseBuffers: true })) rows += b.rowCount;`;
  return child(`
    import { parseFile, parseBatches } from ${JSON.stringify(lib)};
    import { pathToFileURL } from 'node:url';
    const schema = { machine: 'i32', duration: 'f64' };
    let rows = 0;
    const f0 = process.resourceUsage().minorPageFault;
    const t = performance.now();
    ${run}
    const ms = performance.now() - t;
    if (rows !== 10000000) throw new Error('rows ' + rows);
    console.log(JSON.stringify({ ms, faults: process.resourceUsage().minorPageFault - f0 }));
  `);
}

if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('no dist/: npm run build first');
if (!existsSync(SEED)) throw new Error(`no ${SEED}: npm start (or npm run bench) generates it`);
const load = loadavg();
const one: { ms: number; pages: number }[] = [];
const two: { ms: number; pages: number }[] = [];
const file: { ms: number; faults: number }[] = [];
const batches: { ms: number; faults: number }[] = [];
for (let i = 0; i < REPEAT; i++) {
  one.push(touch(1));
  two.push(touch(2));
  file.push(parse('file'));
  batches.push(parse('batches'));
  process.stderr.write(`round ${i + 1}/${REPEAT}: 1 thread ${f0(one.at(-1)!.ms)} ms, 2 threads ${f0(two.at(-1)!.ms)} ms, parseFile ${f0(file.at(-1)!.ms)} ms, batches ${f0(batches.at(-1)!.ms)} ms\n`);
}
const us1 = median(one.map((r) => (r.ms * 1000) / r.pages));
const us2 = median(two.map((r) => (r.ms * 1000) / r.pages)); // wall per page, two threads at once
const t1 = median(file.map((r) => r.ms));
const outPages = median(file.map((r) => r.faults)) - median(batches.map((r) => r.faults));
const parseMs = median(batches.map((r) => r.ms));
const faultsTwo = (outPages * us2) / 1000; // wall ms for the output's pages, both threads faulting
const bound = parseMs / 2 + faultsTwo;
let commit = 'not recorded';
try {
  commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || commit;
} catch { /* not a checkout */ }
const md = [
  '# First-touch page faults, and what they allow threads: 2',
  '',
  `${new Date().toISOString()} · commit ${commit} · ${cpus()[0]?.model.trim()} · ${cpus().length} cores · load average at start ${load.map((x) => x.toFixed(2)).join(' / ')} · medians of ${REPEAT} fresh processes each, interleaved. From \`npx tsx bench/page-faults.ts\`.`,
  '',
  '| measurement | median |',
  '|---|--:|',
  `| 1 thread writes 400 MB of fresh pages | ${f0(median(one.map((r) => r.ms)))} ms, ${us1.toFixed(1)} µs per 4 KiB page |`,
  `| 2 threads write 200 MB each at once | ${f0(median(two.map((r) => r.ms)))} ms, ${us2.toFixed(1)} µs per page (wall), ${(us1 / us2).toFixed(2)}× one thread's rate |`,
  `| parseFile, seed, threads: 1 | ${f0(t1)} ms, ${f0(median(file.map((r) => r.faults)))} minor faults |`,
  `| parseBatches, seed, 1 thread, reuseBuffers, loop only counts | ${f0(parseMs)} ms, ${f0(median(batches.map((r) => r.faults)))} minor faults |`,
  '',
  `The table's own pages (the faults parseFile takes beyond the batch loop): ${f0(outPages)}. They are written once whatever the thread count. ` +
    `Shared perfectly between two cores, faulting at the two-thread rate, they take at least ${f0(faultsTwo)} ms; the parse itself, ` +
    `halved, ${f0(parseMs / 2)} ms. So threads: 2 takes at least ${f0(bound)} ms on the seed here: at most ${(t1 / bound).toFixed(2)}× threads: 1 ` +
    `(${f0(t1)} ms), before starting any worker, scanning a split or copying a piece. A bound, not a measurement.`,
  '',
];
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'page-faults.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
