// The package as npm publishes it: `npm pack`, installed from the tarball into a fresh project
// (offline: typed-csv has no dependencies), imported as ESM and type-checked under
// moduleResolution nodenext, and its bin run through npx. It tests the tarball, not an engine, so
// it runs in the release project only; the other projects skip it and say why.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const here = process.env.TYPED_CSV_EXPECT_BUILD === 'release' && process.env.TYPED_CSV_ENGINE !== 'js';

describe.skipIf(!here)('the published package (release project only: the tarball is the same for every engine)', () => {
  let work: string;
  let project: string;
  let files: string[];

  beforeAll(() => {
    if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    work = mkdtempSync(join(tmpdir(), 'typed-csv-pack-'));
    // --ignore-scripts: dist/ is already built; packing must not rebuild it under the running tests
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
    const info = JSON.parse(out)[0] as { filename: string; files: { path: string }[] };
    files = info.files.map((f) => f.path);
    project = join(work, 'app');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, info.filename)], { cwd: project, encoding: 'utf8' });
    writeFileSync(join(project, 'small.csv'), 'machine,duration\n1,0.5\n2,1.5\n3,2.5\n');
  }, 60_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships no source maps, no debug core and no unused .wasm files', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /debug/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.wasm'))).toEqual([]);
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('build/core-release.js');
    expect(files).toContain('build/core-simd.js');
  });

  it('contains every file the README links by a relative path', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(files, link).toContain(link.replace(/^\.\//, ''));
  });

  it('installs with no dependencies, small', () => {
    const installed = join(project, 'node_modules');
    expect(readdirSync(installed).filter((d) => !d.startsWith('.'))).toEqual(['typed-csv']);
    const size = du(join(installed, 'typed-csv'));
    // 1.03 MB at 87f8113: dist, the two embedded cores (release and SIMD, base64), the README and
    // docs/demo.png. The budget catches what must never ship (maps, debug builds, test data).
    expect(size).toBeLessThan(1_100_000);
  });

  it('imports as ESM and parses', () => {
    writeFileSync(join(project, 'main.mjs'), `import { parse } from 'typed-csv';\nconst t = parse('a,b\\n1,x\\n', { schema: { a: 'i32', b: 'string' } });\nconsole.log(t.rowCount, t.columns.a[0], t.columns.b.get(0));\n`);
    expect(execFileSync(process.execPath, ['main.mjs'], { cwd: project, encoding: 'utf8' })).toBe('1 1 x\n');
  });

  it('type-checks under moduleResolution nodenext', () => {
    writeFileSync(
      join(project, 'main.ts'),
      `import { parseFile, type Table } from 'typed-csv';\nconst t: Table<{ a: 'i32' }> = await parseFile('small.csv', { schema: { a: 'i32' } });\nconst col: Int32Array = t.columns.a;\n// @ts-expect-error a string column is not an Int32Array\nconst bad: Int32Array = (await parseFile('small.csv', { schema: { s: 'string' } })).columns.s;\nexport { col, bad };\n`,
    );
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['main.ts'] }));
    const r = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', project], { cwd: project, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs `npx typed-csv --help` and `stats` on a small file', () => {
    const help = spawnSync('npx', ['--offline', 'typed-csv', '--help'], { cwd: project, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: typed-csv COMMAND FILE');
    const stats = spawnSync('npx', ['--offline', 'typed-csv', 'stats', 'small.csv', '--json'], { cwd: project, encoding: 'utf8' });
    expect(stats.status, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout).columns[1]).toMatchObject({ name: 'duration', mean: 1.5, p50: 1.5 });
  });

  it('converts to Parquet with no dependency, and names the package an Arrow conversion needs', () => {
    const pq = spawnSync('npx', ['--offline', 'typed-csv', 'convert', 'small.csv', '-o', 'small.parquet'], { cwd: project, encoding: 'utf8' });
    expect(pq.status, pq.stderr).toBe(0);
    expect(readFileSync(join(project, 'small.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    const r = spawnSync('npx', ['--offline', 'typed-csv', 'convert', 'small.csv', '-o', 'small.arrow'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('writing Arrow IPC needs the optional package apache-arrow; install it next to typed-csv: npm install apache-arrow');
    expect(existsSync(join(project, 'small.arrow'))).toBe(false);
    const nd = spawnSync('npx', ['--offline', 'typed-csv', 'convert', 'small.csv', '-o', '-', '-q'], { cwd: project, encoding: 'utf8' });
    expect(nd.stdout).toBe('{"machine":1,"duration":0.5}\n{"machine":2,"duration":1.5}\n{"machine":3,"duration":2.5}\n');
  });
});

function du(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + du(join(path, name)), 0);
}
