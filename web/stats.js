// Per-column statistics of a parsed Table for the demo page: counts, nulls, range, mean and quantiles of numbers, dates and timestamps; the share true of bools; distinct and top values of categories and strings.

/** How many top values a category or string column lists. */
export const TOP_VALUES = 10;
/** String columns are counted value by value only up to this many rows… */
const STRING_TOP_MAX_ROWS = 2_000_000;
/** …and give up past this many distinct values (mostly unique text has no "top"). */
const STRING_TOP_MAX_DISTINCT = 100_000;

/** k-th smallest of a[lo..hi] (inclusive), in place: afterwards a[lo..k-1] ≤ a[k] ≤ a[k+1..hi]. */
function select(a, k, lo, hi) {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot: sorted or clustered data stays O(n).
    let x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Nearest-rank index of quantile q among n sorted values. */
const rank = (q, n) => Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));

export function isValid(validity, i) {
  return validity === undefined || ((validity[i >> 3] >> (i & 7)) & 1) === 1;
}

/**
 * Count, nulls, NaNs, min, max, mean, p50, p99 and the 0.1/99.9 percentiles (lo, hi) of a numeric
 * column. 64-bit integer columns (i64, u64, timestamps in µs or ns) keep min, max and the quantiles
 * as exact BigInts: a Number would round a nanosecond timestamp to a quarter microsecond.
 */
export function numericStats(values, validity) {
  const big = values instanceof BigInt64Array || values instanceof BigUint64Array;
  const n = values.length;
  const copy = big ? new values.constructor(n) : new Float64Array(n);
  let m = 0;
  let nulls = 0;
  let nans = 0;
  let sum = 0;
  let min;
  let max;
  for (let i = 0; i < n; i++) {
    if (!isValid(validity, i)) {
      nulls++;
      continue;
    }
    const v = values[i];
    if (v !== v) {
      nans++;
      continue;
    }
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
    copy[m++] = v;
    sum += big ? Number(v) : v;
  }
  const stats = { count: m + nans, nulls, nans, min, max, mean: m ? sum / m : NaN, p50: NaN, p99: NaN, lo: NaN, hi: NaN };
  if (m > 0) {
    // Successive selections on shrinking ranges: each finds its quantile among values already
    // split around the previous one.
    const k50 = rank(0.5, m);
    const k001 = rank(0.001, m);
    const k99 = rank(0.99, m);
    const k999 = rank(0.999, m);
    stats.p50 = select(copy, k50, 0, m - 1);
    stats.lo = select(copy, k001, 0, k50);
    stats.p99 = select(copy, k99, k50, m - 1);
    stats.hi = select(copy, k999, k99, m - 1);
  }
  return stats;
}

function boolStats(values, validity) {
  let count = 0;
  let trues = 0;
  for (let i = 0; i < values.length; i++) {
    if (!isValid(validity, i)) continue;
    count++;
    trues += values[i];
  }
  return { count, nulls: values.length - count, trues, share: count ? trues / count : NaN };
}

/** Rows per dictionary entry, in one pass over the codes; the top ones by count (ties: first seen first). */
function categoryStats(column) {
  const counts = new Float64Array(column.dictionary.length);
  let nulls = 0;
  for (let i = 0; i < column.length; i++) {
    if (!isValid(column.validity, i)) nulls++;
    else counts[column.codes[i]]++;
  }
  const order = [];
  for (let c = 0; c < counts.length; c++) if (counts[c] > 0) order.push(c);
  const distinct = order.length;
  order.sort((a, b) => counts[b] - counts[a] || a - b);
  const count = column.length - nulls;
  const top = order.slice(0, TOP_VALUES).map((c) => ({ value: column.dictionary.get(c), count: counts[c], share: counts[c] / count }));
  return { count, nulls, distinct, top };
}

/** Nulls, and when the column is small enough to count value by value, distinct and top values. */
function stringStats(column, rowCount) {
  let nulls = 0;
  for (let i = 0; i < column.length; i++) if (column.isNull(i)) nulls++;
  const count = column.length - nulls;
  if (rowCount > STRING_TOP_MAX_ROWS) return { count, nulls, topNote: `not counted: over ${STRING_TOP_MAX_ROWS.toLocaleString('en-US')} rows` };
  const counts = new Map();
  for (let i = 0; i < column.length; i++) {
    const v = column.get(i);
    if (v === null) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > STRING_TOP_MAX_DISTINCT) return { count, nulls, topNote: `mostly distinct: over ${STRING_TOP_MAX_DISTINCT.toLocaleString('en-US')} values` };
  }
  if (counts.size === count && count > TOP_VALUES) return { count, nulls, distinct: count, topNote: `none: all ${count.toLocaleString('en-US')} values are distinct` };
  // Map order is first appearance, and sort is stable: ties stay first seen first.
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP_VALUES).map(([value, n]) => ({ value, count: n, share: n / count }));
  return { count, nulls, distinct: counts.size, top };
}

/** One entry per column of the table: `{ info, kind, ...numbers }`, kind one of number, bool, date, timestamp, category, string. */
export function computeStats(table) {
  return table.schema.map((info) => {
    const column = table.columns[info.name];
    const validity = table.validity[info.name];
    switch (info.type) {
      case 'string':
        return { info, kind: 'string', ...stringStats(column, table.rowCount) };
      case 'category':
        return { info, kind: 'category', ...categoryStats(column) };
      case 'bool':
        return { info, kind: 'bool', ...boolStats(column, validity) };
      case 'date':
      case 'timestamp':
        return { info, kind: info.type, ...numericStats(column, validity) };
      default:
        return { info, kind: 'number', ...numericStats(column, validity) };
    }
  });
}

/** Bytes the table's columns hold (values, string data and offsets, dictionaries, validity). */
export function columnsBytes(table) {
  let total = 0;
  for (const info of table.schema) {
    const c = table.columns[info.name];
    if (info.type === 'string') total += c.data.byteLength + c.offsets.byteLength;
    else if (info.type === 'category') total += c.codes.byteLength + c.dictionary.data.byteLength + c.dictionary.offsets.byteLength;
    else total += c.byteLength;
    const v = table.validity[info.name];
    if (v) total += v.byteLength;
  }
  return total;
}
