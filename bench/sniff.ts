// The sniffer's accuracy and cost: `npx tsx bench/sniff.ts` writes bench/sniff-corpus.ts's files to a
// temp folder, sniffs each with sniffFile's defaults and counts the columns it got right (type,
// nullable, unit; and per file delimiter and header), then times sniffFile against parseFile on the
// seed file (the cached 10M-row one if present, else a 1M-row one it writes), medians of --repeat
// runs in this one process. Writes bench/results/sniff.md.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseFile, sniffFile } from '../src/index.js';
import { defaultSeedPath, seedSpec, writeGeneratedFile } from '../src/cli/seed-data.js';
import { score, writeCorpus, type FileScore } from './sniff-corpus.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '5' }, file: { type: 'string' }, out: { type: 'string' } } });
const repeat = Number(values.repeat);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dir = join(tmpdir(), `typed-csv-sniff-corpus-${process.pid}`);
  const lines: string[] = [];
  try {
    const files = writeCorpus(dir);
    const scores: FileScore[] = [];
    for (const f of files) scores.push(score(f, await sniffFile(f.path)));
    const right = scores.reduce((a, s) => a + s.right, 0);
    const total = scores.reduce((a, s) => a + s.total, 0);
    lines.push(`## Sniffer accuracy and cost, ${new Date().toISOString()}, Node ${process.version}`, '');
    lines.push(`Corpus: ${files.length} generated files (bench/sniff-corpus.ts), sniffed by \`sniffFile\` with its defaults (20,000 rows, 2 MiB, from 8 places in files larger than that).`, '');
    lines.push(`- **columns right: ${right} of ${total} (${((100 * right) / total).toFixed(1)}%)** (type, nullable and unit all as expected)`);
    lines.push(`- delimiter and quote right: ${scores.filter((s) => s.dialectRight).length} of ${files.length} files`);
    lines.push(`- header right: ${scores.filter((s) => s.headerRight).length} of ${files.length} files`, '');
    lines.push('| file | what it is | rows sampled | columns right | misses |', '|---|---|--:|--:|---|');
    for (const s of scores) lines.push(`| ${s.file.name} | ${s.file.about} | ${s.result.rowsSampled} | ${s.right}/${s.total} | ${s.misses.join('; ').replaceAll('|', '\\|').replaceAll('\n', ' ') || ''} |`);
    lines.push('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Cost against parsing, on the seed.
  let file = values.file ?? defaultSeedPath();
  let made = false;
  if (values.file === undefined && !existsSync(file)) {
    file = join(tmpdir(), `typed-csv-sniff-seed-1M-${process.pid}.csv`);
    writeGeneratedFile(file, seedSpec(1_000_000));
    made = true;
  }
  try {
    const size = statSync(file).size;
    const first = await sniffFile(file);
    await parseFile(file, { schema: first.schema as { machine: 'i32'; duration: 'f64' } }); // warm up, and the sniffed schema parses the whole file
    const sniffMs: number[] = [];
    const parseMs: number[] = [];
    for (let k = 0; k < repeat; k++) {
      sniffMs.push(await time(() => sniffFile(file)));
      parseMs.push(await time(() => parseFile(file, { schema: first.schema as { machine: 'i32'; duration: 'f64' } })));
    }
    const s = median(sniffMs);
    const p = median(parseMs);
    lines.push(`### Cost on ${(size / 1e6).toFixed(1)} MB (${file.includes('10M') ? 'the 10M-row seed' : 'a seed-shaped file'})`, '');
    lines.push(`Sniffed: \`${first.code.replaceAll('\n', ' ')}\` (${first.rowsSampled} rows sampled).`, '');
    lines.push('| step | median ms | |', '|---|--:|---|');
    lines.push(`| sniffFile | ${s.toFixed(1)} | ${((100 * s) / p).toFixed(1)}% of parseFile |`);
    lines.push(`| parseFile with the sniffed schema | ${p.toFixed(1)} | ${(size / 1e6 / (p / 1000)).toFixed(0)} MB/s |`);
    lines.push('', `Medians of ${repeat} runs in one process, on a shared machine (load average ${(await import('node:os')).loadavg()[0].toFixed(1)} at the end): ratios are more telling than times. DuckDB's sniffer takes ~4% of a load.`);
  } finally {
    if (made) rmSync(file, { force: true });
  }

  const text = lines.join('\n') + '\n';
  const out = values.out ?? fileURLToPath(new URL('./results/sniff.md', import.meta.url));
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, text);
  process.stdout.write(text);
}

await main();
