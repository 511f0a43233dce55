// Refreshes docs/demo.png, the README's picture of the demo page: `npx tsx scripts/demo-screenshot.ts`
// (after `npm run build`; needs /usr/bin/chromium or CHROMIUM_PATH). It serves the package, opens
// web/ in headless Chromium, drops in the benchmark's typed request log (2M rows, 172 MB: timestamps,
// a category, a bool, numbers, strings; generated once into the temp folder), keeps the schema the
// sniffer guessed, shows the timestamps' timeline, and photographs the page: the picture shows the
// new types, the timeline and the top values.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureWorkload, findWorkload } from '../bench/workloads.js';
import { serveStatic } from './serve-web.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

for (const f of ['dist/index.js', 'dist/worker/worker.js', 'build/core-release.js']) {
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
}
const requests = findWorkload('requests');
const input = ensureWorkload(requests, requests.rows.full);
const server = await serveStatic({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/web/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  await page.setInputFiles('#file', input.path);
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 120_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'done' || problems.length > 0) throw new Error(`the demo page ended in state ${state}: ${problems.join('; ')}`);
  await page.selectOption('#hist-column', 'ts');
  const png = join(ROOT, 'docs', 'demo.png');
  await page.screenshot({ path: png, fullPage: true });
  // The picture ships in the package: a 64-colour palette makes it a third of the size, unchanged to the eye.
  const quantized = spawnSync('pngquant', ['--quality', '70-90', '--speed', '1', '--force', '--ext', '.png', png], { stdio: 'inherit' });
  if (quantized.error || quantized.status !== 0) process.stderr.write('pngquant is not installed (apt-get install pngquant): docs/demo.png is left unquantized, about 3x larger\n');
  process.stderr.write(`docs/demo.png: the demo page after parsing ${requests.rows.full.toLocaleString('en-US')} rows of ${input.path}\n`);
} finally {
  await browser.close();
  await server.close();
}
