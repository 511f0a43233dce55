// Column statistics gathered batch by batch (parseBatches), so a file of any size can be summarised.
// Everything is exact except, past the memory budget, the percentiles (then estimated from a
// uniform sample, and flagged) and, past MAX_DISTINCT different values, distinct counts (flagged).
import type { ColumnInfo, Table } from '../../index.js';
import { compareBytes, DistinctBytes, type DistinctOptions } from '../distinct-bytes.js';
import { FewValues } from './few-values.js';
import { OrderedMoments, type Moments } from './moments.js';
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
  /**
   * `distinct` sets the text columns' hash tables (tests force a small limit, tiny tables, collisions).
   * `reusedBatches`: a batch's arrays are handed back after `add` (parseBatches' reuseBuffers), so
   * values kept for percentiles are copied out of them.
   */
  constructor(private readonly budget: MemoryBudget, private readonly distinct: DistinctOptions = {}, private readonly reusedBatches = false) {}

  add(batch: Table): void {
    this.rows += batch.rowCount;
    for (const info of batch.schema) {
      const column = (batch.columns as Record<string, unknown>)[info.name];
      let acc = this.accs.get(info.name);
      if (!acc) {
        acc = makeAccumulator(column, this.budget, this.distinct, this.reusedBatches);
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

function makeAccumulator(column: unknown, budget: MemoryBudget, distinct: DistinctOptions, reusedBatches: boolean): Accumulator {
  if (column instanceof BigInt64Array || column instanceof BigUint64Array) return new BigAcc(budget, column.constructor as Ctor<BigArray>);
  if (ArrayBuffer.isView(column)) return new NumberAcc(budget, column.constructor as Ctor<NumArray>, reusedBatches);
  const c = column as Partial<CategoryColumnLike & StringColumnLike>;
  if (c && c.codes instanceof Int32Array && c.dictionary) return new TextAcc(distinct);
  if (c && c.offsets instanceof Int32Array && c.data instanceof Uint8Array) return new TextAcc(distinct);
  throw new Error(`stats: no summary for a column of ${Object.prototype.toString.call(column)}`);
}

const valid = (bits: Uint8Array | undefined, i: number): boolean => bits === undefined || (bits[i >> 3] & (1 << (i & 7))) !== 0;

/**
 * Keeps every value (for exact percentiles) until told to keep a uniform sample instead, and the
 * moments of every value given, in file order (from the kept values at the end, or folded in as
 * they come once sampling).
 */
class Keeper<A extends NumArray | BigArray> {
  private parts: A[] = [];
  private sample: A | undefined;
  private seen = 0;
  /** Once sampling: the moments of every value so far, in file order. */
  private sampled: OrderedMoments | undefined;
  constructor(private readonly ctor: Ctor<A>, private readonly budget: MemoryBudget) {}

  keep(values: A): void {
    if (this.sample) {
      this.sampled!.add(values);
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
    this.sampled = new OrderedMoments();
    const parts = this.parts;
    this.parts = [];
    for (const p of parts) {
      this.sampled.add(p);
      this.budget.used -= p.byteLength;
      for (let i = 0; i < p.length; i++) this.offer(p[i]);
    }
  }

  /** Count, mean and M2 of every value given, in file order; call before takeParts/take. */
  moments(): Moments {
    if (this.sampled) return this.sampled.finish();
    const ordered = new OrderedMoments();
    for (const p of this.parts) ordered.add(p);
    return ordered.finish();
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
  private count = 0;
  private nulls = 0;
  private nan = 0;
  private min = Infinity;
  private max = -Infinity;
  private keeper: Keeper<NumArray>;
  /** Counts per value while the column has few (then nothing is kept); undefined once it has more. */
  private few: FewValues | undefined = new FewValues();
  constructor(budget: MemoryBudget, private readonly ctor: Ctor<NumArray>, private readonly reusedBatches: boolean) {
    this.keeper = new Keeper(ctor, budget);
  }

  add(batch: Table, info: ColumnInfo, bits: Uint8Array | undefined): void {
    const col = (batch.columns as Record<string, NumArray>)[info.name];
    const n = batch.rowCount;
    this.count += n;
    // First pass: extremes, and whether any slot is null or NaN (mean and stddev come at the end).
    let min = this.min;
    let max = this.max;
    let skipped = 0;
    if (bits === undefined) {
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (v < min) min = v;
        if (v > max) max = v;
        if (v !== v) skipped++;
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
      }
    }
    this.min = min;
    this.max = max;
    // Without nulls or NaN the column is taken as it is.
    let values = col.subarray(0, n) as NumArray;
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
    if (values.length === 0) return;
    if (this.few) {
      const counted = this.few.add(values);
      if (counted === values.length) return;
      // The column has many values after all: what was counted is kept as values, then the rest.
      this.keeper.keep(this.few.toValues(this.ctor));
      this.few = undefined;
      values = values.subarray(counted) as NumArray;
    }
    // The batch's own memory goes back after this call when batches are reused: keep a copy.
    this.keeper.keep(this.reusedBatches && values.buffer === col.buffer ? values.slice() : values);
  }

  toSample(): void {
    this.keeper.toSample();
  }

  finish(info: ColumnInfo): ColumnSummary {
    const s = empty(info, 'number');
    const moments = this.few ? this.few.moments() : this.keeper.moments();
    const parts = this.keeper.takeParts();
    s.count = this.count - this.nulls;
    s.nulls = this.nulls;
    s.nan = this.nan;
    s.percentilesExact = this.few !== undefined || this.keeper.exact;
    if (moments.n === 0) return s;
    const [p50, p99] = this.few ? this.few.percentiles([50, 99]) : percentilesOf(parts, { min: this.min, max: this.max });
    Object.assign(s, {
      min: this.min,
      max: this.max,
      mean: moments.mean,
      stddev: moments.n > 1 ? Math.sqrt(moments.m2 / (moments.n - 1)) : null,
      p50,
      p99,
    });
    return s;
  }
}

class BigAcc implements Accumulator {
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
    this.keeper.keep(values);
  }

  toSample(): void {
    this.keeper.toSample();
  }

  finish(info: ColumnInfo): ColumnSummary {
    const s = empty(info, 'bigint');
    const moments = this.keeper.moments();
    const values = this.keeper.take();
    s.count = this.count - this.nulls;
    s.nulls = this.nulls;
    s.percentilesExact = this.keeper.exact;
    if (moments.n === 0) return s;
    const [p50, p99] = bigPercentiles(values, [50, 99]);
    Object.assign(s, {
      min: this.min,
      max: this.max,
      mean: Number(this.sum) / moments.n,
      stddev: moments.n > 1 ? Math.sqrt(moments.m2 / (moments.n - 1)) : null,
      p50,
      p99,
    });
    return s;
  }
}

const utf8 = new TextDecoder();

/**
 * Strings and categories: counts per distinct value in a byte-keyed hash table (equal bytes ⇔ same
 * value; byte order = code point order), decoded as UTF-8 only for the values shown.
 */
class TextAcc implements Accumulator {
  private table: DistinctBytes;
  private count = 0;
  private nulls = 0;
  private overflow = false;
  /** Extremes among the values the table refused (past its limit): the table's own are found at the end. */
  private overflowMin: Uint8Array | null = null;
  private overflowMax: Uint8Array | null = null;
  /** Per-code counts of a category batch, reused across batches. */
  private perCode = new Int32Array(0);

  constructor(options: DistinctOptions) {
    this.table = new DistinctBytes({ limit: MAX_DISTINCT, ...options });
  }

  add(batch: Table, info: ColumnInfo, bits: Uint8Array | undefined): void {
    const col = (batch.columns as Record<string, unknown>)[info.name] as Partial<CategoryColumnLike> & StringColumnLike;
    const n = batch.rowCount;
    this.count += n;
    if (col.codes instanceof Int32Array && col.dictionary) {
      // Categories need no hashing per row: count codes, then each used dictionary entry once.
      const dict = col.dictionary;
      const size = dict.offsets.length - 1;
      if (this.perCode.length < size) this.perCode = new Int32Array(size);
      const perCode = this.perCode;
      const codes = col.codes;
      for (let i = 0; i < n; i++) {
        if (!valid(bits, i) || codes[i] < 0) this.nulls++;
        else perCode[codes[i]]++;
      }
      for (let c = 0; c < size; c++) {
        if (perCode[c] > 0) this.tally(dict.data, dict.offsets[c], dict.offsets[c + 1], perCode[c]);
      }
      perCode.fill(0, 0, size);
      return;
    }
    const data = col.data;
    const offsets = col.offsets;
    this.nulls += this.table.addColumn(data, offsets, n, bits ?? col.validity, (i) => this.refused(data, offsets[i], offsets[i + 1]));
  }

  private tally(bytes: Uint8Array, start: number, end: number, k: number): void {
    if (!this.table.add(bytes, start, end, k)) this.refused(bytes, start, end);
  }

  /** A value the full table would not take: distinct becomes a lower bound, min/max still see it. */
  private refused(bytes: Uint8Array, start: number, end: number): void {
    this.overflow = true;
    const len = end - start;
    const lo = this.overflowMin;
    if (lo === null || compareBytes(bytes, start, len, lo, 0, lo.length) < 0) this.overflowMin = bytes.slice(start, end);
    const hi = this.overflowMax;
    if (hi === null || compareBytes(bytes, start, len, hi, 0, hi.length) > 0) this.overflowMax = bytes.slice(start, end);
  }

  toSample(): void {}

  finish(info: ColumnInfo): ColumnSummary {
    const s = empty(info, 'text');
    const t = this.table;
    s.count = this.count - this.nulls;
    s.nulls = this.nulls;
    s.distinct = t.size;
    s.distinctExact = !this.overflow;
    // Extremes and the TOP largest counts in one pass over the entries; count ties go to the smaller
    // value (by bytes) for stable output.
    let lo = -1;
    let hi = -1;
    const top: number[] = [];
    for (let e = 0; e < t.size; e++) {
      if (lo < 0 || t.compare(e, lo) < 0) lo = e;
      if (hi < 0 || t.compare(e, hi) > 0) hi = e;
      if (top.length === TOP && !better(t, e, top[TOP - 1])) continue;
      let at = top.length === TOP ? TOP - 1 : top.length;
      top[at] = e;
      while (at > 0 && better(t, top[at], top[at - 1])) {
        [top[at], top[at - 1]] = [top[at - 1], top[at]];
        at--;
      }
    }
    let min = lo < 0 ? null : t.bytes(lo);
    let max = hi < 0 ? null : t.bytes(hi);
    const oMin = this.overflowMin;
    const oMax = this.overflowMax;
    if (oMin !== null && (min === null || compareBytes(oMin, 0, oMin.length, min, 0, min.length) < 0)) min = oMin;
    if (oMax !== null && (max === null || compareBytes(oMax, 0, oMax.length, max, 0, max.length) > 0)) max = oMax;
    s.min = min === null ? null : utf8.decode(min);
    s.max = max === null ? null : utf8.decode(max);
    s.top = top.map((e) => ({ value: utf8.decode(t.bytes(e)), count: t.count(e) }));
    return s;
  }
}

function better(t: DistinctBytes, a: number, b: number): boolean {
  const ca = t.count(a);
  const cb = t.count(b);
  return ca > cb || (ca === cb && t.compare(a, b) < 0);
}

/** p50 and p99: a counting pass for integers in a narrow range, else radix selection. */
function percentilesOf(parts: NumArray[], range: { min: number; max: number }): number[] {
  const integers = parts.length > 0 && !(parts[0] instanceof Float64Array || parts[0] instanceof Float32Array);
  let n = 0;
  for (const p of parts) n += p.length;
  if (integers && range.max - range.min <= Math.max(1 << 16, n)) return countingPercentiles(parts, [50, 99], range.min, range.max);
  return partsPercentiles(parts, [50, 99], range.min, range.max);
}
