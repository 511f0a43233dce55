// Exact percentiles over a column kept as several arrays, without joining or sorting them: map
// each value to an unsigned 32-bit key with the same order (for doubles, the high word of the
// IEEE bits with the sign folded in), count the keys' top bits, then select only inside the one
// bucket that holds each wanted rank. Two passes over the values, whatever their distribution.
import { percentileRank, selectInPlace } from './select.js';

type NumArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

const BUCKET_BITS = 16;
const SHIFT = 32 - BUCKET_BITS;

/** An order-preserving unsigned 32-bit key of value i of `a` (a coarse one for doubles). */
function keyer(a: NumArray): (i: number) => number {
  if (a instanceof Float64Array) {
    const words = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
    const hi = littleEndian ? 1 : 0;
    return (i) => {
      const w = words[2 * i + hi];
      return (w & 0x80000000 ? ~w : w | 0x80000000) >>> 0;
    };
  }
  if (a instanceof Float32Array) {
    const words = new Uint32Array(a.buffer, a.byteOffset, a.length);
    return (i) => {
      const w = words[i];
      return (w & 0x80000000 ? ~w : w | 0x80000000) >>> 0;
    };
  }
  if (a instanceof Int32Array || a instanceof Int16Array || a instanceof Int8Array) return (i) => (a[i] ^ 0x80000000) >>> 0;
  return (i) => a[i] >>> 0;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Values at percentiles `ps` (nearest rank) of all values in `parts` (none NaN). */
export function partsPercentiles(parts: NumArray[], ps: readonly number[]): number[] {
  let n = 0;
  for (const p of parts) n += p.length;
  if (n === 0) return ps.map(() => NaN);
  const counts = new Uint32Array(1 << BUCKET_BITS);
  for (const p of parts) {
    const key = keyer(p);
    for (let i = 0; i < p.length; i++) counts[key(i) >>> SHIFT]++;
  }
  return ps.map((pct) => {
    const rank = percentileRank(n, pct);
    let below = 0;
    let bucket = 0;
    while (below + counts[bucket] <= rank) below += counts[bucket++];
    const inBucket = new Float64Array(counts[bucket]);
    let m = 0;
    for (const p of parts) {
      const key = keyer(p);
      for (let i = 0; i < p.length; i++) if (key(i) >>> SHIFT === bucket) inBucket[m++] = p[i];
    }
    selectInPlace(inBucket, rank - below);
    return inBucket[rank - below];
  });
}
