// `stats` on text columns: exact distinct counts, top values, min/max from the byte-keyed hash table
// (src/cli/summary/distinct-bytes.ts), checked against the plain Map of Latin-1 keys it replaced,
// including with a tiny table and a hash that makes nearly every value collide.
import { describe, expect, it } from 'vitest';
import { CategoryColumn, StringColumn, Table, type ColumnInfo } from '../src/index.js';
import { MemoryBudget, TableSummary, type ColumnSummary } from '../src/cli/summary/accumulate.js';
import { DistinctBytes, hashBytes, type DistinctOptions } from '../src/cli/distinct-bytes.js';
import { prng } from './support/prng.js';

const utf8 = new TextEncoder();
const INFO: ColumnInfo = { name: 's', type: 'string', nullable: true };
const CAT: ColumnInfo = { name: 's', type: 'category', nullable: true };

/** A string column of `values` (null = a null: validity bit cleared, no bytes), after `pad` bytes of junk. */
function stringColumn(values: (string | null)[], pad = 0): StringColumn {
  const parts = values.map((v) => utf8.encode(v ?? ''));
  const data = new Uint8Array(pad + parts.reduce((n, p) => n + p.length, 0)).fill(0x7a, 0, pad);
  const offsets = new Int32Array(values.length + 1);
  let at = pad;
  offsets[0] = pad;
  parts.forEach((p, i) => {
    data.set(p, at);
    at += p.length;
    offsets[i + 1] = at;
  });
  const validity = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => {
    if (v !== null) validity[i >> 3] |= 1 << (i & 7);
  });
  return new StringColumn(data, offsets, validity);
}

/** A batch of one text column: plain strings, or a category column with its own dictionary. */
function batch(values: (string | null)[], kind: 'string' | 'category' = 'string', pad = 0): Table {
  if (kind === 'string') {
    const col = stringColumn(values, pad);
    return new Table({ rowCount: values.length, schema: [INFO], columns: { s: col }, validity: { s: col.validity } });
  }
  const dict = [...new Set(values.filter((v): v is string => v !== null))].reverse(); // codes not in first-seen order
  const codes = Int32Array.from(values, (v) => (v === null ? 0 : dict.indexOf(v)));
  const validity = stringColumn(values).validity;
  const col = new CategoryColumn(codes, stringColumn(dict), validity);
  return new Table({ rowCount: values.length, schema: [CAT], columns: { s: col }, validity: { s: validity } });
}

/** The summary `stats` gives, batch by batch, through a table with these options. */
function summarize(batches: (string | null)[][], options: DistinctOptions = {}, kind: 'string' | 'category' = 'string'): ColumnSummary {
  const summary = new TableSummary(new MemoryBudget(1 << 30), options);
  for (const [i, values] of batches.entries()) {
    const b = batch(values, kind, i % 3);
    summary.add(b);
    // the batch is dropped (its memory reused) once added: the table must not point into it
    const col = b.columns.s as StringColumn | CategoryColumn;
    (col instanceof CategoryColumn ? col.dictionary.data : col.data).fill(0x21);
  }
  return summary.finish([kind === 'string' ? INFO : CAT])[0];
}

/**
 * The counter this replaced, as an oracle: a Map keyed by the bytes read as Latin-1 (equal bytes ⇔
 * equal keys, key order = byte order), taking new values only while it holds fewer than `limit`.
 */
