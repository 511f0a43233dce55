// Count, mean and M2 (the sum of squared deviations) of a column, the same however its batches were
// cut: values are taken in file order, in blocks of fixed length counted from the column's first
// value, each block's moments found in two passes and the blocks merged in order. So `stats` gives
// the same mean and stddev on one thread or many, to the last digit.

export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

/** Values per block: long enough that the merges cost nothing, short enough that a block sums accurately. */
const BLOCK = 4096;

export function newMoments(): Moments {
  return { n: 0, mean: 0, m2: 0 };
}

/** Chan et al.'s merge of (n, mean, M2) into `a`: stable where a running sum of squares is not. */
export function merge(a: Moments, n: number, mean: number, m2: number): void {
  if (n === 0) return;
  const total = a.n + n;
  const delta = mean - a.mean;
  a.mean += (delta * n) / total;
  a.m2 += m2 + (delta * delta * a.n * n) / total;
  a.n = total;
}

/** Folds values, given in file order part after part, into `into`; `finish` folds the last short block. */
export class OrderedMoments {
  readonly moments = newMoments();
  private readonly block = new Float64Array(BLOCK);
  private filled = 0;

  add(values: ArrayLike<number | bigint>): void {
    const block = this.block;
    for (let i = 0; i < values.length; i++) {
      block[this.filled++] = Number(values[i]);
      if (this.filled === BLOCK) this.flush();
    }
  }

  /** The moments of everything added. */
  finish(): Moments {
    this.flush();
    return this.moments;
  }

  private flush(): void {
    const n = this.filled;
    if (n === 0) return;
    const block = this.block;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += block[i];
    const mean = sum / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const d = block[i] - mean;
      m2 += d * d;
    }
    merge(this.moments, n, mean, m2);
    this.filled = 0;
  }
}
