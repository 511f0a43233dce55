// Columns of a stream whose size nobody knows grow in place in a reserved buffer, and past the
// reservation by copying; either way they hold exactly what parse() gives for the same bytes.
import { Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { NumericBuilder, StringBuilder } from '../src/column-builder.js';
import { parse, parseBatches, parseStream } from '../src/index.js';

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

/** Appends `values` to `b` `step` at a time, as the driver does with each core call's output. */
function appendStrings(b: StringBuilder, values: string[], step: number): void {
  const enc = new TextEncoder();
  for (let i = 0; i < values.length; i += step) {
    const part = values.slice(i, i + step).map((v) => enc.encode(v));
    const bytes = new Uint8Array(part.reduce((n, p) => n + p.length, 0));
    const ends = new Int32Array(part.length);
    let at = 0;
    part.forEach((p, k) => {
      bytes.set(p, at);
      at += p.length;
      ends[k] = b.dataLength + at; // the core's ends are absolute
    });
    // One buffer as linear memory would be: the ends, then the bytes.
    const memory = new Uint8Array(ends.byteLength + bytes.length);
    memory.set(new Uint8Array(ends.buffer), 0);
    memory.set(bytes, ends.byteLength);
    b.append(memory.buffer, 0, ends.byteLength, part.length, grow, grow);
  }
}

function stringsOf(b: StringBuilder): string[] {
  const data = b.finishData();
  const offsets = b.finishOffsets();
  const dec = new TextDecoder();
  return Array.from({ length: offsets.length - 1 }, (_, i) => dec.decode(data.subarray(offsets[i], offsets[i + 1])));
}

const isResizable = (a: ArrayBufferView) => (a.buffer as { resizable?: boolean }).resizable === true;

describe('StringBuilder growth', () => {
  const values = Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? '' : `v${i},"é"`.repeat(1 + (i % 3))));

  it('offsets and bytes reserved big enough grow in place and hold every value', () => {
    const b = new StringBuilder(0, 0, undefined, 1 << 20);
    appendStrings(b, values, 7);
    expect(isResizable(b.data) && isResizable(b.offsets)).toBe(true);
    expect(stringsOf(b)).toEqual(values);
  });

  it('offsets and bytes that outgrow their reservation go on by copying, values intact', () => {
    const b = new StringBuilder(0, 0, undefined, 400); // room for 100 offsets and 400 bytes; more come
    appendStrings(b, values, 33);
    expect(isResizable(b.data) || isResizable(b.offsets)).toBe(false);
    expect(stringsOf(b)).toEqual(values);
  });

  it('a small column is returned in ordinary buffers of its exact size', () => {
    const b = new StringBuilder(0, 0, undefined, 1 << 20);
    appendStrings(b, values, 100);
    const data = b.finishData();
    const offsets = b.finishOffsets();
    expect(offsets.length).toBe(1001);
    expect(offsets.buffer.byteLength).toBe(4004);
    expect(data.buffer.byteLength).toBe(offsets[1000]);
    expect(isResizable(data) || isResizable(offsets)).toBe(false);
  });

  it('a large column is exact too (returned as views of its reserved buffers)', () => {
    const big = Array.from({ length: 1_200_000 }, (_, i) => String(i * 7)); // 4.8 MB of offsets, 8 MB of bytes
    const b = new StringBuilder(0, 0, undefined, 1 << 30);
    appendStrings(b, big, 65_536);
    const data = b.finishData();
    const offsets = b.finishOffsets();
    expect(isResizable(data) && isResizable(offsets)).toBe(true);
    expect(offsets.length).toBe(big.length + 1);
    expect(data.length).toBe(offsets[big.length]);
    expect(stringsOf(b)).toEqual(big);
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

  it('grows a string column in place too, and gives exactly what parse() gives', async () => {
    const text = { i: 'i32', s: 'string' } as const;
    let csv = 'i,s\n';
    for (let r = 0; r < rows; r++) csv += `${r},"v ${r * 7}, ""q"""\n`; // 11+ bytes a value: over 6 MB
    const input = new TextEncoder().encode(csv);
    const want = parse(input, { schema: text });
    const table = await parseStream(Readable.from([input.subarray(0, 3_000_001), input.subarray(3_000_001)]), { schema: text });
    const s = table.columns.s;
    // Views of buffers reserved and grown in place: copying into fresh arrays at each doubling
    // touched about twice the column's size in new pages (2.3× parseFile's time on the request log).
    expect(isResizable(s.data) && isResizable(s.offsets)).toBe(true);
    expect(Array.from(s.offsets)).toEqual(Array.from(want.columns.s.offsets));
    expect(Buffer.from(s.data.buffer, s.data.byteOffset, s.data.byteLength).equals(Buffer.from(want.columns.s.data))).toBe(true);
    expect(s.get(rows - 1)).toBe(`v ${(rows - 1) * 7}, "q"`);
    expect(structuredClone(s.offsets)[rows]).toBe(want.columns.s.offsets[rows]);
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

describe('parseBatches text sizing', () => {
  it("sizes a batch's string bytes from its rows so far and the rows still to come, not by doubling", async () => {
    const rows = 200_000;
    let csv = 'i,s\n';
    for (let r = 0; r < rows; r++) csv += `${r},${'p'.repeat(60 + (r % 40))}/${r}\n`; // ~85 bytes a value: 5.5 MB a batch
    const batches = [];
    for await (const b of parseBatches(new TextEncoder().encode(csv), { schema: { i: 'i32', s: 'string' }, batchRows: 65_536 })) batches.push(b);
    const full = batches.filter((b) => b.rowCount === 65_536);
    expect(full.length).toBe(3);
    for (const b of full) {
      const s = b.columns.s;
      // Doubling from the first call's bytes would leave the buffer up to twice the text (8 MB here).
      expect(s.data.buffer.byteLength).toBeLessThan(s.data.length * 1.1);
      expect(s.get(65_535)).toBe(`${'p'.repeat(60 + ((b.firstRow + 65_535) % 40))}/${b.firstRow + 65_535}`);
    }
  });
});

describe('finished columns: a view of a buffer sized near the column, a copy of one much larger', () => {
  const values = Float64Array.from({ length: 100_000 }, (_, i) => i / 7); // 800 KB

  it('a column in a buffer at most an eighth larger is a view of it (a copy would touch its pages twice)', () => {
    const b = new NumericBuilder('f64', 105_000);
    b.append(values.buffer, 0, values.length, grow);
    const out = b.finish();
    expect(out.length).toBe(values.length);
    expect(out.buffer.byteLength).toBe(105_000 * 8);
    expect(Array.from((out as Float64Array).subarray(99_990))).toEqual(Array.from(values.subarray(99_990)));
  });

  it('a column in a buffer more than an eighth larger is copied into one of its exact size', () => {
    const b = new NumericBuilder('f64', 200_000);
    b.append(values.buffer, 0, values.length, grow);
    const out = b.finish();
    expect(out.buffer.byteLength).toBe(800_000);
    expect(Array.from((out as Float64Array).subarray(99_990))).toEqual(Array.from(values.subarray(99_990)));
  });

  it('parse() sizes columns from the input, so a 1.6 MB column comes back as a view, its buffer within an eighth', () => {
    let csv = 'x\n';
    for (let r = 0; r < 200_000; r++) csv += `${r * 0.25}\n`;
    const x = parse(csv, { schema: { x: 'f64' } }).columns.x;
    expect(x.length).toBe(200_000);
    expect(x.buffer.byteLength).toBeGreaterThan(x.byteLength);
    expect(x.buffer.byteLength).toBeLessThanOrEqual(x.byteLength * 1.125);
    expect(x[199_999]).toBe(199_999 * 0.25);
  });
});
