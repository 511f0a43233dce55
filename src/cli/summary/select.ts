// Exact order statistics without a full sort: quickselect (Hoare partition, median-of-three pivot)
// in place on a typed array, O(n) on average. Ranks are nearest-rank: p of n values is the value
// at sorted index ceil(p/100 · n) − 1, always a value of the column.

/** Sorted index of percentile p (0–100) among n values, nearest-rank. */
export function percentileRank(n: number, p: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
}

type NumberArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * Reorders a[lo..hi] so that a[k] is the value a sort would put there, everything before it ≤ and
 * everything after it ≥. The array holds no NaN (callers leave NaN out).
 */
export function selectInPlace(a: NumberArray, k: number, lo = 0, hi = a.length - 1): void {
  while (hi > lo) {
    if (hi - lo < 16) {
      insertionSort(a, lo, hi);
      return;
    }
    const mid = (lo + hi) >>> 1;
    // median of three as the pivot, so sorted and reversed inputs stay linear
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return; // j < k < i: a[k] equals the pivot
  }
}

function insertionSort(a: NumberArray, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function swap(a: NumberArray, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Percentiles of a 64-bit column: the engine's native typed-array sort is numeric for BigInt arrays. */
export function bigPercentiles(a: BigInt64Array | BigUint64Array, ps: readonly number[]): (bigint | null)[] {
  const n = a.length;
  if (n === 0) return ps.map(() => null);
  a.sort();
  return ps.map((p) => a[percentileRank(n, p)]);
}

/** Integers in a range no wider than their count: one counting pass instead of selection. */
export function countingPercentiles(parts: NumberArray[], ps: readonly number[], min: number, max: number): number[] {
  const counts = new Float64Array(max - min + 1);
  let n = 0;
  for (const a of parts) {
    n += a.length;
    for (let i = 0; i < a.length; i++) counts[a[i] - min]++;
  }
  if (n === 0) return ps.map(() => NaN);
  return ps.map((p) => {
    const r = percentileRank(n, p);
    let seen = 0;
    for (let v = 0; v < counts.length; v++) {
      seen += counts[v];
      if (seen > r) return v + min;
    }
    return max;
  });
}
