// `npm start` / `typed-csv [FILE]`: parse a CSV file into typed columns, report speed, memory and
// column statistics, and put a plain JavaScript reader beside it. Each parser runs in a child
// process so that peak RSS belongs to that parser alone.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatSchema, parseCli, USAGE, UsageError, type CliOptions } from './args.js';
import { fmtInt, fmtMB, fmtRatio, fmtSeconds, fmtStat, renderTable } from './format.js';
import { createProgress } from './progress.js';
import { defaultSeedPath, ensureSeedFile, SEED_ROWS, SEED_SCHEMA } from './seed-data.js';
import { sniffSchema } from './sniff.js';
import { statsEqual } from './stats.js';
import type { ColumnStats, SchemaSpec, WorkerRequest, WorkerResult } from './types.js';

const NAIVE_LABEL = 'plain JS';

async function main(argv: string[]): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`typed-csv: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const out: string[] = [];
  let file: string;
  let schema: SchemaSpec;
  let scale: WorkerRequest['scale'];
  let guessed = false;
  if (opts.file === undefined) {
    const rows = opts.rows ?? SEED_ROWS;
    const path = defaultSeedPath(rows);
    const progress = createProgress(`generating seed workload (${fmtInt(rows)} lines)`);
    const seed = ensureSeedFile(path, { rows, onProgress: (d, t) => progress.update(d, t) });
    if (seed.generated) progress.done(`${fmtMB(seed.bytes)} written to ${path}`);
    file = path;
    schema = { ...SEED_SCHEMA };
    // the seed's durations are seconds; its users read them in milliseconds
    scale = { column: 'duration', factor: 1000, unit: 'ms' };
    out.push(`Seed workload: ${fmtInt(rows)} lines "machine,duration" (cached; delete the file to regenerate)`);
  } else {
    file = opts.file;
    try {
      if (!statSync(file).isFile()) throw new Error('not a regular file');
    } catch (err) {
      process.stderr.write(`typed-csv: cannot read ${file}: ${(err as Error).message}\n`);
      return 1;
    }
    if (opts.schema) schema = opts.schema;
    else {
      const guess = sniffSchema(file, opts.header, opts.delimiter);
      schema = guess.schema;
      guessed = true;
      if (Object.keys(schema).length === 0) {
        process.stderr.write(`typed-csv: ${file} looks empty; pass --schema\n`);
        return 1;
      }
      out.push(`Schema guessed from the first ${fmtInt(guess.sampledRows)} rows (pass --schema to set it):`);
    }
  }
  const bytes = statSync(file).size;
  out.push(`file     ${file} (${fmtMB(bytes)})`, `schema   ${formatSchema(schema)}`, '');
  process.stdout.write(out.join('\n') + '\n');

  const request: WorkerRequest = {
    file,
    schema,
    header: opts.header,
    delimiter: opts.delimiter,
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(scale ? { scale } : {}),
    // a bar only where the parse takes long enough to watch; it costs a callback per chunk
    ...(bytes >= 256e6 ? { progress: true } : {}),
  };

  const typed = await runWorker('worker-typed.js', request, 'typed-csv');
  if (!typed.ok) {
    process.stderr.write(`typed-csv: ${typed.error.message}\n`);
    if (guessed) process.stderr.write(`(the schema above was guessed from the first rows; pass --schema to set it)\n`);
    return 1;
  }
  const naive = opts.compare ? await runWorker('worker-naive.js', request, NAIVE_LABEL) : undefined;

  process.stdout.write(report(bytes, typed, naive) + '\n');
  return 0;
}

type OkResult = Extract<WorkerResult, { ok: true }>;

function report(bytes: number, typed: OkResult, naive: WorkerResult | undefined): string {
  const lines: string[] = [];
  const mbps = (r: OkResult): string => `${fmtInt(bytes / 1e6 / (r.parseMs / 1000))} MB/s`;
  const header = ['', 'typed-csv'];
  const rows: string[][] = [
    ['rows', fmtInt(typed.rows)],
    ['parse time', fmtSeconds(typed.parseMs)],
    ['throughput', mbps(typed)],
    ['peak RSS', `${fmtInt(typed.peakRssMB)} MB`],
  ];
  if (naive) {
    header.push(NAIVE_LABEL);
    if (naive.ok) {
      rows[0].push(fmtInt(naive.rows));
      rows[1].push(fmtSeconds(naive.parseMs));
      rows[2].push(mbps(naive));
      rows[3].push(`${fmtInt(naive.peakRssMB)} MB`);
    } else {
      for (const r of rows) r.push(r === rows[0] ? 'failed' : '—');
    }
  }
  lines.push(renderTable(header, rows), '');
  if (naive) lines.push(`  ${NAIVE_LABEL}: readFileSync as one string, split lines, split fields, row objects of strings, Number() afterwards.`);
  lines.push(`  Peak RSS is each process's own, including Node itself (about ${fmtInt(typed.baseRssMB)} MB before reading).`);
  if (naive && !naive.ok) lines.push(`  ${NAIVE_LABEL} failed: ${naive.error.message}`);
  if (naive?.ok) {
    const speed = naive.parseMs / typed.parseMs;
    const mem = naive.peakRssMB / typed.peakRssMB;
    lines.push(
      `  typed-csv vs ${NAIVE_LABEL}: ${compare(speed, 'faster', 'slower', 'about as fast')}, ` +
        `${compare(mem, 'less memory', 'more memory', 'about the same memory')}.`,
    );
  }
  lines.push('', statsTable(typed.stats), '');
  if (naive?.ok) {
    const diffs = statsEqual(typed.stats, naive.stats);
    if (naive.rows !== typed.rows) diffs.unshift(`rows: ${typed.rows} vs ${naive.rows}`);
    lines.push(
      diffs.length === 0
        ? `  ${NAIVE_LABEL} produced the same values: every statistic above matches. ✓`
        : `  ${NAIVE_LABEL} disagrees (${diffs.length} differences): ${diffs.slice(0, 5).join('; ')}`,
    );
  }
  return lines.join('\n');
}

