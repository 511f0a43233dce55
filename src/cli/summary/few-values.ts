// Counts per distinct value of a numeric column, while it has few: exact percentiles without
// keeping the values (so neither the batches' memory nor a copy of it). Durations in milliseconds,
// status codes, machine ids and prices usually stay under the limit; a column that passes it hands
// its multiset over to be kept like any other.
import { merge, newMoments, type Moments } from './moments.js';
import { percentileRank } from './select.js';

type NumArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

/** Most distinct values counted; past this a column's values are kept instead. */
export const FEW_VALUES = 1 << 16;
const SLOTS = FEW_VALUES * 2;
/**
 * A column whose first this-many values are more than half different (timestamps, ids, byte counts)
 * stops being counted there: it would pass the limit anyway. Counted from the column's first value,
 * not per batch, so where it stops is the same however the file is cut.
 */
const PROBE = 16384;

export class FewValues {
  /** Open addressing: the value in each slot, NaN where empty (NaN itself is never counted). */
  private readonly keys = new Float64Array(SLOTS).fill(NaN);
  private readonly counts = new Float64Array(SLOTS);
  private readonly scratch = new Float64Array(1);
  private readonly bits = new Uint32Array(this.scratch.buffer);
  size = 0;
  total = 0;

  /**
   * Counts values[0, n) (no NaN among them). Returns n, or the index where counting stopped (the
   * value that would have been distinct value FEW_VALUES + 1, or the column's value PROBE when more
   * than half of those before it differ): those before it are counted, it and the rest are not.
   */
  add(values: NumArray): number {
    const n = values.length;
    const keys = this.keys;
    const counts = this.counts;
    const mask = SLOTS - 1;
    const float = values instanceof Float64Array || values instanceof Float32Array;
    const probeAt = this.total <= PROBE ? PROBE - this.total : -1;
    for (let i = 0; i < n; i++) {
      if (i === probeAt && this.size * 2 > PROBE) {
        this.total += i;
        return i;
      }
      const v = values[i];
      let h: number;
      if (float) {
        // The double's bits, mixed: its own value can't index a table.
        this.scratch[0] = v;
        h = (Math.imul(this.bits[0] ^ Math.imul(this.bits[1], 0x85ebca6b), 0x9e3779b1) >>> 15) & mask;
      } else {
        h = (Math.imul(v | 0, 0x9e3779b1) >>> 15) & mask;
      }
      for (;;) {
        const k = keys[h];
        if (k !== k) {
          if (this.size === FEW_VALUES) {
            this.total += i;
            return i;
          }
          keys[h] = v;
          counts[h] = 1;
          this.size++;
          break;
        }
        // -0 and +0 are different values to a percentile (as to the selection that keeps values).
        if (k === v && (v !== 0 || 1 / k === 1 / v)) {
          counts[h]++;
          break;
        }
        h = (h + 1) & mask;
      }
    }
    this.total += n;
    return n;
  }

  /** The values counted, each as often as it was counted (in no particular order), in an array of the column's type. */
  toValues<A extends NumArray>(ctor: new (n: number) => A): A {
    const out = new ctor(this.total);
    let at = 0;
    for (let h = 0; h < SLOTS; h++) {
      const k = this.keys[h];
      if (k === k) (out as Float64Array).fill(k, at, (at += this.counts[h]));
    }
    return out;
  }

  /** The slots in use, in value order (−0 before +0). */
  private sorted(): number[] {
    const order: number[] = [];
    for (let h = 0; h < SLOTS; h++) if (this.keys[h] === this.keys[h]) order.push(h);
    const keys = this.keys;
    return order.sort((a, b) => keys[a] - keys[b] || (Object.is(keys[a], -0) ? -1 : Object.is(keys[b], -0) ? 1 : 0));
  }

  /**
   * Count, mean and M2 of the values counted, in value order (so the same however they came). The sum
   * is carried in two doubles with error-free products and sums, so the mean of 3-decimal durations
   * or of integers comes out as the nearest double to the exact one; M2 is taken around that mean.
   */
  moments(): Moments {
    const order = this.sorted();
    let hi = 0;
    let lo = 0;
    let n = 0;
    for (const h of order) {
      const c = this.counts[h];
      const v = this.keys[h];
      n += c;
      // c·v exactly as p + e (Dekker's product), added to hi + lo (Knuth's two-sum).
      const p = c * v;
      const e = productError(c, v, p);
      const s = hi + p;
      const b = s - hi;
      const t = (hi - (s - b)) + (p - b) + lo + e;
      hi = s + t;
      lo = t - (hi - s);
    }
    const m = newMoments();
    const mean = (hi + lo) / n;
    if (!Number.isFinite(mean)) {
      // Near the ends of the double range the products overflow: merge value by value instead.
      for (const h of order) merge(m, this.counts[h], this.keys[h], 0);
      return m;
    }
    let m2 = 0;
    for (const h of order) {
      const d = this.keys[h] - mean;
      m2 += this.counts[h] * d * d;
    }
    return { n, mean, m2 };
  }

  /** Nearest-rank percentiles of the values counted. */
  percentiles(ps: readonly number[]): number[] {
    const order = this.sorted();
    const keys = this.keys;
    return ps.map((p) => {
      const r = percentileRank(this.total, p);
      let seen = 0;
      for (const h of order) {
        seen += this.counts[h];
        if (seen > r) return keys[h];
      }
      return NaN;
    });
  }
}

/** a·b − p exactly, for p = fl(a·b) (Dekker: each factor split into halves of 26 bits). */
function productError(a: number, b: number, p: number): number {
  const ca = 134217729 * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = 134217729 * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}
