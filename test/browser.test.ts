// The library in a real browser (headless Chromium through playwright-core), loaded the way a page
// loads it: the ESM build from dist/ and build/, no bundler. (1) On the page and in a worker it
// gives the same Table as Node for the same bytes, value for value; errors, abort and progress
// cross the worker boundary intact. (2) The demo page works end to end.
//
// Runs in the release project only (the browser loads build/core-release.js whatever the project).
// Needs `npm run build` first (npm test does it) and /usr/bin/chromium (apt-get install chromium).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../scripts/serve-web.js';
import { seedSpec, writeGeneratedFile } from '../src/cli/seed-data.js';
import { CsvError, parse, parseInWorker, type ColumnSpec, type ParseOptions } from '../src/index.js';
import { requiredInput } from './support/required-input.js';
import { mixedCsv, MIXED_SCHEMA, prng, seedLikeCsv, SEED_LIKE_SCHEMA } from './support/sample-csv.js';
import { snapshot, SNAPSHOT_SOURCE, type TableSnapshot } from './support/snapshot.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(root, 'test', 'artifacts');
// The 'js' project (TYPED_CSV_ENGINE=js) is skipped too: the page loads the package as users do, and
// the environment variable can't reach it, so it would only repeat the release project's run.
const isReleaseProject = process.env.TYPED_CSV_EXPECT_BUILD === 'release' && process.env.TYPED_CSV_ENGINE !== 'js';
const haveChromium = !isReleaseProject || requiredInput(existsSync(CHROMIUM), `Chromium (${CHROMIUM}) for the browser tests`, 'apt-get install -y chromium (as .ci/run does), or set CHROMIUM_PATH');

describe('parseInWorker outside a browser', () => {
  it('says it needs Web Workers and what to use in Node instead', async () => {
    await expect(parseInWorker(new Blob(['a\n1\n']), { schema: { a: 'i32' } })).rejects.toThrow(/needs Web Workers.*parseFile/);
  });
});

// ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();

/** A header-less, tab-separated file with every integer width at its limits, u64 and nullable i64. */
function integerLimitsCsv(rows: number): string {
  const rnd = prng(11);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push([
      pick(['-128', '127', '0', '-1', String(Math.floor(rnd() * 256) - 128)]),
      pick(['0', '255', '+7', '007']),
      pick(['-32768', '32767', String(Math.floor(rnd() * 65536) - 32768)]),
      pick(['0', '65535', '1']),
      pick(['4294967295', '0', String(Math.floor(rnd() * 2 ** 32))]),
      pick(['18446744073709551615', '0', '9007199254740993']),
      pick(['', '-9223372036854775808', '9223372036854775807', '-1']),
      pick(['3.4028234663852886e38', '1e-45', '-0', 'nan', '-inf', '0.1']),
    ].join('\t'));
  }
  return lines.join('\n');
}

interface Case {
  name: string;
  csv: string;
  options: Omit<ParseOptions, 'signal' | 'onProgress'>;
}

const cases: Case[] = [
  { name: 'mixed', csv: mixedCsv(2000, 5), options: { schema: MIXED_SCHEMA, chunkSize: 4096 } },
  { name: 'seed', csv: seedLikeCsv(50_000), options: { schema: SEED_LIKE_SCHEMA } },
  {
    name: 'limits',
    csv: integerLimitsCsv(3000),
    options: {
      header: false,
      delimiter: '\t',
      chunkSize: 1000,
      schema: { a: 'i8', b: 'u8', c: 'i16', d: 'u16', e: 'u32', f: 'u64', g: { type: 'i64', nullable: true }, h: 'f32' },
    },
  },
  {
    name: 'awkward-names',
    csv: '\uFEFF__proto__;constructor;"semi;colon"\r\n"x";1;"a\r\nb"\r\n;2;\r\n"é""";3;"😀"\r\n',
    // Built with entries: in an object literal, __proto__ would set the prototype instead.
    options: { delimiter: ';', schema: Object.fromEntries<ColumnSpec>([['__proto__', { type: 'string', nullable: true }], ['constructor', 'u8'], ['semi;colon', 'string']]) },
  },
  {
    name: 'error-policies',
    csv: 'a,b,s\n1,x,"p"\n2,3,q\n,4,r\n5,6,7,8\n300,"9",\n',
    options: { onError: 'null', schema: { a: 'u8', b: 'i8', s: { type: 'string', nullable: true } } },
  },
  { name: 'skip-policy', csv: 'a\n1\nx\n2\n\n-3\n', options: { onError: 'skip', schema: { a: 'u8' } } },
];

