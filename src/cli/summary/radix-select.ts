// Exact percentiles over a column kept as several arrays, without joining or sorting them: count
// values per bucket of an order-preserving key (integers: value − min scaled to 16 bits; floats:
// the high bits of the IEEE pattern with the sign folded in, or equal-width buckets when the values
// span only a few binades), then select only inside the bucket
// that holds each wanted rank. Two passes over the values, whatever their distribution.
import { percentileRank, selectInPlace } from './select.js';

type NumArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

const BUCKET_BITS = 16;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Floats: the high 16 bits of the IEEE pattern with the sign folded in, an order-preserving key. */
function floatKey(v: number): number {
  keyScratch[0] = v;
  const w = keyWords[littleEndian ? 1 : 0];
  return ((w & 0x80000000 ? ~w : w | 0x80000000) >>> 16) & 0xffff;
}
const keyScratch = new Float64Array(1);
const keyWords = new Uint32Array(keyScratch.buffer);

/**
 * How values become buckets. Integers: (value − min) / scale. Floats: the IEEE key, which copes with
 * any spread (its buckets are 1/16 of a binade); but values within a few binades of each other, like
 * epoch-millisecond timestamps, all share a handful of IEEE keys, and then equal-width buckets over
 * [min, max] (times `inverse`) are finer than all of them.
 */
interface Bucketing {
  ieee: boolean;
  min: number;
  scale: number;
  inverse: number;
}

function bucketingOf(float: boolean, min: number, max: number): Bucketing {
  const scale = Math.max(1, Math.ceil((max - min + 1) / (1 << BUCKET_BITS)));
  const width = max - min;
  // IEEE keys 64 apart span at least 4 binades; closer, every linear bucket is narrower than every IEEE one
  const ieee = float && !(width > 0 && Number.isFinite((1 << BUCKET_BITS) / width) && floatKey(max) - floatKey(min) < 64);
  return { ieee, min, scale, inverse: float && !ieee ? (1 << BUCKET_BITS) / width : 0 };
}

/** Writes each value's bucket (0 … 2^16 − 1, in value order) into `out`. */
function bucketsOf(p: NumArray, out: Uint16Array, how: Bucketing): void {
  const n = p.length;
  const min = how.min;
  if (how.ieee) {
    const wide = p instanceof Float64Array;
    const words = new Uint32Array(p.buffer, p.byteOffset, n * (wide ? 2 : 1));
    const step = wide ? 2 : 1;
    const hi = wide && littleEndian ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const w = words[i * step + hi];
      out[i] = ((w & 0x80000000 ? ~w : w | 0x80000000) >>> 16) & 0xffff;
    }
    return;
  }
  if (how.inverse > 0) {
    // rounding is monotonic, so this keeps value order; max itself lands on 2^16 and is clamped
    const inverse = how.inverse;
    for (let i = 0; i < n; i++) out[i] = Math.min(0xffff, Math.floor((p[i] - min) * inverse));
    return;
  }
  const scale = how.scale;
  for (let i = 0; i < n; i++) out[i] = Math.floor((p[i] - min) / scale);
}

/** Values at percentiles `ps` (nearest rank) of all values in `parts` (none NaN); min/max of them. */
export function partsPercentiles(parts: NumArray[], ps: readonly number[], min: number, max: number): number[] {
  let n = 0;
  for (const p of parts) n += p.length;
  if (n === 0) return ps.map(() => NaN);
  const how = bucketingOf(parts[0] instanceof Float64Array || parts[0] instanceof Float32Array, min, max);
  const counts = new Float64Array(1 << BUCKET_BITS);
  let scratch = new Uint16Array(0);
  for (const p of parts) {
    if (scratch.length < p.length) scratch = new Uint16Array(p.length);
    bucketsOf(p, scratch, how);
    for (let i = 0; i < p.length; i++) counts[scratch[i]]++;
  }
  const wanted = ps.map((pct) => {
    const rank = percentileRank(n, pct);
    let below = 0;
    let bucket = 0;
    while (below + counts[bucket] <= rank) below += counts[bucket++];
    return { rank, bucket, below };
  });
  // one more pass gathers the values of every wanted bucket
  const buckets = [...new Set(wanted.map((w) => w.bucket))];
  const gathered = buckets.map((b) => new Float64Array(counts[b]));
  const filled = new Int32Array(buckets.length);
  const b0 = buckets[0];
  const b1 = buckets.length > 1 ? buckets[1] : -1;
  for (const p of parts) {
    bucketsOf(p, scratch, how);
    for (let i = 0; i < p.length; i++) {
      const b = scratch[i];
      if (b === b0) gathered[0][filled[0]++] = p[i];
      else if (b === b1) gathered[1][filled[1]++] = p[i];
      else for (let k = 2; k < buckets.length; k++) if (buckets[k] === b) gathered[k][filled[k]++] = p[i];
    }
  }
  return wanted.map((w) => {
    const values = gathered[buckets.indexOf(w.bucket)];
    selectInPlace(values, w.rank - w.below);
    return values[w.rank - w.below];
  });
}
