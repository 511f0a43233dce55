// Hook for the core-only measurement: bytes already in wasm linear memory → columns, no file
// reading, no JS-side chunk driver. The lead fills this in; while `coreHook` is undefined the
// runner shows no core row.
//
// Contract: coreHook(input) does all untimed preparation (read input.file, instantiate the core,
// copy the bytes into linear memory) and returns a function that runs the core over those bytes
// once and returns the columns (`ParseOutput`, see types.ts; checksummed like every parser, so it
// must deliver the same values). The harness calls it once to warm up, then times one call.
// Import library internals with `importDist('core/whatever.js')`, which works from bench/ under
// tsx and from the compiled bench/.out/ alike.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ParseInput, ParseOutput } from './types.js';

export type CoreHook = (input: ParseInput) => Promise<() => ParseOutput | Promise<ParseOutput>>;

type Layout = typeof import('../src/core/layout.js');
type Wasm = typeof import('../src/core/wasm.js');
type Settings = typeof import('../src/column-settings.js');
type ColumnInfo = import('../src/schema.js').ColumnInfo;

const WINDOW = 1 << 20; // the driver's chunk size: the core is called per ~1 MiB so V8 optimizes it
const MAX_ROWS = 128 * 1024;
/** Value arrays by type (bool, date, millisecond timestamp and category codes: their storage). */
const ARRAYS = {
  i8: Int8Array, i16: Int16Array, i32: Int32Array, u8: Uint8Array, u16: Uint16Array, u32: Uint32Array,
  i64: BigInt64Array, u64: BigUint64Array, f32: Float32Array, f64: Float64Array,
  bool: Uint8Array, date: Int32Array, timestamp: Float64Array, category: Int32Array,
} as const;
/** A category dictionary's room: fixed here (the driver grows it on S_DICT_FULL; this hook stops). */
const DICT_ENTRIES = 4096;
const DICT_SLOTS = 8192; // a power of two, at least twice the entries (as the driver's slotCount)
const DICT_BYTES = 256 * 1024;
const DICT_BLOCK_BYTES = (layout: Layout): number => layout.PARAM_CATEGORY_SIZE + DICT_ENTRIES * 4 + DICT_SLOTS * 4 + DICT_BYTES;

/**
 * The core alone: the whole file is copied into linear memory beforehand (untimed), then timed:
 * parseChunk over consecutive ~1 MiB windows of it (no copying of input) and each call's values
 * copied out into full-length columns, exactly what the driver does minus file reading.
 */
