// Column statistics gathered batch by batch (parseBatches), so a file of any size can be summarised.
// Everything is exact except, past the memory budget, the percentiles (then estimated from a
// uniform sample, and flagged) and, past MAX_DISTINCT different values, distinct counts (flagged).
import type { ColumnInfo, Table } from '../../index.js';
import { partsPercentiles } from './radix-select.js';
import { bigPercentiles, countingPercentiles } from './select.js';

/** Most different values a string/category column tracks exactly. */
export const MAX_DISTINCT = 1 << 20;
/** Values per column kept for percentile estimates once the exact values exceed the budget. */
export const SAMPLE_SIZE = 1 << 20;
const TOP = 5;

type NumArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;
type BigArray = BigInt64Array | BigUint64Array;
type Ctor<A> = { new (n: number): A; BYTES_PER_ELEMENT: number };

interface StringColumnLike {
  data: Uint8Array;
  offsets: Int32Array;
  validity?: Uint8Array | undefined;
}
interface CategoryColumnLike {
  codes: Int32Array;
  dictionary: StringColumnLike;
}

export interface ColumnSummary {
  name: string;
  type: string;
  nullable: boolean;
  /** 'number' and 'bigint' columns have mean/stddev/percentiles; 'text' ones distinct/top. */
  kind: 'number' | 'bigint' | 'text';
  /** Non-null values (NaN included). */
  count: number;
  nulls: number;
  /** NaN values of float columns, left out of min/max/mean/percentiles. */
  nan: number;
  min: number | bigint | string | null;
  max: number | bigint | string | null;
  mean: number | null;
  /** Sample standard deviation (n − 1). */
  stddev: number | null;
  p50: number | bigint | null;
  p99: number | bigint | null;
  /** False when p50/p99 are estimates from a sample (the values did not fit the memory budget). */
  percentilesExact: boolean;
  distinct: number | null;
  distinctExact: boolean;
  top: { value: string; count: number }[] | null;
}

/** Shared budget for the values kept for exact percentiles, across columns. */
export class MemoryBudget {
  used = 0;
  constructor(readonly limit: number) {}
}

interface Accumulator {
  add(table: Table, info: ColumnInfo, validity: Uint8Array | undefined): void;
  /** Drops the exact values for a sample, when the budget runs out. */
  toSample(): void;
  finish(info: ColumnInfo): ColumnSummary;
}

/** Summaries of every column of the batches fed to `add`. */
export class TableSummary {
  private accs = new Map<string, Accumulator>();
  private sampling = false;
  rows = 0;
  constructor(private readonly budget: MemoryBudget) {}

  add(batch: Table): void {
    this.rows += batch.rowCount;
    for (const info of batch.schema) {
      const column = (batch.columns as Record<string, unknown>)[info.name];
      let acc = this.accs.get(info.name);
      if (!acc) {
        acc = makeAccumulator(column, this.budget);
        if (this.sampling) acc.toSample();
        this.accs.set(info.name, acc);
      }
      const validity = (batch.validity as Record<string, Uint8Array | undefined>)[info.name];
      acc.add(batch, info, validity);
    }
    if (!this.sampling && this.budget.used > this.budget.limit) {
      this.sampling = true;
      for (const acc of this.accs.values()) acc.toSample();
    }
  }

  /** True once percentiles are estimates. */
  get sampled(): boolean {
    return this.sampling;
  }

  finish(schema: readonly ColumnInfo[]): ColumnSummary[] {
    return schema.map((info) => {
      const acc = this.accs.get(info.name);
      if (acc) return acc.finish(info);
      const t: string = info.type;
      const kind = t === 'string' || t === 'category' ? 'text' : t === 'i64' || t === 'u64' ? 'bigint' : 'number';
      return empty(info, kind);
    });
  }
}

function empty(info: ColumnInfo, kind: ColumnSummary['kind']): ColumnSummary {
  return {
    name: info.name, type: info.type, nullable: info.nullable, kind, count: 0, nulls: 0, nan: 0, min: null, max: null,
    mean: null, stddev: null, p50: null, p99: null, percentilesExact: true, distinct: kind === 'text' ? 0 : null, distinctExact: true, top: kind === 'text' ? [] : null,
  };
}

