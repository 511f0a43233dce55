// `stats` percentiles (src/cli/summary/radix-select.ts): exact nearest-rank values from bucket counts,
// checked against a full sort, in particular for floats that all share a few IEEE exponents
// (timestamps in epoch milliseconds), which get equal-width buckets over [min, max].
import { describe, expect, it } from 'vitest';
import { partsPercentiles } from '../src/cli/summary/radix-select.js';
import { percentileRank } from '../src/cli/summary/select.js';
import { prng } from './support/prng.js';

const PS = [0, 1, 25, 50, 99, 100];

/** What a sort gives: the value at each nearest rank. */
function sorted(values: number[], ps: number[]): number[] {
  const all = Float64Array.from(values).sort();
  return ps.map((p) => all[percentileRank(all.length, p)]);
}

/** `values` split into parts of uneven sizes, as batches keep them. */
function parts(values: number[], float32: boolean): (Float64Array | Float32Array)[] {
  const out: (Float64Array | Float32Array)[] = [];
  for (let at = 0, size = 1; at < values.length; at += size, size = size * 3 + 1) {
    const part = values.slice(at, at + size);
    out.push(float32 ? Float32Array.from(part) : Float64Array.from(part));
  }
  return out;
}

function check(values: number[], float32 = false): void {
  const exact = float32 ? Array.from(Float32Array.from(values)) : values;
  const min = Math.min(...exact);
  const max = Math.max(...exact);
  expect(partsPercentiles(parts(exact, float32), PS, min, max)).toEqual(sorted(exact, PS));
}

describe('exact percentiles of float columns', () => {
  const rand = prng(3);
  const many = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

  it('timestamps of one day in epoch milliseconds (one IEEE key for all of them)', () => {
    check(many(50_000, () => 1709251200000 + Math.floor(rand() * 86_400_000)));
  });

  it('a narrow range with many equal values and both ends present', () => {
    check(many(20_000, (i) => (i % 7 === 0 ? 1000 : i % 11 === 0 ? 1001 : 1000 + Math.floor(rand() * 100) / 100)));
  });

  it('a narrow negative range, and one straddling zero with −0 and 0', () => {
    check(many(20_000, () => -5000 - rand()));
    check(many(20_000, (i) => (i % 5 === 0 ? -0 : i % 5 === 1 ? 0 : (rand() - 0.5) * 1e-3)));
  });

  it('values one ulp apart, and all values equal', () => {
    check(many(5000, (i) => (i % 2 === 0 ? 1 : 1 + Number.EPSILON)));
    check(many(5000, () => 42.5));
  });

  it('a heavy tail across many binades (the IEEE keys) and float32 columns of either kind', () => {
    check(many(20_000, () => -Math.log(rand()) * 0.03 + (rand() < 0.001 ? 1e12 : 0)));
    check(many(20_000, () => 1_000_000 + rand() * 50), true);
    check(many(20_000, () => rand() ** 8 * 1e6), true);
  });
});
