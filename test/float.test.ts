// Float columns: the value stored for every accepted text is bit for bit Number(text) (f64) or
// Math.fround(Number(text)) (f32), and everything outside the grammar is INVALID_NUMBER.
//
// Oracle: V8's Number() rounds correctly, so it is the reference for every finite text. (nan, inf
// and infinity, which Number() does not read, map to NaN and ±Infinity.)
//
// Inputs: the public float vectors in ../shared/testdata/floats (when present) and at least 1,000,000
// generated hard cases per run from a seeded PRNG, so a fresh clone is fully tested without the
// vectors. All go through the public parse(), many values per call (one f64 column, no header).
//
//   FLOAT_CASES  number of generated f64 cases (default 1,000,000)
//   FLOAT_SEED   PRNG seed (default fixed, so runs are reproducible; every failure names it)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { requiredInput } from './support/required-input.js';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CsvError, parse } from '../src/index.js';

const TOTAL_CASES = Number(process.env.FLOAT_CASES ?? 1_000_000);
const SEED = Number(process.env.FLOAT_SEED ?? 0x5eed_f10a);
if (!Number.isInteger(TOTAL_CASES) || TOTAL_CASES < 1) throw new Error(`FLOAT_CASES must be a positive integer, got ${process.env.FLOAT_CASES}`);
if (!Number.isInteger(SEED)) throw new Error(`FLOAT_SEED must be an integer, got ${process.env.FLOAT_SEED}`);

/** Lines per parse() call: big enough to keep the suite fast, small enough to name a failure. */
const BATCH = 100_000;

// ---------------------------------------------------------------------------------------------
// Bits and the oracle

const f64Scratch = new Float64Array(1);
const u32Scratch = new Uint32Array(f64Scratch.buffer);
const u64Scratch = new BigUint64Array(f64Scratch.buffer);

function bitsOf(x: number): bigint {
  f64Scratch[0] = x;
  return u64Scratch[0]!;
}

const hex = (b: bigint): string => '0x' + b.toString(16).padStart(16, '0');
const cut = (s: string): string => (s.length > 120 ? `${s.slice(0, 120)}… (${s.length} chars)` : s);

const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/** What the column must hold for an accepted text: Number(text), or NaN/±Infinity for the words. */
function oracle(text: string): number {
  const m = SPECIAL.exec(text);
  if (m === null) return Number(text);
  if (m[2]!.toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

/** The accepted grammar, for checking the generator itself. */
const GRAMMAR = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$/i;

/** Parses the texts as a one-column headerless CSV with one text per line. */
function parseColumn<T extends 'f64' | 'f32'>(texts: readonly string[], type: T) {
  const t = parse(texts.join('\n') + '\n', { schema: { x: type }, header: false });
  expect(t.rowCount).toBe(texts.length);
  return t.columns.x;
}

/**
 * Compares a parsed column with expected values bit for bit (so -0 vs 0 and NaN payloads count);
 * returns a message naming the first mismatching text, or undefined.
 */
function firstMismatch(texts: readonly string[], got: Float64Array | Float32Array, expected: Float64Array | Float32Array, what: string): string | undefined {
  const wide = got instanceof Float64Array;
  const g = new Uint32Array(got.buffer, got.byteOffset, got.length * (wide ? 2 : 1));
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length * (wide ? 2 : 1));
  for (let i = 0; i < g.length; i++) {
    if (g[i] !== e[i]) {
      const row = wide ? i >> 1 : i;
      const show = (a: Float64Array | Float32Array): string =>
        wide ? `${a[row]} (${hex(bitsOf(a[row]!))})` : `${a[row]} (0x${new Uint32Array(a.buffer, a.byteOffset + row * 4, 1)[0]!.toString(16)})`;
      return `${what}: row ${row} text "${cut(texts[row]!)}" parsed to ${show(got)}, expected ${show(expected)}`;
    }
  }
  return undefined;
}

function expectF64Matches(texts: readonly string[], what: string): void {
  const expected = new Float64Array(texts.length);
  for (let i = 0; i < texts.length; i++) expected[i] = oracle(texts[i]!);
  const mismatch = firstMismatch(texts, parseColumn(texts, 'f64'), expected, what);
  if (mismatch !== undefined) expect.fail(mismatch);
}

// ---------------------------------------------------------------------------------------------
// Deterministic generator of hard cases

/** sfc32: small, fast, good enough for test data; returns uniform u32s. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9 | 0, b = 0x243f6a88 | 0, c = 0xb7e15162 | 0, d = seed | 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

class Gen {
  private readonly rnd: () => number;
  constructor(seed: number) {
    this.rnd = sfc32(seed);
  }
  int(n: number): number {
    return this.rnd() % n;
  }
  range(lo: number, hi: number): number {
    return lo + (this.rnd() % (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.rnd() % xs.length]!;
  }
  chance(p: number): boolean {
    return this.rnd() < p * 4294967296;
  }
  digits(n: number, firstNonZero = false): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(i === 0 && firstNonZero ? 1 + this.int(9) : this.int(10));
    return s;
  }
  sign(): string {
    return this.chance(0.15) ? '-' : this.chance(0.05) ? '+' : '';
  }
  /** Any finite double, uniform over bit patterns, so every binade is equally likely. */
  anyDouble(): number {
    for (;;) {
      u32Scratch[0] = this.rnd();
      u32Scratch[1] = this.rnd();
      if (Number.isFinite(f64Scratch[0])) return f64Scratch[0]!;
    }
  }
  subnormal(): number {
    u32Scratch[0] = this.rnd();
    u32Scratch[1] = this.rnd() & 0x800fffff;
    return f64Scratch[0]!;
  }
  /** A double with a random sign and fraction and the given biased exponent. */
  withExponent(biased: number): number {
    u32Scratch[0] = this.rnd();
    u32Scratch[1] = (this.rnd() & 0x800fffff) | (biased << 20);
    return f64Scratch[0]!;
  }
}

