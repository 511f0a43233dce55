// parseInWorker in Chromium on the seed workload (~100 MB, as a Blob): threads 1 against 2, each
// timed end to end (call to resolved Table), alternating, median of RUNS after one warm-up each.
// Usage: npx tsx bench/browser-threads.ts [threads...]   (needs `npm run build` and /usr/bin/chromium;
// TYPED_CSV_TRACE=1 prints the phases of each split parse)
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../scripts/serve-web.js';
import { SEED_ROWS, seedSpec, writeGeneratedFile } from '../src/cli/seed-data.js';

const RUNS = 3;
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'test', 'artifacts');
const file = join(dir, 'seed-browser-bench.csv');
if (!existsSync(file)) {
  mkdirSync(dir, { recursive: true });
  writeGeneratedFile(file, seedSpec(SEED_ROWS));
}
const counts = process.argv.slice(2).map(Number);
const threadCounts = counts.length > 0 ? counts : [1, 2];

const server = await serveStatic({ port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  if (process.env.TYPED_CSV_TRACE === '1') page.on('console', (m) => console.log(`page: ${m.text()}`));
  await page.goto(`${server.url}/test/support/harness.html`);
  await page.waitForFunction(() => 'typedCsv' in window);
  const result = await page.evaluate(async ({ threadCounts, runs, trace }) => {
    const { parseInWorker } = (window as unknown as { typedCsv: { parseInWorker: (...a: unknown[]) => Promise<{ rowCount: number; columns: { duration: Float64Array } }> } }).typedCsv;
    if (trace) (window as unknown as { __typedCsvTestKnobs: Record<string, string> }).__typedCsvTestKnobs = { TYPED_CSV_TRACE: '1' };
    const blob = await (await fetch('/test/artifacts/seed-browser-bench.csv')).blob();
    const times: Record<number, number[]> = {};
    const sums: Record<number, string> = {};
    for (let run = 0; run <= runs; run++) {
      for (const threads of threadCounts) {
        const t0 = performance.now();
        const t = await parseInWorker(blob, { schema: { machine: 'i32', duration: 'f64' }, threads });
        const ms = performance.now() - t0;
        let sum = 0;
        for (const v of t.columns.duration) sum += v;
        sums[threads] = `${t.rowCount} rows, sum ${sum.toFixed(3)}`;
        if (run > 0) (times[threads] ??= []).push(ms); // run 0 warms the workers and the core up
      }
    }
    return { size: blob.size, cores: navigator.hardwareConcurrency, times, sums };
  }, { threadCounts, runs: RUNS, trace: process.env.TYPED_CSV_TRACE === '1' });
  console.log(`seed blob ${(result.size / 1e6).toFixed(1)} MB, navigator.hardwareConcurrency ${result.cores}`);
  for (const threads of threadCounts) {
    const ts = [...result.times[threads]].sort((a, b) => a - b);
    console.log(`threads ${threads}: median ${ts[Math.floor(ts.length / 2)].toFixed(0)} ms (${ts.map((t) => t.toFixed(0)).join(', ')}) — ${result.sums[threads]}`);
  }
} finally {
  await browser.close();
  await server.close();
}
