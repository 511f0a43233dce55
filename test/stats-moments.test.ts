// `stats` numeric summaries the same however the batches are cut (one thread or many, exact batches
// or pieces as they come): mean and stddev to the last bit, percentiles exact, whether a column has
// few distinct values (counted, src/cli/summary/few-values.ts), many (kept), more than it can keep
// (sampled), or 64-bit integers; and batches whose memory is handed back after each add.
import { describe, expect, it } from 'vitest';
import { FEW_VALUES, FewValues } from '../src/cli/summary/few-values.js';
import { MemoryBudget, TableSummary } from '../src/cli/summary/accumulate.js';
import { percentileRank } from '../src/cli/summary/select.js';
import { Table, type ColumnInfo } from '../src/index.js';
import { prng } from './support/prng.js';

type Col = Float64Array | Int32Array | BigInt64Array;

/** One column's values cut into batches at the given sizes (the last takes the rest). */
function batches(name: string, type: ColumnInfo['type'], values: Col, cuts: number[]): Table[] {
  const info = { name, type, nullable: false } as ColumnInfo;
  const out: Table[] = [];
  let at = 0;
  for (let k = 0; at < values.length; k++) {
    const size = Math.min(values.length - at, k < cuts.length ? cuts[k] : Infinity);
    out.push(new Table({ rowCount: size, schema: [info], columns: { [name]: values.slice(at, at + size) } as never, validity: {}, firstRow: at }));
    at += size;
  }
  return out;
}

/** The summary of the batches; `reused` destroys each batch's values after add, as reuseBuffers does. */
function summarise(tables: Table[], budgetBytes = 1 << 30, reused = false) {
  const summary = new TableSummary(new MemoryBudget(budgetBytes), {}, reused);
  for (const t of tables) {
    summary.add(t);
    if (reused) for (const c of Object.values(t.columns)) (c as Col).fill((c instanceof BigInt64Array ? 0n : 0) as never);
  }
  return summary.finish(tables[0].schema)[0];
}

/** Cuts: one batch, even batches, and uneven ones as threads hand them out. */
function cutsFor(n: number, rand: () => number): number[][] {
  const uneven: number[] = [];
  for (let left = n; left > 0;) {
    const size = 1 + Math.floor(rand() * Math.min(left, 70_000));
    uneven.push(size);
    left -= size;
  }
  return [[n], Array.from({ length: Math.ceil(n / 65536) }, () => 65536), uneven];
}

function sortedPercentiles(values: Col, ps: number[]): number[] {
  const all = Float64Array.from(values as Float64Array).sort();
  return ps.map((p) => all[percentileRank(all.length, p)]);
}

describe('numeric stats are the same however the batches are cut', () => {
  const rand = prng(1234);
  const cases: [string, ColumnInfo['type'], () => Col][] = [
    ['durations with 3 decimals (few distinct values: counted)', 'f64', () => Float64Array.from({ length: 300_000 }, () => Math.round(rand() * 2000) / 1000)],
    ['machine ids (few integers)', 'i32', () => Int32Array.from({ length: 300_000 }, () => 1 + Math.floor(rand() * 1000))],
    ['timestamps (many distinct values: kept)', 'f64', () => Float64Array.from({ length: 300_000 }, () => 1709251200000 + Math.floor(rand() * 86_400_000))],
    ['values that pass the distinct limit halfway (counted, then kept)', 'f64', () => Float64Array.from({ length: 300_000 }, (_, i) => (i < 150_000 ? i % 1000 : i))],
    ['64-bit integers', 'i64', () => BigInt64Array.from({ length: 200_000 }, () => BigInt(Math.floor(rand() * 1e15)) * 1000n)],
  ];
  for (const [what, type, make] of cases) {
    it(what, () => {
      const values = make();
      const results = cutsFor(values.length, rand).flatMap((cuts) => [false, true].map((reused) => summarise(batches('v', type, values, cuts), 1 << 30, reused)));
      for (const r of results) expect(r).toEqual(results[0]);
      const s = results[0];
      expect(s.percentilesExact).toBe(true);
      if (type !== 'i64') {
        const [p50, p99] = sortedPercentiles(values, [50, 99]);
        expect([s.p50, s.p99]).toEqual([p50, p99]);
        // The mean within a few ulps of the exact one (values are exact binary fractions summed in BigInt-free doubles).
        let sum = 0;
        for (const v of values as Float64Array) sum += v;
        expect(Math.abs((s.mean as number) - sum / values.length)).toBeLessThan(1e-9 * Math.max(1, Math.abs(sum / values.length)));
      }
    });
  }

  it('past the memory budget: percentiles from a sample, mean and stddev still the same to the bit', () => {
    const values = Float64Array.from({ length: 400_000 }, (_, i) => i * 1.5 + rand());
    const results = cutsFor(values.length, rand).map((cuts) => summarise(batches('v', 'f64', values, cuts), 1 << 20));
    for (const r of results) {
      expect(r.percentilesExact).toBe(false);
      expect([r.mean, r.stddev, r.min, r.max, r.count]).toEqual([results[0].mean, results[0].stddev, results[0].min, results[0].max, results[0].count]);
    }
  });
});

describe('counting few distinct values', () => {
  it('stops at the column\'s 16,384th value when more than half of those before it differ, wherever the batches end', () => {
    const distinct = Float64Array.from({ length: 40_000 }, (_, i) => i * 0.5);
    for (const cut of [40_000, 16_384, 16_383, 1000]) {
      const few = new FewValues();
      let counted = 0;
      for (let at = 0; at < distinct.length; at += cut) {
        const part = distinct.subarray(at, at + cut);
        const c = few.add(part);
        counted += c;
        if (c < part.length) break;
      }
      expect(counted, `batches of ${cut}`).toBe(16_384);
    }
    // Exactly half different at that point: counting goes on.
    const half = new FewValues();
    const halfValues = Float64Array.from({ length: 40_000 }, (_, i) => (i < 16_384 ? i % 8192 : i % 8192));
    expect(half.add(halfValues)).toBe(40_000);
  });

  it('gives nearest-rank percentiles and moments of the values counted, −0 before +0', () => {
    const few = new FewValues();
    const values = Float64Array.from([3, -0, 0, 2.5, -1, 3, 3, 0, -0, 7]);
    expect(few.add(values)).toBe(values.length);
    const ps = [0, 10, 20, 25, 50, 99, 100];
    expect(few.percentiles(ps).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(sortedPercentiles(values, ps).map((v) => (Object.is(v, -0) ? '-0' : v)));
    const m = few.moments();
    expect(m.n).toBe(10);
    expect(m.mean).toBeCloseTo(17.5 / 10, 12);
  });

  it('stops at the value that would be one too many, and hands over the multiset counted', () => {
    const few = new FewValues();
    // 100 values over the first 20,000 rows (so the probe at 16,384 lets it go on), then new ones.
    const values = Int32Array.from({ length: 100_000 }, (_, i) => (i < 20_000 ? i % 100 : i));
    const counted = few.add(values);
    // 100 and FEW_VALUES − 100 others fit: the next new value is the first refused.
    expect(counted).toBe(20_000 + FEW_VALUES - 100);
    const back = few.toValues(Int32Array).sort();
    expect(back.length).toBe(counted);
    expect(Array.from(back)).toEqual(Array.from(values.slice(0, counted)).sort((a, b) => a - b));
  });
});
