// `npx tsx bench/floor.ts [--repeat N]`: the floor for issue 10, what the fastest loop specialised
// to exactly one schema can do on the seed and the request log, bytes already in wasm linear memory,
// warm, one thread, against typed-csv's own core in the same run (bench/results/floor.md).
//
// The loops (bench/floor/*.ts, AssemblyScript, -O3 --noAssert; the SIMD ones --enable simd) know
// their schema and report no errors: (a) a scalar byte loop, (a2, seed) scalar SWAR, (b) a SIMD
// structural pass (positions of delimiters and line ends outside quotes into an array, then a walk
// over them), (c) fused (the masks' set bits taken with ctz as the walk needs them, no positions
// written) and (d) fused with the decimal read by the digit loop instead of SWAR; seed-parts.ts
// times (d)'s steps one by one, untimed for values. Each loop's output must
// equal typed-csv's parseFile of the same file value for value (numbers compared as Number with
// Object.is, strings byte for byte, categories by value) and by bench/checksum.ts's checksums, or
// it is reported as not counting.
//
// Method: each loop gets its own wasm instance with the whole file copied in (untimed) and its
// output arrays in the same linear memory; warm-ups write every output page first (page faults are
// bench/results/page-faults.md's subject, not this one's). Today's core is bench/core.ts's hook, as
// `npm run bench -- --parsers core` times it: parseChunk over 1 MiB windows of the bytes in linear
// memory plus copying each window's values out to full-length JS columns (also pre-touched). Every
// variant is warmed up, then timed REPEAT times round-robin (the order rotating each round); medians
// of wall time (performance.now) and of process CPU time (process.cpuUsage, user + system, which a
// second busy core disturbs less). MB = 10^6 bytes of the whole file, header included.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checksum, compareChecksums } from './checksum.js';
import { coreHook } from './core.js';
import { cpuModel, headCommit, uncommittedChanges } from './provenance.js';
import { typedCsvOutput } from './parsers/typed-csv.js';
import type { ColumnView, ParseInput, ParseOutput, SchemaSpec } from './types.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const OUT = join(ROOT, 'build', 'floor');
const RESULTS = join(BENCH, 'results');
const ASC = join(ROOT, 'node_modules', '.bin', 'asc');
const repeatAt = process.argv.indexOf('--repeat');
const REPEAT = repeatAt >= 0 ? Number(process.argv[repeatAt + 1]) : 9;
const WARM = 3;
/** Issue 10's goals for the core alone, MB/s. */
const TARGET: Record<string, number> = { seed: 1200, requests: 1500 };
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error('--repeat takes a positive integer');
const only = process.argv.includes('--workload') ? process.argv[process.argv.indexOf('--workload') + 1].split(',') : undefined;

const CHUNK_POSITIONS = 65536 + 64 + 16; // the SIMD loops' positions buffer, entries

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const align = (n: number): number => Math.ceil(n / 64) * 64;

// ---------------------------------------------------------------------------------------------
// Building the loops

interface LoopSource {
  name: string;
  simd: boolean;
}
const SOURCES: LoopSource[] = [
  { name: 'seed-scalar', simd: false },
  { name: 'seed-swar', simd: false },
  { name: 'seed-simd', simd: true },
  { name: 'seed-fused', simd: true },
  { name: 'seed-hybrid', simd: true },
  { name: 'seed-parts', simd: true },
  { name: 'requests-scalar', simd: false },
  { name: 'requests-simd', simd: true },
  { name: 'requests-fused', simd: true },
  { name: 'requests-hybrid', simd: true },
];

