// An fs.ReadStream nobody has read from is parsed through its own file descriptor, straight into
// the core's window: the table is exactly parse()'s for the same bytes, its start/end are honoured,
// it is closed afterwards, and any stream it cannot vouch for goes the ordinary chunk path.
// A wrong size hint (a file that grows, or a source shorter than announced) changes nothing.
import { createReadStream, mkdtempSync, rmSync, writeFileSync, type ReadStream } from 'node:fs';
import * as fs from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvError, parse, parseBatches, parseStream } from '../src/index.js';
import { ChunkDriver } from '../src/core/driver.js';
import { acquireCore } from '../src/core/select.js';
import { resolveOptions } from '../src/options.js';
import { mixedCsv, MIXED_SCHEMA, seedLikeCsv, SEED_LIKE_SCHEMA } from './support/sample-csv.js';
import { snapshot } from './support/snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'typed-csv-read-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = new TextEncoder().encode(mixedCsv(3000));
const file = join(dir, 'mixed.csv');
writeFileSync(file, bytes);
const expected = snapshot(parse(bytes, { schema: MIXED_SCHEMA }));

describe('parseStream(fs.createReadStream(path))', () => {
  for (const chunkSize of [1, 7, 4096, 1 << 20]) {
    it(`gives exactly parse()'s table, windows of ${chunkSize} bytes`, async () => {
      const stream = createReadStream(file);
      expect(snapshot(await parseStream(stream, { schema: MIXED_SCHEMA, chunkSize }))).toEqual(expected);
      expect(stream.bytesRead).toBe(0); // read through its descriptor, not its chunks
      expect(stream.destroyed).toBe(true);
    });
  }

  it('reads only the bytes between start and end (inclusive), as the stream would', async () => {
    // No quoted fields here, so every LF ends a record.
    const seed = new TextEncoder().encode(seedLikeCsv(2000));
    const seedFile = join(dir, 'seed.csv');
    writeFileSync(seedFile, seed);
    const lfs: number[] = [];
    seed.forEach((b, i) => { if (b === 10) lfs.push(i); });
    const start = lfs[1] + 1; // the third line onwards
    const end = lfs[500]; // through the LF of line 501
    const options = { schema: SEED_LIKE_SCHEMA, header: false, chunkSize: 1000 } as const;
    const table = await parseStream(createReadStream(seedFile, { start, end }), options);
    expect(table.rowCount).toBe(499);
    expect(snapshot(table)).toEqual(snapshot(parse(seed.subarray(start, end + 1), options)));
    const open = await parseStream(createReadStream(seedFile, { start }), options);
    expect(snapshot(open)).toEqual(snapshot(parse(seed.subarray(start), options)));
  });

  it('parseBatches gives the same batches as over the bytes', async () => {
    const options = { schema: MIXED_SCHEMA, batchRows: 700, chunkSize: 999 };
    const want = [];
    for await (const b of parseBatches(bytes, options)) want.push(snapshot(b));
    const stream = createReadStream(file);
    const got = [];
    for await (const b of parseBatches(stream, options)) got.push(snapshot(b));
    expect(got).toEqual(want);
    expect(stream.bytesRead).toBe(0);
  });

  it('a stream already read from, decoding text, or with its own fs goes the chunk path, same table', async () => {
    const started = createReadStream(file, { highWaterMark: 1024 });
    await once(started, 'readable');
    const early = await parseStream(started, { schema: MIXED_SCHEMA, chunkSize: 4096 });
    expect(snapshot(early)).toEqual(expected);
    expect(started.bytesRead).toBe(bytes.length);

    const text = createReadStream(file, { encoding: 'utf8' });
    expect(snapshot(await parseStream(text, { schema: MIXED_SCHEMA }))).toEqual(expected);
    expect(text.bytesRead).toBe(bytes.length);

    const ownFs = createReadStream(file, { fs: { open: fs.open, read: fs.read, close: fs.close } } as Parameters<typeof createReadStream>[1]);
    expect(snapshot(await parseStream(ownFs, { schema: MIXED_SCHEMA }))).toEqual(expected);
    expect(ownFs.bytesRead).toBe(bytes.length);
  });

  it('a file that cannot be opened is an IO_ERROR', async () => {
    const err = await parseStream(createReadStream(join(dir, 'missing.csv')), { schema: MIXED_SCHEMA }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).code).toBe('IO_ERROR');
  });

  it('a parse error releases the stream', async () => {
    const stream: ReadStream = createReadStream(file);
    await expect(parseStream(stream, { schema: { nope: 'i32' } })).rejects.toMatchObject({ code: 'MISSING_COLUMN' });
    expect(stream.destroyed).toBe(true);
  });
});

describe('a wrong size hint', () => {
  const opts = resolveOptions({ schema: MIXED_SCHEMA });
  for (const hint of [1, 100, bytes.length >> 1, bytes.length * 3]) {
    for (const piece of [1, 4093]) {
      it(`of ${hint} bytes for ${bytes.length}, fed ${piece} at a time, still gives parse()'s table`, () => {
        const { core, release } = acquireCore(opts);
        const driver = new ChunkDriver(core, opts, hint, release);
        try {
          for (let i = 0; i < bytes.length; i += piece) driver.feed(bytes.subarray(i, i + piece));
          driver.run(true);
          expect(snapshot(driver.finish()!)).toEqual(expected);
        } finally {
          driver.dispose();
        }
      });
    }
  }
});