function makeAccumulator(column: unknown, budget: MemoryBudget): Accumulator {
  if (column instanceof BigInt64Array || column instanceof BigUint64Array) return new BigAcc(budget, column.constructor as Ctor<BigArray>);
  if (ArrayBuffer.isView(column)) return new NumberAcc(budget, column.constructor as Ctor<NumArray>);
  const c = column as Partial<CategoryColumnLike & StringColumnLike>;
  if (c && c.codes instanceof Int32Array && c.dictionary) return new TextAcc();
  if (c && c.offsets instanceof Int32Array && c.data instanceof Uint8Array) return new TextAcc();
  throw new Error(`stats: no summary for a column of ${Object.prototype.toString.call(column)}`);
}

const valid = (bits: Uint8Array | undefined, i: number): boolean => bits === undefined || (bits[i >> 3] & (1 << (i & 7))) !== 0;

/** Chan et al.'s merge of (n, mean, M2) pairs: stable where a running sum of squares is not. */
function merge(a: { n: number; mean: number; m2: number }, n: number, mean: number, m2: number): void {
  if (n === 0) return;
  const total = a.n + n;
  const delta = mean - a.mean;
  a.mean += (delta * n) / total;
  a.m2 += m2 + (delta * delta * a.n * n) / total;
  a.n = total;
}

/** Keeps every value (for exact percentiles) until told to keep a uniform sample instead. */
class Keeper<A extends NumArray | BigArray> {
  private parts: A[] = [];
  private sample: A | undefined;
  private seen = 0;
  constructor(private readonly ctor: Ctor<A>, private readonly budget: MemoryBudget) {}

  keep(values: A): void {
    if (this.sample) {
      for (let i = 0; i < values.length; i++) this.offer(values[i]);
      return;
    }
    this.parts.push(values);
    this.budget.used += values.byteLength;
  }

  /** Reservoir sampling (Vitter's algorithm R) over the kept values and everything after. */
  toSample(): void {
    if (this.sample) return;
    this.sample = new this.ctor(SAMPLE_SIZE);
    const parts = this.parts;
    this.parts = [];
    for (const p of parts) {
      this.budget.used -= p.byteLength;
      for (let i = 0; i < p.length; i++) this.offer(p[i]);
    }
  }

  private offer(v: number | bigint): void {
    const s = this.sample!;
    if (this.seen < s.length) s[this.seen] = v;
    else {
      const j = Math.floor(Math.random() * (this.seen + 1));
      if (j < s.length) s[j] = v;
    }
    this.seen++;
  }

  get exact(): boolean {
    return this.sample === undefined;
  }

  /** The kept values (or the sample) as they were kept, in parts; released from the budget. */
  takeParts(): A[] {
    if (this.sample) return [this.sample.subarray(0, Math.min(this.seen, this.sample.length)) as A];
    const parts = this.parts;
    for (const p of parts) this.budget.used -= p.byteLength;
    this.parts = [];
    return parts;
  }

  /** All kept values (or the sample) in one array; the parts are released. */
  take(): A {
    if (this.sample) return this.sample.subarray(0, Math.min(this.seen, this.sample.length)) as A;
    let n = 0;
    for (const p of this.parts) n += p.length;
    const all = new this.ctor(n);
    let at = 0;
    for (const p of this.parts) {
      (all as unknown as { set(a: A, o: number): void }).set(p, at);
      at += p.length;
    }
    for (const p of this.parts) this.budget.used -= p.byteLength;
    this.parts = [];
    return all;
  }
}

class NumberAcc implements Accumulator {
  private moments = { n: 0, mean: 0, m2: 0 };
  private count = 0;
  private nulls = 0;
  private nan = 0;
  private min = Infinity;
  private max = -Infinity;
  private keeper: Keeper<NumArray>;
  constructor(budget: MemoryBudget, private readonly ctor: Ctor<NumArray>) {
    this.keeper = new Keeper(ctor, budget);
  }

