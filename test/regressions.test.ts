// Replays every regression file in test/regressions/ (cases the differential fuzz once found, saved
// by `npm run fuzz`) on every engine, through parse(), parseStream() under the saved chunking and,
// when saved, parseBatches(): each must give the result the reference gave when the case was saved,
// and ask an onError callback about the same errors. The reference itself must still give that
// result too: if it changed on purpose, regenerate the file; if not, the reference has a bug.
//
// The replay machinery is tested on its own below, so that an empty folder (or a replay that
// compared nothing) can't pass unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCase, referenceRun, type CsvCase, type Engine } from './reference/cases.js';
import { decodeResult, encodeResult, fromRegressionFile, toRegressionFile, type RegressionFile } from './reference/regression-file.js';
import type { RefSuccess } from './reference/reference-parser.js';

const DIR = new URL('./regressions/', import.meta.url);
const ENGINES: Engine[] = ['wasm', 'js'];

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

function load(name: string): RegressionFile {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as RegressionFile;
}

describe(`regression files (${files.length} in test/regressions)`, () => {
  it('are well-formed', () => {
    for (const name of files) {
      const f = load(name);
      expect(typeof f.input, `${name}: input (base64)`).toBe('string');
      expect(f.options?.schema, `${name}: options.schema`).toBeTypeOf('object');
      expect(f.expected, `${name}: expected`).toBeTypeOf('object');
      expect(Array.isArray(f.expectedCalls), `${name}: expectedCalls`).toBe(true);
    }
  });

  for (const name of files) {
    describe(name, () => {
      it('the reference still gives the saved result', () => {
        const { case: c, expected } = fromRegressionFile(load(name));
        const now = referenceRun(c);
        expect(JSON.stringify(encodeResult(now.result)), 'reference result').toBe(JSON.stringify(encodeResult(expected.result)));
        expect(now.calls, 'errors the callback is asked about').toEqual(expected.calls);
      });
      for (const engine of ENGINES) {
        it(`engine ${engine} gives the saved result`, async () => {
          const { case: c, expected } = fromRegressionFile(load(name));
          expect(await checkCase(c, engine, expected)).toBeUndefined();
        });
      }
    });
  }
});

describe('the replay machinery', () => {
  // A case that exercises values (NaN, -0, bigint, invalid UTF-8 bytes), nulls and kept errors.
  const input = new Uint8Array([
    ...new TextEncoder().encode('f,i,s\nnan,-9223372036854775808,x\n-0,1,'),
    0xff,
    ...new TextEncoder().encode('\n1.5,oops,y\nzz,2,z,extra\n'),
  ]);
  const c: CsvCase = {
    input,
    options: { schema: { f: 'f64', i: 'i64', s: 'string' }, onError: 'null' },
    chunking: [3, 1],
    window: 64,
  };

  const saved = (): RegressionFile => JSON.parse(JSON.stringify(toRegressionFile(c, referenceRun(c), { date: 'test', property: 'test' }, 'test'))) as RegressionFile;

  it('round-trips a result through JSON exactly (NaN, -0, bigint, bytes, undefined fields)', () => {
    const ref = referenceRun(c).result as RefSuccess;
    expect(ref.ok && ref.rowCount).toBe(3);
    // "oops" made null; in the 4-field record "zz" made null, then the record dropped (FIELD_COUNT).
    expect(ref.errorCount).toBe(3);
    const back = fromRegressionFile(saved());
    expect(back.case.input).toEqual(input);
    const r = back.expected.result as RefSuccess;
    expect(Object.is(r.columns.f[0], NaN) && Object.is(r.columns.f[1], -0)).toBe(true);
    expect(r.columns.i[0]).toBe(-9223372036854775808n);
    expect(r.stringBytes.s[1]).toEqual(new Uint8Array([0xff]));
    expect(r.errors[2].code).toBe('FIELD_COUNT');
    expect('column' in r.errors[2] && r.errors[2].column).toBe(undefined); // present, and undefined
    expect(decodeResult(encodeResult(ref))).toEqual(ref);
  });

  it('passes a correct expectation on every engine', async () => {
    const { case: cc, expected } = fromRegressionFile(saved());
    for (const engine of ENGINES) expect(await checkCase(cc, engine, expected), engine).toBeUndefined();
  });

  // Each corruption of the saved expectation must be caught by the replay.
  const corruptions: [string, (f: RegressionFile) => void, RegExp][] = [
    ['a row too many', (f) => { (f.expected as { rowCount: number }).rowCount++; }, /rowCount/],
    ['a different value', (f) => { ((f.expected as { columns: Record<string, unknown[]> }).columns.f)[2] = 2.5; }, /f\[2\]/],
    ['a string byte changed', (f) => { (f.expected as { stringBytes: Record<string, unknown[]> }).stringBytes.s[0] = { base64: 'eQ==' }; }, /s\[0\] bytes/],
    ['an error at another line', (f) => { (f.expected as { errors: { line: number }[] }).errors[0].line++; }, /errors\[0\]: line/],
    ['one error fewer counted', (f) => { (f.expected as { errorCount: number }).errorCount--; }, /errorCount/],
    ['no record skipped', (f) => { (f.expected as { skippedRecords: number }).skippedRecords = 0; }, /skippedRecords/],
    ['no bitmap for the nulled column', (f) => { (f.expected as { validityColumns: string[] }).validityColumns = []; }, /validity bitmaps/],
    ['an error instead of a table', (f) => { f.expected = { ok: false, code: 'FIELD_COUNT', line: 2, byteOffset: 6, row: 0 }; }, /expected FIELD_COUNT/],
    ['a callback call that did not happen', (f) => { f.expectedCalls = ['INVALID_NUMBER line 1 byte 0 row 0']; }, /onError call 0/],
  ];
  for (const [what, corrupt, message] of corruptions) {
    it(`detects a wrong expectation: ${what}`, async () => {
      const f = saved();
      corrupt(f);
      const { case: cc, expected } = fromRegressionFile(f);
      for (const engine of ENGINES) expect(await checkCase(cc, engine, expected), engine).toMatch(message);
    });
  }
});