/**
 * A random spelling of 0.DIGITS × 10^exp10: plain (123.45, 0.000123, 1200.) or scientific with the
 * point anywhere (1.2345e2, .12345E+3, 12345e-2, 12345.e-2).
 */
function spell(g: Gen, digits: string, exp10: number): string {
  const n = digits.length;
  const style = g.int(6);
  if (style === 0 && exp10 >= 0 && exp10 <= 40) {
    if (exp10 >= n) return digits + '0'.repeat(exp10 - n) + (g.chance(0.3) ? '.' : '');
    return (exp10 === 0 ? (g.chance(0.5) ? '0' : '') : digits.slice(0, exp10)) + '.' + digits.slice(exp10);
  }
  if (style === 1 && exp10 <= 0 && exp10 >= -40) return '0.' + '0'.repeat(-exp10) + digits;
  const k = g.int(n + 1); // digits before the point
  const mant = k === 0 ? '.' + digits : k === n ? digits + (g.chance(0.3) ? '.' : '') : digits.slice(0, k) + '.' + digits.slice(k);
  const e = exp10 - k;
  return mant + (g.chance(0.2) ? 'E' : 'e') + (e < 0 ? '-' + String(-e) : (g.chance(0.3) ? '+' : '') + String(e));
}

const pow5Cache: bigint[] = [1n];
function pow5(n: number): bigint {
  while (pow5Cache.length <= n) pow5Cache.push(pow5Cache[pow5Cache.length - 1]! * 5n);
  return pow5Cache[n]!;
}

/** Exact decimal of M × 2^E as 0.DIGITS × 10^exp10 (no trailing zeros), computed with BigInt. */
function exactDecimal(M: bigint, E: number): { digits: string; exp10: number } {
  let digits: string;
  let pointAt: number;
  if (E >= 0) {
    digits = (M << BigInt(E)).toString();
    pointAt = digits.length;
  } else {
    digits = (M * pow5(-E)).toString(); // M / 2^k = M × 5^k / 10^k
    pointAt = digits.length + E;
  }
  let end = digits.length;
  while (end > 1 && digits[end - 1] === '0') end--;
  return { digits: digits.slice(0, end), exp10: pointAt };
}

/** The exact midpoint between a finite x >= 0 and the next double up: a round-half-even tie. */
function midpointAbove(x: number): { digits: string; exp10: number } {
  const b = bitsOf(x);
  const biased = Number(b >> 52n);
  const frac = b & 0xfffffffffffffn;
  const m = biased === 0 ? frac : frac | (1n << 52n);
  const e2 = (biased === 0 ? 1 : biased) - 1075; // x = m × 2^e2
  return exactDecimal(2n * m + 1n, e2 - 1);
}

