// typed-csv/arrow: toArrow shares the column buffers, keeps nulls and types, and survives Arrow IPC.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataType, RecordBatchStreamWriter, Type, tableFromIPC, tableToIPC, type Data, type Float64, type Int32, type Int64, type Utf8, type Vector } from 'apache-arrow';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { toArrow } from '../src/arrow/index.js';
import { parse, parseBatches, StringColumn, Table, type ColumnInfo, type Schema } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The one Data chunk of a column (toArrow makes one record batch). */
function chunk(v: Vector | null): Data {
  expect(v).not.toBeNull();
  expect(v!.data.length).toBe(1);
  return v!.data[0];
}

/** True when `a` is a view of the very bytes of `b`: same ArrayBuffer, same offset. */
function sameBytes(a: ArrayBufferView | undefined, b: ArrayBufferView | undefined): boolean {
  return a !== undefined && b !== undefined && a.buffer === b.buffer && a.byteOffset === b.byteOffset;
}

/** Bytes of a validity bitmap with `nulls` (row indexes) cleared. */
function bitmap(length: number, nulls: number[]): Uint8Array {
  const bits = new Uint8Array((length + 7) >> 3).fill(0xff);
  for (const i of nulls) bits[i >> 3] &= ~(1 << (i & 7));
  return bits;
}

function strings(values: (string | null)[]): StringColumn {
  const enc = new TextEncoder();
  const parts = values.map((v) => enc.encode(v ?? ''));
  const offsets = new Int32Array(values.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i] + p.length));
  const data = new Uint8Array(offsets[values.length]);
  parts.forEach((p, i) => data.set(p, offsets[i]));
  return new StringColumn(data, offsets, values.includes(null) ? bitmap(values.length, values.flatMap((v, i) => (v === null ? [i] : []))) : undefined);
}

/** A Table built by hand, for the column types the parser does not produce yet (bool, date, timestamp, category). */
function handTable(rowCount: number, cols: { info: { name: string; type: string; unit?: string; nullable?: boolean }; column: unknown; validity?: Uint8Array }[]): Table<Schema> {
  return new Table<Schema>({
    rowCount,
    schema: cols.map((c) => ({ nullable: c.validity !== undefined, ...c.info }) as unknown as ColumnInfo),
    columns: Object.fromEntries(cols.map((c) => [c.info.name, c.column])) as never,
    validity: Object.fromEntries(cols.filter((c) => c.validity).map((c) => [c.info.name, c.validity])),
  });
}

const numericCsv = 'a,b,c,d,e,f,g,h,i,j\n-128,-32768,-2147483648,-9223372036854775808,255,65535,4294967295,18446744073709551615,1.5,-2.25\n1,2,,4,5,6,7,8,,nan\n';
const numericSchema = {
  a: 'i8', b: 'i16', c: { type: 'i32', nullable: true }, d: 'i64', e: 'u8', f: 'u16', g: 'u32', h: 'u64', i: { type: 'f32', nullable: true }, j: 'f64',
} as const;
const arrowTypeOf = { a: 'Int8', b: 'Int16', c: 'Int32', d: 'Int64', e: 'Uint8', f: 'Uint16', g: 'Uint32', h: 'Uint64', i: 'Float32', j: 'Float64' };

