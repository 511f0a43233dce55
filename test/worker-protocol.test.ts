// parseInWorker's message format, checked in Node with structuredClone (the algorithm postMessage
// uses): a packed Table lists every buffer behind its columns for transfer, so after the clone the
// worker's arrays are detached (moved, not copied) and the rebuilt Table equals the original value
// for value; errors keep their class and fields across the boundary.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CategoryColumn, CsvError, parse, StringColumn, Table } from '../src/index.js';
import { fromWireError, packTable, toWireError, unpackTable } from '../src/worker/protocol.js';
import { mixedCsv, MIXED_SCHEMA } from './support/sample-csv.js';
import { snapshot } from './support/snapshot.js';

function viewsOf(table: Table): ArrayBufferView[] {
  const views: ArrayBufferView[] = [];
  for (const info of table.schema) {
    const col = table.columns[info.name] as unknown;
    if (col instanceof StringColumn) views.push(col.data, col.offsets, ...(col.validity ? [col.validity] : []));
    else if (col instanceof CategoryColumn) views.push(col.codes, col.dictionary.data, col.dictionary.offsets);
    else views.push(col as ArrayBufferView);
    const bits = table.validity[info.name];
    if (bits) views.push(bits);
  }
  return views;
}

function fingerprint(table: Table): unknown {
  const hash = (v: ArrayBufferView) => createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex');
  return {
    rowCount: table.rowCount,
    schema: table.schema,
    views: viewsOf(table).map((v) => [v.constructor.name, v.byteLength, hash(v)]),
    errorCount: table.errorCount,
  };
}

describe('a Table across postMessage', () => {
  const tables: [string, () => Table][] = [
    ['every column kind, nulls included', () => parse(mixedCsv(3000, 9), { schema: MIXED_SCHEMA })],
    // Over 4 MiB a column is a view on a larger buffer (column-builder's finish): the view's
    // offset and length must survive, and its buffer be transferred once.
    ['big columns that are views on larger buffers', () => parse('x,y\n' + '1.5,2\n'.repeat(600_000), { schema: { x: 'f64', y: 'i64' } })],
    ['a column called __proto__', () => parse('__proto__,b\nx,1\n', { schema: Object.fromEntries([['__proto__', 'string'], ['b', 'u8']]) })],
    ['bool, date, timestamp (ms and ns) and category columns', () => parse('b,d,t,n,c\ntrue,2024-02-29,2024-03-01T12:00Z,2024-03-01,GET\nno,,1970-01-01,,\n', {
      schema: { b: 'bool', d: { type: 'date', nullable: true }, t: 'timestamp', n: { type: 'timestamp', unit: 'ns', nullable: true }, c: { type: 'category', nullable: true } },
    })],
    ['no rows', () => parse('a,b\n', { schema: { a: 'f64', b: { type: 'string', nullable: true } } })],
    ['errors kept under onError: null', () => parse('a,b\n1,x\n,2\n3,4,5\n', { schema: { a: 'u8', b: 'u8' }, onError: 'null' })],
  ];

  for (const [name, make] of tables) {
    it(name, () => {
      const table = make();
      // Exact bytes of every column, hashed: a full snapshot of 600k rows would cost seconds.
      const before = fingerprint(table);
      const small = table.rowCount < 10_000 ? snapshot(table) : undefined;
      const wasView = viewsOf(table).some((v) => v.byteLength < v.buffer.byteLength);
      if (name.startsWith('big')) expect(wasView).toBe(true);
      const { wire, transfer } = packTable(table);
      // Every buffer behind the table is in the transfer list, once.
      expect(new Set(transfer).size).toBe(transfer.length);
      for (const view of viewsOf(table)) expect(transfer).toContain(view.buffer);

      const received = structuredClone(wire, { transfer });
      // Moved, not copied: the sending side's arrays are now empty.
      for (const view of viewsOf(table)) expect(view.buffer.byteLength).toBe(0);

      const rebuilt = unpackTable(received);
      expect(rebuilt).toBeInstanceOf(Table);
      expect(fingerprint(rebuilt)).toEqual(before);
      if (small) expect(snapshot(rebuilt)).toEqual(small);
      for (const error of rebuilt.errors) expect(error).toBeInstanceOf(CsvError);
    });
  }
});

describe('errors across postMessage', () => {
  it('a CsvError keeps its class, code, position fields, message and cause', () => {
    const cause = new Error('why');
    const err = new CsvError('INVALID_NUMBER', 'invalid f64 "x" in column "d" at line 3 (byte 20)', { line: 3, row: 1, column: 'd', columnIndex: 1, byteOffset: 20, text: 'x' });
    (err as { cause?: unknown }).cause = cause;
    const back = fromWireError(structuredClone(toWireError(err)));
    expect(back).toBeInstanceOf(CsvError);
    expect(back).toMatchObject({ name: 'CsvError', code: 'INVALID_NUMBER', line: 3, row: 1, column: 'd', columnIndex: 1, byteOffset: 20, text: 'x', message: err.message });
    expect((back as { cause?: Error }).cause?.message).toBe('why');
    expect(back.stack).toContain('in the typed-csv worker');
  });

  it('other errors keep their kind and message; odd values become Errors', () => {
    expect(fromWireError(structuredClone(toWireError(new TypeError('bad source'))))).toBeInstanceOf(TypeError);
    const custom = Object.assign(new Error('boom'), { name: 'NetworkError' });
    expect(fromWireError(toWireError(custom))).toMatchObject({ name: 'NetworkError', message: 'boom' });
    expect(fromWireError(toWireError('just a string'))).toMatchObject({ name: 'Error', message: 'just a string' });
    const abort = fromWireError(toWireError(new DOMException('stop', 'AbortError')));
    expect(abort).toMatchObject({ name: 'AbortError', message: 'stop' });
  });
});
