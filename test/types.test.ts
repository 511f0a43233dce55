// Type-level specification: the columns' TypeScript types follow from the schema. `npm test` runs
// tsc over this file, so a wrong type fails the build even though the runtime checks are light.
import { describe, expectTypeOf, it } from 'vitest';
import { parse, parseBatches, parseFile, type CategoryColumn, type StringColumn, type Table } from '../src/index.js';

describe('column types follow from the schema', () => {
  it('gives each type name its typed array', () => {
    const t = parse('a,b,c,d,e,f,g,h,i,j,k\n', {
      schema: { a: 'i8', b: 'i16', c: 'i32', d: 'u8', e: 'u16', f: 'u32', g: 'i64', h: 'u64', i: 'f32', j: 'f64', k: 'string' },
    });
    expectTypeOf(t.columns.a).toEqualTypeOf<Int8Array>();
    expectTypeOf(t.columns.b).toEqualTypeOf<Int16Array>();
    expectTypeOf(t.columns.c).toEqualTypeOf<Int32Array>();
    expectTypeOf(t.columns.d).toEqualTypeOf<Uint8Array>();
    expectTypeOf(t.columns.e).toEqualTypeOf<Uint16Array>();
    expectTypeOf(t.columns.f).toEqualTypeOf<Uint32Array>();
    expectTypeOf(t.columns.g).toEqualTypeOf<BigInt64Array>();
    expectTypeOf(t.columns.h).toEqualTypeOf<BigUint64Array>();
    expectTypeOf(t.columns.i).toEqualTypeOf<Float32Array>();
    expectTypeOf(t.columns.j).toEqualTypeOf<Float64Array>();
    expectTypeOf(t.columns.k).toEqualTypeOf<StringColumn>();
  });

  it('reads the type inside { type, nullable }', () => {
    const t = parse('x,y\n', { schema: { x: { type: 'f64', nullable: true }, y: { type: 'string', nullable: true } } });
    expectTypeOf(t.columns.x).toEqualTypeOf<Float64Array>();
    expectTypeOf(t.columns.y).toEqualTypeOf<StringColumn>();
    expectTypeOf(t.column('x')).toEqualTypeOf<Float64Array>();
  });

  it('gives bool, date, timestamp and category their arrays, and a timestamp unit us or ns a BigInt64Array', () => {
    const t = parse('b,d,ts,us,ns,ms,c,n\n', {
      schema: {
        b: 'bool', d: 'date', ts: 'timestamp', us: { type: 'timestamp', unit: 'us' }, ns: { type: 'timestamp', unit: 'ns', nullable: true },
        ms: { type: 'timestamp', unit: 'ms', format: '%Y-%m-%d %H:%M' }, c: { type: 'category', maxCategories: 10 }, n: { type: 'bool', true: ['on'], false: ['off'] },
      },
    });
    expectTypeOf(t.columns.b).toEqualTypeOf<Uint8Array>();
    expectTypeOf(t.columns.d).toEqualTypeOf<Int32Array>();
    expectTypeOf(t.columns.ts).toEqualTypeOf<Float64Array>();
    expectTypeOf(t.columns.us).toEqualTypeOf<BigInt64Array>();
    expectTypeOf(t.columns.ns).toEqualTypeOf<BigInt64Array>();
    expectTypeOf(t.columns.ms).toEqualTypeOf<Float64Array>();
    expectTypeOf(t.columns.c).toEqualTypeOf<CategoryColumn>();
    expectTypeOf(t.columns.c.codes).toEqualTypeOf<Int32Array>();
    expectTypeOf(t.columns.c.dictionary).toEqualTypeOf<StringColumn>();
    expectTypeOf(t.columns.n).toEqualTypeOf<Uint8Array>();
  });

  it('refuses a timestamp unit that does not exist (a setting of another type is refused when parsing: INVALID_OPTION)', () => {
    // @ts-expect-error: 's' is not a unit
    expectTypeOf(() => parse('a\n', { schema: { a: { type: 'timestamp', unit: 's' } } })).toBeFunction();
  });

  it('types parseFile and parseBatches the same way', async () => {
    const load = () => parseFile('requests.csv', { schema: { machine: 'i32', duration: 'f64' } });
    expectTypeOf<Awaited<ReturnType<typeof load>>['columns']['duration']>().toEqualTypeOf<Float64Array>();
    expectTypeOf<Awaited<ReturnType<typeof load>>['columns']['machine']>().toEqualTypeOf<Int32Array>();
    const batches = () => parseBatches('machine,duration\n', { schema: { machine: 'i32', duration: 'f64' } });
    type Batch = ReturnType<typeof batches> extends AsyncGenerator<infer B> ? B : never;
    expectTypeOf<Batch>().toExtend<Table>();
    expectTypeOf<Batch['columns']['duration']>().toEqualTypeOf<Float64Array>();
  });

  it('refuses names the schema does not have and type names that do not exist', () => {
    const t = parse('a\n', { schema: { a: 'f64' } });
    // @ts-expect-error: no column "b"
    void t.columns.b;
    // @ts-expect-error: no column "b"
    expectTypeOf(() => t.column('b')).toBeFunction();
    // @ts-expect-error: 'float' is not a column type
    expectTypeOf(() => parse('a\n', { schema: { a: 'float' } })).toBeFunction();
  });
});
