// Benchmark workloads: deterministic generators (seeded), cached in the OS temp directory.
// Each is shaped like real data of its kind so that no parser's happy path is favoured:
// the seed (short numeric fields), a request log (timestamps, quoted paths with commas and "",
// UTF-8) read once with text columns and once with its real types (timestamp, category, bool),
// wide 17-digit floats, and integers spread over every width's whole range.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultSeedPath,
  ensureGeneratedFile,
  putAscii,
  putInt,
  putPadded,
  putUint,
  rowsLabel,
  Rng,
  seedSpec,
  type EnsureResult,
  type GeneratedFileSpec,
  type GenerateOptions,
} from '../src/cli/seed-data.js';
import type { SchemaSpec } from './types.js';

export interface Workload {
  name: string;
  description: string;
  schema: SchemaSpec;
  rows: { full: number; quick: number };
  spec(rows: number): GeneratedFileSpec;
  path(rows: number): string;
  /** Only these parsers run on it (a file the JavaScript parsers would take minutes and GBs on). */
  parsers?: readonly string[];
}

// Bump when a generator changes so stale cached files are not reused.
const GENERATOR_VERSION = 'v1';

function benchPath(name: string, rows: number): string {
  return join(tmpdir(), `typed-csv-bench-${name}-${GENERATOR_VERSION}-${rowsLabel(rows)}.csv`);
}

// ---------------------------------------------------------------------------------------------

const seed: Workload = {
  name: 'seed',
  description: 'machine,duration — integer 1..1000, seconds with 3 decimals (the reference workload)',
  schema: { machine: 'i32', duration: 'f64' },
  rows: { full: 10_000_000, quick: 1_000_000 },
  spec: (rows) => seedSpec(rows),
  // shared with `npm start`, which caches the same file
  path: (rows) => defaultSeedPath(rows),
};

/**
 * The seed's shape at over 1 GB (105M rows, ~1.04 GB): where threads pay off, measured only on
 * the parsers that can use them and finish in seconds. The same rows as `generate.ts --workload
 * seed --rows 105000000` (same generator and seed), cached under its own name.
 */
const seed1g: Workload = {
  name: 'seed-1g',
  description: 'the seed at over 1 GB: machine,duration for threads (typed-csv 1/2/auto threads, Polars and DuckDB 1/2 threads only)',
  schema: seed.schema,
  rows: { full: 105_000_000, quick: 10_500_000 },
  spec: (rows) => seedSpec(rows),
  path: (rows) => benchPath('seed', rows),
  parsers: ['typed-csv', 'typed-csv-t2', 'typed-csv-auto', 'polars', 'polars-t2', 'duckdb', 'duckdb-t2'],
};

// ---------------------------------------------------------------------------------------------

function pick<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let r = rng.float() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}

const METHODS = [['GET', 70], ['POST', 15], ['PUT', 5], ['DELETE', 4], ['PATCH', 3], ['HEAD', 2], ['OPTIONS', 1]] as const;
const STATUSES = [
  [200, 72], [201, 5], [204, 3], [301, 1], [302, 2], [304, 6], [400, 2], [401, 1.5],
  [403, 1], [404, 4], [429, 0.5], [500, 1], [502, 0.5], [503, 0.5],
] as const;
const WORDS = ['alpha', 'beta', 'csv', 'typed', 'columns', 'wasm', 'node', 'fast', 'memory', 'parse', 'log', 'q3 report'];
const PLACES = ['Zürich', 'São_Paulo', '東京', 'Kraków', 'Москва', 'Reykjavík'];

function requestPath(rng: Rng): string {
  const id = (): number => rng.int(1, 9_999_999);
  const word = (): string => WORDS[rng.int(0, WORDS.length - 1)];
  switch (pick(rng, [[0, 30], [1, 20], [2, 10], [3, 8], [4, 8], [5, 4], [6, 15], [7, 5]] as const)) {
    case 0:
      return `/api/v1/users/${id()}`;
    case 1:
      return `/api/v1/orders/${id()}/items?page=${rng.int(1, 50)}&sort=created_at`;
    case 2:
      return `/search?q=${word()}+${word()}`;
    case 3:
      return `/search?q=${word()},${word()}&lang=en`; // comma inside the quoted field
    case 4:
      return `/api/v1/items?ids=${id()},${id()},${id()}`;
    case 5:
      return `/search?q="${word()} ${word()}"&exact=1`; // doubled quotes in the file
    case 6:
      return `/static/js/app.${rng.u32().toString(16).padStart(8, '0')}.js`;
    default:
      return `/wiki/${PLACES[rng.int(0, PLACES.length - 1)]}`; // multi-byte UTF-8
  }
}

