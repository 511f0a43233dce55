// Writes the README's command-line benchmark table from bench/results/cli.md (the last full run of
// bench/cli.ts), between <!-- cli-bench:start --> and <!-- cli-bench:end -->, so no figure there is
// typed by hand. bench/cli.ts calls it after a full run; `npx tsx bench/cli-readme.ts` redoes it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START = '<!-- cli-bench:start -->';
const END = '<!-- cli-bench:end -->';

interface Row { tool: string; threads: string; time: string; size?: string }

/** The rows of each "### heading" table under each "## workload" section. */
function tables(md: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  let workload = '';
  let table = '';
  for (const line of md.split('\n')) {
    if (line.startsWith('## ')) workload = line.slice(3).split(':')[0];
    else if (line.startsWith('### ')) table = line.slice(4).startsWith('stats') ? 'stats' : 'parquet';
    else if (line.startsWith('| ') && !line.startsWith('| tool')) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      const key = `${workload} ${table}`;
      out.set(key, [...(out.get(key) ?? []), { tool: cells[0], threads: cells[1], time: cells[2], size: cells[5] }]);
    }
  }
  return out;
}

const seconds = (time: string): number => (/^[\d.]+ s/.test(time) ? parseFloat(time) : Infinity);

export function renderCliTable(md: string): string {
  const header = /(\d{4}-\d{2}-\d{2})T[^,]*, ([^,]+) × (\d+), Node [^,]+, load average at start ([\d.]+)[^,]*, commit ([0-9a-f]+)(.*)\./.exec(md);
  if (!header) throw new Error('bench/results/cli.md has no header line to take the date, machine and commit from');
  if (/uncommitted|Partial run|Quick run/.test(md)) throw new Error('bench/results/cli.md is not a full run at a clean commit; run npx tsx bench/cli.ts on a committed tree');
  const [, date, cpu, cores, load, commit] = header;
  const limit = /stopped after (\d+) s/.exec(md)?.[1] ?? '?';
  const t = tables(md);
  const find = (key: string, tool: string, threads: string) => t.get(key)?.find((r) => r.tool.startsWith(tool) && r.threads === threads);
  const cell = (r: Row | undefined, withSize: boolean) => (r === undefined ? '—' : `${r.time.replace(' (stopped)', '')}${withSize && r.size && r.size !== '—' ? `, ${r.size}` : ''}`);
  const jobs: [string, string, string][] = [
    ['stats, seed (10M rows, 99 MB)', 'seed', 'stats'],
    ['stats, request log (2M rows, 160 MB)', 'wide', 'stats'],
    ['CSV → Parquet, seed', 'seed', 'parquet'],
    ['CSV → Parquet, request log', 'wide', 'parquet'],
  ];
  const lines = [
    `The last full run ([bench/results/cli.md](bench/results/cli.md), ${date}, ${cores}-core ${cpu}, load average ${load} at the start, commit ${commit}, wall time per command including process start-up, medians of 3; Miller and csvstat one run each, stopped after ${limit} s; this table is written from that file by \`bench/cli-readme.ts\`):`,
    '',
    '| job | typed-csv, 1 thread | DuckDB, 1 thread | typed-csv, 2 threads | DuckDB, 2 threads | Miller / csvstat |',
    '| --- | --: | --: | --: | --: | --: |',
  ];
  for (const [label, workload, table] of jobs) {
    const key = `${workload} ${table}`;
    const parquet = table === 'parquet';
    const duck = parquet ? 'DuckDB COPY' : 'DuckDB SUMMARIZE';
    const row = [find(key, 'typed-csv', '1'), find(key, duck, '1'), find(key, 'typed-csv', '2'), find(key, duck, '2')];
    const best = Math.min(...row.map((r) => (r ? seconds(r.time) : Infinity)));
    const cells = row.map((r) => (r && seconds(r.time) === best ? `**${cell(r, parquet).replace(/^([\d.]+ s)/, '$1**')}` : cell(r, parquet)));
    const slow = parquet ? '—' : `${cell(find(key, 'Miller', '1'), false)} / ${cell(find(key, 'csvkit', '1'), false)}`;
    lines.push(`| ${label} | ${cells.join(' | ')} | ${slow} |`);
  }
  return lines.join('\n');
}

export function updateCliReadme(resultsPath = join(ROOT, 'bench', 'results', 'cli.md'), readmePath = join(ROOT, 'README.md')): void {
  const readme = readFileSync(readmePath, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} block`);
  const table = renderCliTable(readFileSync(resultsPath, 'utf8'));
  writeFileSync(readmePath, readme.slice(0, a + START.length) + '\n' + table + '\n' + readme.slice(b));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) updateCliReadme();
