// What first-touch page faults cost typed-csv, and what transparent huge pages save:
// `npx tsx bench/hugepages.ts [--repeat 5]` runs parseFile on the seed (10M rows) and the typed
// request log (2M rows), on 1 and 2 threads, each in a fresh process with and without
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (glibc ≥ 2.35: malloc asks for transparent huge pages for
// its large blocks, which is where Node puts ArrayBuffers). Interleaved rounds, medians; minor page
// faults are counted around the parse (they do not depend on the machine's load). Writes
// bench/results/hugepages.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureWorkload, findWorkload } from './workloads.js';
import { headCommit, machineLine, uncommittedChanges } from './provenance.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TUNABLE = 'glibc.malloc.hugetlb=1';
const { values } = parseArgs({ options: { repeat: { type: 'string', default: '5' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  process.stdout.write('Usage: npx tsx bench/hugepages.ts [--repeat 5]\n');
  process.exit(0);
}
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat must be a positive integer');
if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('no dist/: run npm run build first (this measures the built package)');

const files = ['seed', 'requests'].map((n) => {
  const w = findWorkload(n);
  return { name: `${n}, ${w.rows.full / 1e6}M rows`, path: ensureWorkload(w, w.rows.full).path, rows: w.rows.full, schema: w.schema };
});

interface Sample { ms: number; faults: number; rssMB: number; rows: number }

function runChild(file: string, schema: object, threads: number, hugePages: boolean): Sample {
  const script = `
    const { init, parseFile } = await import('typed-csv');
    await init();
    const before = process.resourceUsage().minorPageFault;
    const t0 = performance.now();
    const t = await parseFile(${JSON.stringify(file)}, { schema: ${JSON.stringify(schema)}, threads: ${threads} });
    const ms = performance.now() - t0;
    const usage = process.resourceUsage();
    console.log(JSON.stringify({ ms, faults: usage.minorPageFault - before, rssMB: usage.maxRSS / 1024, rows: t.rowCount }));`;
  const env = { ...process.env };
  if (hugePages) env.GLIBC_TUNABLES = TUNABLE;
  else delete env.GLIBC_TUNABLES;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Sample;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const dirty = uncommittedChanges(ROOT);
const header = `Measured by \`npx tsx bench/hugepages.ts --repeat ${repeat}\` at commit ${headCommit(ROOT)}${dirty ? ' (+ uncommitted changes)' : ''} on ${new Date().toISOString().slice(0, 10)} (${machineLine()}; transparent huge pages: ${thpMode()}). Medians of ${repeat} fresh processes per cell, interleaved.`;

function thpMode(): string {
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown (not Linux)';
  }
}

const rows: string[] = [];
for (const { name, path, rows: expected, schema } of files) {
  for (const threads of [1, 2]) {
    const plain: Sample[] = [];
    const huge: Sample[] = [];
    for (let i = 0; i < repeat; i++) {
      // Alternate which goes first, so a drift in load hits both alike.
      const order = i % 2 === 0 ? [false, true] : [true, false];
      for (const hp of order) {
        const s = runChild(path, schema, threads, hp);
        if (s.rows !== expected) throw new Error(`${name}: parsed ${s.rows} rows, expected ${expected}`);
        (hp ? huge : plain).push(s);
      }
      process.stderr.write(`${name}, threads ${threads}: run ${i + 1} of ${repeat}\n`);
    }
    const p = median(plain.map((s) => s.ms));
    const h = median(huge.map((s) => s.ms));
    rows.push(`| ${name} | ${threads} | ${p.toFixed(0)} ms | ${h.toFixed(0)} ms | ${(p / h).toFixed(2)}× | ${median(plain.map((s) => s.faults)).toLocaleString('en-US')} | ${median(huge.map((s) => s.faults)).toLocaleString('en-US')} | ${median(plain.map((s) => s.rssMB)).toFixed(0)} / ${median(huge.map((s) => s.rssMB)).toFixed(0)} MB |`);
  }
}

const md = `## parseFile with and without transparent huge pages

${header}

| file | threads | default | \`GLIBC_TUNABLES=${TUNABLE}\` | speed-up | minor page faults, default | with the tunable | peak RSS, default / tunable |
|---|--:|--:|--:|--:|--:|--:|--:|
${rows.join('\n')}
`;
writeFileSync(join(ROOT, 'bench', 'results', 'hugepages.md'), md);
process.stdout.write(md);