/** A page on the test server that loads the library (window.typedCsv). */
const HARNESS = '/test/support/harness.html';

/** What the harness page exposes, loosely typed: the page's values are not Node's. */
interface Harness {
  lib: { init(): Promise<void>; parse: Fn; parseStream: Fn; Table: new (...a: never[]) => unknown; CsvError: new (...a: never[]) => Error };
  parseInWorker: Fn;
}
type Fn = (...args: any[]) => any;


const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Parses one case every way the page can, returning each result's snapshot (or error fields). */
async function parseEveryWayInPage(page: Page, c: Case): Promise<Record<string, unknown>> {
  return page.evaluate(
    async ({ data, optionsJson, url, snapshotSource }) => {
      const snap = (0, eval)(`(${snapshotSource})`) as (t: unknown) => unknown;
      const options = JSON.parse(optionsJson); // JSON keeps a "__proto__" key; playwright's own argument passing does not
      const { lib, parseInWorker } = (window as unknown as { typedCsv: Harness }).typedCsv; // page.evaluate bodies can't close over Node values
      const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
      const results: Record<string, unknown> = {};
      const run = async (name: string, f: () => Promise<unknown>) => {
        try {
          const t = await f();
          results[name] = { ok: true, table: snap(t), isTable: t instanceof lib.Table };
        } catch (e) {
          const err = e as Record<string, unknown>;
          results[name] = {
            ok: false, isCsvError: e instanceof lib.CsvError, code: err.code, line: err.line, row: err.row, column: err.column,
            columnIndex: err.columnIndex, byteOffset: err.byteOffset, text: err.text, message: err.message,
          };
        }
      };
      await lib.init();
      await run('page parse', async () => lib.parse(bytes, options));
      await run('page parseStream(Blob)', () => lib.parseStream(new Blob([bytes]), options));
      await run('page parseStream(fetch body)', async () => lib.parseStream((await fetch(url)).body, options));
      await run('page parseStream(URL)', () => lib.parseStream(new URL(url, location.href), options));
      await run('worker Blob', () => parseInWorker(new Blob([bytes]), options));
      await run('worker File', () => parseInWorker(new File([bytes], 'case.csv'), options));
      await run('worker Uint8Array', () => parseInWorker(bytes, options));
      await run('worker transferred ArrayBuffer', () => parseInWorker(bytes.slice().buffer, { ...options, transferInput: true }));
      await run('worker URL string', () => parseInWorker(url, options));
      return results;
    },
    { data: b64(c.csv), optionsJson: JSON.stringify(c.options), url: `/test/artifacts/browser/${c.name}.csv`, snapshotSource: SNAPSHOT_SOURCE },
  );
}

function nodeResult(c: Case): Record<string, unknown> {
  try {
    return { ok: true, table: snapshot(parse(c.csv, c.options as ParseOptions)), isTable: true };
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const { code, line, row, column, columnIndex, byteOffset, text, message } = e;
    return { ok: false, isCsvError: true, code, line, row, column, columnIndex, byteOffset, text, message };
  }
}