describe('toArrow', () => {
  it('turns every numeric column into the Arrow type of the same width, sharing its buffer', () => {
    const t = parse(numericCsv, { schema: numericSchema });
    const a = toArrow(t);
    expect(a.numRows).toBe(2);
    expect(a.schema.fields.map((f) => f.name)).toEqual(Object.keys(numericSchema));
    for (const [key, typeName] of Object.entries(arrowTypeOf)) {
      const name = key as keyof typeof numericSchema;
      const field = a.schema.fields.find((f) => f.name === name)!;
      expect(String(field.type), name).toBe(typeName);
      const data = chunk(a.getChild(name));
      const column = t.columns[name];
      expect(sameBytes(data.values, column), name).toBe(true);
      expect(data.values.byteLength, name).toBe(column.byteLength);
    }
    expect(a.getChild('d')!.get(0)).toBe(-9223372036854775808n);
    expect(a.getChild('h')!.get(0)).toBe(18446744073709551615n);
    expect(a.getChild('j')!.get(0)).toBe(-2.25);
  });

  it('shares the validity bitmap of a nullable column and counts its nulls', () => {
    const t = parse(numericCsv, { schema: numericSchema });
    const a = toArrow(t);
    for (const name of ['c', 'i'] as const) {
      const data = chunk(a.getChild(name));
      expect(sameBytes(data.nullBitmap, t.validity[name]), name).toBe(true);
      expect(data.nullCount, name).toBe(1);
      expect(a.getChild(name)!.get(1), name).toBeNull();
      expect(a.getChild(name)!.get(0), name).not.toBeNull();
    }
    expect(a.schema.fields.find((f) => f.name === 'c')!.nullable).toBe(true);
    expect(a.schema.fields.find((f) => f.name === 'a')!.nullable).toBe(false);
    expect(chunk(a.getChild('a')).nullCount).toBe(0);
  });

  it('turns a string column into Utf8 whose offsets and data are the column\'s own', () => {
    const t = parse('s,n\nhéllo,1\n,2\n"a,b",3\n"",4\n', { schema: { s: { type: 'string', nullable: true }, n: 'i32' } });
    const a = toArrow(t);
    const data = chunk(a.getChild('s'));
    expect(DataType.isUtf8(data.type)).toBe(true);
    expect(sameBytes(data.valueOffsets, t.columns.s.offsets)).toBe(true);
    expect(sameBytes(data.values, t.columns.s.data)).toBe(true);
    expect(sameBytes(data.nullBitmap, t.validity.s ?? t.columns.s.validity)).toBe(true);
    expect(data.nullCount).toBe(1);
    expect(a.getChild('s')!.toArray()).toEqual(['héllo', null, 'a,b', '']);
  });

  it('counts nulls exactly past a multiple of eight rows', () => {
    const rows = Array.from({ length: 21 }, (_, i) => (i % 3 === 0 ? `,${i}` : `${i},${i}`)); // 0, 3, … 18 are null
    const t = parse(`x,y\n${rows.join('\n')}\n`, { schema: { x: { type: 'f64', nullable: true }, y: 'i32' } });
    expect(chunk(toArrow(t).getChild('x')).nullCount).toBe(7);
  });

  it('turns bool bytes into Arrow\'s packed Bool (a copy: Arrow stores bits)', () => {
    const values = Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0]);
    const validity = bitmap(values.length, [2, 9]);
    const t = handTable(values.length, [{ info: { name: 'ok', type: 'bool' }, column: values, validity }]);
    const v = toArrow(t).getChild('ok')!;
    expect(v.type.typeId).toBe(Type.Bool);
    expect(sameBytes(chunk(v).nullBitmap, validity)).toBe(true);
    expect(v.nullCount).toBe(2);
    expect(v.toArray().length).toBe(values.length);
    expect([...Array(values.length).keys()].map((i) => v.get(i))).toEqual([true, false, null, true, false, false, false, true, true, null, false]);
  });

  it('turns a date column (days since 1970-01-01) into DateDay, sharing the Int32Array', () => {
    const days = Int32Array.from([0, 19723, -1, 0]); // 1970-01-01, 2024-01-01, 1969-12-31, null
    const validity = bitmap(4, [3]);
    const t = handTable(4, [{ info: { name: 'day', type: 'date' }, column: days, validity }]);
    const v = toArrow(t).getChild('day')!;
    expect(v.type.typeId).toBe(Type.Date);
    expect(String(v.type)).toBe('Date32<DAY>');
    expect(chunk(v).values).toBe(days);
    expect(sameBytes(chunk(v).nullBitmap, validity)).toBe(true);
    expect(v.get(1)).toBe(Date.UTC(2024, 0, 1));
    expect(v.get(2)).toBe(Date.UTC(1969, 11, 31));
    expect(v.get(3)).toBeNull();
  });

  it('turns millisecond timestamps (Float64Array) into Timestamp(MILLISECOND, UTC): a copy to int64, sub-millisecond fractions dropped', () => {
    const ms = Float64Array.from([Date.UTC(2024, 1, 29, 23, 59, 59, 999), -1.5, 0.25, NaN]);
    const t = handTable(4, [{ info: { name: 'at', type: 'timestamp' }, column: ms, validity: bitmap(4, [3]) }]);
    const v = toArrow(t).getChild('at')!;
    expect(String(v.type)).toBe('Timestamp<MILLISECOND, UTC>');
    expect(chunk(v).values).toBeInstanceOf(BigInt64Array);
    expect([v.get(0), v.get(1), v.get(2), v.get(3)]).toEqual([Date.UTC(2024, 1, 29, 23, 59, 59, 999), -2, 0, null]);
    expect(v.nullCount).toBe(1);
  });

  it('turns us and ns timestamps (BigInt64Array) into Timestamp of that unit, UTC, sharing the array', () => {
    for (const unit of ['us', 'ns'] as const) {
      const values = BigInt64Array.from([1_700_000_000_123_456n, -1n]);
      const t = handTable(2, [{ info: { name: 'at', type: 'timestamp', unit }, column: values }]);
      const v = toArrow(t).getChild('at')!;
      expect(String(v.type)).toBe(`Timestamp<${unit === 'us' ? 'MICROSECOND' : 'NANOSECOND'}, UTC>`);
      expect(chunk(v).values).toBe(values);
    }
  });

  it('refuses a BigInt64Array timestamp column whose schema gives no unit', () => {
    const t = handTable(1, [{ info: { name: 'at', type: 'timestamp' }, column: new BigInt64Array(1) }]);
    expect(() => toArrow(t)).toThrow(/timestamp column "at" .*no unit/);
  });

  it('turns a category column into Dictionary<Utf8, Int32> sharing codes and dictionary buffers', () => {
    const dictionary = strings(['GET', 'POST', 'DELETE']);
    const codes = Int32Array.from([0, 1, 0, 2, 0, 0]);
    const validity = bitmap(6, [4]);
    const category = { codes, dictionary, get: (i: number) => dictionary.get(codes[i]) };
    const t = handTable(6, [{ info: { name: 'method', type: 'category' }, column: category, validity }]);
    const v = toArrow(t).getChild('method')!;
    expect(DataType.isDictionary(v.type)).toBe(true);
    expect(String(v.type)).toBe('Dictionary<Int32, Utf8>');
    const data = chunk(v);
    expect(data.values).toBe(codes);
    expect(sameBytes(data.nullBitmap, validity)).toBe(true);
    const dict = chunk(data.dictionary!);
    expect(sameBytes(dict.valueOffsets, dictionary.offsets)).toBe(true);
    expect(sameBytes(dict.values, dictionary.data)).toBe(true);
    expect(v.toArray()).toEqual(['GET', 'POST', 'GET', 'DELETE', null, 'GET']);
    expect(v.nullCount).toBe(1);
  });

  it('round-trips every type through tableToIPC / tableFromIPC', () => {
    const parsed = parse('n,x,s\n1,0.5,a\n-7,,"b ""q"""\n3,1e300,\n', { schema: { n: 'i64', x: { type: 'f64', nullable: true }, s: { type: 'string', nullable: true } } });
    const dictionary = strings(['x', 'y']);
    const codes = Int32Array.from([1, 0, 1]);
    const hand = handTable(3, [
      { info: { name: 'n', type: 'i64' }, column: parsed.columns.n },
      { info: { name: 'x', type: 'f64' }, column: parsed.columns.x, validity: parsed.validity.x },
      { info: { name: 's', type: 'string' }, column: parsed.columns.s, validity: parsed.validity.s ?? parsed.columns.s.validity },
      { info: { name: 'ok', type: 'bool' }, column: Uint8Array.from([1, 0, 1]), validity: bitmap(3, [1]) },
      { info: { name: 'day', type: 'date' }, column: Int32Array.from([19723, 0, -719528]) },
      { info: { name: 'at', type: 'timestamp' }, column: Float64Array.from([1.7e12, 0, -86_400_000]) },
      { info: { name: 'ns', type: 'timestamp', unit: 'ns' }, column: BigInt64Array.from([1n, 2n, 3n]) },
      { info: { name: 'cat', type: 'category' }, column: { codes, dictionary, get: (i: number) => dictionary.get(codes[i]) } },
    ]);
    const before = toArrow(hand);
    const after = tableFromIPC(tableToIPC(before));
    expect(after.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`)).toEqual(before.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`));
    expect(after.numRows).toBe(3);
    for (const f of before.schema.fields) {
      expect(after.getChild(f.name)!.toArray(), f.name).toEqual(before.getChild(f.name)!.toArray());
      expect(after.getChild(f.name)!.nullCount, f.name).toBe(before.getChild(f.name)!.nullCount);
    }
    expect(after.getChild('s')!.toArray()).toEqual(['a', 'b "q"', null]);
    expect(after.getChild('cat')!.toArray()).toEqual(['y', 'x', 'y']);
    expect([...after.getChild('ok')!].map((b) => b)).toEqual([true, null, true]);
  });

  it('gives the Arrow table the column types of the schema, for TypeScript', () => {
    const a = toArrow(parse('n,x,s,b\n1,2,a,3\n', { schema: { n: 'i32', x: { type: 'f64', nullable: true }, s: 'string', b: 'i64' } }));
    expectTypeOf(a.getChild('n')).toEqualTypeOf<Vector<Int32> | null>();
    expectTypeOf(a.getChild('x')).toEqualTypeOf<Vector<Float64> | null>();
    expectTypeOf(a.getChild('s')).toEqualTypeOf<Vector<Utf8> | null>();
    expectTypeOf(a.getChild('b')).toEqualTypeOf<Vector<Int64> | null>();
    expect(a.getChild('x')!.get(0)).toBe(2);
  });

  it('turns parseBatches\' tables into record batches that stream into one Arrow IPC stream', async () => {
    const csv = 'n,s\n' + Array.from({ length: 10 }, (_, i) => `${i},${i % 3 ? `s${i}` : ''}`).join('\n') + '\n';
    const writer = new RecordBatchStreamWriter();
    for await (const batch of parseBatches(csv, { schema: { n: 'i32', s: { type: 'string', nullable: true } }, batchRows: 4 })) {
      const [recordBatch] = toArrow(batch).batches;
      expect(recordBatch.numRows).toBe(batch.rowCount);
      writer.write(recordBatch);
    }
    writer.finish();
    const back = tableFromIPC(writer.toUint8Array(true));
    expect(back.batches.length).toBe(3);
    expect([...back.getChild('n')!.toArray()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(back.getChild('s')!.toArray()).toEqual([null, 's1', 's2', null, 's4', 's5', null, 's7', 's8', null]);
  });

  it('makes an empty table with the right fields', () => {
    const a = toArrow(parse('a,b\n', { schema: { a: 'f64', b: 'string' } }));
    expect(a.numRows).toBe(0);
    expect(a.schema.fields.map((f) => String(f.type))).toEqual(['Float64', 'Utf8']);
    expect(tableFromIPC(tableToIPC(a)).numRows).toBe(0);
  });

  it('refuses a column type it does not know, naming it', () => {
    const t = handTable(1, [{ info: { name: 'z', type: 'decimal' }, column: new Float64Array(1) }]);
    expect(() => toArrow(t)).toThrow(/column type "decimal" \(column "z"\)/);
  });

  it('refuses a column whose array does not match its type', () => {
    const t = handTable(1, [{ info: { name: 'day', type: 'date' }, column: new Float64Array(1) }]);
    expect(() => toArrow(t)).toThrow(/column "day" of type date should be a Int32Array, not Float64Array/);
  });
});