  add(batch: Table, info: ColumnInfo, bits: Uint8Array | undefined): void {
    const col = (batch.columns as Record<string, NumArray>)[info.name];
    const n = batch.rowCount;
    this.count += n;
    // First pass: extremes, sum, and whether any slot is null or NaN.
    let sum = 0;
    let min = this.min;
    let max = this.max;
    let skipped = 0;
    if (bits === undefined) {
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
      // NaN fails both comparisons and poisons the sum: look for it only then
      if (sum !== sum) for (let i = 0; i < n; i++) if (col[i] !== col[i]) skipped++;
      if (skipped > 0) {
        sum = 0;
        for (let i = 0; i < n; i++) if (col[i] === col[i]) sum += col[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if ((bits[i >> 3] & (1 << (i & 7))) === 0 || v !== v) {
          skipped++;
          continue;
        }
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
    }
    this.min = min;
    this.max = max;
    // The batch's arrays are ours to keep: without nulls or NaN the column is kept as it is.
    let values = col;
    if (skipped > 0) {
      values = new this.ctor(n - skipped);
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (bits !== undefined && (bits[i >> 3] & (1 << (i & 7))) === 0) this.nulls++;
        else if (v !== v) this.nan++;
        else values[m++] = v;
      }
    }
    const m = values.length;
    if (m === 0) return;
    const mean = sum / m;
    let m2 = 0;
    for (let i = 0; i < m; i++) {
      const d = values[i] - mean;
      m2 += d * d;
    }
    merge(this.moments, m, mean, m2);
    this.keeper.keep(values);
  }

  toSample(): void {
    this.keeper.toSample();
  }

  finish(info: ColumnInfo): ColumnSummary {
    const s = empty(info, 'number');
    const parts = this.keeper.takeParts();
    s.count = this.count - this.nulls;
    s.nulls = this.nulls;
    s.nan = this.nan;
    s.percentilesExact = this.keeper.exact;
    if (this.moments.n === 0) return s;
    const [p50, p99] = percentilesOf(parts, { min: this.min, max: this.max });
    Object.assign(s, {
      min: this.min,
      max: this.max,
      mean: this.moments.mean,
      stddev: this.moments.n > 1 ? Math.sqrt(this.moments.m2 / (this.moments.n - 1)) : null,
      p50,
      p99,
    });
    return s;
  }
}

class BigAcc implements Accumulator {
  private moments = { n: 0, mean: 0, m2: 0 };
  private sum = 0n;
  private count = 0;
  private nulls = 0;
  private min: bigint | null = null;
  private max: bigint | null = null;
  private keeper: Keeper<BigArray>;
  constructor(budget: MemoryBudget, private readonly ctor: Ctor<BigArray>) {
    this.keeper = new Keeper(ctor, budget);
  }

  add(batch: Table, info: ColumnInfo, bits: Uint8Array | undefined): void {
    const col = (batch.columns as Record<string, BigArray>)[info.name];
    const n = batch.rowCount;
    const kept = new this.ctor(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (!valid(bits, i)) {
        this.nulls++;
        continue;
      }
      kept[m++] = col[i];
    }
    this.count += n;
    if (m === 0) return;
    const values = m === n ? kept : kept.slice(0, m);
    // Exact sum in BigInt, added up in doubles first where that is exact (|v| < 2^53 over a few
    // thousand values), so the BigInt work is per block, not per value.
    let sum = 0n;
    let min = values[0];
    let max = values[0];
    const BLOCK = 512;
    for (let b = 0; b < m; b += BLOCK) {
      let partial = 0;
      let exactBlock = true;
      const end = Math.min(m, b + BLOCK);
      for (let i = b; i < end; i++) {
        const v = values[i];
        if (v < min) min = v;
        if (v > max) max = v;
        if (exactBlock) {
          const d = Number(v);
          if (d > 9e12 || d < -9e12) exactBlock = false;
          else partial += d;
        }
      }
      if (exactBlock) sum += BigInt(partial);
      else for (let i = b; i < end; i++) sum += BigInt(values[i]);
    }
    this.sum += sum;
    if (this.min === null || min < this.min) this.min = min;
    if (this.max === null || max > this.max) this.max = max;
    const mean = Number(sum) / m;
    let m2 = 0;
    for (let i = 0; i < m; i++) {
      const d = Number(values[i]) - mean;
      m2 += d * d;
    }
    merge(this.moments, m, mean, m2);
    this.keeper.keep(values);
  }

  toSample(): void {
    this.keeper.toSample();
  }