const wide: Workload = {
  name: 'wide',
  description: 'request log — ISO-8601 ts, method, quoted path (commas, "", UTF-8), status, bytes, duration',
  schema: { ts: 'string', method: 'string', path: 'string', status: 'u16', bytes: 'u32', duration: 'f64' },
  rows: { full: 2_000_000, quick: 200_000 },
  path: (rows) => benchPath('wide', rows),
  spec: (rows) => ({
    header: 'ts,method,path,status,bytes,duration',
    rows,
    maxRowBytes: 512,
    makeRowWriter() {
      const rng = new Rng(0x10c);
      const putTimestamp = requestClock(rng);
      return (buf, pos) => {
        pos = putTimestamp(buf, pos);
        buf[pos++] = 44;
        const request = putRequest(rng, buf, pos);
        pos = request.pos;
        buf[pos++] = 10;
        return pos;
      };
    },
  }),
};

/**
 * Request times from 2024-03-01 on, Poisson arrivals (~23 per second), written like toISOString:
 * `YYYY-MM-DDThh:mm:ss.mmmZ`. Returns the writer of the next timestamp.
 */
function requestClock(rng: Rng): (buf: Buffer, pos: number) => number {
  let clock = Date.UTC(2024, 2, 1, 0, 0, 0, 0);
  let dayStart = -Infinity;
  let dayPrefix = '';
  return (buf, pos) => {
    clock += Math.round(-Math.log(1 - rng.float()) * 43);
    if (clock >= dayStart + 86_400_000) {
      const d = new Date(clock);
      dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      dayPrefix = d.toISOString().slice(0, 11); // YYYY-MM-DDT
    }
    let t = clock - dayStart;
    pos = putAscii(buf, pos, dayPrefix);
    const h = Math.floor(t / 3_600_000);
    t -= h * 3_600_000;
    const m = Math.floor(t / 60_000);
    t -= m * 60_000;
    const s = Math.floor(t / 1000);
    pos = putPadded(buf, pos, h, 2);
    buf[pos++] = 58;
    pos = putPadded(buf, pos, m, 2);
    buf[pos++] = 58;
    pos = putPadded(buf, pos, s, 2);
    buf[pos++] = 46;
    pos = putPadded(buf, pos, t - s * 1000, 3);
    buf[pos++] = 90; // Z
    return pos;
  };
}

