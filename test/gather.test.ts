// The gatherer behind parseFile on several threads (src/threads/gather.ts): batches laid end to end
// in file order become exactly the Table one parse makes. Here the batches come from one thread's
// parseBatches over bytes, cut at every size, so the gathering is checked apart from the workers
// (the threads project runs the whole suite through the workers' path).

import { describe, expect, it } from 'vitest';
import { parse, parseBatches, type ParseOptions, type Schema, type Table } from '../src/index.js';
import { resolveOptions } from '../src/options.js';
import { TableGatherer, type GatherPlace } from '../src/threads/gather.js';
import { CATEGORY_SCHEMA, categoryCsv } from './support/category-csv.js';
import { prng } from './support/prng.js';
import { errorFields, expectSameTable } from './support/same-table.js';
import { tricky } from './support/tricky-csv.js';

const POLICIES = ['skip', 'null'] as const;
const schema = { n: 'i32', s: 'string', x: { type: 'f64', nullable: true } } as const;

/** The batches of `text` (batchRows each) gathered, with `place` standing in for the parse's progress. */
async function gathered<S extends Schema>(text: string, options: ParseOptions<S>, batchRows: number, place: GatherPlace = { bytes: 0, rows: 0 }): Promise<Table<S>> {
  const opts = resolveOptions(options);
  const gatherer = new TableGatherer<S>(opts.columns, opts.maxErrors, undefined, place, 0, text.length);
  for await (const batch of parseBatches(new Blob([text]).stream(), { ...options, batchRows })) gatherer.add(batch as Table<S>);
  return gatherer.finish();
}

/** The gathered table has the same every field as parse's, the validity bitmaps in the file's order included. */
async function expectGatheredSame<S extends Schema>(text: string, options: ParseOptions<S>, batchRows: number, place?: GatherPlace): Promise<void> {
  let one: Table<S> | undefined;
  try {
    one = parse(text, options);
  } catch (e) {
    await expect(gathered(text, options, batchRows, place)).rejects.toSatisfy((g: unknown) => JSON.stringify(errorFields(g)) === JSON.stringify(errorFields(e)));
    return;
  }
  const many = await gathered(text, options, batchRows, place);
  expectSameTable(many, one);
  expect(Object.keys(many.validity)).toEqual(Object.keys(one.validity));
}

describe('gathering batches into one table', () => {
  it('gives parse\'s table from batches of any size, under skip and null, with bad records, nulls, quoted newlines and a BOM', async () => {
    const rand = prng(41);
    for (let i = 0; i < 120; i++) {
      const { text } = tricky(rand, i % 2 === 0);
      const batchRows = [1, 2, 3, 7, 16, 1000][i % 6];
      // header: false keeps every file's columns n, s, x, whatever header it drew (a header is then a record).
      await expectGatheredSame(text, { schema, header: false, onError: POLICIES[i % 2], maxErrors: rand() < 0.5 ? 2 : 100 }, batchRows);
    }
  });

  it('backfills a validity bitmap when a column that is not nullable first gets a null in a later batch', async () => {
    const text = '1,a,1\n2,b,2\n3,c,3\nbad,d,4\n5,e,5\n';
    const t = await gathered(text, { schema, header: false, onError: 'null' }, 2);
    expect(Array.from(t.validity.n!)).toEqual([0b10111]);
    expectSameTable(t, parse(text, { schema, header: false, onError: 'null' }));
  });

  it('keeps the first maxErrors errors across batches and counts them all', async () => {
    const text = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? `x${i},s,1` : `${i},s,1`)).join('\n') + '\n';
    const t = await gathered(text, { schema, header: false, onError: 'skip', maxErrors: 5 }, 4);
    expect(t.errors.map((e) => e.row)).toEqual([0, 3, 6, 9, 12]);
    expect(t.errorCount).toBe(17);
    expect(t.skippedRecords).toBe(17);
    expect(t.rowCount).toBe(33);
  });

  it('takes the category dictionary of the last batch, whose codes every batch shares', async () => {
    const rand = prng(5);
    for (let i = 0; i < 30; i++) {
      const text = categoryCsv(rand, 20 + Math.floor(rand() * 200), 3 + Math.floor(rand() * 30), i % 2 === 1);
      await expectGatheredSame(text, { schema: CATEGORY_SCHEMA(65536), onError: POLICIES[i % 2] }, [1, 5, 64][i % 3]);
    }
  });

  it('gives empty columns of the schema\'s types when every record was dropped, and counts the records', async () => {
    const types = { n: 'i32', s: 'string', d: 'date', t: { type: 'timestamp', unit: 'us' }, b: 'bool', c: 'category' } as const;
    const text = 'x,a,2024-01-01,2024-01-01T00:00:00Z,true,k\ny,b,2024-01-01,2024-01-01T00:00:00Z,true,k\n';
    await expectGatheredSame(text, { schema: types, header: false, onError: 'skip' }, 1);
    const none = await gathered('', { schema: types, header: false }, 4);
    expectSameTable(none, parse('', { schema: types, header: false }));
  });

  it('sizes its columns from the rows per byte so far: one growth past the first piece, a view with little to spare', async () => {
    const rows = 1_200_000; // 4.8 MB of i32: past the 4 MiB below which a column is trimmed by a copy
    const text = Array.from({ length: rows }, (_, i) => `${100 + (i % 900)},s,${100000 + i}`).join('\n') + '\n';
    // As the parse reports it after the first 65,536 rows: their end in the file.
    const firstEnd = text.split('\n', 65536).join('\n').length + 1;
    const t = await gathered(text, { schema, header: false }, 65536, { bytes: firstEnd, rows: 65536 });
    expect(t.rowCount).toBe(rows);
    const n = t.columns.n;
    expect(n.byteOffset).toBe(0);
    expect(n.length).toBe(rows);
    expect(n.buffer.byteLength).toBeGreaterThanOrEqual(rows * 4);
    expect(n.buffer.byteLength).toBeLessThan(rows * 4 * 1.2);
    expect(t.columns.s.data.buffer.byteLength).toBeLessThan(rows * 1.2 + 65536 * 2);
  });
});