describe('packaging', () => {
  const dist = join(root, 'dist');
  const requireDist = () => {
    if (!existsSync(join(dist, 'index.js')) || !existsSync(join(dist, 'arrow', 'index.js'))) throw new Error('dist/ (with dist/arrow) is missing: run `npm run build` first (npm test does)');
  };

  it('the main entry\'s import graph reaches no package at all, apache-arrow included', () => {
    requireDist();
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      const specifiers = [
        ...text.matchAll(/(?:^|[\s;})])(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/gm),
        ...text.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/gm),
        ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
        ...text.matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g),
      ].map((m) => m[1]);
      for (const s of specifiers) {
        if (s.startsWith('node:')) continue;
        if (s.startsWith('.')) visit(resolve(dirname(file), s));
        else bare.add(s);
      }
    };
    visit(join(dist, 'index.js'));
    expect(seen.size).toBeGreaterThan(10); // the scan really followed the graph
    expect([...seen].some((f) => f.includes(`${join('dist', 'arrow')}`))).toBe(false);
    expect([...bare]).toEqual([]);
  });

  it('package.json exports typed-csv/arrow (types first) and makes apache-arrow an optional peer', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports['./arrow'])).toEqual(['types', 'default']);
    expect(pkg.exports['./arrow'].default).toBe('./dist/arrow/index.js');
    expect(pkg.peerDependencies['apache-arrow']).toBeTruthy();
    expect(pkg.peerDependenciesMeta['apache-arrow'].optional).toBe(true);
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('typed-csv/arrow without apache-arrow installed says to install it', () => {
    requireDist();
    const dir = mkdtempSync(join(tmpdir(), 'typed-csv-noarrow-'));
    try {
      cpSync(dist, join(dir, 'dist'), { recursive: true });
      cpSync(join(root, 'build'), join(dir, 'build'), { recursive: true }); // dist/core loads ../../build/*.js
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('./dist/arrow/index.js')"], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: '' } });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('npm install apache-arrow');
      // The main entry loads there: it does not need apache-arrow.
      const main = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('./dist/index.js'); console.log(typeof m.parse)"], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      expect(main.stderr).toBe('');
      expect(main.stdout.trim()).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