  finish(info: ColumnInfo): ColumnSummary {
    const s = empty(info, 'bigint');
    const values = this.keeper.take();
    s.count = this.count - this.nulls;
    s.nulls = this.nulls;
    s.percentilesExact = this.keeper.exact;
    if (this.moments.n === 0) return s;
    const [p50, p99] = bigPercentiles(values, [50, 99]);
    Object.assign(s, {
      min: this.min,
      max: this.max,
      mean: Number(this.sum) / this.moments.n,
      stddev: this.moments.n > 1 ? Math.sqrt(this.moments.m2 / (this.moments.n - 1)) : null,
      p50,
      p99,
    });
    return s;
  }
}

const utf8 = new TextDecoder();

/**
 * Strings and categories: counts per distinct value. Keys are the raw bytes read as Latin-1 (one
 * char per byte, so equal bytes ⇔ equal keys and key order = byte order = code point order),
 * decoded as UTF-8 only for the values shown.
 */
class TextAcc implements Accumulator {
  private counts = new Map<string, number>();
  private count = 0;
  private nulls = 0;
  private overflow = false;
  private min: string | null = null;
  private max: string | null = null;

  add(batch: Table, info: ColumnInfo, bits: Uint8Array | undefined): void {
    const col = (batch.columns as Record<string, unknown>)[info.name] as Partial<CategoryColumnLike> & StringColumnLike;
    const n = batch.rowCount;
    this.count += n;
    if (col.codes instanceof Int32Array && col.dictionary) {
      const dict = col.dictionary;
      const perCode = new Float64Array(dict.offsets.length - 1);
      for (let i = 0; i < n; i++) {
        if (!valid(bits, i) || col.codes[i] < 0) this.nulls++;
        else perCode[col.codes[i]]++;
      }
      const bytes = Buffer.from(dict.data.buffer, dict.data.byteOffset, dict.data.byteLength);
      for (let c = 0; c < perCode.length; c++) {
        if (perCode[c] > 0) this.tally(bytes.toString('latin1', dict.offsets[c], dict.offsets[c + 1]), perCode[c]);
      }
      return;
    }
    const bitsOrOwn = bits ?? col.validity;
    const bytes = Buffer.from(col.data.buffer, col.data.byteOffset, col.data.byteLength);
    const offsets = col.offsets;
    for (let i = 0; i < n; i++) {
      if (!valid(bitsOrOwn, i)) {
        this.nulls++;
        continue;
      }
      this.tally(bytes.toString('latin1', offsets[i], offsets[i + 1]), 1);
    }
  }

  private tally(key: string, k: number): void {
    const had = this.counts.get(key);
    if (had !== undefined) this.counts.set(key, had + k);
    else if (this.counts.size < MAX_DISTINCT) this.counts.set(key, k);
    else this.overflow = true;
    if (this.min === null || key < this.min) this.min = key;
    if (this.max === null || key > this.max) this.max = key;
  }

  toSample(): void {}

  finish(info: ColumnInfo): ColumnSummary {
    const s = empty(info, 'text');
    s.count = this.count - this.nulls;
    s.nulls = this.nulls;
    s.distinct = this.counts.size;
    s.distinctExact = !this.overflow;
    const decode = (key: string): string => utf8.decode(Buffer.from(key, 'latin1'));
    s.min = this.min === null ? null : decode(this.min);
    s.max = this.max === null ? null : decode(this.max);
    // The TOP largest counts in one pass; ties go to the smaller value (by bytes) for stable output.
    const top: [string, number][] = [];
    for (const entry of this.counts) {
      if (top.length === TOP && !better(entry, top[TOP - 1])) continue;
      let at = top.length === TOP ? TOP - 1 : top.length;
      top[at] = entry;
      while (at > 0 && better(top[at], top[at - 1])) {
        [top[at], top[at - 1]] = [top[at - 1], top[at]];
        at--;
      }
    }
    s.top = top.map(([key, count]) => ({ value: decode(key), count }));
    return s;
  }
}

function better(a: [string, number], b: [string, number]): boolean {
  return a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
}

/** p50 and p99: a counting pass for integers in a narrow range, else radix selection. */
function percentilesOf(parts: NumArray[], range: { min: number; max: number }): number[] {
  const integers = parts.length > 0 && !(parts[0] instanceof Float64Array || parts[0] instanceof Float32Array);
  let n = 0;
  for (const p of parts) n += p.length;
  if (integers && range.max - range.min <= Math.max(1 << 16, n)) return countingPercentiles(parts, [50, 99], range.min, range.max);
  return partsPercentiles(parts, [50, 99], range.min, range.max);
}