/** A tie, or a hair above or below it (a 1 far down, or the last 5 turned into 4999…). */
function nearTie(g: Gen, tie: { digits: string; exp10: number }, sign: string): string {
  const { digits, exp10 } = tie;
  const r = g.int(3);
  if (r === 0) return sign + spell(g, digits, exp10);
  if (r === 1) return sign + spell(g, digits + '0'.repeat(g.range(0, 30)) + '1', exp10);
  const last = Number(digits[digits.length - 1]);
  if (last === 0) return sign + spell(g, digits, exp10);
  return sign + spell(g, digits.slice(0, -1) + String(last - 1) + '9'.repeat(g.range(1, 30)), exp10);
}

const WORDS = ['nan', 'NaN', 'NAN', 'nAn', 'inf', 'Inf', 'INF', 'iNf', 'infinity', 'Infinity', 'INFINITY', 'InFiNiTy'];

/** Families of hard cases: [name, share of the cases, generator]. */
const FAMILIES: ReadonlyArray<readonly [string, number, (g: Gen) => string]> = [
  ['shortest round-trip text of random doubles of every magnitude', 0.16, (g) => String(g.anyDouble())],
  ['typical short decimals (0.045, 123.456)', 0.08, (g) => g.sign() + (g.int(4) === 0 ? '0' : String(g.int(100000))) + '.' + g.digits(g.range(1, 6))],
  ['toPrecision(15..25) of random doubles, subnormals included', 0.1, (g) => (g.chance(0.2) ? g.subnormal() : g.anyDouble()).toPrecision(g.range(15, 25))],
  ['17 to 25 significant digits at exponents -330..312', 0.13, (g) => g.sign() + spell(g, g.digits(g.range(17, 25), true), g.range(-330, 312))],
  [
    'near the largest double, the least normal, the least subnormal and half of it',
    0.05,
    (g) => {
      const base = g.pick(['17976931348623157', '17976931348623158', '1797693134862315807937', '22250738585072014', '22250738585072011', '49406564584124654', '24703282292062327', '2470328229206232720882538', '24703282292062328']);
      const exp10 = base.startsWith('179') ? 309 : base.startsWith('222') ? -307 : -323;
      let d = base;
      if (g.chance(0.7)) d = d.slice(0, g.range(10, d.length)) + g.digits(g.range(0, 12));
      return g.sign() + spell(g, d.replace(/0+$/, '') || '1', exp10);
    },
  ],
  ['subnormals, shortest and to 1..30 digits', 0.06, (g) => { const x = g.subnormal(); return g.chance(0.5) ? String(x) : x.toPrecision(g.range(1, 30)); }],
  [
    'exact ties and near-ties between doubles of 2^45..2^66 (up to ~20 digits: the fast path decides ties)',
    0.08,
    (g) => { const x = g.withExponent(1023 + g.range(45, 66)); return nearTie(g, midpointAbove(Math.abs(x)), x < 0 ? '-' : ''); },
  ],
  [
    'exact ties and near-ties anywhere (hundreds of digits for tiny values)',
    0.04,
    (g) => {
      const x = g.chance(0.1) ? g.subnormal() : g.anyDouble();
      if (Math.abs(x) === Number.MAX_VALUE) return '1';
      return nearTie(g, midpointAbove(Math.abs(x)), x < 0 ? '-' : '');
    },
  ],
  [
    'ties cut to 16..19 digits and rounded up (as close to a tie as 19 digits get)',
    0.06,
    (g) => {
      const x = g.chance(0.05) ? g.subnormal() : g.anyDouble();
      if (Math.abs(x) === Number.MAX_VALUE) return '1';
      const { digits, exp10 } = midpointAbove(Math.abs(x));
      const n = g.range(16, 19);
      const s = x < 0 ? '-' : '';
      if (digits.length <= n) return s + spell(g, digits, exp10);
      const d = (BigInt(digits.slice(0, n)) + (g.chance(0.5) ? 1n : 0n)).toString();
      return s + spell(g, d, exp10 + (d.length - n));
    },
  ],
  [
    'long runs of zeros, huge mantissas with huge negative exponents and the reverse',
    0.06,
    (g) => {
      const z = (): string => '0'.repeat(g.range(0, g.chance(0.1) ? 400 : 40));
      switch (g.int(5)) {
        case 0: return g.sign() + z() + g.digits(g.range(1, 5), true) + z() + 'e' + String(g.range(-360, 360));
        case 1: return g.sign() + '0.' + z() + g.digits(g.range(1, 20), true) + z();
        case 2: { const zs = g.range(300, 700); return g.sign() + g.digits(g.range(1, 19), true) + '0'.repeat(zs) + 'e' + String(-zs + g.range(-330, 330)); }
        case 3: { const zs = g.range(300, 700); return g.sign() + '0.' + '0'.repeat(zs) + g.digits(g.range(1, 19), true) + 'e' + String(zs + g.range(-330, 330)); }
        default: return g.sign() + g.digits(g.range(1, 10), true) + z() + g.digits(g.range(1, 10), true) + '.' + z() + 'e' + '0'.repeat(g.range(0, 30)) + String(g.range(0, 300));
      }
    },
  ],
  ['hundreds of significant digits', 0.03, (g) => g.sign() + spell(g, g.digits(g.range(20, 800), true), g.range(-340, 320))],
  [
    'every spelling: .5, 5., 5.e3, E, signs, leading zeros, exponents with many digits',
    0.07,
    (g) => {
      const d = g.digits(g.range(1, 8), true);
      const lead = '0'.repeat(g.int(4) === 0 ? g.range(1, 30) : 0);
      return g.sign() + g.pick([
        '.' + d, d + '.', d + '.e' + g.range(-30, 30), d + '.E+' + g.range(0, 30), '.' + d + 'E-' + g.range(0, 30),
        lead + d + '.' + lead, lead + '.' + lead + d, d + 'e' + '0'.repeat(g.range(1, 40)) + g.range(0, 400),
        d + 'e-' + '0'.repeat(g.range(1, 40)) + g.range(0, 400), d + 'e' + g.digits(g.range(10, 40), true),
        d + 'e-' + g.digits(g.range(10, 40), true), '0e' + g.digits(g.range(1, 30)), '0.' + '0'.repeat(g.range(0, 40)) + 'e' + g.range(-500, 500),
        '0', '00', '0.', '.0', '0.0e-7', d + 'e-400', d + 'E400',
      ]);
    },
  ],
  ['nan, inf and infinity in mixed case with signs', 0.01, (g) => g.sign() + g.pick(WORDS)],
  ['integers of 1 to 25 digits (around 2^53 and 2^64)', 0.07, (g) => g.sign() + g.digits(g.range(1, 25), true)],
];

