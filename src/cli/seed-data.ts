// Deterministic workload generation: the seed file (`machine,duration`, 10M lines) and a generic
// block writer the benchmark's other workloads reuse. Output is bytes written straight into a
// large Buffer (no per-row strings for the common fields) so 100 MB takes seconds, not minutes.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Small fast PRNG (sfc32) seeded through splitmix32: deterministic across runs and platforms. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      // splitmix32 step: spreads a small seed over all four state words
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 16; i++) this.u32();
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of randomness (enough for workload shapes). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive; hi - lo < 2^32). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** Standard normal deviate (Box–Muller, caching the second value). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform 64-bit pattern as a BigInt (unsigned). */
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
}

/** Writes ASCII digits of a non-negative integer < 2^53 at pos; returns the new position. */
export function putUint(buf: Uint8Array, pos: number, n: number): number {
  if (n < 10) {
    buf[pos] = 48 + n;
    return pos + 1;
  }
  let len = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
  let end = pos + len;
  for (let i = end - 1; i >= pos; i--) {
    const q = Math.floor(n / 10);
    buf[i] = 48 + (n - q * 10);
    n = q;
  }
  return end;
}

/** Writes a signed integer (|n| < 2^53). */
export function putInt(buf: Uint8Array, pos: number, n: number): number {
  if (n < 0) {
    buf[pos++] = 45; // '-'
    return putUint(buf, pos, -n);
  }
  return putUint(buf, pos, n);
}

/** Writes exactly `width` digits (zero padded) of n. */
export function putPadded(buf: Uint8Array, pos: number, n: number, width: number): number {
  for (let i = pos + width - 1; i >= pos; i--) {
    const q = Math.floor(n / 10);
    buf[i] = 48 + (n - q * 10);
    n = q;
  }
  return pos + width;
}

/** Writes an ASCII/Latin-1 string byte by byte (callers only pass ASCII here). */
export function putAscii(buf: Uint8Array, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos + i] = s.charCodeAt(i);
  return pos + s.length;
}

export interface GeneratedFileSpec {
  /** Header line without the newline, or null for no header. */
  header: string | null;
  rows: number;
  /** Upper bound on one row's encoded size in bytes (newline included): sizes the flush check. */
  maxRowBytes: number;
  /** Creates the per-file row writer; called once so state (clock, RNG) lives in the closure. */
  makeRowWriter(): (buf: Buffer, pos: number, row: number) => number;
}

export interface GenerateOptions {
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

const BLOCK = 8 << 20; // 8 MiB blocks: few syscalls, small resident footprint

/**
 * Writes the file to a temporary name beside `path` and renames it into place at the end, so an
 * interrupted run never leaves a half file that a later run would take for a finished one.
 */
export function writeGeneratedFile(path: string, spec: GeneratedFileSpec, opts: GenerateOptions = {}): number {
  const tmp = `${path}.${process.pid}.partial`;
  const fd = openSync(tmp, 'w');
  let total = 0;
  try {
    const buf = Buffer.allocUnsafe(BLOCK + spec.maxRowBytes + 4096);
    let pos = 0;
    if (spec.header !== null) pos = buf.write(spec.header + '\n', 0, 'utf8');
    const writeRow = spec.makeRowWriter();
    const progressEvery = Math.max(1, Math.floor(spec.rows / 200));
    for (let r = 0; r < spec.rows; r++) {
      pos = writeRow(buf, pos, r);
      if (pos >= BLOCK) {
        total += writeAll(fd, buf, pos);
        pos = 0;
      }
      if (opts.onProgress && r % progressEvery === 0) opts.onProgress(r, spec.rows);
    }
    total += writeAll(fd, buf, pos);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
  opts.onProgress?.(spec.rows, spec.rows);
  return total;
}

function writeAll(fd: number, buf: Buffer, len: number): number {
  let off = 0;
  while (off < len) off += writeSync(fd, buf, off, len - off);
  return len;
}

// ---------------------------------------------------------------------------------------------
// The seed workload

export const SEED_ROWS = 10_000_000;
export const SEED_SCHEMA = { machine: 'i32', duration: 'f64' } as const;

/** `10M`, `1M`, `250k`… for file names. */
export function rowsLabel(rows: number): string {
  if (rows % 1_000_000 === 0) return `${rows / 1_000_000}M`;
  if (rows % 1_000 === 0) return `${rows / 1_000}k`;
  return String(rows);
}

export function defaultSeedPath(rows = SEED_ROWS): string {
  return join(tmpdir(), `typed-csv-seed-${rowsLabel(rows)}.csv`);
}

/**
 * The seed rows: machine uniform in 1..1000, duration log-normal with median 45 ms (sigma 0.6),
 * written in seconds with exactly three decimals. Each text is Number()-exact as ms/1000.
 */
export function seedSpec(rows: number, seed = 0x5eed): GeneratedFileSpec {
  return {
    header: 'machine,duration',
    rows,
    maxRowBytes: 40,
    makeRowWriter() {
      const rng = new Rng(seed);
      const mu = Math.log(0.045);
      return (buf, pos) => {
        pos = putUint(buf, pos, rng.int(1, 1000));
        buf[pos++] = 44; // ','
        const ms = Math.round(Math.exp(mu + 0.6 * rng.normal()) * 1000);
        const whole = Math.floor(ms / 1000);
        pos = putUint(buf, pos, whole);
        buf[pos++] = 46; // '.'
        pos = putPadded(buf, pos, ms - whole * 1000, 3);
        buf[pos++] = 10;
        return pos;
      };
    },
  };
}

/** Yields the seed rows as values (same sequence as the file), for tests and cross-checks. */
export function* seedRows(rows: number, seed = 0x5eed): Generator<{ machine: number; duration: string }> {
  const spec = seedSpec(rows, seed);
  const write = spec.makeRowWriter();
  const buf = Buffer.alloc(64);
  for (let r = 0; r < rows; r++) {
    const end = write(buf, 0, r);
    const line = buf.toString('latin1', 0, end - 1);
    const comma = line.indexOf(',');
    yield { machine: Number(line.slice(0, comma)), duration: line.slice(comma + 1) };
  }
}

export interface EnsureResult {
  path: string;
  generated: boolean;
  bytes: number;
}

/** Returns the cached seed file, generating it first when it is absent. */
export function ensureSeedFile(
  path: string = defaultSeedPath(),
  opts: GenerateOptions & { rows?: number } = {},
): EnsureResult {
  return ensureGeneratedFile(path, seedSpec(opts.rows ?? SEED_ROWS), opts);
}

/** Generic cache check + generation for any spec. */
export function ensureGeneratedFile(path: string, spec: GeneratedFileSpec, opts: GenerateOptions = {}): EnsureResult {
  if (existsSync(path)) return { path, generated: false, bytes: statSync(path).size };
  const bytes = writeGeneratedFile(path, spec, opts);
  return { path, generated: true, bytes };
}