function oracle(batches: (string | null)[][], limit = Infinity, kind: 'string' | 'category' = 'string') {
  const counts = new Map<string, number>();
  let nulls = 0;
  let overflow = false;
  let min: string | null = null;
  let max: string | null = null;
  const latin1 = (v: string) => Buffer.from(v, 'utf8').toString('latin1');
  const tally = (key: string, k: number) => {
    const had = counts.get(key);
    if (had !== undefined) counts.set(key, had + k);
    else if (counts.size < limit) counts.set(key, k);
    else overflow = true;
    if (min === null || key < min) min = key;
    if (max === null || key > max) max = key;
  };
  for (const values of batches) {
    nulls += values.filter((v) => v === null).length;
    if (kind === 'string') for (const v of values) if (v !== null) tally(latin1(v), 1);
    if (kind === 'category') {
      // a category batch is tallied per dictionary code, in code order (the test's dictionaries are reversed)
      const dict = [...new Set(values.filter((v): v is string => v !== null))].reverse();
      for (const d of dict) tally(latin1(d), values.filter((v) => v === d).length);
    }
  }
  const decode = (k: string | null) => (k === null ? null : Buffer.from(k, 'latin1').toString('utf8'));
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
  return {
    count: batches.flat().length - nulls, nulls, distinct: counts.size, distinctExact: !overflow, min: decode(min), max: decode(max),
    top: top.map(([k, count]) => ({ value: decode(k)!, count })),
  };
}

function textOf(s: ColumnSummary) {
  return { count: s.count, nulls: s.nulls, distinct: s.distinct, distinctExact: s.distinctExact, min: s.min, max: s.max, top: s.top };
}