/** Writes `method,"path",status,bytes,duration` (no line end); what it wrote decides the rest of a row. */
function putRequest(rng: Rng, buf: Buffer, pos: number): { pos: number; method: string; path: string; status: number } {
  const method = pick(rng, METHODS);
  pos = putAscii(buf, pos, method);
  buf[pos++] = 44;
  buf[pos++] = 34;
  const path = requestPath(rng);
  pos += buf.write(path.replace(/"/g, '""'), pos, 'utf8');
  buf[pos++] = 34;
  buf[pos++] = 44;
  const status = pick(rng, STATUSES);
  pos = putUint(buf, pos, status);
  buf[pos++] = 44;
  const bytes =
    status === 204 || status === 304 || method === 'HEAD'
      ? 0
      : Math.min(4294967295, Math.round(Math.exp(Math.log(2048) + 1.5 * rng.normal())));
  pos = putUint(buf, pos, bytes);
  buf[pos++] = 44;
  const micros = Math.round(Math.exp(Math.log(0.025) + 0.9 * rng.normal()) * 1e6);
  const whole = Math.floor(micros / 1e6);
  pos = putUint(buf, pos, whole);
  buf[pos++] = 46;
  pos = putPadded(buf, pos, micros - whole * 1e6, 6);
  return { pos, method, path, status };
}

const requests: Workload = {
  name: 'requests',
  description:
    'request log read with its real types — ISO-8601 ts (ms, Z) as timestamp, method as category, quoted path, ' +
    'status, bytes, duration, cache_hit true/false as bool',
  schema: {
    ts: 'timestamp',
    method: 'category',
    path: 'string',
    status: 'u16',
    bytes: 'u32',
    duration: 'f64',
    cache_hit: 'bool',
  },
  rows: { full: 2_000_000, quick: 200_000 },
  path: (rows) => benchPath('requests', rows),
  spec: (rows) => ({
    header: 'ts,method,path,status,bytes,duration,cache_hit',
    rows,
    maxRowBytes: 512,
    makeRowWriter() {
      const rng = new Rng(0x7e9);
      const putTimestamp = requestClock(rng);
      return (buf, pos) => {
        pos = putTimestamp(buf, pos);
        buf[pos++] = 44;
        const request = putRequest(rng, buf, pos);
        pos = request.pos;
        buf[pos++] = 44;
        // Cacheable answers to reads hit often (static assets most), anything else never.
        const cacheable = (request.method === 'GET' || request.method === 'HEAD') && (request.status === 200 || request.status === 304);
        const hitRate = request.path.startsWith('/static/') ? 0.9 : 0.35;
        pos = putAscii(buf, pos, cacheable && rng.float() < hitRate ? 'true' : 'false');
        buf[pos++] = 10;
        return pos;
      };
    },
  }),
};

// ---------------------------------------------------------------------------------------------

const NUMERIC_COLUMNS = 20;

const numeric: Workload = {
  name: 'numeric',
  description: `${NUMERIC_COLUMNS} f64 columns of 17-significant-digit values (magnitudes 1e-8..1e9, some in exponent form)`,
  schema: Object.fromEntries(Array.from({ length: NUMERIC_COLUMNS }, (_, i) => [`x${String(i + 1).padStart(2, '0')}`, 'f64'])),
  rows: { full: 500_000, quick: 50_000 },
  path: (rows) => benchPath('numeric', rows),
  spec: (rows) => ({
    header: Array.from({ length: NUMERIC_COLUMNS }, (_, i) => `x${String(i + 1).padStart(2, '0')}`).join(','),
    rows,
    maxRowBytes: NUMERIC_COLUMNS * 32,
    makeRowWriter() {
      const rng = new Rng(0xf64);
      // each column has its own scale, like a table of different measurements
      const exps = Array.from({ length: NUMERIC_COLUMNS }, (_, i) => -8 + ((i * 7) % 18));
      return (buf, pos) => {
        for (let c = 0; c < NUMERIC_COLUMNS; c++) {
          if (c > 0) buf[pos++] = 44;
          const v = (rng.float() * 2 - 1) * (1 + rng.float() * 9) * 10 ** exps[c];
          // toPrecision(17) round-trips every double; every 8th column uses exponent form
          const text = c % 8 === 7 ? v.toExponential(16) : v.toPrecision(17);
          pos = putAscii(buf, pos, text);
        }
        buf[pos++] = 10;
        return pos;
      };
    },
  }),
};

// ---------------------------------------------------------------------------------------------

interface IntRange {
  name: string;
  type: 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32' | 'i64' | 'u64';
  min: bigint;
  max: bigint;
}
const INT_RANGES: IntRange[] = [
  { name: 'a_i8', type: 'i8', min: -128n, max: 127n },
  { name: 'b_i16', type: 'i16', min: -32768n, max: 32767n },
  { name: 'c_i32', type: 'i32', min: -2147483648n, max: 2147483647n },
  { name: 'd_u8', type: 'u8', min: 0n, max: 255n },
  { name: 'e_u16', type: 'u16', min: 0n, max: 65535n },
  { name: 'f_u32', type: 'u32', min: 0n, max: 4294967295n },
  { name: 'g_i64', type: 'i64', min: -(2n ** 63n), max: 2n ** 63n - 1n },
  { name: 'h_u64', type: 'u64', min: 0n, max: 2n ** 64n - 1n },
];

/** Uniform over the range half the time, uniform in digit count otherwise, edges 1%. */
function intValue(rng: Rng, r: IntRange): bigint {
  const roll = rng.float();
  if (roll < 0.005) return r.min;
  if (roll < 0.01) return r.max;
  const span = r.max - r.min + 1n;
  if (roll < 0.5) {
    const raw = span > 2n ** 32n ? rng.u64() : BigInt(rng.u32());
    return r.min + (raw % span);
  }
  const maxDigits = r.max.toString().length;
  const digits = rng.int(1, maxDigits);
  let v = BigInt(Math.floor(rng.float() * 10 ** Math.min(digits, 15)));
  if (digits > 15) v = v * 10n ** BigInt(digits - 15) + BigInt(rng.int(0, 10 ** (digits - 15) - 1));
  if (r.min < 0n && rng.float() < 0.5) v = -v;
  return v < r.min ? r.min : v > r.max ? r.max : v;
}

const integers: Workload = {
  name: 'integers',
  description: '8 integer columns i8 i16 i32 u8 u16 u32 i64 u64, values across each whole range',
  schema: Object.fromEntries(INT_RANGES.map((r) => [r.name, r.type])),
  rows: { full: 2_000_000, quick: 200_000 },
  path: (rows) => benchPath('integers', rows),
  spec: (rows) => ({
    header: INT_RANGES.map((r) => r.name).join(','),
    rows,
    maxRowBytes: 160,
    makeRowWriter() {
      const rng = new Rng(0x1a7);
      return (buf, pos) => {
        for (let c = 0; c < INT_RANGES.length; c++) {
          if (c > 0) buf[pos++] = 44;
          const r = INT_RANGES[c];
          const v = intValue(rng, r);
          pos = r.type === 'i64' || r.type === 'u64' ? putAscii(buf, pos, v.toString()) : putInt(buf, pos, Number(v));
        }
        buf[pos++] = 10;
        return pos;
      };
    },
  }),
};

export const WORKLOADS: readonly Workload[] = [seed, wide, requests, numeric, integers, seed1g];

export function findWorkload(name: string): Workload {
  const w = WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`unknown workload "${name}" (known: ${WORKLOADS.map((x) => x.name).join(', ')})`);
  return w;
}

export function ensureWorkload(w: Workload, rows: number, path = w.path(rows), opts: GenerateOptions = {}): EnsureResult {
  return ensureGeneratedFile(path, w.spec(rows), opts);
}
