// The two engines, engine: 'wasm' and engine: 'js', give the same Table for the same input and options:
// every value's bytes (so -0, NaN and 64-bit values compare exactly), every validity bitmap, every
// string's bytes and offsets, and the same errors (code, line, row, column, byteOffset, text and
// message), whether thrown or collected by the 'skip', 'null' and callback policies. Inputs are
// generated from a seeded PRNG: every column type, edge values, invalid values, quoting, CRLF, blank
// lines, wrong field counts, invalid UTF-8, and small input windows so records straddle core calls.
// Also: engine selection ('auto' uses the JS engine where WebAssembly is missing or won't compile).
//
//   ENGINE_CASES  generated files per error policy (default 1500)
//   ENGINE_SEED   PRNG seed (default fixed; every failure names it)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CsvError, parse, type ParseOptions } from '../src/index.js';
import { resolveEngine } from '../src/core/select.js';
import { prng, mixedCsv, MIXED_SCHEMA, seedLikeCsv, SEED_LIKE_SCHEMA } from './support/sample-csv.js';
import { snapshot } from './support/snapshot.js';

const CASES = Number(process.env.ENGINE_CASES ?? 1500);
const SEED = Number(process.env.ENGINE_SEED ?? 0xe61e);

type Type = 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'string';
const TYPES: Type[] = ['i8', 'i16', 'i32', 'u8', 'u16', 'u32', 'i64', 'u64', 'f32', 'f64', 'string'];
const RANGES: Record<string, [bigint, bigint]> = {
  i8: [-128n, 127n], i16: [-32768n, 32767n], i32: [-(2n ** 31n), 2n ** 31n - 1n],
  u8: [0n, 255n], u16: [0n, 65535n], u32: [0n, 2n ** 32n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n], u64: [0n, 2n ** 64n - 1n],
};

// ---------------------------------------------------------------------------------------------
// Generated inputs

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const digits = (rnd: Rnd, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
};

/** A random bigint in [lo, hi]. */
function bigBetween(rnd: Rnd, lo: bigint, hi: bigint): bigint {
  const span = hi - lo + 1n;
  let r = 0n;
  for (let i = 0; i < 3; i++) r = (r << 30n) | BigInt(Math.floor(rnd() * 2 ** 30));
  return lo + (r % span);
}

const BAD_NUMBERS = ['1x', '1\n2', '3\r\n4', ' 1', '1 ', '0x10', '1_000', '--1', '+-1', '1e', '.', '-', '+', 'e5', '1.2.3', 'nan1', 'infinit', '١', '1\r2', 'abc'];

function integerText(rnd: Rnd, type: Type): string {
  const [lo, hi] = RANGES[type]!;
  const r = rnd();
  if (r < 0.45) return String(bigBetween(rnd, lo, hi));
  if (r < 0.6) return String(bigBetween(rnd, -1000n > lo ? -1000n : lo, 1000n < hi ? 1000n : hi)); // short
  if (r < 0.7) return String(pick(rnd, [lo, hi, lo - 1n, hi + 1n, 0n]));
  if (r < 0.75) return pick(rnd, ['+', '-', '']) + '0'.repeat(1 + Math.floor(rnd() * 25)) + digits(rnd, 1 + Math.floor(rnd() * 3));
  if (r < 0.8) return (rnd() < 0.5 ? '-' : '') + digits(rnd, 14 + Math.floor(rnd() * 10)); // around 15..20 digits
  if (r < 0.85) return '-0';
  return pick(rnd, BAD_NUMBERS);
}

