// Columns of a stream whose size nobody knows grow in place in a reserved buffer, and past the
// reservation by copying; either way they hold exactly what parse() gives for the same bytes.
import { Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { NumericBuilder } from '../src/column-builder.js';
import { parse, parseStream } from '../src/index.js';

const grow = (needed: number, current: number) => Math.max(needed, current * 2, 4);

function appendAll(b: NumericBuilder, values: Float64Array, step: number): void {
  for (let i = 0; i < values.length; i += step) {
    const part = values.slice(i, i + step);
    b.append(part.buffer, 0, part.length, grow);
  }
}

describe('NumericBuilder growth', () => {
  const values = Float64Array.from({ length: 1000 }, (_, i) => i * 1.5 - 7);

  it('a column reserved big enough grows in place and holds every value', () => {
    const b = new NumericBuilder('f64', 0, 1 << 20);
    appendAll(b, values, 7);
    expect(Array.from(b.finish() as Float64Array)).toEqual(Array.from(values));
  });

  it('a column that outgrows its reservation goes on by copying, values intact', () => {
    const b = new NumericBuilder('f64', 0, 8 * 100); // room for 100 values, 1000 come
    appendAll(b, values, 33);
    expect(Array.from(b.finish() as Float64Array)).toEqual(Array.from(values));
  });

  it('a small column is returned in an ordinary buffer of its exact size', () => {
    const b = new NumericBuilder('f64', 0, 1 << 20);
    appendAll(b, values, 100);
    const out = b.finish();
    expect(out.length).toBe(1000);
    expect(out.buffer.byteLength).toBe(8000);
    expect((out.buffer as { resizable?: boolean }).resizable ?? false).toBe(false);
  });

  it('a large column is exact too (returned as a view of its reserved buffer)', () => {
    const big = Float64Array.from({ length: 700_000 }, (_, i) => i / 3); // 5.6 MB: over the copy limit
    const b = new NumericBuilder('f64', 0, 1 << 30);
    appendAll(b, big, 65_536);
    const out = b.finish();
    expect(out.length).toBe(big.length);
    expect(Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(Buffer.from(big.buffer))).toBe(true);
  });
});

describe('parseStream of unknown size', () => {
  const rows = 600_000; // the f64 column is 4.8 MB: large enough to be returned in place
  let csv = 'i,x\n';
  for (let r = 0; r < rows; r++) csv += `${r},${(r * 0.37).toFixed(3)}\n`;
  const bytes = new TextEncoder().encode(csv);
  const schema = { i: 'i32', x: 'f64' } as const;
  const expected = parse(bytes, { schema });

  it('gives exactly the columns parse() gives, for a Node Readable', async () => {
    const table = await parseStream(Readable.from([bytes.subarray(0, 1_000_001), bytes.subarray(1_000_001)]), { schema });
    expect(table.rowCount).toBe(rows);
    expect(Buffer.from(table.columns.x.buffer, table.columns.x.byteOffset, table.columns.x.byteLength).equals(Buffer.from(expected.columns.x.buffer, expected.columns.x.byteOffset, expected.columns.x.byteLength))).toBe(true);
    expect(Array.from(table.columns.i)).toEqual(Array.from(expected.columns.i));
  });

  it('gives columns that structuredClone and postMessage copy like any array (Node 20 cannot clone a buffer reserved up to 4 GiB)', async () => {
    const table = await parseStream(Readable.from([bytes]), { schema });
    const copy = structuredClone(table.columns);
    expect(Array.from(copy.x.subarray(0, 5))).toEqual(Array.from(expected.columns.x.subarray(0, 5)));
    const { port1, port2 } = new MessageChannel();
    const got = new Promise<Float64Array>((resolve) => port2.once('message', resolve));
    port1.postMessage(table.columns.x);
    const posted = await got;
    port1.close();
    expect(posted.length).toBe(rows);
    expect(posted[rows - 1]).toBe(expected.columns.x[rows - 1]);
  });
});