/** "12× faster" / "1.5× slower" / "about the same speed" for a ratio theirs/ours. */
function compare(ratio: number, better: string, worse: string, same: string): string {
  if (ratio > 0.95 && ratio < 1.05) return same;
  return ratio >= 1 ? `${fmtRatio(ratio)} ${better}` : `${fmtRatio(1 / ratio)} ${worse}`;
}

function statsTable(stats: ColumnStats[]): string {
  const numeric = stats.filter((s) => s.kind === 'number');
  const strings = stats.filter((s) => s.kind === 'string');
  const parts: string[] = [];
  if (numeric.length > 0) {
    const anyNulls = numeric.some((s) => s.nulls > 0 || s.nan > 0);
    const header = ['column', 'type', 'count', 'mean', 'min', 'max', 'p50', 'p99'];
    if (anyNulls) header.push('nulls', 'NaN');
    const rows = numeric.map((s) => {
      const row = [
        s.unit ? `${s.name} (${s.unit})` : s.name,
        s.type,
        fmtInt(s.count),
        fmtStat(s.mean),
        fmtStat(s.min),
        fmtStat(s.max),
        fmtStat(s.p50),
        fmtStat(s.p99),
      ];
      if (anyNulls) row.push(fmtInt(s.nulls), fmtInt(s.nan));
      return row;
    });
    parts.push(renderTable(header, rows));
  }
  if (strings.length > 0) {
    const rows = strings.map((s) => [s.name, s.type, fmtInt(s.count), fmtInt(s.distinct), fmtMB(s.bytes), fmtInt(s.nulls)]);
    parts.push(renderTable(['column', 'type', 'count', 'distinct', 'UTF-8', 'nulls'], rows));
  }
  return parts.join('\n\n');
}

/** Runs one worker script from this folder and returns its JSON line (or a failure it describes). */
function runWorker(script: string, request: WorkerRequest, label: string): Promise<WorkerResult> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  // Let string-heavy readers use the memory they need instead of dying at V8's default heap cap:
  // the point is to measure what they cost.
  const heapMB = Math.max(4096, Math.min(16384, Math.floor((totalmem() / 2 ** 20) * 0.6)));
  const tty = process.stderr.isTTY === true;
  process.stderr.write(tty ? `running ${label}…` : `running ${label}…\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMB}`, path, JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const bar = request.progress ? createProgress(`parsing with ${label}`, { unit: 'bytes' }) : undefined;
    let partial = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^@progress (\d+) (\d+)$/.exec(line);
        if (m) bar?.update(Number(m[1]), Number(m[2]));
        else stderr = (stderr + line + '\n').slice(-4000); // a crash (heap OOM) prints a long trace; keep the end
      }
    });
    const finish = (result: WorkerResult): void => {
      if (bar && result.ok) bar.done();
      else if (tty) process.stderr.write('\r\x1b[2K');
      resolve(result);
    };
    child.on('error', (err) => finish({ ok: false, error: { name: 'Error', message: err.message } }));
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        return finish(JSON.parse(last) as WorkerResult);
      } catch {
        const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
        const hint = /heap out of memory/i.test(stderr) ? ' (JavaScript heap out of memory)' : '';
        stderr += partial;
        const tail = stderr.trim().split('\n').slice(-1)[0] ?? '';
        finish({ ok: false, error: { name: 'Error', message: `${label} ${why}${hint}${tail && !hint ? `: ${tail}` : ''}` } });
      }
    });
  });
}

export { main as runDemo };