function compile(src: LoopSource): string {
  const out = join(OUT, `${src.name}.wasm`);
    // The floor's own asconfig.json (the release target's options: -O3, converge, --noAssert, stub
  // runtime), so the package's asconfig.json and its entry file stay out.
  const args = [join('bench', 'floor', `${src.name}.ts`), '--config', join('bench', 'floor', 'asconfig.json'), '-O3', '--noAssert', '--outFile', out];
  if (src.simd) args.push('--enable', 'simd');
  const r = spawnSync(ASC, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`asc ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return out;
}

interface Loop {
  memory: WebAssembly.Memory;
  exports: Record<string, (...a: number[]) => number>;
  base: number;
}

async function instantiate(file: string, bytesNeeded: number): Promise<Loop> {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {
    env: { abort: () => { throw new Error('abort'); } },
  });
  const exports = instance.exports as unknown as Record<string, (...a: number[]) => number> & { memory: WebAssembly.Memory };
  const memory = exports.memory;
  const base = exports.heapStart();
  const need = Math.ceil((base + bytesNeeded) / 65536) - memory.buffer.byteLength / 65536;
  if (need > 0) memory.grow(need);
  return { memory, exports, base };
}

// ---------------------------------------------------------------------------------------------
// Workloads: the loops' memory layout and their outputs as the checksum reads them

interface Variant {
  label: string;
  /** One timed call; returns the rows it reports. */
  run(): number;
  /** The output of the last run, for the checks. */
  output(): ParseOutput;
}

interface Workload {
  name: string;
  file: string;
  schema: SchemaSpec;
  loops: string[];
  /** Partial work, timed in the same rounds but not checked (bench/floor/seed-parts.ts). */
  parts?(bytes: Uint8Array, start: number, rows: number): Promise<Variant[]>;
  setup(loop: Loop, bytes: Uint8Array, start: number, rows: number, name: string): Variant;
}

const values = (v: ArrayLike<unknown>): ColumnView => ({ kind: 'values', values: v });

const seedWorkload: Workload = {
  name: 'seed',
  file: join(tmpdir(), 'typed-csv-seed-10M.csv'),
  schema: { machine: 'i32', duration: 'f64' },
  loops: ['seed-scalar', 'seed-swar', 'seed-simd', 'seed-fused', 'seed-hybrid'],
  async parts(bytes, start, rows) {
    const need = bytes.length * 2 + rows * 48 + (1 << 20);
    const loop = await instantiate(join(OUT, 'seed-parts.wasm'), need);
    const input = loop.base;
    const end = input + bytes.length;
    const ints = align(end + 64);
    const floats = align(ints + rows * 4);
    new Uint8Array(loop.memory.buffer, input, bytes.length).set(bytes);
    new Uint8Array(loop.memory.buffer, end, 64).fill(0);
    const part = (fn: string, label: string): Variant => ({
      label,
      run: () => loop.exports[fn](input + start, end, ints, floats, rows),
      output: () => { throw new Error('a part has no output'); },
    });
    // bench/core.ts's copy-out alone: each ~1 MiB window's values (106k rows here) copied with
    // TypedArray.set into full-length, pre-touched JS columns.
    const jsInts = new Int32Array(rows).fill(0);
    const jsFloats = new Float64Array(rows).fill(0);
    const perWindow = Math.floor(((1 << 20) * rows) / (bytes.length - start));
    return [
      part('memory_', 'memory traffic alone: read every input byte, write every output value'),
      part('masks', 'structural masks of every 64-byte block (quote regions by prefix-XOR), counted'),
      part('positions', '+ each row\'s two positions taken from the masks with ctz'),
      part('ints', '+ the int by SWAR'),
      part('noDivision', '+ the decimal\'s digits by the digit loop, without the division (seed-hybrid adds only that)'),
      {
        label: 'bench/core.ts\'s copy-out alone: 1 MiB windows\' values copied to JS columns with TypedArray.set',
        run: () => {
          for (let r = 0; r < rows; r += perWindow) {
            const n = Math.min(perWindow, rows - r);
            jsInts.set(new Int32Array(loop.memory.buffer, ints, n), r);
            jsFloats.set(new Float64Array(loop.memory.buffer, floats, n), r);
          }
          return rows;
        },
        output: () => { throw new Error('a part has no output'); },
      },
    ];
  },
  setup(loop, bytes, start, rows, name) {
    const input = loop.base;
    const end = input + bytes.length;
    const ints = align(end + 64);
    const floats = align(ints + rows * 4);
    const idx = align(floats + rows * 8);
    new Uint8Array(loop.memory.buffer, input, bytes.length).set(bytes);
    new Uint8Array(loop.memory.buffer, end, 64).fill(0);
    const simd = name.endsWith('simd'); // only these take a positions buffer
    let got = 0;
    return {
      label: name,
      run: () => (got = simd ? loop.exports.run(input + start, end, ints, floats, idx) : loop.exports.run(input + start, end, ints, floats)),
      output: () => ({
        rowCount: got,
        column: (c) => values(c === 'machine' ? new Int32Array(loop.memory.buffer, ints, got) : new Float64Array(loop.memory.buffer, floats, got)),
      }),
    };
  },
};

/** The request loops' fixed method dictionary, in code order. */
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const methodDictionary = (): ColumnView => {
  const enc = METHODS.map((m) => new TextEncoder().encode(m));
  const data = new Uint8Array(enc.reduce((n, e) => n + e.length, 0));
  const offsets = new Int32Array(METHODS.length + 1);
  let at = 0;
  enc.forEach((e, i) => { data.set(e, at); at += e.length; offsets[i + 1] = at; });
  return { kind: 'utf8', length: METHODS.length, data, offsets };
};

const requestsWorkload: Workload = {
  name: 'requests',
  file: join(tmpdir(), 'typed-csv-bench-requests-v1-2M.csv'),
  schema: { ts: 'timestamp', method: 'category', path: 'string', status: 'u16', bytes: 'u32', duration: 'f64', cache_hit: 'bool' },
  loops: ['requests-scalar', 'requests-simd', 'requests-fused', 'requests-hybrid'],
  setup(loop, bytes, start, rows, name) {
    const input = loop.base;
    const end = input + bytes.length;
    const out = align(end + 64);
    const ts = out + 64;
    const method = align(ts + rows * 8);
    const offs = align(method + rows * 4);
    const data = align(offs + (rows + 1) * 4);
    const status = align(data + bytes.length + 64);
    const nbytes = align(status + rows * 2);
    const dur = align(nbytes + rows * 4);
    const hit = align(dur + rows * 8);
    const idx = align(hit + rows);
    const mem = (): ArrayBuffer => loop.memory.buffer;
    new Uint8Array(mem(), input, bytes.length).set(bytes);
    new Uint8Array(mem(), end, 64).fill(0);
    new Uint32Array(mem(), out, 8).set([ts, method, offs, data, status, nbytes, dur, hit]);
    new Int32Array(mem(), offs, 1)[0] = 0;
    const simd = name.endsWith('simd'); // only these take a positions buffer
    const dictionary = methodDictionary();
    let got = 0;
    return {
      label: name,
      run: () => (got = simd ? loop.exports.run(input + start, end, out, idx) : loop.exports.run(input + start, end, out)),
      output: () => ({
        rowCount: got,
        column(c): ColumnView {
          switch (c) {
            case 'ts': return values(new Float64Array(mem(), ts, got));
            case 'method': return { kind: 'dictionary', codes: new Int32Array(mem(), method, got), dictionary };
            case 'path': {
              const offsets = new Int32Array(mem(), offs, got + 1);
              return { kind: 'utf8', length: got, data: new Uint8Array(mem(), data, offsets[got]), offsets };
            }
            case 'status': return values(new Uint16Array(mem(), status, got));
            case 'bytes': return values(new Uint32Array(mem(), nbytes, got));
            case 'duration': return values(new Float64Array(mem(), dur, got));
            case 'cache_hit': return values(new Uint8Array(mem(), hit, got));
            default: throw new Error(`no column ${c}`);
          }
        },
      }),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Checks: every value, not only checksums

function text(v: ColumnView, i: number): string {
  if (v.kind === 'utf8') return Buffer.from(v.data.buffer, v.data.byteOffset + v.offsets[i], v.offsets[i + 1] - v.offsets[i]).toString('latin1');
  if (v.kind === 'dictionary') return text(v.dictionary, v.codes[i]);
  throw new Error('not text');
}

/** The first few differences of got from ref, value by value (empty: identical). */
function exactDiffs(ref: ParseOutput, got: ParseOutput, schema: SchemaSpec): string[] {
  const diffs: string[] = [];
  if (ref.rowCount !== got.rowCount) return [`rows ${got.rowCount} (expected ${ref.rowCount})`];
  for (const name of Object.keys(schema)) {
    const r = ref.column(name);
    const g = got.column(name);
    let bad = 0;
    let first = '';
    if (r.kind === 'values' && g.kind === 'values') {
      for (let i = 0; i < ref.rowCount; i++) {
        const a = Number(r.values[i]);
        const b = Number(g.values[i]);
        if (!Object.is(a, b)) { if (bad++ === 0) first = `row ${i}: ${b} (expected ${a})`; }
      }
    } else if (r.kind === 'utf8' && g.kind === 'utf8') {
      for (let i = 0; i < ref.rowCount; i++) {
        const la = r.offsets[i + 1] - r.offsets[i];
        const lb = g.offsets[i + 1] - g.offsets[i];
        const sa = r.data.subarray(r.offsets[i], r.offsets[i + 1]);
        const sb = g.data.subarray(g.offsets[i], g.offsets[i + 1]);
        if (la !== lb || Buffer.compare(sa, sb) !== 0) { if (bad++ === 0) first = `row ${i}: ${text(g, i)} (expected ${text(r, i)})`; }
      }
    } else {
      for (let i = 0; i < ref.rowCount; i++) {
        const a = text(r, i);
        const b = g.kind === 'dictionary' && g.codes[i] < 0 ? `<code ${g.codes[i]}>` : text(g, i);
        if (a !== b) { if (bad++ === 0) first = `row ${i}: ${b} (expected ${a})`; }
      }
    }
    if (bad > 0) diffs.push(`${name}: ${bad} values differ, first ${first}`);
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------
// The run

interface Row {
  label: string;
  wall: number[];
  cpu: number[];
  diffs: string[];
}

async function measure(w: Workload): Promise<{ rows: Row[]; parts: Row[]; bytes: number; rowCount: number }> {
  const bytes = readFileSync(w.file);
  const start = bytes.indexOf(10) + 1;
  let rowCount = 0;
  for (let i = start; i < bytes.length; i++) if (bytes[i] === 10) rowCount++;
  if (bytes.length > start && bytes[bytes.length - 1] !== 10) rowCount++;
  const names = Object.keys(w.schema);
  const input: ParseInput = { file: w.file, schema: w.schema, header: true, delimiter: ',', names };

  // typed-csv's own parse of the file: the reference every loop must equal.
  const { parseFile } = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as typeof import('../src/index.js');
  const table = await parseFile(w.file, { schema: w.schema as never, header: true, threads: 1 });
  const ref = typedCsvOutput(table as never, input);
  const refSum = checksum(ref, w.schema);
  if (ref.rowCount !== rowCount) throw new Error(`${w.name}: typed-csv gives ${ref.rowCount} rows, the file has ${rowCount}`);

  const variants: Variant[] = [];
  if (!coreHook) throw new Error('bench/core.ts has no coreHook');
  const core = await coreHook(input);
  let coreOut: ParseOutput | undefined;
  variants.push({ label: 'typed-csv core today (bench/core.ts)', run: () => { coreOut = core() as ParseOutput; return coreOut.rowCount; }, output: () => coreOut! });
  for (const name of w.loops.filter((n) => existsSync(join(BENCH, 'floor', `${n}.ts`)))) {
    const wasm = join(OUT, `${name}.wasm`);
    const need = bytes.length * 2 + rowCount * 48 + CHUNK_POSITIONS * 4 + (1 << 20);
    variants.push(w.setup(await instantiate(wasm, need), bytes, start, rowCount, name));
  }
  const loops = variants.length;
  if (w.parts) variants.push(...(await w.parts(bytes, start, rowCount)));
  const rows: Row[] = variants.map((v) => ({ label: v.label, wall: [], cpu: [], diffs: [] }));

  // Warm-ups (they also write every output page), then the checks on the last warm-up's output.
  for (let i = 0; i < WARM; i++) for (const v of variants) v.run();
  variants.slice(0, loops).forEach((v, i) => {
    const out = v.output();
    rows[i].diffs = [...compareChecksums(refSum, checksum(out, w.schema)).map((d) => `checksum: ${d}`), ...exactDiffs(ref, out, w.schema)];
    process.stderr.write(`${w.name} ${v.label}: ${rows[i].diffs.length === 0 ? 'values equal typed-csv\'s' : rows[i].diffs.join('; ')}\n`);
  });

  for (let round = 0; round < REPEAT; round++) {
    for (let j = 0; j < variants.length; j++) {
      const i = (j + round) % variants.length;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const n = variants[i].run();
      const t = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (n !== rowCount) throw new Error(`${w.name} ${variants[i].label}: ${n} rows`);
      rows[i].wall.push(t);
      rows[i].cpu.push((c.user + c.system) / 1000);
    }
    process.stderr.write(`${w.name} round ${round + 1}/${REPEAT}: ${rows.slice(0, loops).map((r) => `${r.label.split(' ')[0]} ${r.wall.at(-1)!.toFixed(1)}`).join(', ')} ms\n`);
  }
  // The timed runs rewrote the outputs: check them again.
  variants.slice(0, loops).forEach((v, i) => {
    const again = compareChecksums(refSum, checksum(v.output(), w.schema));
    if (again.length > 0 && rows[i].diffs.length === 0) rows[i].diffs = again.map((d) => `after timing: ${d}`);
  });
  return { rows: rows.slice(0, loops), parts: rows.slice(loops), bytes: bytes.length, rowCount };
}

if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('no dist/: npm run build first');
mkdirSync(OUT, { recursive: true });
const workloads = [seedWorkload, requestsWorkload].filter((w) => !only || only.includes(w.name));
for (const w of workloads) if (!existsSync(w.file)) throw new Error(`no ${w.file}: npm run bench -- --workload ${w.name} generates it`);
for (const s of SOURCES) if (workloads.some((w) => w.loops.includes(s.name)) && existsSync(join(BENCH, 'floor', `${s.name}.ts`))) compile(s);

const loadStart = loadavg();
const results: { w: Workload; r: Awaited<ReturnType<typeof measure>> }[] = [];
for (const w of workloads) results.push({ w, r: await measure(w) });
const loadEnd = loadavg();

// A worktree's node_modules symlink shows as untracked (.gitignore's `node_modules/` matches only a
// directory); it is not a change to what is measured.
const dirty = uncommittedChanges(ROOT).split('\n').filter((l) => l.trim() !== '' && l !== '?? node_modules').join('\n');
const LABELS: Record<string, string> = {
  scalar: 'floor (a): scalar byte loop',
  swar: 'floor (a2): scalar SWAR, 8 bytes in a u64 (no v128, no per-byte loop)',
  simd: 'floor (b): SIMD structural pass into a positions array, then a walk over it; ints by SWAR, decimal by digit loop',
  fused: 'floor (c): SIMD masks fused with the walk (ctz, no positions array); ints by SWAR, decimal by SWAR',
  hybrid: 'floor (d): as (c), but the decimal by digit loop',
};
const md: string[] = [
  '# The floor: schema-specialised loops against today\'s core (issue 10)',
  '',
  `${new Date().toISOString()} · commit ${headCommit(ROOT)}${dirty ? ' (uncommitted changes)' : ''} · Node ${process.version} · ${cpus().length}-core ${cpuModel()} · ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB · load average ${loadStart.map((x) => x.toFixed(2)).join(' / ')} at the start, ${loadEnd.map((x) => x.toFixed(2)).join(' / ')} at the end · ` +
    `${WARM} warm-ups, then medians of ${REPEAT} runs each, round-robin. From \`npx tsx bench/floor.ts${REPEAT !== 9 ? ` --repeat ${REPEAT}` : ''}\`.`,
  '',
  'Bytes already in wasm linear memory, warm output pages, one thread. MB/s = whole file (10^6 bytes) / median time; ' +
    '"CPU" is the process\'s user + system time over the same call (less disturbed by other work on the second core). ' +
    'Each floor loop is specialised to its one schema and reports no errors (what each handles: the opening comment of bench/floor/*.ts); ' +
    'today\'s core is bench/core.ts\'s hook (1 MiB parseChunk windows plus copying each window\'s values out to JS columns), as `npm run bench -- --parsers core` times it. ' +
    'A row counts only if its values equal typed-csv\'s parseFile of the same file (every value, and the checksums). ' +
    'With other work on the machine the medians move between runs (today\'s core most: its CPU time has ranged 125–250 ms on the seed within one hour here); ' +
    'the best of the runs is the figure least disturbed, so both are given, and the ratios to the core come from the same rounds.',
  '',
];
const min = (xs: number[]): number => Math.min(...xs);
const mbs = (bytes: number, ms: number): string => ((bytes / 1e6) / (ms / 1000)).toFixed(0);
for (const { w, r } of results) {
  const coreWall = median(r.rows[0].wall);
  const coreCpu = median(r.rows[0].cpu);
  md.push(`## ${w.name}: ${(r.bytes / 1e6).toFixed(1)} MB, ${r.rowCount.toLocaleString('en-US')} rows, schema \`${Object.entries(w.schema).map(([k, v]) => `${k}:${v as string}`).join(',')}\``, '');
  md.push(
    '| loop | values | CPU ms, median (best) | **MB/s by CPU time**, median (best) | wall ms, median (best) | MB/s by wall time, median (best) | ns/row (CPU, median) | × core (CPU) | × core (wall) |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const row of r.rows) {
    const wall = median(row.wall);
    const cpu = median(row.cpu);
    const kind = row.label.split('-').at(-1)!;
    const label = LABELS[kind] ? `${LABELS[kind]} (\`${row.label}.ts\`)` : row.label;
    md.push(
      `| ${label} | ${row.diffs.length === 0 ? 'equal' : `**differ: does not count** (${row.diffs.join('; ')})`} | ` +
        `${cpu.toFixed(1)} (${min(row.cpu).toFixed(1)}) | **${mbs(r.bytes, cpu)}** (${mbs(r.bytes, min(row.cpu))}) | ` +
        `${wall.toFixed(1)} (${min(row.wall).toFixed(1)}) | ${mbs(r.bytes, wall)} (${mbs(r.bytes, min(row.wall))}) | ` +
        `${((cpu * 1e6) / r.rowCount).toFixed(1)} | ${(coreCpu / cpu).toFixed(2)} | ${(coreWall / wall).toFixed(2)} |`,
    );
  }
  const target = TARGET[w.name];
  if (target) {
    const floors = r.rows.slice(1).filter((row) => row.diffs.length === 0);
    const best = floors.reduce((a, b) => (median(a.cpu) <= median(b.cpu) ? a : b));
    const bestRun = floors.reduce((a, b) => (min(a.cpu) <= min(b.cpu) ? a : b));
    const needMs = r.bytes / 1e6 / target * 1000;
    md.push(
      '',
      `Issue 10's goal here: ${target} MB/s, i.e. ${needMs.toFixed(1)} ms (${((needMs * 1e6) / r.rowCount).toFixed(1)} ns/row). ` +
        `Fastest floor by median CPU time: \`${best.label}\` at ${mbs(r.bytes, median(best.cpu))} MB/s (${(median(best.cpu) / needMs).toFixed(2)}× the goal's time); ` +
        `fastest single run: \`${bestRun.label}\` at ${mbs(r.bytes, min(bestRun.cpu))} MB/s. ` +
        `Today's core: ${mbs(r.bytes, median(r.rows[0].cpu))} MB/s median, ${mbs(r.bytes, min(r.rows[0].cpu))} best.`,
    );
  }
  md.push('', `CPU ms of each timed run, in run order: ${r.rows.map((row) => `${row.label.split(' ')[0]} ${row.cpu.map((x) => x.toFixed(0)).join(' ')}`).join('; ')}.`, '');
  if (r.parts.length > 0) {
    md.push(
      'Where the hybrid loop\'s time goes: partial loops (`seed-parts.ts`, not parsers, outputs not checked), timed in the same rounds; each step includes the ones above it.',
      '',
      '| partial work | CPU ms, median (best) | MB/s by CPU time, median | ns/row (CPU) | wall ms, median (best) |',
      '|---|--:|--:|--:|--:|',
    );
    for (const row of r.parts) {
      md.push(`| ${row.label} | ${median(row.cpu).toFixed(1)} (${min(row.cpu).toFixed(1)}) | ${mbs(r.bytes, median(row.cpu))} | ${((median(row.cpu) * 1e6) / r.rowCount).toFixed(1)} | ${median(row.wall).toFixed(1)} (${min(row.wall).toFixed(1)}) |`);
    }
    md.push('');
  }
}
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'floor.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