/** Random batches over a small alphabet with multi-byte characters, so values repeat and share prefixes. */
function randomBatches(seed: number, batches: number, rows: number, nullShare = 0.05): (string | null)[][] {
  const rand = prng(seed);
  const alphabet = ['a', 'b', '/', 'é', '東', '😀', '\0', ' '];
  return Array.from({ length: batches }, () =>
    Array.from({ length: rows }, () => {
      if (rand() < nullShare) return null;
      const len = Math.floor(rand() * rand() * 12); // many short values (and empty ones), a few longer
      return Array.from({ length: len }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    }),
  );
}

// Tables that make the probing work hard: starting at 2 slots (every growth step runs), and hashes
// masked to 2 bits or to nothing (long collision chains, decided by the bytes alone).
const HARD: [string, DistinctOptions][] = [
  ['the default table', {}],
  ['a 2-slot table that grows', { slots: 2 }],
  ['hashes masked to 2 bits', { slots: 2, hashMask: 3 }],
  ['every hash equal', { slots: 4, hashMask: 0 }],
];

describe('stats on text columns counts every distinct value exactly', () => {
  it.each(HARD)('matches the Map it replaced on thousands of random values, with %s', (_, options) => {
    const batches = randomBatches(7, 6, 700);
    const want = oracle(batches);
    expect(want.distinct).toBeGreaterThan(1000); // enough values to grow the table many times
    expect(textOf(summarize(batches, options))).toEqual(want);
  });

  it.each(HARD)('matches it on category columns (counted per code, tallied per dictionary entry), with %s', (_, options) => {
    const batches = randomBatches(8, 5, 400);
    expect(textOf(summarize(batches, options, 'category'))).toEqual(oracle(batches, Infinity, 'category'));
  });

  it('counts a value seen in several batches as one, though each batch is overwritten after it is added', () => {
    const batches = [['x', 'shared', 'y'], ['shared', null], ['z', 'shared', 'x']];
    const s = summarize(batches, { slots: 2 });
    expect(textOf(s)).toEqual(oracle(batches));
    expect(s.distinct).toBe(4);
    expect(s.top![0]).toEqual({ value: 'shared', count: 3 });
  });

  it('tells empty strings from nulls: an empty string is a value, a null is not', () => {
    const s = summarize([['', null, '', 'a', null, '']]);
    expect(textOf(s)).toEqual({ count: 4, nulls: 2, distinct: 2, distinctExact: true, min: '', max: 'a', top: [{ value: '', count: 3 }, { value: 'a', count: 1 }] });
  });

  it('keeps multi-byte UTF-8 apart and orders it by bytes (code points), not by UTF-16 units', () => {
    // U+FFFD is one UTF-16 unit above the emoji's surrogates, but below its 4 UTF-8 bytes
    const batches = [['é', 'e\u0301', '東京', '\uFFFD', '😀', 'é', '東']];
    const s = summarize(batches, { slots: 2, hashMask: 0 });
    expect(textOf(s)).toEqual(oracle(batches));
    expect(s).toMatchObject({ distinct: 6, min: 'e\u0301', max: '😀' });
  });

  it('breaks ties among the most common values by byte order, a prefix first', () => {
    const values = ['b', 'ab', 'a', 'c', 'aa', 'd', 'e'].flatMap((v) => [v, v, v]);
    const s = summarize([values.slice(0, 10), values.slice(10)], { slots: 2, hashMask: 1 });
    expect(s.top).toEqual(['a', 'aa', 'ab', 'b', 'c'].map((value) => ({ value, count: 3 })));
  });

  it('stores values longer than an arena chunk, and short ones after them', () => {
    const long = 'x'.repeat((1 << 22) + 5);
    const batches = [['a', long, 'b'], [long.slice(0, -1) + 'y', long, 'a']];
    const s = summarize(batches);
    expect(s.distinct).toBe(4);
    expect(s.top!.map((t) => [t.value.length, t.count])).toEqual([[1, 2], [long.length, 2], [1, 1], [long.length, 1]]);
    expect(s.max).toBe(long.slice(0, -1) + 'y');
  });
});

describe('past the distinct limit', () => {
  it.each(HARD)('keeps the first values seen, still counts them, and flags the count as a lower bound, with %s', (_, options) => {
    const batches = [['p', 'q', 'p', 'r'], ['s', 'q', '0', 'zz', 'r'], ['t', 'p', null]];
    const s = summarize(batches, { ...options, limit: 3 });
    expect(textOf(s)).toEqual(oracle(batches, 3));
    expect(s).toMatchObject({ distinct: 3, distinctExact: false, top: [{ value: 'p', count: 3 }, { value: 'q', count: 2 }, { value: 'r', count: 2 }] });
    // min and max still see the values the table refused
    expect(s).toMatchObject({ min: '0', max: 'zz' });
  });

  it('matches the Map on random values with a limit far below their number', () => {
    for (const kind of ['string', 'category'] as const) {
      const batches = randomBatches(9, 4, 500);
      expect(textOf(summarize(batches, { slots: 2, hashMask: 7, limit: 100 }, kind))).toEqual(oracle(batches, 100, kind));
    }
  });

  it('is exact when the values exactly fill the limit', () => {
    const s = summarize([['a', 'b', 'c', 'a']], { limit: 3 });
    expect(s).toMatchObject({ distinct: 3, distinctExact: true });
  });
});

describe('the byte-keyed table', () => {
  it('hashes equal bytes equally wherever they sit, and tells a value from the same value plus a zero byte', () => {
    const a = utf8.encode('__/api/v1/orders?page=2');
    const b = utf8.encode('/api/v1/orders?page=2');
    expect(hashBytes(a, 2, a.length)).toBe(hashBytes(b, 0, b.length));
    expect(hashBytes(new Uint8Array([97]), 0, 1)).not.toBe(hashBytes(new Uint8Array([97, 0]), 0, 2));
  });

  it('refuses a new value when full but keeps counting the ones it holds', () => {
    const t = new DistinctBytes({ limit: 2, slots: 2 });
    const bytes = utf8.encode('abc');
    expect([t.add(bytes, 0, 1, 1), t.add(bytes, 1, 2, 4), t.add(bytes, 2, 3, 1), t.add(bytes, 0, 1, 2)]).toEqual([true, true, false, true]);
    expect([t.size, t.count(0), t.count(1)]).toEqual([2, 3, 4]);
  });

  it('numbers entries in order of first appearance (the Parquet dictionary order), −1 for a value refused', () => {
    const t = new DistinctBytes({ limit: 3, slots: 2, hashMask: 1 });
    const bytes = utf8.encode('ab東c');
    const at = (from: number, to: number) => t.entryOf(bytes, from, to);
    expect([at(1, 2), at(0, 1), at(1, 2), at(2, 5), at(0, 2), at(5, 6), at(0, 1)]).toEqual([0, 1, 0, 2, -1, -1, 1]);
  });

  it('rejects an initial size that is not a power of two', () => {
    expect(() => new DistinctBytes({ slots: 3 })).toThrow(RangeError);
  });
});