describe.skipIf(!isReleaseProject || !haveChromium)('in Chromium', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    for (const f of ['dist/index.js', 'dist/worker/client.js', 'dist/worker/worker.js', 'build/core-release.js']) {
      if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` first (npm test does)`);
    }
    mkdirSync(join(artifacts, 'browser'), { recursive: true });
    server = await serveStatic({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page on the static server, failing the test on any uncaught page or worker error. */
  async function openPage(path = '/web/'): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/favicon/.test(m.location().url)) problems.push(`console error: ${m.text()} (${m.location().url})`);
    });
    page.on('worker', (w) => w.on('close', () => {}));
    await page.goto(server.url + path);
    if (path === HARNESS) await page.waitForFunction(() => 'typedCsv' in window);
    return { page, problems };
  }

  describe('the library gives the same Table in the page and in a worker as in Node', () => {
    for (const c of cases) {
      it(`${c.name}: every source and both threads, value for value`, async () => {
        writeFileSync(join(artifacts, 'browser', `${c.name}.csv`), c.csv);
        const expected = nodeResult(c);
        expect(expected.ok).toBe(true);
        const { page, problems } = await openPage(HARNESS);
        const results = await parseEveryWayInPage(page, c);
        expect(Object.keys(results).length).toBe(9);
        for (const [way, result] of Object.entries(results)) expect(result, way).toEqual(expected);
        expect(problems).toEqual([]);
        await page.close();
      });
    }

    it('errors carry the same code, line, row, column, byte offset and text', async () => {
      const bad: Case[] = [
        { name: 'bad-number', csv: seedLikeCsv(20_000).replace(/\n(\d+),0\.0(\d\d)\n/, '\n$1,0.0x$2\n'), options: { schema: SEED_LIKE_SCHEMA } },
        { name: 'bad-empty', csv: 'a,b\n1,2\n3,\n', options: { schema: { a: 'i8', b: 'i8' } } },
        { name: 'bad-count', csv: 'a,b\n1,2\n"x\ny",3,4\n', options: { schema: { a: 'string', b: 'i8' } } },
        { name: 'bad-missing', csv: 'a,b\n1,2\n', options: { schema: { a: 'i8', c: 'i8' } } },
        { name: 'bad-range', csv: 'a\n1\n300\n', options: { schema: { a: 'u8' } } },
      ];
      const { page, problems } = await openPage(HARNESS);
      for (const c of bad) {
        writeFileSync(join(artifacts, 'browser', `${c.name}.csv`), c.csv);
        const expected = nodeResult(c);
        expect(expected.ok, c.name).toBe(false);
        const results = await parseEveryWayInPage(page, c);
        for (const [way, result] of Object.entries(results)) expect(result, `${c.name}: ${way}`).toEqual(expected);
      }
      expect(problems).toEqual([]);
      await page.close();
    });

    it('bad options are refused on the calling thread with the usual INVALID_OPTION', async () => {
      const { page } = await openPage(HARNESS);
      const codes = await page.evaluate(async () => {
        const { parseInWorker } = (window as unknown as { typedCsv: Harness }).typedCsv; // page.evaluate bodies can't close over Node values
        const out: string[] = [];
        for (const options of [{ schema: { a: 'i33' } }, { schema: { a: 'i8' }, delimiter: ',,' }, { schema: { a: 'i8' }, onError: () => 'skip' }, { schema: { a: 'i8' }, bogus: 1 }]) {
          await parseInWorker(new Blob(['a\n1\n']), options).then(() => out.push('ok'), (e: { code?: string; message: string }) => out.push(`${e.code}: ${e.message}`));
        }
        return out;
      });
      expect(codes).toHaveLength(4);
      for (const c of codes) expect(c).toMatch(/^INVALID_OPTION: /);
      expect(codes[2]).toMatch(/can't be a function in parseInWorker/);
      await page.close();
    });
  });

  describe('progress and abort cross the worker boundary', () => {
    it('progress is relayed, monotone, with the total, and the last call is at the end', async () => {
      const { page, problems } = await openPage(HARNESS);
      const r = await page.evaluate(async (block) => {
        const { parseInWorker } = (window as unknown as { typedCsv: Harness }).typedCsv; // page.evaluate bodies can't close over Node values
        const body = new TextEncoder().encode(block);
        const blob = new Blob([new TextEncoder().encode('machine,duration\n'), ...Array.from({ length: 400 }, () => body)]);
        const calls: { bytes: number; totalBytes: number; rows: number }[] = [];
        const t = await parseInWorker(blob, { schema: { machine: 'i32', duration: 'f64' }, onProgress: (p: never) => calls.push(p) });
        return { calls, size: blob.size, rowCount: t.rowCount };
      }, seedLikeCsv(10_000).slice('machine,duration\n'.length));
      expect(r.rowCount).toBe(4_000_000);
      expect(r.calls.length).toBeGreaterThan(0);
      for (let i = 1; i < r.calls.length; i++) {
        expect(r.calls[i].bytes).toBeGreaterThanOrEqual(r.calls[i - 1].bytes);
        expect(r.calls[i].rows).toBeGreaterThanOrEqual(r.calls[i - 1].rows);
      }
      for (const c of r.calls) expect(c.totalBytes).toBe(r.size);
      expect(r.calls.at(-1)).toEqual({ bytes: r.size, totalBytes: r.size, rows: 4_000_000 });
      expect(problems).toEqual([]);
      await page.close();
    });

    it('an abort stops the worker parse with CsvError ABORTED (cause: the reason), and the next parse is right', async () => {
      const { page, problems } = await openPage(HARNESS);
      const check = cases[0];
      writeFileSync(join(artifacts, 'browser', `${check.name}.csv`), check.csv);
      const r = await page.evaluate(
        async ({ block, checkData, checkOptions, snapshotSource }) => {
          const snap = (0, eval)(`(${snapshotSource})`) as (t: unknown) => unknown;
          const { lib, parseInWorker } = (window as unknown as { typedCsv: Harness }).typedCsv;
          const body = new TextEncoder().encode(block);
          const parts = [new TextEncoder().encode('machine,duration\n'), ...Array.from({ length: 2000 }, () => body)]; // ~ 190 MB
          const results: Record<string, unknown> = {};
          const blob = new Blob(parts);
          for (const [name, source] of [['Blob', blob], ['Uint8Array', new Uint8Array(await blob.arrayBuffer())]] as const) {
            const controller = new AbortController();
            const reason = new Error('user pressed cancel');
            let progressAtAbort: { bytes: number } | undefined;
            const size = source instanceof Blob ? source.size : source.length; // before transferInput detaches it
            const started = performance.now();
            let abortedAt = 0;
            const outcome = await parseInWorker(source, {
              schema: { machine: 'i32', duration: 'f64' },
              transferInput: true,
              signal: controller.signal,
              onProgress(p: { bytes: number }) {
                if (!progressAtAbort) {
                  progressAtAbort = p;
                  abortedAt = performance.now();
                  controller.abort(reason);
                }
              },
            }).then(
              (t: { rowCount: number }) => ({ resolved: t.rowCount }),
              (e: { code?: string; cause?: unknown; byteOffset?: number }) => ({
                isCsvError: e instanceof lib.CsvError, code: e.code, causeIsReason: e.cause === reason, byteOffset: e.byteOffset,
              }),
            );
            results[name] = { outcome, size, progressAtAbort, msToStop: performance.now() - abortedAt, msTotal: performance.now() - started };
          }
          // An aborted before the start: rejected at once, no worker involved.
          results.before = await parseInWorker(new Blob(['a\n1\n']), { schema: { a: 'i8' }, signal: AbortSignal.abort() }).then(
            () => 'resolved',
            (e: { code?: string }) => e.code,
          );
          const bytes = Uint8Array.from(atob(checkData), (ch) => ch.charCodeAt(0));
          results.after = snap(await parseInWorker(new Blob([bytes]), checkOptions));
          return results;
        },
        { block: seedLikeCsv(10_000).slice('machine,duration\n'.length), checkData: b64(check.csv), checkOptions: check.options, snapshotSource: SNAPSHOT_SOURCE },
      );
      for (const name of ['Blob', 'Uint8Array']) {
        const x = r[name] as { outcome: Record<string, unknown>; size: number; progressAtAbort: { bytes: number }; msToStop: number };
        expect(x.outcome, name).toEqual({ isCsvError: true, code: 'ABORTED', causeIsReason: true, byteOffset: expect.any(Number) });
        // Stopped early: within a few chunks of where the abort was asked for, far from the end.
        expect(x.outcome.byteOffset as number).toBeLessThan(x.size);
        expect(x.outcome.byteOffset as number).toBeLessThan(x.progressAtAbort.bytes + 16 * 1024 * 1024);
      }
      expect(r.before).toBe('ABORTED');
      expect(r.after).toEqual(snapshot(parse(check.csv, check.options as ParseOptions)));
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  describe('the demo page', () => {
    it('parses a chosen file: rows, statistics, histogram, screenshot', async () => {
      const rows = 300_000;
      const csv = seedLikeCsv(rows, 21);
      const file = join(artifacts, 'demo-input.csv');
      writeFileSync(file, csv);
      const t = parse(csv, { schema: SEED_LIKE_SCHEMA });
      const durations = Float64Array.from(t.columns.duration).sort();
      const max = durations[rows - 1];
      const p50 = durations[Math.ceil(0.5 * rows) - 1];
      const mean = durations.reduce((a, b) => a + b, 0) / rows;

      const { page, problems } = await openPage();
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      await page.setInputFiles('#file', file);
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 60_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');

      expect(await page.getAttribute('#metric-rows', 'data-value')).toBe(String(rows));
      const stat = (column: string, name: string) => page.getAttribute(`#summary tr[data-column="${column}"] td[data-stat="${name}"]`, 'data-value');
      expect(await stat('duration', 'count')).toBe(String(rows));
      expect(await stat('duration', 'max')).toBe(String(max));
      expect(await stat('duration', 'p50')).toBe(String(p50));
      expect(Number(await stat('duration', 'mean'))).toBeCloseTo(mean, 10);
      expect(await stat('machine', 'min')).toBe(String(t.columns.machine.reduce((a, b) => Math.min(a, b))));
      // The schema was guessed from the header and the first rows.
      expect(await page.$$eval('#schema select', (s) => s.map((x) => (x as HTMLSelectElement).value))).toEqual(['i32', 'f64']);
      expect(await page.getAttribute('#histogram', 'data-column')).toBe('duration');
      expect(Number(await page.getAttribute('#histogram', 'data-bins'))).toBeGreaterThan(10);
      await page.screenshot({ path: join(artifacts, 'demo.png'), fullPage: true });
      // `UPDATE_DOCS_SCREENSHOT=1 npx vitest run test/browser.test.ts` refreshes the README's picture.
      if (process.env.UPDATE_DOCS_SCREENSHOT) copyFileSync(join(artifacts, 'demo.png'), join(root, 'docs', 'demo.png'));
      expect(problems).toEqual([]);
      await page.close();
    });

    it('shows a bad value with its line, column and text, and parses again once the schema allows it', async () => {
      const { page, problems } = await openPage();
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      const lines = ['id,price,label'];
      for (let i = 0; i < 5000; i++) lines.push(`${i},${(i * 1.25).toFixed(2)},item ${i}`);
      lines[4001] = '4000,,item 4000'; // an empty price far past the rows the schema is guessed from
      await page.setInputFiles('#file', { name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('error');
      expect(await page.textContent('#error-code')).toBe('EMPTY_VALUE');
      expect(await page.textContent('#error-line')).toBe('4,002');
      expect(await page.textContent('#error-column')).toBe('price');
      expect(await page.textContent('#error-context mark')).toBe('\u2002'); // the empty field, marked
      expect((await page.textContent('#error-context'))!.replace('\u2002', '')).toContain('4000,,item 4000');
      expect(await page.textContent('#error-hint')).toMatch(/Nullable/);

      await page.check('#schema tr[data-column="price"] input[type="checkbox"] >> nth=0');
      await page.click('#parse');
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');
      expect(await page.getAttribute('#summary tr[data-column="price"] td[data-stat="nulls"]', 'data-value')).toBe('1');
      expect(await page.getAttribute('#summary tr[data-column="label"] td[data-stat="count"]', 'data-value')).toBe('5000');

      // A bad number (past the rows the schema is guessed from) shows the text itself.
      const typo = ['a,b', ...Array.from({ length: 1500 }, (_, i) => `${i},${i * 2}`), '3,4x', '4,8'].join('\n');
      await page.setInputFiles('#file', { name: 'typo.csv', mimeType: 'text/csv', buffer: Buffer.from(typo) });
      await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 30_000 });
      expect(await page.textContent('#error-code')).toBe('INVALID_NUMBER');
      expect(await page.textContent('#error-text')).toBe('"4x"');
      expect(await page.textContent('#error-context mark')).toBe('4x');
      expect(await page.textContent('#error-line')).toBe('1,502');
      expect(problems).toEqual([]);
      await page.close();
    });

    it('generates the seed workload in a worker, byte for byte the CLI’s seed file', async () => {
      const rows = 100_000;
      const dir = join(tmpdir(), `typed-csv-seed-check-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, 'seed.csv');
      writeGeneratedFile(path, seedSpec(rows));
      const expected = createHash('sha256').update(readFileSync(path)).digest('hex');
      rmSync(dir, { recursive: true, force: true });

      const { page, problems } = await openPage();
      const got = await page.evaluate(async (n) => {
        const worker = new Worker('/web/generate-worker.js', { type: 'module' });
        const blob = await new Promise<Blob>((resolve, reject) => {
          worker.onmessage = (e) => {
            if (e.data.type === 'done') resolve(e.data.blob);
            else if (e.data.type === 'error') reject(new Error(e.data.message));
          };
          worker.onerror = (e) => reject(new Error(e.message));
          worker.postMessage({ rows: n });
        });
        worker.terminate();
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
        return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
      }, rows);
      expect(got).toBe(expected);

      // And the button: generate, sniff, parse.
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      await page.selectOption('#gen-rows', '1000000');
      await page.click('#generate');
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 90_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');
      expect(await page.getAttribute('#metric-rows', 'data-value')).toBe('1000000');
      expect(await page.getAttribute('#summary tr[data-column="machine"] td[data-stat="max"]', 'data-value')).toBe('1000');
      await page.screenshot({ path: join(artifacts, 'demo-generated.png'), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});

export type { TableSnapshot };