function generate(familyIndex: number, count: number, seed: number): string[] {
  const [name, , make] = FAMILIES[familyIndex]!;
  const g = new Gen((seed ^ Math.imul(familyIndex + 1, 0x9e3779b1)) | 0);
  const texts: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const t = make(g);
    if (!GRAMMAR.test(t)) throw new Error(`generator bug in "${name}": "${cut(t)}" is not in the grammar`);
    texts[i] = t;
  }
  return texts;
}

// ---------------------------------------------------------------------------------------------
// Public vectors

const VECTORS_DIR = fileURLToPath(new URL('../../shared/testdata/floats/', import.meta.url));
// The generated cases below run either way; the public vectors live beside the repository.
const vectorsPresent = requiredInput(existsSync(VECTORS_DIR), `the public float vectors (${VECTORS_DIR})`, 'they come from the project\'s shared folder beside the repository (../shared/testdata/floats)');
const vectorFiles = vectorsPresent ? readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.txt')).sort() : [];

describe.skipIf(!vectorsPresent)(`public float vectors in ${VECTORS_DIR}`, () => {
  it('are there: at least one vector file', () => {
    expect(vectorFiles.length).toBeGreaterThan(0);
  });

  it.each(vectorFiles)('%s: every text parses to the f64 bit pattern listed, which is also Number(text)', (file) => {
    const texts: string[] = [];
    const listed: bigint[] = [];
    for (const line of readFileSync(VECTORS_DIR + file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const parts = line.trim().split(/\s+/); // f16 f32 f64 text
      expect(parts.length, `malformed vector line in ${file}: ${line}`).toBe(4);
      texts.push(parts[3]!);
      listed.push(BigInt('0x' + parts[2]!));
    }
    expect(texts.length).toBeGreaterThan(0);
    const got = parseColumn(texts, 'f64');
    for (let i = 0; i < texts.length; i++) {
      if (bitsOf(got[i]!) !== listed[i] || bitsOf(Number(texts[i])) !== listed[i]) {
        expect.fail(`${file}: "${cut(texts[i]!)}" parsed to ${hex(bitsOf(got[i]!))}, listed ${hex(listed[i]!)}, Number() ${hex(bitsOf(Number(texts[i])))}`);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Named cases: the rules, one by one

describe('f64 values are exactly Number(text)', () => {
  const cases: Array<[string, string[]]> = [
    ['short decimals', ['0.045', '123.456', '0.1', '0.2', '0.3', '1', '10', '999999.999', '3.14159']],
    ['.5, 5. and 5.e3 spellings, signs and leading zeros', ['.5', '5.', '5.e3', '-.5', '+.5', '+5.', '-5.E-3', '000123.4500', '-0000.0001', '.0', '0.', '00']],
    ['negative zero keeps its sign', ['-0', '-0.0', '-0e10', '-.0e-5', '-0e99999', '-1e-400']],
    ['zero with any exponent is zero', ['0e99999', '0e-99999', '0.000e400', '0e99999999999999999999', '000.000']],
    ['exponents with many digits', ['1e-0000000000000000000000001', '1e+0000000000000000000000308', '1e99999999999999999999', '-1e99999999999999999999', '1e-99999999999999999999', '1E0000000000000000000000000']],
    ['huge mantissa with huge negative exponent', ['1' + '0'.repeat(400) + 'e-400', '123' + '0'.repeat(600) + 'e-620', '0.' + '0'.repeat(400) + '1e401', '9'.repeat(500) + 'e-500']],
    ['the largest double, and where Infinity begins', ['1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623158079e308', '1.797693134862315807937e308', '1.7976931348623159e308', '1e309', '179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999']],
    ['the least normal double and the subnormals below it', ['2.2250738585072014e-308', '2.2250738585072011e-308', '2.225073858507201136057409796709131975934819546351645648e-308', '4.9406564584124654e-324', '5e-324', '1e-323', '2.4703282292062328e-324', '2.4703282292062327e-324', '2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324', '1e-324', '3e-324']],
    ['exact ties round half to even', ['9007199254740993', '9007199254740995', '9007199254740993.0', '4503599627370496.5', '4503599627370497.5', '18014398509481985', '18014398509481987', '0.5000000000000000277555756156289135105907917022705078125', '1.00000000000000011102230246251565404236316680908203125', '1.00000000000000033306690738754696212708950042724609375']],
    ['one unit past a tie decides the rounding, however far down it is', ['9007199254740993.0000000000000000000000000000000000001', '9007199254740992.9999999999999999999999999999999999999', '1.000000000000000111022302462515654042363166809082031250000000000000000000000001', '1.000000000000000111022302462515654042363166809082031249999999999999999999999999']],
    ['more than 19 significant digits', ['0.30000000000000004', '123456789012345678901234567890', '3.141592653589793238462643383279502884197169399375105820974944', '0.000000000000000000000000000000000000000000001234567890123456789012345']],
    ['nan, inf and infinity in any case, with an optional sign', ['nan', 'NaN', '-nan', '+NAN', 'inf', '-INF', '+Inf', 'infinity', '-Infinity', '+iNfInItY']],
  ];
  it.each(cases)('%s', (_, texts) => {
    for (const t of texts) expect(GRAMMAR.test(t), `test bug: "${t}" is not in the grammar`).toBe(true);
    expectF64Matches(texts, 'named cases');
  });

  it('reads its input as bytes: a Uint8Array gives the same values as the string', () => {
    const texts = ['0.045', '1e-5', '-0', '9007199254740993', 'Infinity'];
    const fromBytes = parse(new TextEncoder().encode(texts.join('\n')), { schema: { x: 'f64' }, header: false }).columns.x;
    const fromString = parseColumn(texts, 'f64');
    expect(Array.from(fromBytes, bitsOf)).toEqual(Array.from(fromString, bitsOf));
  });
});

// ---------------------------------------------------------------------------------------------
// Generated hard cases

describe(`${TOTAL_CASES} generated hard cases (seed ${SEED}) are bit for bit Number(text)`, () => {
  const shareSum = FAMILIES.reduce((s, f) => s + f[1], 0);
  let assigned = 0;
  FAMILIES.forEach(([name, share], index) => {
    const count = index === FAMILIES.length - 1 ? TOTAL_CASES - assigned : Math.round((TOTAL_CASES * share) / shareSum);
    assigned += count;
    it(`${name} (${count} cases)`, () => {
      const texts = generate(index, count, SEED);
      for (let start = 0; start < texts.length; start += BATCH) {
        const batch = texts.slice(start, start + BATCH);
        expectF64Matches(batch, `FLOAT_SEED=${SEED}, "${name}"`);
      }
    });
  });
});

describe('f32 columns store Math.fround(Number(text))', () => {
  it('on 100,000 generated cases from every family (double rounding included: not the decimal rounded once to f32)', () => {
    const texts: string[] = [];
    FAMILIES.forEach((_, index) => {
      for (const t of generate(index, Math.ceil(100_000 / FAMILIES.length), SEED + 1)) texts.push(t);
    });
    const expected = new Float32Array(texts.length);
    for (let i = 0; i < texts.length; i++) expected[i] = oracle(texts[i]!); // a Float32Array store is Math.fround
    const mismatch = firstMismatch(texts, parseColumn(texts, 'f32'), expected, `FLOAT_SEED=${SEED + 1}, f32`);
    if (mismatch !== undefined) expect.fail(mismatch);
  });

  it('on texts around the f32 limits and ties', () => {
    const texts = ['3.4028234663852886e38', '3.4028235677973366e38', '3.4028235677973362e38', '1.401298464324817e-45', '7.006492321624085e-46', '7.006492321624086e-46', '1.1754943508222875e-38', '16777217', '16777219', '0.1', '-0', 'nan', '-inf', '1e39'];
    const expected = new Float32Array(texts.map(oracle));
    const mismatch = firstMismatch(texts, parseColumn(texts, 'f32'), expected, 'f32 limits');
    if (mismatch !== undefined) expect.fail(mismatch);
  });
});

// ---------------------------------------------------------------------------------------------
// Rejection

describe('texts outside the float grammar are INVALID_NUMBER, named in the error', () => {
  // [CSV line as written in the file, the field's text as the error reports it]
  const rejected: Array<[string, string]> = [
    ['0x10', '0x10'], ['1_000', '1_000'], ['1e', '1e'], ['1e+', '1e+'], ['1e-', '1e-'], ['.', '.'], ['+', '+'], ['-', '-'],
    ['e5', 'e5'], ['.e5', '.e5'], ['1.2.3', '1.2.3'], ['infx', 'infx'], ['infinit', 'infinit'], ['nana', 'nana'], ['in', 'in'],
    [' 7', ' 7'], ['7 ', '7 '], ['"1,5"', '1,5'], ['١', '١'], ['12abc', '12abc'], ['--1', '--1'], ['+-1', '+-1'],
    ['1e5.5', '1e5.5'], ['1.5e+-3', '1.5e+-3'], ['Infinityy', 'Infinityy'], ['1 000', '1 000'], ['1\t', '1\t'],
    ['５', '５'], ['1' + '0'.repeat(300) + 'x', '1' + '0'.repeat(199) + '…'],
  ];
  it.each(rejected)('%j', (line, text) => {
    let error: unknown;
    try {
      parse(`1.5\n${line}\n2.5\n`, { schema: { x: 'f64' }, header: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvError);
    const e = error as CsvError;
    expect({ code: e.code, row: e.row, line: e.line, column: e.column }).toEqual({ code: 'INVALID_NUMBER', row: 1, line: 2, column: 'x' });
    expect(e.text?.startsWith(text.replace(/…$/, ''))).toBe(true);
  });

  it('an f32 column rejects the same way', () => {
    expect(() => parse('1e+\n', { schema: { x: 'f32' }, header: false })).toThrow(expect.objectContaining({ code: 'INVALID_NUMBER' }));
  });
});