function floatText(rnd: Rnd): string {
  const r = rnd();
  const sign = pick(rnd, ['', '', '', '-', '+']);
  if (r < 0.35) return (rnd() < 0.8 ? '' : '-') + digits(rnd, 1 + Math.floor(rnd() * 6)) + '.' + digits(rnd, Math.floor(rnd() * 8)); // plain
  if (r < 0.45) return sign + digits(rnd, 1 + Math.floor(rnd() * 20)) + (rnd() < 0.5 ? '.' + digits(rnd, Math.floor(rnd() * 25)) : '');
  if (r < 0.55) return sign + digits(rnd, 1 + Math.floor(rnd() * 17)) + pick(rnd, ['e', 'E']) + pick(rnd, ['', '-', '+']) + String(Math.floor(rnd() * 400));
  if (r < 0.6) return sign + '.' + digits(rnd, 1 + Math.floor(rnd() * 10));
  if (r < 0.65) return sign + pick(rnd, ['nan', 'NaN', 'inf', 'INF', 'Infinity', 'iNfInItY']);
  if (r < 0.72) {
    // Near-ties and long texts: a double's shortest text with digits appended.
    const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
    return String(x).replace(/e/, pick(rnd, ['5e', '50000000000000001e', '49999999999999999e', 'e'])) + (String(x).includes('e') ? '' : pick(rnd, ['', '5', '4999999999999', '5000000000001']));
  }
  if (r < 0.78) return pick(rnd, ['0', '-0', '0.0', '-0e5', '1e400', '-1e400', '1e-400', '4.9e-324', '2.4703282292062327e-324', '1.7976931348623157e308', '9007199254740993', '9007199254740992.5', '0.1', '5.', '-.5']);
  if (r < 0.85) return String((rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 15));
  return pick(rnd, BAD_NUMBERS);
}

const STRINGS = ['alpha', 'Zürich', '中文', '😀', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'lone\rcr', '  padded  ', '"', ''];

function stringField(rnd: Rnd): { text: string; raw?: number[] } {
  const r = rnd();
  if (r < 0.05) return { text: '', raw: [0x61, pick(rnd, [0xff, 0xc0, 0xed, 0xe2]), 0x62] }; // invalid UTF-8
  if (r < 0.5) return { text: pick(rnd, STRINGS) };
  let s = '';
  const n = Math.floor(rnd() * 40);
  for (let i = 0; i < n; i++) s += String.fromCharCode(32 + Math.floor(rnd() * 95));
  return { text: rnd() < 0.05 ? s.repeat(20) : s };
}

interface Generated {
  bytes: Uint8Array;
  options: ParseOptions;
}

const encoder = new TextEncoder();

