// The README's examples are code that runs. Blocks marked `<!-- doctest: node|browser; ... -->` in
// docs/browser.md and README.md are run here: Node blocks as a user's script with typed-csv
// installed (node_modules/typed-csv is this package, so the built dist/ is what runs), browser
// blocks as a page with an import map, in headless Chromium. Each must finish without an error and
// print what its marker says. Markers: `prints: a | b` (fragments the output must contain),
// `rows: N` (size of requests.csv, default 50,000), `input: #selector` (a file input to give
// requests.csv to).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredInput } from './support/required-input.js';
import { serveStatic, type StaticServer } from '../scripts/serve-web.js';
import { ensureSeedFile, seedSpec, writeGeneratedFile } from '../src/cli/seed-data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isReleaseProject = process.env.TYPED_CSV_EXPECT_BUILD === 'release';

interface Example {
  file: string;
  line: number;
  kind: 'node' | 'browser';
  lang: string;
  code: string;
  prints: string[];
  rows: number;
  input: string | undefined;
}

function examplesIn(file: string): Example[] {
  const path = join(root, file);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const out: Example[] = [];
  for (const m of text.matchAll(/<!-- doctest: ([^\n]*?) -->\s*\n```(\w+)\n([\s\S]*?)\n```/g)) {
    const [kind, ...rest] = m[1].split(';').map((s) => s.trim());
    const meta = new Map(rest.map((kv) => [kv.slice(0, kv.indexOf(':')).trim(), kv.slice(kv.indexOf(':') + 1).trim()] as const));
    if (kind !== 'node' && kind !== 'browser') throw new Error(`${file}: unknown doctest kind ${kind}`);
    out.push({
      file,
      line: text.slice(0, m.index).split('\n').length,
      kind,
      lang: m[2],
      code: m[3],
      prints: (meta.get('prints') ?? '').split('|').map((s) => s.trim()).filter(Boolean),
      rows: Number(meta.get('rows') ?? 50_000),
      input: meta.get('input'),
    });
  }
  return out;
}

const examples = [...examplesIn('docs/browser.md'), ...examplesIn('README.md')];
const fixtures = join(root, 'test', 'artifacts', 'docs');

/** requests.csv with `rows` seed rows: the cached 10M seed file for the big one, else generated. */
function requestsCsv(rows: number): string {
  if (rows === 10_000_000) return ensureSeedFile().path;
  const path = join(fixtures, `requests-${rows}.csv`);
  if (!existsSync(path)) writeGeneratedFile(path, seedSpec(rows));
  return path;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: StaticServer;
beforeAll(async () => {
  mkdirSync(fixtures, { recursive: true });
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  server = await serveStatic({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!isReleaseProject)('doc examples', () => {
  it('there are examples to run', () => {
    expect(examples.filter((e) => e.kind === 'node').length).toBeGreaterThanOrEqual(3);
    expect(examples.filter((e) => e.kind === 'browser').length).toBeGreaterThanOrEqual(2);
  });

  describe('in Node, against the built package', () => {
    for (const ex of examples.filter((e) => e.kind === 'node')) {
      it(`${ex.file}:${ex.line}`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'typed-csv-doc-'));
        try {
          // A user's project: typed-csv (and apache-arrow) in node_modules, requests.csv beside the script.
          mkdirSync(join(dir, 'node_modules'));
          symlinkSync(root, join(dir, 'node_modules', 'typed-csv'), 'dir');
          // The Arrow example's user has installed the optional peer dependency too.
          symlinkSync(join(root, 'node_modules', 'apache-arrow'), join(dir, 'node_modules', 'apache-arrow'), 'dir');
          const csv = requestsCsv(ex.rows);
          symlinkSync(csv, join(dir, 'requests.csv'));
          writeFileSync(join(fixtures, 'requests.csv'), readFileSync(requestsCsv(50_000)));
          const code = ex.code.replaceAll('https://example.com/', `${server.url}/test/artifacts/docs/`);
          writeFileSync(join(dir, 'example.mts'), code);
          const result = await run(join(root, 'node_modules', '.bin', 'tsx'), ['example.mts'], dir);
          expect(result.stderr, result.stdout).toBe('');
          expect(result.code).toBe(0);
          for (const fragment of ex.prints) expect(result.stdout).toContain(fragment);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });

  const haveChromium = requiredInput(existsSync(CHROMIUM), `Chromium (${CHROMIUM}) for the browser examples`, 'apt-get install -y chromium (as .ci/run does), or set CHROMIUM_PATH');
  describe.skipIf(!haveChromium)('in Chromium, with an import map and no bundler', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    examples.filter((e) => e.kind === 'browser').forEach((ex, k) => {
      it(`${ex.file}:${ex.line}`, async () => {
        writeFileSync(join(fixtures, 'requests.csv'), readFileSync(requestsCsv(ex.rows)));
        const page = `<!doctype html>\n<meta charset="utf-8">\n<script type="importmap">{ "imports": { "typed-csv": "/dist/index.js" } }</script>\n${ex.code}\n`;
        writeFileSync(join(fixtures, `example-${k}.html`), page);
        const tab = await browser.newPage();
        const logs: string[] = [];
        const problems: string[] = [];
        tab.on('console', (m) => {
          if (m.type() !== 'error') logs.push(m.text());
          else if (!m.location().url.endsWith('/favicon.ico')) problems.push(m.text());
        });
        tab.on('pageerror', (e) => problems.push(e.message));
        await tab.goto(`${server.url}/test/artifacts/docs/example-${k}.html`);
        if (ex.input) await tab.setInputFiles(ex.input, join(fixtures, 'requests.csv'));
        const deadline = Date.now() + 30_000;
        while (!ex.prints.every((p) => logs.some((l) => l.includes(p))) && problems.length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(problems).toEqual([]);
        for (const fragment of ex.prints) expect(logs.join('\n')).toContain(fragment);
        await tab.close();
      });
    });
  });
});