export const coreHook: CoreHook | undefined = async (input) => {
  const layout = await importDist<Layout>('core/layout.js');
  const { acquireWasmCore } = await importDist<Wasm>('core/wasm.js');
  const { encodeParams } = await importDist<Settings>('column-settings.js');
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(input.file);
  let start = 0;
  if (input.header) start = bytes.indexOf(10) + 1;
  let rowsTotal = 0;
  for (let i = start; i < bytes.length; i++) if (bytes[i] === 10) rowsTotal++;
  if (bytes.length > start && bytes[bytes.length - 1] !== 10) rowsTotal++;

  const names = input.names;
  const schema = input.schema as Record<string, keyof typeof ARRAYS | 'string'>;
  for (const n of names) {
    if (typeof schema[n] !== 'string') throw new Error(`the core row takes type names only; column "${n}" is declared with settings`);
  }
  /** Bool words (the defaults) for bool columns; none for the others (ISO timestamps and dates). */
  const params = names.map((n) => encodeParams({ name: n, type: schema[n] } as ColumnInfo));
  const core = acquireWasmCore();
  // [results][input + sentinel][descriptors][per column: values, string bytes, parameters]
  let size = layout.RESULT_SIZE + bytes.length + 64 + names.length * layout.DESC_SIZE + 64;
  names.forEach((n, i) => {
    size += (MAX_ROWS << layout.SIZE_SHIFT[schema[n]]) + (schema[n] === 'string' ? WINDOW * 2 : 0) + 128;
    size += (schema[n] === 'category' ? DICT_BLOCK_BYTES(layout) : (params[i]?.length ?? 0)) + 256;
  });
  const base = core.reserve(size);
  if (!base) throw new Error('out of wasm memory');
  const results = base;
  const inputPtr = base + layout.RESULT_SIZE;
  new Uint8Array(core.buffer, inputPtr, bytes.length).set(bytes);
  let p = Math.ceil((inputPtr + bytes.length + 64) / 64) * 64;
  const descriptors = p;
  p += Math.ceil((names.length * layout.DESC_SIZE) / 64) * 64;
  const align64 = (n: number): number => Math.ceil(n / 64) * 64;
  const cols = names.map((name, i) => {
    const type = schema[name];
    const values = p;
    p += align64(MAX_ROWS << layout.SIZE_SHIFT[type]);
    const strData = type === 'string' ? p : 0;
    if (type === 'string') p += WINDOW * 2;
    let param = 0;
    if (type === 'category' || params[i]) {
      param = p;
      p += align64(type === 'category' ? DICT_BLOCK_BYTES(layout) : params[i]!.length);
    }
    return { name, type, values, strData, param };
  });
  const d = new Uint32Array(core.buffer, descriptors, (names.length * layout.DESC_SIZE) >> 2);
  cols.forEach((c, i) => {
    const w = (i * layout.DESC_SIZE) >> 2;
    d[w + (layout.D_TYPE >> 2)] = layout.TYPE_CODE[c.type];
    d[w + (layout.D_VALUES >> 2)] = c.values;
    d[w + (layout.D_STR_DATA >> 2)] = c.strData;
    d[w + (layout.D_STR_END >> 2)] = c.strData ? c.strData + WINDOW * 2 : 0; // a window's bytes always fit
    d[w + (layout.D_PARAM >> 2)] = c.param;
    if (c.param && c.type !== 'category') new Uint8Array(core.buffer, c.param, params[i]!.length).set(params[i]!);
  });
  /** An empty dictionary in a category column's parameter block (the layout the driver writes). */
  const resetDictionary = (param: number): void => {
    const b = new Uint32Array(core.buffer, param, layout.PARAM_CATEGORY_SIZE >> 2);
    const ends = param + layout.PARAM_CATEGORY_SIZE;
    b.fill(0);
    b[layout.P_MAX >> 2] = 65536;
    b[layout.P_ENDS >> 2] = ends;
    b[layout.P_ENTRY_CAP >> 2] = DICT_ENTRIES;
    b[layout.P_SLOTS >> 2] = ends + DICT_ENTRIES * 4;
    b[layout.P_SLOT_MASK >> 2] = DICT_SLOTS - 1;
    b[layout.P_DATA >> 2] = ends + DICT_ENTRIES * 4 + DICT_SLOTS * 4;
    b[layout.P_DATA_CAP >> 2] = DICT_BYTES;
    b[layout.P_REHASH >> 2] = 1; // the core clears the hash table
  };
  const delimiter = input.delimiter.charCodeAt(0);
  core.configure(names.length, descriptors, results, delimiter, 34, 0);
  core.configureLog(0, 0);

  // Output columns are allocated (and touched) once, here: the core row measures parsing into
  // warm memory, not the OS's first-touch page faults that every end-to-end row pays.
  // (String bytes get a file-sized buffer each, left untouched: only what is written is committed.)
  const out = cols.map((c) =>
    c.type === 'string'
      ? { data: new Uint8Array(bytes.length), offsets: new Int32Array(rowsTotal + 1).fill(0), length: 0 }
      : new ARRAYS[c.type](rowsTotal).fill((c.type === 'i64' || c.type === 'u64' ? 0n : 0) as never),
  );
  return () => {
    for (const o of out) if ('length' in o && !ArrayBuffer.isView(o)) (o as { length: number }).length = 0;
    for (const c of cols) if (c.type === 'category') resetDictionary(c.param); // each run builds its own
    let pos = inputPtr + start;
    const end = inputPtr + bytes.length;
    let rows = 0;
    while (pos < end) {
      const windowEnd = Math.min(pos + WINDOW, end);
      const last = windowEnd === end;
      const mem = new Uint8Array(core.buffer);
      const saved = mem[windowEnd];
      mem[windowEnd] = 0; // the sentinel the core's digit loops stop at
      cols.forEach((c, i) => {
        if (c.type !== 'string') return;
        const w = (i * layout.DESC_SIZE) >> 2;
        d[w + (layout.D_STR_POS >> 2)] = c.strData;
        d[w + (layout.D_STR_BASE >> 2)] = (out[i] as { length: number }).length;
      });
      const status = core.parseChunk(pos, windowEnd, last, MAX_ROWS);
      mem[windowEnd] = saved;
      if (status === layout.S_ERROR) throw new Error('core reported an error');
      if (status === layout.S_DICT_FULL) throw new Error(`a category dictionary outgrew the core row's fixed ${DICT_ENTRIES} entries / ${DICT_BYTES} bytes`);
      const r = new Int32Array(core.buffer, results, layout.RESULT_SIZE >> 2);
      const n = r[layout.R_ROWS >> 2];
      cols.forEach((c, i) => {
        if (c.type === 'string') {
          const s = out[i] as { data: Uint8Array; offsets: Int32Array; length: number };
          if (n === 0) return;
          const ends = new Int32Array(core.buffer, c.values, n);
          s.offsets.set(ends, rows + 1);
          const total = ends[n - 1];
          s.data.set(new Uint8Array(core.buffer, c.strData, total - s.length), s.length);
          s.length = total;
        } else {
          const Ctor = ARRAYS[c.type];
          (out[i] as Float64Array).set(new Ctor(core.buffer, c.values, n) as Float64Array, rows);
        }
      });
      rows += n;
      const consumed = r[layout.R_CONSUMED >> 2];
      if (consumed === pos && !last) throw new Error('a record longer than the window');
      pos = consumed;
      if (last && status !== layout.S_ROWS_FULL) break;
    }
    return {
      rowCount: rows,
      column(name) {
        const i = names.indexOf(name);
        const o = out[i];
        if (cols[i].type === 'string') {
          const s = o as { data: Uint8Array; offsets: Int32Array };
          return { kind: 'utf8', length: rows, data: s.data, offsets: s.offsets.subarray(0, rows + 1) };
        }
        if (cols[i].type === 'category') {
          // the dictionary as it stands after the run: entry ends and bytes in the parameter block
          const b = new Uint32Array(core.buffer, cols[i].param, layout.PARAM_CATEGORY_SIZE >> 2);
          const count = b[layout.P_COUNT >> 2];
          const offsets = new Int32Array(count + 1);
          offsets.set(new Int32Array(core.buffer, b[layout.P_ENDS >> 2], count), 1);
          const data = new Uint8Array(core.buffer, b[layout.P_DATA >> 2], b[layout.P_DATA_LEN >> 2]).slice();
          return { kind: 'dictionary', codes: (o as Int32Array).subarray(0, rows), dictionary: { kind: 'utf8', length: count, data, offsets } };
        }
        return { kind: 'values', values: (o as Float64Array).subarray(0, rows) as ArrayLike<unknown> };
      },
    };
  };
};

/** Imports a module from the built package's dist/ by path relative to dist/. */
export async function importDist<T = unknown>(relative: string): Promise<T> {
  const pkg = createRequire(import.meta.url).resolve('typed-csv/package.json');
  return (await import(pathToFileURL(join(dirname(pkg), 'dist', relative)).href)) as T;
}