/** One random file with its options (minus onError, set per policy). */
function generate(rnd: Rnd): Generated {
  const ncols = 1 + Math.floor(rnd() * 5);
  const header = rnd() < 0.7;
  const delimiter = pick(rnd, [',', ',', ';', '\t', '|']);
  const quote = rnd() < 0.85 ? '"' : "'";
  const trim = rnd() < 0.2;
  const schema: Record<string, Type | { type: Type; nullable: boolean }> = {};
  const types: Type[] = [];
  const names: string[] = [];
  for (let c = 0; c < ncols; c++) {
    const type = pick(rnd, TYPES);
    const name = `c${c}`;
    types.push(type);
    names.push(name);
    schema[name] = rnd() < 0.3 ? { type, nullable: true } : type;
  }
  // With a header, sometimes an extra file column the schema skips.
  const fileNames = header && rnd() < 0.3 ? [...names, 'extra'] : names;
  const eol = rnd() < 0.3 ? '\r\n' : '\n';
  const parts: number[] = [];
  const push = (s: string) => parts.push(...encoder.encode(s));
  const field = (text: string, raw?: number[]) => {
    const needsQuotes = text.includes(delimiter) || text.includes(quote) || text.includes('\n') || text.includes('\r');
    if (raw) { parts.push(...raw); return; }
    if (needsQuotes || rnd() < 0.1) push(quote + text.split(quote).join(quote + quote) + quote);
    else push(text);
  };
  if (rnd() < 0.1) parts.push(0xef, 0xbb, 0xbf);
  if (header) push(fileNames.join(delimiter) + eol);
  const rows = Math.floor(rnd() * 40);
  for (let r = 0; r < rows; r++) {
    if (rnd() < 0.05) push(eol); // blank line
    const count = rnd() < 0.04 ? fileNames.length + pick(rnd, [-1, 1, 2]) : fileNames.length;
    for (let c = 0; c < count; c++) {
      if (c > 0) push(delimiter);
      const type = types[c] ?? 'string';
      if (rnd() < 0.06) { field(''); continue; }
      if (type === 'string') {
        const s = stringField(rnd);
        field(s.text, s.raw);
      } else {
        let text = type === 'f32' || type === 'f64' ? floatText(rnd) : integerText(rnd, type);
        if (trim && rnd() < 0.3) text = pick(rnd, [' ', '\t', '  ']) + text + pick(rnd, ['', ' ']);
        field(text);
      }
    }
    if (r < rows - 1 || rnd() < 0.8) push(eol);
  }
  if (rnd() < 0.03) push(quote + 'unterminated');
  const chunkSize = pick(rnd, [64, 64, 100, 4096, undefined]);
  return {
    bytes: new Uint8Array(parts),
    options: {
      schema, header, delimiter, quote, trim,
      ...(rnd() < 0.2 ? { validateUtf8: true } : {}),
      ...(chunkSize !== undefined ? { chunkSize } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Running both engines

const plainError = (e: unknown) => {
  if (!(e instanceof CsvError)) throw e;
  return { name: e.name, code: e.code, line: e.line, row: e.row, column: e.column, columnIndex: e.columnIndex, byteOffset: e.byteOffset, text: e.text, message: e.message };
};

/** Everything a parse produced: the table's snapshot or the thrown error, and what a callback saw. */
function run(input: Uint8Array | string, options: ParseOptions, engine: 'wasm' | 'js', policy?: (seen: ReturnType<typeof plainError>[]) => ParseOptions['onError']) {
  const seen: ReturnType<typeof plainError>[] = [];
  const onError = policy?.(seen);
  try {
    const t = parse(input, { ...options, ...(onError !== undefined ? { onError } : {}), engine });
    return { table: snapshot(t), seen };
  } catch (e) {
    return { error: plainError(e), seen };
  }
}

function describeInput(g: Generated): string {
  const text = new TextDecoder().decode(g.bytes);
  return `\noptions: ${JSON.stringify(g.options)}\ninput (${g.bytes.length} bytes): ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) + '…' : text)}`;
}

const POLICIES: [string, (seen: ReturnType<typeof plainError>[]) => ParseOptions['onError']][] = [
  ['throw', () => 'throw'],
  ['skip', () => 'skip'],
  ['null', () => 'null'],
  // A callback deciding per error, and recording what it was shown.
  ['callback', (seen) => (e) => {
    seen.push(plainError(e));
    return seen.length % 7 === 0 ? 'throw' : seen.length % 2 === 0 ? 'skip' : 'null';
  }],
];

describe(`engine: 'js' and engine: 'wasm' give identical Tables (ENGINE_SEED=${SEED})`, () => {
  for (const [name, policy] of POLICIES) {
    it(`on ${CASES} generated files of every type, onError: ${name}`, () => {
      const rnd = prng(SEED ^ name.length * 0x9e37);
      let errors = 0;
      for (let i = 0; i < CASES; i++) {
        const g = generate(rnd);
        const wasm = run(g.bytes, g.options, 'wasm', policy);
        const js = run(g.bytes, g.options, 'js', policy);
        if (wasm.error || (wasm.table?.errorCount ?? 0) > 0) errors++;
        expect(js, `case ${i} (ENGINE_SEED=${SEED}, policy ${name})${describeInput(g)}`).toEqual(wasm);
      }
      // The generator must exercise the error paths, not only clean files.
      expect(errors).toBeGreaterThan(CASES / 4);
    }, 600_000);
  }

  it('on files larger than one core call: the mixed schema and the seed workload shape', () => {
    const mixed = mixedCsv(20_000, 3);
    expect(run(mixed, { schema: MIXED_SCHEMA }, 'js')).toEqual(run(mixed, { schema: MIXED_SCHEMA }, 'wasm'));
    const seed = seedLikeCsv(300_000, 5); // > 128Ki rows: several calls per window
    const a = run(seed, { schema: SEED_LIKE_SCHEMA }, 'js');
    const b = run(seed, { schema: SEED_LIKE_SCHEMA }, 'wasm');
    expect(a.table?.rowCount).toBe(300_000);
    expect(a).toEqual(b);
  });

  it('on a record longer than the input window (the JS memory grows and keeps its bytes)', () => {
    const big = 'x'.repeat(3_000_000);
    const input = `id,text,v\n1,"${big}",1.5\n2,"a""b",-0\n3,${big},1e400\n`;
    const options: ParseOptions = { schema: { id: 'u8', text: 'string', v: 'f64' }, chunkSize: 4096 };
    const js = run(input, options, 'js');
    expect(js.table?.rowCount).toBe(3);
    expect(js).toEqual(run(input, options, 'wasm'));
  });

  it('on every integer width at its limits, and 64-bit values of every digit count', () => {
    const lines: string[] = [];
    for (let n = 1; n <= 20; n++) {
      const d = '9'.repeat(n);
      lines.push(`${d},-${d},${d},-${d.slice(0, 19)}`);
    }
    for (const [lo, hi] of [['-9223372036854775808', '18446744073709551615'], ['-9223372036854775807', '9223372036854775807'], ['-4294967296', '4294967296'], ['-9007199254740993', '9007199254740993']]) {
      lines.push(`${hi},${lo},${hi},${lo}`);
    }
    const input = lines.join('\n') + '\n';
    const options: ParseOptions = { schema: { a: 'u64', b: 'i64', c: { type: 'i64', nullable: true }, d: 'i64' }, header: false, onError: 'null' };
    const js = run(input, options, 'js');
    expect(js.table?.errorCount).toBeGreaterThan(0);
    expect(js).toEqual(run(input, options, 'wasm'));
  });

  it('when most records of a call leave the plain-record loop (20-digit u64s) and when none do (19-digit i64s stay in it)', () => {
    const rnd = prng(64);
    const digits = (n: number) => String(1 + Math.floor(rnd() * 9)) + Array.from({ length: n - 1 }, () => Math.floor(rnd() * 10)).join('');
    const rows: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      // First third: every other record has a 20-digit u64 (the wasm core stops trying its fast
      // loop for the rest of such a call); then 19-digit values only; then the mix again.
      const twenty = i < 20_000 || i >= 40_000 ? i % 2 === 0 : false;
      const u = twenty ? '1' + digits(19).slice(0, 19).replace(/^./, '0') : digits(19);
      const signed = `${rnd() < 0.5 ? '-' : ''}${digits(18)}`;
      rows.push(`${u},${signed},${i}`);
    }
    const input = rows.join('\n') + '\n';
    const options: ParseOptions = { schema: { u: 'u64', s: 'i64', n: 'i32' }, header: false };
    const wasm = run(input, options, 'wasm');
    expect(wasm.table?.rowCount).toBe(60_000);
    expect(run(input, options, 'js')).toEqual(wasm);
    const t = parse(input, { ...options, engine: 'wasm' });
    for (const i of [0, 1, 19_999, 20_000, 39_999, 40_000, 59_999]) {
      const [u, s] = rows[i].split(',');
      expect([(t.columns.u as BigUint64Array)[i], (t.columns.s as BigInt64Array)[i]]).toEqual([BigInt(u), BigInt(s)]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Selection

describe('engine selection', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('runs the engine this test project asks for when engine is auto', () => {
    // The 'js' project sets TYPED_CSV_ENGINE=js so the whole suite runs on the JS engine.
    const expected = process.env.TYPED_CSV_ENGINE === 'js' ? 'js' : 'wasm';
    expect(resolveEngine('auto')).toBe(expected);
    expect(resolveEngine('js')).toBe('js');
    expect(resolveEngine('wasm')).toBe('wasm');
  });

  it('refuses a TYPED_CSV_ENGINE that names no engine, so a typo cannot test the other one', () => {
    vi.stubEnv('TYPED_CSV_ENGINE', 'jss');
    expect(() => parse('a\n1\n', { schema: { a: 'i32' } })).toThrow(/TYPED_CSV_ENGINE must be 'wasm' or 'js'; got "jss"/);
    expect(parse('a\n1\n', { schema: { a: 'i32' }, engine: 'js' }).columns.a).toEqual(new Int32Array([1]));
  });

  const input = mixedCsv(500, 9);
  const expected = snapshot(parse(input, { schema: MIXED_SCHEMA, engine: 'wasm' }));

  it("uses the JS engine for 'auto' where WebAssembly is absent; 'wasm' says what is missing", async () => {
    vi.stubEnv('TYPED_CSV_ENGINE', '');
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const fresh = await import('../src/index.js');
    const select = await import('../src/core/select.js');
    expect(select.resolveEngine('auto')).toBe('js');
    await expect(fresh.init()).resolves.toBeUndefined();
    expect(snapshot(fresh.parse(input, { schema: MIXED_SCHEMA }))).toEqual(expected);
    expect(() => fresh.parse(input, { schema: MIXED_SCHEMA, engine: 'wasm' })).toThrow(/engine 'wasm' needs WebAssembly/);
  });

  it("uses the JS engine for 'auto' where WebAssembly won't compile the core (a strict CSP)", async () => {
    vi.stubEnv('TYPED_CSV_ENGINE', '');
    const refusal = () => new WebAssembly.CompileError('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    vi.stubGlobal('WebAssembly', {
      CompileError: WebAssembly.CompileError,
      Instance: WebAssembly.Instance,
      Memory: WebAssembly.Memory,
      Module: function Module() { throw refusal(); },
      compile: () => Promise.reject(refusal()),
    });
    vi.resetModules();
    const fresh = await import('../src/index.js');
    await expect(fresh.init()).resolves.toBeUndefined();
    expect(snapshot(fresh.parse(input, { schema: MIXED_SCHEMA }))).toEqual(expected);
    expect(() => fresh.parse(input, { schema: MIXED_SCHEMA, engine: 'wasm' })).toThrow(/disallowed by embedder/);
  });

  it('uses the wasm core after init() where only a synchronous compile was refused (a browser main thread)', async () => {
    vi.stubEnv('TYPED_CSV_ENGINE', '');
    const real = WebAssembly;
    vi.stubGlobal('WebAssembly', {
      CompileError: real.CompileError,
      Instance: real.Instance,
      Memory: real.Memory,
      Module: function Module() { throw new RangeError('WebAssembly.Module(): Buffer size exceeds the limit for synchronous compilation; use WebAssembly.compile'); },
      compile: (bytes: BufferSource) => real.compile(bytes),
      validate: (bytes: BufferSource) => real.validate(bytes),
    });
    vi.resetModules();
    const fresh = await import('../src/index.js');
    const select = await import('../src/core/select.js');
    // Before init(): 'auto' falls back to the JS engine, and 'wasm' says why it can't run.
    expect(select.resolveEngine('auto')).toBe('js');
    expect(() => fresh.parse(input, { schema: MIXED_SCHEMA, engine: 'wasm' })).toThrow(/synchronous compilation/);
    await fresh.init();
    expect(select.resolveEngine('auto')).toBe('wasm');
    expect(snapshot(fresh.parse(input, { schema: MIXED_SCHEMA, engine: 'wasm' }))).toEqual(expected);
    expect(snapshot(fresh.parse(input, { schema: MIXED_SCHEMA }))).toEqual(expected);
  });
});
