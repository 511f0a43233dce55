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
import { CsvError, parse, parseInWorker, sniff, type CategoryColumn, type ColumnSpec, type ParseOptions } from '../src/index.js';
import { requiredInput } from './support/required-input.js';
import { mixedCsv, MIXED_SCHEMA, prng, seedLikeCsv, SEED_LIKE_SCHEMA } from './support/sample-csv.js';
import { snapshot, SNAPSHOT_SOURCE, type TableSnapshot } from './support/snapshot.js';
import { tricky } from './support/tricky-csv.js';

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

  // parseInWorker({ threads }) over a Blob: several workers, each on its own blob.slice(). The page
  // sets the internal knobs on globalThis.__typedCsvTestKnobs (the browser's TYPED_CSV_SPLIT_BYTES)
  // and spies on Worker.prototype.postMessage/terminate, so a test sees the split path was taken.
  describe('threads: a Blob split over several workers', () => {
    interface ThreadCase { name: string; csv: string; options: Omit<ParseOptions, 'signal' | 'onProgress' | 'threads'>; splitBytes: number[]; threads: number[] }
    type Outcome = Record<string, unknown>;

    /** Each (threads, split size) run's snapshot or error fields, and the messages sent to workers. */
    async function runInPage(page: Page, c: ThreadCase): Promise<{ runs: [string, Outcome][]; sent: Record<string, number> }> {
      return page.evaluate(async ({ data, optionsJson, splitBytes, threads, snapshotSource }) => {
        const snap = (0, eval)(`(${snapshotSource})`) as (t: unknown) => unknown;
        const { parseInWorker } = (window as unknown as { typedCsv: Harness }).typedCsv;
        const w = window as unknown as { __spied?: boolean; __sent: Record<string, number>; __typedCsvTestKnobs?: Record<string, string> };
        if (!w.__spied) {
          w.__spied = true;
          w.__sent = {};
          const post = Worker.prototype.postMessage;
          Worker.prototype.postMessage = function (this: Worker, m: { type?: string }, t?: unknown) {
            w.__sent[String(m?.type)] = (w.__sent[String(m?.type)] ?? 0) + 1;
            return (post as Fn).call(this, m, t);
          } as typeof post;
        }
        w.__sent = {};
        const options = JSON.parse(optionsJson);
        const blob = new Blob([Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0))]);
        const outcome = async (f: () => Promise<unknown>) => {
          try {
            return { ok: true, table: snap(await f()) };
          } catch (e) {
            const { code, line, row, column, columnIndex, byteOffset, text, message } = e as Record<string, unknown>;
            return { ok: false, code, line, row, column, columnIndex, byteOffset, text, message };
          }
        };
        const runs: [string, unknown][] = [];
        delete w.__typedCsvTestKnobs;
        runs.push(['threads 1', await outcome(() => parseInWorker(blob, { ...options, threads: 1 }))]);
        for (const split of splitBytes) {
          w.__typedCsvTestKnobs = { TYPED_CSV_SPLIT_BYTES: String(split) };
          for (const n of threads) runs.push([`threads ${n}, splits of ${split} bytes`, await outcome(() => parseInWorker(blob, { ...options, threads: n }))]);
        }
        delete w.__typedCsvTestKnobs;
        return { runs: runs as [string, Outcome][], sent: { ...w.__sent } };
      }, { data: b64(c.csv), optionsJson: JSON.stringify(c.options), splitBytes: c.splitBytes, threads: c.threads, snapshotSource: SNAPSHOT_SOURCE });
    }

    async function expectSameAsOneWorker(page: Page, c: ThreadCase): Promise<{ first: Outcome; sent: Record<string, number> }> {
      const { runs, sent } = await runInPage(page, c);
      const [, first] = runs[0];
      for (const [way, result] of runs.slice(1)) expect(result, `${c.name}: ${way}`).toEqual(first);
      return { first, sent };
    }

    const TIMESTAMPS_SCHEMA = { t: 'timestamp', d: 'date', ok: 'bool', s: { type: 'string', nullable: true }, v: { type: 'f32', nullable: true } } as const;
    /** BOM, CRLF, no header; timestamps, dates, bools and strings whose quotes hold newlines and record-like text. */
    function typedCsv(rows: number): string {
      const rnd = prng(5);
      const out: string[] = [];
      for (let i = 0; i < rows; i++) {
        const ms = Date.UTC(2020, 0, 1) + Math.floor(rnd() * 1e11);
        const iso = new Date(ms).toISOString();
        const s = ['"x\r\n2020-01-01,2020-01-02,true,a,1\r\n"', '"1,2\n3"', 'plain', '', '"""q"""', '"é\n😀"'][Math.floor(rnd() * 6)];
        out.push([rnd() < 0.5 ? iso : iso.replace('T', ' ').replace('Z', '+02:00'), iso.slice(0, 10), rnd() < 0.5 ? 'yes' : 'F', s, rnd() < 0.2 ? '' : (rnd() * 100).toFixed(2)].join(','));
      }
      return '\uFEFF' + out.join('\r\n') + '\r\n';
    }

    /** A seed-like file with bad values, a short and a long record spread through it. */
    function badSeed(): string {
      const lines = seedLikeCsv(800, 9).split('\n');
      for (const [at, bad] of [[40, '12,x.5'], [333, '7'], [500, '5,1.0,extra'], [650, ',2.5'], [790, '99999999999,1']] as const) lines[at] = bad;
      return lines.join('\n');
    }

    it('threads 2, 3 and 4 give the threads: 1 Table in every field, the file cut at many split sizes', async () => {
      const { page, problems } = await openPage(HARNESS);
      const cases: ThreadCase[] = [
        { name: 'mixed (CRLF, header, quoted newlines, a skipped column)', csv: mixedCsv(300, 3), options: { schema: MIXED_SCHEMA }, splitBytes: [7, 997], threads: [2, 4] },
        { name: 'seed', csv: seedLikeCsv(4000), options: { schema: SEED_LIKE_SCHEMA }, splitBytes: [13, 4093], threads: [2, 4] },
        { name: 'timestamps (BOM, CRLF, no header)', csv: typedCsv(400), options: { schema: TIMESTAMPS_SCHEMA, header: false }, splitBytes: [5, 64, 1000], threads: [2, 3] },
        {
          name: 'quoted newlines and records at every cut',
          csv: 'n,s,x\n1,"a\n2,""b"",3\r\n4,c,5\n",6\r\n\n7,"\r\n",8\n9,"x,y\n10,z,11\n",12\n',
          options: { schema: { n: 'i32', s: 'string', x: { type: 'f64', nullable: true } } },
          splitBytes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], threads: [3],
        },
      ];
      for (const c of cases) {
        const { first, sent } = await expectSameAsOneWorker(page, c);
        expect(first.ok, c.name).toBe(true);
        // The split path ran (a broken one that fell back to one worker would pass the comparison).
        expect(sent.scan, c.name).toBeGreaterThan(0);
        expect(sent.stretch, c.name).toBeGreaterThan(0);
      }
      expect(problems).toEqual([]);
      await page.close();
    });

    it('bad values under throw, skip and null: the same first error, errors, errorCount and skippedRecords', async () => {
      const { page, problems } = await openPage(HARNESS);
      for (const onError of ['throw', 'skip', 'null'] as const) {
        for (const maxErrors of [2, 100]) {
          const c: ThreadCase = { name: `bad seed, ${onError}, maxErrors ${maxErrors}`, csv: badSeed(), options: { schema: SEED_LIKE_SCHEMA, onError, maxErrors }, splitBytes: [29, 700], threads: [3] };
          const { first, sent } = await expectSameAsOneWorker(page, c);
          expect(sent.stretch, c.name).toBeGreaterThan(0);
          if (onError === 'throw') {
            // Line 41 is the first bad one; later splits failing first must not win.
            expect(first).toMatchObject({ ok: false, code: 'INVALID_NUMBER', line: 41, row: 39, column: 'duration' });
          } else {
            expect((first.table as TableSnapshot).errorCount, c.name).toBe(5);
          }
        }
      }
      // Generated files with tricky bytes at every offset, broken records among them.
      const rand = prng(20261202);
      for (let i = 0; i < 12; i++) {
        const { text, header } = tricky(rand, i % 2 === 0);
        const c: ThreadCase = {
          name: `tricky ${i}`, csv: text, splitBytes: [1 + Math.floor(rand() * 40), 41 + Math.floor(rand() * 200)], threads: [2 + (i % 3)],
          options: { schema: { n: 'i32', s: 'string', x: { type: 'f64', nullable: true } }, header, onError: (['throw', 'skip', 'null'] as const)[i % 3], maxErrors: i % 4 < 2 ? 3 : 100 },
        };
        await expectSameAsOneWorker(page, c);
      }
      expect(problems).toEqual([]);
      await page.close();
    });

    it('a category column splits too: dictionaries merged in file order, codes remapped, same Table; past maxCategories one worker parses again', async () => {
      const { page, problems } = await openPage(HARNESS);
      // Values first seen late (e only in the last rows), a quoted newline in one, nulls, bad records.
      const csv = 'k,v,m\n' + Array.from({ length: 500 }, (_, i) => `${i > 450 ? 'e' : ['b', 'a', '"c\nd"'][(i * 7) % 3]},${i % 97 === 5 ? 'x' : i},${i % 5 === 0 ? '' : 'm' + (i % 4)}`).join('\n') + '\n';
      for (const onError of ['throw', 'skip', 'null'] as const) {
        const schema = { k: 'category', v: 'i32', m: { type: 'category', nullable: true } } as const;
        const c: ThreadCase = { name: `category (${onError})`, csv, options: { schema, onError }, splitBytes: [9], threads: [2, 4] };
        const { first, sent } = await expectSameAsOneWorker(page, c);
        expect(first.ok).toBe(onError !== 'throw');
        expect(sent.scan).toBeGreaterThan(0);
        // threads 1 in one worker; under 'throw' a later split's error sends the others there too.
        expect(sent.parse).toBe(onError === 'throw' ? 3 : 1);
        // maxCategories 3 passed only across splits (a, b, c\nd, then e): one worker decides.
        const over: ThreadCase = { ...c, name: `category past maxCategories (${onError})`, options: { schema: { ...schema, k: { type: 'category', maxCategories: 3 } }, onError } };
        const past = await expectSameAsOneWorker(page, over);
        expect(past.sent.parse).toBe(3);
      }
      expect(problems).toEqual([]);
      await page.close();
    });

    it('progress sums the bytes of every worker and ends at the file size; abort stops every worker; a dead worker is WORKER_FAILED', async () => {
      const { page, problems } = await openPage(HARNESS);
      const r = await page.evaluate(async (block) => {
        const { lib, parseInWorker } = (window as unknown as { typedCsv: Harness }).typedCsv;
        const w = window as unknown as { __typedCsvTestKnobs?: Record<string, string> };
        const body = new TextEncoder().encode(block);
        const blob = new Blob([new TextEncoder().encode('machine,duration\n'), ...Array.from({ length: 100 }, () => body)]); // ~ 9.5 MB
        const schema = { machine: 'i32', duration: 'f64' };
        const out: Record<string, unknown> = { size: blob.size };
        const terminated = { n: 0 };
        const terminate = Worker.prototype.terminate;
        Worker.prototype.terminate = function (this: Worker) { terminated.n++; return terminate.call(this); };

        w.__typedCsvTestKnobs = { TYPED_CSV_SPLIT_BYTES: String(256 * 1024) };
        const calls: { bytes: number; totalBytes: number; rows: number }[] = [];
        const t = await parseInWorker(blob, { schema, threads: 3, onProgress: (p: never) => calls.push(p) });
        out.progress = { calls, rowCount: t.rowCount };
        out.one = (await parseInWorker(blob, { schema, threads: 1 })).rowCount;
        // An exception from onProgress ends the parse with that exception itself, as with one worker.
        const mine = new Error('progress bar broke');
        out.progressThrows = await parseInWorker(blob, { schema, threads: 3, onProgress() { throw mine; } }).then(() => 'resolved', (e: unknown) => e === mine);

        const controller = new AbortController();
        const reason = new Error('user pressed cancel');
        let abortedAt = 0;
        terminated.n = 0;
        out.abort = await parseInWorker(blob, {
          schema, threads: 3, signal: controller.signal,
          onProgress() { if (!abortedAt) { abortedAt = performance.now(); controller.abort(reason); } },
        }).then(
          (x: { rowCount: number }) => ({ resolved: x.rowCount }),
          (e: { code?: string; cause?: unknown }) => ({ isCsvError: e instanceof lib.CsvError, code: e.code, causeIsReason: e.cause === reason, ms: performance.now() - abortedAt, terminated: terminated.n }),
        );

        w.__typedCsvTestKnobs = { TYPED_CSV_SPLIT_BYTES: String(64 * 1024), TYPED_CSV_CRASH_WORKER: '1' };
        const started = performance.now();
        out.crash = await parseInWorker(blob, { schema, threads: 2 }).then(
          (x: { rowCount: number }) => ({ resolved: x.rowCount }),
          (e: { code?: string; message: string }) => ({ isCsvError: e instanceof lib.CsvError, code: e.code, message: e.message, ms: performance.now() - started }),
        );
        w.__typedCsvTestKnobs = { TYPED_CSV_SPLIT_BYTES: String(256 * 1024) };
        out.after = (await parseInWorker(blob, { schema, threads: 2 })).rowCount;
        delete w.__typedCsvTestKnobs;
        Worker.prototype.terminate = terminate;
        return out;
      }, seedLikeCsv(10_000).slice('machine,duration\n'.length));
      const size = r.size as number;
      const { calls, rowCount } = r.progress as { calls: { bytes: number; totalBytes: number; rows: number }[]; rowCount: number };
      expect(rowCount).toBe(1_000_000);
      expect(r.one).toBe(1_000_000);
      expect(r.progressThrows).toBe(true);
      expect(calls.length).toBeGreaterThan(1);
      for (let i = 1; i < calls.length; i++) {
        expect(calls[i].bytes).toBeGreaterThanOrEqual(calls[i - 1].bytes);
        expect(calls[i].rows).toBeGreaterThanOrEqual(calls[i - 1].rows);
      }
      for (const c of calls) expect(c.totalBytes).toBe(size);
      expect(calls.at(-1)).toEqual({ bytes: size, totalBytes: size, rows: 1_000_000 });

      const abort = r.abort as Record<string, unknown>;
      expect(abort).toMatchObject({ isCsvError: true, code: 'ABORTED', causeIsReason: true });
      expect(abort.ms as number).toBeLessThan(1000);
      expect(abort.terminated as number).toBeGreaterThan(0); // the workers still parsing were stopped

      const crash = r.crash as Record<string, unknown>;
      expect(crash).toMatchObject({ isCsvError: true, code: 'WORKER_FAILED' });
      expect(crash.message).toMatch(/worker 1 of 2 failed.*crash requested by a test/);
      expect(r.after).toBe(1_000_000);
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

    it('sniffs bool, date, timestamp and category columns, and shows their statistics, top values and a timeline', async () => {
      // A request log: 4,000 requests over about three days, a few empty fields, a repeated header name at the end.
      const rnd = prng(7);
      const methods = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'];
      const start = Date.UTC(2024, 1, 28, 22, 0, 0); // across the leap day
      const lines = ['id,ok,day,at,method,ms,at_us,note,note'];
      for (let i = 0; i < 4000; i++) {
        const at = start + Math.floor(rnd() * 3 * 86_400_000);
        const iso = new Date(at).toISOString();
        const us = String(Math.floor(rnd() * 1000)).padStart(3, '0');
        const ok = rnd() < 0.75 ? 'true' : 'false';
        const method = methods[Math.floor(rnd() * methods.length)];
        const empty = (every: number, text: string) => (i % every === 3 ? '' : text);
        lines.push(`${i},${empty(97, ok)},${iso.slice(0, 10)},${empty(89, iso)},${empty(53, method)},${(rnd() * 900).toFixed(2)},${iso.slice(0, -1)}${us}Z,a${i},b${i}`);
      }
      const csv = lines.join('\n') + '\n';
      const sniffed = sniff(csv);
      const t = parse(csv, { schema: sniffed.schema });
      const fmt = (n: number) => n.toLocaleString('en-US');
      const valid = (name: string) => (_: unknown, i: number) => { const v = t.validity[name]; return v === undefined || ((v[i >> 3] >> (i & 7)) & 1) === 1; };
      const at = Float64Array.from((t.columns.at as Float64Array).filter(valid('at'))).sort();
      expect(at.length).toBe(4000 - 45);
      const atUs = BigInt64Array.from(t.columns.at_us as BigInt64Array).sort();
      const days = Int32Array.from(t.columns.day as Int32Array).sort();
      const methodCounts = new Map<string, number>();
      const method = t.columns.method as CategoryColumn;
      for (let i = 0; i < t.rowCount; i++) if (method.get(i) !== null) methodCounts.set(method.get(i)!, (methodCounts.get(method.get(i)!) ?? 0) + 1);
      const oks = (t.columns.ok as Uint8Array).filter(valid('ok'));
      const trues = oks.reduce((a, b) => a + b, 0);

      const { page, problems } = await openPage();
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      await page.setInputFiles('#file', { name: 'requests.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');

      // The schema editor: the sniffer's types (µs timestamps as their own choice), why as a tooltip,
      // the repeated name offered but unticked, and the sniffer's code to copy.
      const editor = await page.$$eval('#schema tbody tr', (rows) =>
        rows.map((r) => ({
          name: (r as HTMLElement).dataset.column,
          type: (r.querySelector('select') as HTMLSelectElement).value,
          nullable: (r.querySelectorAll('input[type="checkbox"]')[0] as HTMLInputElement).checked,
          why: r.querySelector('select')!.title,
          parse: (r.querySelectorAll('input[type="checkbox"]')[1] as HTMLInputElement).checked,
        })),
      );
      expect(editor.map((c) => [c.name, c.type, c.nullable, c.parse])).toEqual([
        ['id', 'i32', false, true], ['ok', 'bool', true, true], ['day', 'date', false, true], ['at', 'timestamp', true, true], ['method', 'category', true, true],
        ['ms', 'f64', false, true], ['at_us', 'timestamp:us', false, true], ['note', 'string', true, false], ['note', 'string', true, false],
      ]);
      expect(editor[1].why).toMatch(/bool words/);
      expect(editor[6].why).toMatch(/unit 'us'/);
      expect(await page.textContent('#schema-code')).toBe(sniffed.code);
      expect(sniffed.code).toContain("at_us: { type: 'timestamp', unit: 'us' }");
      expect(sniffed.code).toContain("method: { type: 'category', nullable: true }");

      // The summary: bools as a share, dates and times as ISO text, exact to the microsecond.
      expect(await page.getAttribute('#metric-rows', 'data-value')).toBe('4000');
      const text = (column: string, stat: string) => page.textContent(`#summary tr[data-column="${column}"] td[data-stat="${stat}"]`);
      expect(await text('ok', 'count')).toBe(fmt(oks.length));
      expect(await text('ok', 'nulls')).toBe(String(4000 - oks.length));
      expect(await text('ok', 'mean')).toBe(`${((trues / oks.length) * 100).toFixed(1)}% true`);
      expect(await text('at', 'nulls')).toBe('45');
      expect(await text('at', 'min')).toBe(new Date(at[0]).toISOString());
      expect(await text('at', 'max')).toBe(new Date(at[at.length - 1]).toISOString());
      expect(await text('at', 'p50')).toBe(new Date(at[Math.ceil(at.length / 2) - 1]).toISOString());
      expect(await text('method', 'nulls')).toBe(String(4000 - [...methodCounts.values()].reduce((a, b) => a + b, 0)));
      const usText = (v: bigint) => `${new Date(Number(v / 1000n)).toISOString().slice(0, -1)}${String(v % 1000n).padStart(3, '0')}Z`;
      expect(await text('at_us', 'min')).toBe(usText(atUs[0]));
      expect(await text('at_us', 'max')).toBe(usText(atUs[3999]));
      expect(await text('day', 'min')).toBe(new Date(days[0] * 86_400_000).toISOString().slice(0, 10));
      expect(await text('day', 'max')).toBe(new Date(days[3999] * 86_400_000).toISOString().slice(0, 10));
      expect(await text('method', 'distinct')).toBe(String(methodCounts.size));
      expect(await page.$('#summary tr[data-column="note"]')).toBeNull();

      // Top values of the category column: every method, most frequent first, with counts.
      const top = await page.$$eval('#top-values .top-list[data-column="method"] tr', (rows) =>
        rows.map((r) => [(r as HTMLElement).dataset.value, Number(r.querySelector('td[data-stat="count"]')!.getAttribute('data-value'))]),
      );
      expect(top).toEqual([...methodCounts].sort((a, b) => b[1] - a[1]));

      // The histogram starts on the f64 column; its picker offers the dates and times, drawn as a timeline.
      expect(await page.getAttribute('#histogram', 'data-column')).toBe('ms');
      const options = await page.$$eval('#hist-column option', (o) => o.map((x) => (x as HTMLOptionElement).value));
      expect(options).toEqual(expect.arrayContaining(['day', 'at', 'at_us', 'ms']));
      await page.selectOption('#hist-column', 'at');
      const canvas = await page.$eval('#histogram', (c) => ({ ...(c as HTMLElement).dataset }));
      expect(canvas).toMatchObject({ column: 'at', kind: 'timeline', total: String(at.length), step: '12 hours' });
      expect(Number(canvas.ticks)).toBeGreaterThanOrEqual(4);
      expect(Number(canvas.ticks)).toBeLessThanOrEqual(10);
      expect(canvas.labels).toContain('Feb 29 00:00'); // the leap day, on a day tick
      expect(await page.textContent('#hist-title')).toBe('Timeline');
      await page.selectOption('#hist-column', 'at_us'); // BigInt64Array values
      expect(await page.$eval('#histogram', (c) => ({ ...(c as HTMLElement).dataset }))).toMatchObject({ column: 'at_us', kind: 'timeline', total: '4000', step: '12 hours' });
      expect(await page.textContent('#hist-note')).toContain(`to ${usText(atUs[3999])} (UTC)`);
      await page.selectOption('#hist-column', 'day');
      expect(await page.getAttribute('#histogram', 'data-bins')).toBe(String(days[3999] - days[0] + 1)); // a bar a day
      await page.selectOption('#hist-column', 'at');
      await page.screenshot({ path: join(artifacts, 'demo-types.png'), fullPage: true });

      // The time axis over spans from seconds to decades: 4–10 ticks on whole steps, labelled to suit.
      const axes = await page.evaluate(async () => {
        const { timeTicks } = await (0, eval)("import('/web/time-axis.js')"); // an import vite would otherwise rewrite
        const lo = Date.UTC(2023, 11, 31, 22, 59, 58, 500);
        const spans = { s: 8e3, min: 9e5, h: 5 * 3.6e6, day: 20 * 86.4e6, month: 300 * 86.4e6, year: 40 * 365 * 86.4e6 };
        return Object.entries(spans).map(([name, span]) => {
          const axis = timeTicks(lo, lo + span, 10) as { step: string; unit: string; ticks: { t: number; label: string }[] };
          return { name, unit: axis.unit, step: axis.step, n: axis.ticks.length, inside: axis.ticks.every((x) => x.t >= lo && x.t <= lo + span), labels: axis.ticks.map((x) => x.label) };
        });
      });
      expect(axes.map((a) => [a.name, a.unit, a.step])).toEqual([
        ['s', 'second', '1 second'], ['min', 'minute', '2 minutes'], ['h', 'hour', '1 hour'],
        ['day', 'day', '3 days'], ['month', 'month', '2 months'], ['year', 'year', '5 years'],
      ]);
      for (const a of axes) {
        expect(a.n, a.name).toBeGreaterThanOrEqual(4);
        expect(a.n, a.name).toBeLessThanOrEqual(10);
        expect(a.inside, a.name).toBe(true);
      }
      const [s, , h, day, month, year] = axes.map((a) => a.labels);
      expect(s.slice(0, 3)).toEqual(['Dec 31 22:59:59', '23:00:00', '23:00:01']);
      expect(h.slice(0, 3)).toEqual(['Dec 31 23:00', 'Jan 1 00:00', '01:00']); // the day on the first tick and where it changes
      expect(day.slice(0, 2)).toEqual(['Jan 1, 2024', 'Jan 4']);
      expect(month.slice(0, 3)).toEqual(['Jan 2024', 'Mar', 'May']);
      expect(year.slice(0, 2)).toEqual(['2025', '2030']);

      // Told there is no header, the sniffer names the columns and types the names as data.
      const names = () => page.$$eval('#schema tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.column));
      await page.uncheck('#header');
      expect(await names()).toEqual(Array.from({ length: 9 }, (_, i) => `column${i + 1}`));
      expect(await page.inputValue('#schema tr[data-column="column2"] select')).toBe('category'); // "ok" is not a bool word
      expect(await page.textContent('#schema-code')).toContain("column1: 'string'");
      await page.check('#header');
      expect(await names()).toEqual(['id', 'ok', 'day', 'at', 'method', 'ms', 'at_us', 'note', 'note']);
      expect(await page.inputValue('#schema tr[data-column="ok"] select')).toBe('bool');
      expect(problems).toEqual([]);
      await page.close();
    });

    it('shows a bad value with its line, column and text, and parses again once the schema allows it', async () => {
      const { page, problems } = await openPage();
      await page.waitForFunction(() => document.body.dataset.state === 'ready');
      const lines = ['id,price,label'];
      for (let i = 0; i < 5000; i++) lines.push(`${i},${(i * 1.25).toFixed(2)},item ${i}`);
      lines[4001] = '4000,,item 4000'; // an empty price far past the head of the file
      await page.setInputFiles('#file', { name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      // The sniffer reads a small file whole: it saw the empty price, so the column is nullable.
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');
      const nullable = '#schema tr[data-column="price"] input[type="checkbox"] >> nth=0';
      expect(await page.isChecked(nullable)).toBe(true);
      expect(await page.getAttribute('#summary tr[data-column="price"] td[data-stat="nulls"]', 'data-value')).toBe('1');

      // Not nullable: the parse stops at the empty field.
      await page.uncheck(nullable);
      await page.click('#parse');
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('error');
      expect(await page.textContent('#error-code')).toBe('EMPTY_VALUE');
      expect(await page.textContent('#error-line')).toBe('4,002');
      expect(await page.textContent('#error-column')).toBe('price');
      expect(await page.textContent('#error-context mark')).toBe('\u2002'); // the empty field, marked
      expect((await page.textContent('#error-context'))!.replace('\u2002', '')).toContain('4000,,item 4000');
      expect(await page.textContent('#error-hint')).toMatch(/Nullable/);

      await page.check(nullable);
      await page.click('#parse');
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');
      expect(await page.getAttribute('#summary tr[data-column="price"] td[data-stat="nulls"]', 'data-value')).toBe('1');
      expect(await page.getAttribute('#summary tr[data-column="label"] td[data-stat="count"]', 'data-value')).toBe('5000');

      // A bad number shows the text itself. The sniffer saw "4x" and says b is text; declared i32, it stops there.
      const typo = ['a,b', ...Array.from({ length: 1500 }, (_, i) => `${i},${i * 2}`), '3,4x', '4,8'].join('\n');
      await page.setInputFiles('#file', { name: 'typo.csv', mimeType: 'text/csv', buffer: Buffer.from(typo) });
      await page.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: 30_000 });
      expect(await page.inputValue('#schema tr[data-column="b"] select')).toBe('string');
      expect(await page.getAttribute('#schema tr[data-column="b"] select', 'title')).toMatch(/text/); // why, as a tooltip
      await page.selectOption('#schema tr[data-column="b"] select', 'i32');
      expect(await page.textContent('#schema-code')).toBe("{\n  a: 'i32',\n  b: 'i32',\n} as const"); // the code follows the edit
      await page.click('#parse');
      await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 30_000 });
      expect(await page.textContent('#error-code')).toBe('INVALID_NUMBER');
      expect(await page.textContent('#error-text')).toBe('"4x"');
      expect(await page.textContent('#error-context mark')).toBe('4x');
      expect(await page.textContent('#error-line')).toBe('1,502');

      // A file too large to sniff whole: the head, the middle and the tail are sampled, so an empty
      // value in the last rows still makes its column nullable.
      const big = ['id,price,label'];
      for (let i = 0; i < 150_000; i++) big.push(`${i},${(i * 1.25).toFixed(2)},item ${i}`);
      big[149_999] = '149998,,item 149998';
      const bigCsv = big.join('\n') + '\n';
      expect(bigCsv.length).toBeGreaterThan(3 * 1024 * 1024);
      await page.setInputFiles('#file', { name: 'late-empty.csv', mimeType: 'text/csv', buffer: Buffer.from(bigCsv) });
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 30_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');
      expect(await page.isChecked(nullable)).toBe(true);
      expect(await page.textContent('#schema-note')).toMatch(/the head, 6 places in the middle and the tail/);
      expect(await page.getAttribute('#summary tr[data-column="price"] td[data-stat="nulls"]', 'data-value')).toBe('1');
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
