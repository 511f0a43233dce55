// CSV → apache-arrow Table, by route: `npx tsx bench/arrow.ts [--rows 1000000] [--repeat 3]`.
// typed-csv's parseFile + toArrow (buffers shared) against the routes users of other parsers have:
// PapaParse and d3-dsv rows → tableFromJSON, DuckDB columns → typed arrays → tableFromArrays, and
// Polars' own Arrow IPC export → tableFromIPC. Seed-shaped file (machine i32, duration f64); each
// route runs in a fresh process, timed from before the file is read until the Arrow Table exists,
// medians of --repeat runs, round-robin; the Arrow tables' column sums are checked equal first.
// Writes bench/results/arrow.md. Native peers run one thread, as in `npm run bench`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Table as ArrowTable } from 'apache-arrow';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, repeat: { type: 'string', default: '3' }, child: { type: 'string' }, file: { type: 'string' } } });

const ROUTES = ['typed-csv + toArrow', 'polars → IPC → tableFromIPC', 'duckdb → typed arrays → tableFromArrays', 'papaparse → tableFromJSON', 'd3-dsv → tableFromJSON'] as const;
type Route = (typeof ROUTES)[number];

async function build(route: Route, file: string): Promise<ArrowTable> {
  const arrow = await import('apache-arrow');
  switch (route) {
    case 'typed-csv + toArrow': {
      const { parseFile } = await import('../src/index.js');
      const { toArrow } = await import('../src/arrow/index.js');
      return toArrow(await parseFile(file, { schema: { machine: 'i32', duration: 'f64' } }));
    }
    case 'polars → IPC → tableFromIPC': {
      const pl = (await import('nodejs-polars')).default;
      const df = pl.readCSV(file, { dtypes: { machine: pl.Int32, duration: pl.Float64 }, numThreads: 1 });
      return arrow.tableFromIPC(df.writeIPC());
    }
    case 'duckdb → typed arrays → tableFromArrays': {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const db = await DuckDBInstance.create(':memory:', { threads: '1' });
      const conn = await db.connect();
      const t0 = performance.now(); // one-time setup not counted, as in npm run bench
      const reader = await conn.runAndReadAll(`SELECT * FROM read_csv('${file.replace(/'/g, "''")}', header = true, columns = {'machine': 'INTEGER', 'duration': 'DOUBLE'})`);
      const [machine, duration] = reader.getColumnsJS() as number[][];
      const t = arrow.tableFromArrays({ machine: Int32Array.from(machine), duration: Float64Array.from(duration) });
      setupMs = t0;
      return t;
    }
    case 'papaparse → tableFromJSON': {
      const Papa = (await import('papaparse')).default;
      const text = readFileSync(file, 'utf8');
      const rows = Papa.parse<Record<string, number>>(text, { header: true, dynamicTyping: true, skipEmptyLines: true }).data;
      return arrow.tableFromJSON(rows);
    }
    case 'd3-dsv → tableFromJSON': {
      const d3 = await import('d3-dsv');
      const rows = d3.csvParse(readFileSync(file, 'utf8'), d3.autoType);
      return arrow.tableFromJSON(rows as unknown as Record<string, unknown>[]);
    }
  }
}

let setupMs: number | undefined;

if (values.child !== undefined) {
  // Imports (and typed-csv's wasm compile) are one-time setup, outside the timing as in npm run bench.
  await import('apache-arrow');
  const route = values.child as Route;
  if (route === 'typed-csv + toArrow') await (await import('../src/index.js')).init().then(() => import('../src/arrow/index.js'));
  if (route === 'polars → IPC → tableFromIPC') await import('nodejs-polars');
  if (route === 'duckdb → typed arrays → tableFromArrays') await import('@duckdb/node-api');
  if (route === 'papaparse → tableFromJSON') await import('papaparse');
  if (route === 'd3-dsv → tableFromJSON') await import('d3-dsv');
  const start = performance.now();
  const table = await build(route, values.file!);
  const end = performance.now();
  const ms = end - (setupMs ?? start);
  const sum = (name: string) => {
    let s = 0;
    for (const v of table.getChild(name)!) s += Number(v);
    return s;
  };
  process.stdout.write(JSON.stringify({ ms, rows: table.numRows, machine: sum('machine'), duration: sum('duration').toFixed(3), rssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
} else {
  const rows = Number(values.rows);
  const repeat = Number(values.repeat);
  const { seedSpec, writeGeneratedFile, rowsLabel } = await import('../src/cli/seed-data.js');
  const file = join(tmpdir(), `typed-csv-seed-${rowsLabel(rows)}.csv`);
  if (!existsSync(file)) writeGeneratedFile(file, seedSpec(rows));
  const script = fileURLToPath(import.meta.url);
  const run = (route: Route) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', script, '--child', route, '--file', file], { encoding: 'utf8', env: { ...process.env, POLARS_MAX_THREADS: '1' } });
    if (r.status !== 0) throw new Error(`${route} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; rows: number; machine: number; duration: string; rssMB: number };
  };
  const times = new Map<Route, number[]>(ROUTES.map((r) => [r, []]));
  const rss = new Map<Route, number[]>(ROUTES.map((r) => [r, []]));
  const first = new Map(ROUTES.map((r) => [r, run(r)]));
  const ref = first.get('typed-csv + toArrow')!;
  for (const [r, res] of first) {
    if (res.rows !== ref.rows || res.machine !== ref.machine || res.duration !== ref.duration) throw new Error(`${r} gives a different table: ${JSON.stringify(res)} vs ${JSON.stringify(ref)}`);
  }
  for (let k = 0; k < repeat; k++) {
    for (let j = 0; j < ROUTES.length; j++) {
      const route = ROUTES[(j + k) % ROUTES.length];
      const res = run(route);
      times.get(route)!.push(res.ms);
      rss.get(route)!.push(res.rssMB);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const size = readFileSync(file).length;
  const base = median(times.get('typed-csv + toArrow')!);
  const lines = [
    `## CSV → apache-arrow Table, ${new Date().toISOString()}, Node ${process.version}`,
    '',
    `Seed-shaped file, ${rows.toLocaleString('en-US')} rows (${(size / 1e6).toFixed(1)} MB, machine i32 + duration f64). Each route in a fresh process (tsx loader), timed from before the file is read until the Arrow Table exists (module imports, typed-csv's wasm compile and DuckDB's database creation not counted); the Arrow tables' sums were checked equal. Medians of ${repeat}, round-robin; one thread each; a shared 2-core machine (load average ${loadavg()[0].toFixed(1)} at the end).`,
    '',
    '| route | median ms | MB/s | × typed-csv | peak RSS MB |',
    '|---|--:|--:|--:|--:|',
    ...ROUTES.map((r) => {
      const m = median(times.get(r)!);
      return `| ${r} | ${m.toFixed(0)} | ${(size / 1e6 / (m / 1000)).toFixed(0)} | ${(m / base).toFixed(1)} | ${median(rss.get(r)!).toFixed(0)} |`;
    }),
    '',
    'typed-csv + toArrow shares the parsed buffers with Arrow (no copy after parsing); the others build Arrow data from JS values (tableFromJSON, tableFromArrays) or deserialize an IPC buffer.',
  ];
  const text = lines.join('\n') + '\n';
  writeFileSync(fileURLToPath(new URL('./results/arrow.md', import.meta.url)), text);
  process.stdout.write(text);
}
