// Column statistics computed after the timed parse (they allocate sorted copies; peak RSS is read
// before this runs so it does not inflate the parse's memory figure).
import type { ColumnStats, ColumnType, NumericStats, StringStats } from './types.js';

type IntArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;
export type NumberArray = Float64Array | Float32Array | IntArray;

/** Nearest-rank percentile on an ascending array of n valid values. */
function rank(n: number, p: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
}

/**
 * Stats over a numeric column. `valid(i)` says whether slot i holds a value (nullable columns);
 * NaN values are counted and left out of mean/min/max/percentiles.
 */
export function numberStats(
  name: string,
  type: ColumnType,
  values: ArrayLike<number>,
  valid?: (i: number) => boolean,
  unit?: string,
): NumericStats {
  const n = values.length;
  const sorted = new Float64Array(n);
  let m = 0;
  let nulls = 0;
  let nan = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (valid && !valid(i)) {
      nulls++;
      continue;
    }
    const v = values[i];
    if (Number.isNaN(v)) {
      nan++;
      continue;
    }
    sum += v;
    sorted[m++] = v;
  }
  const s = sorted.subarray(0, m).sort(); // typed-array sort is numeric
  const base = { kind: 'number' as const, name, type, count: n - nulls, nulls, nan, ...(unit ? { unit } : {}) };
  if (m === 0) return { ...base, mean: null, min: null, max: null, p50: null, p99: null };
  return { ...base, mean: sum / m, min: s[0], max: s[m - 1], p50: s[rank(m, 50)], p99: s[rank(m, 99)] };
}

/** Exact stats for 64-bit integer columns (extremes and percentiles as decimal strings). */
export function bigintStats(
  name: string,
  type: ColumnType,
  values: BigInt64Array | BigUint64Array | ArrayLike<bigint>,
  valid?: (i: number) => boolean,
): NumericStats {
  const n = values.length;
  const signed = type === 'i64';
  const sorted = signed ? new BigInt64Array(n) : new BigUint64Array(n);
  let m = 0;
  let nulls = 0;
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    if (valid && !valid(i)) {
      nulls++;
      continue;
    }
    const v = values[i];
    sum += v;
    sorted[m++] = v;
  }
  const s = sorted.subarray(0, m).sort();
  const base = { kind: 'number' as const, name, type, count: n - nulls, nulls, nan: 0 };
  if (m === 0) return { ...base, mean: null, min: null, max: null, p50: null, p99: null };
  return {
    ...base,
    mean: Number(sum) / m,
    min: String(s[0]),
    max: String(s[m - 1]),
    p50: String(s[rank(m, 50)]),
    p99: String(s[rank(m, 99)]),
  };
}

const encoder = new TextEncoder();

/** Count, distinct count and UTF-8 byte total of a string column given a value getter. */
export function stringStats(name: string, length: number, get: (i: number) => string | null): StringStats {
  const seen = new Set<string>();
  let nulls = 0;
  let bytes = 0;
  for (let i = 0; i < length; i++) {
    const v = get(i);
    if (v === null) {
      nulls++;
      continue;
    }
    bytes += utf8Length(v);
    seen.add(v);
  }
  return { kind: 'string', name, type: 'string', count: length - nulls, nulls, distinct: seen.size, bytes };
}

function utf8Length(s: string): number {
  // ASCII fast path: most CSV text is ASCII, and encoding every value would double the cost
  let i = 0;
  for (; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) break;
  return i === s.length ? s.length : encoder.encode(s).length;
}

/** Two workers agree when every statistic matches (floats compared exactly: same oracle). */
export function statsEqual(a: ColumnStats[], b: ColumnStats[]): string[] {
  const diffs: string[] = [];
  for (const x of a) {
    const y = b.find((c) => c.name === x.name);
    if (!y) {
      diffs.push(`${x.name}: missing`);
      continue;
    }
    for (const key of Object.keys(x) as (keyof ColumnStats)[]) {
      const vx = (x as unknown as Record<string, unknown>)[key];
      const vy = (y as unknown as Record<string, unknown>)[key];
      if (!Object.is(vx, vy)) diffs.push(`${x.name}.${String(key)}: ${String(vx)} vs ${String(vy)}`);
    }
  }
  return diffs;
}
