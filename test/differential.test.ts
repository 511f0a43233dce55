// Differential property tests: generated CSVs (random schema, dialect, quoting, CRLF/LF, BOM, UTF-8
// valid and not, empty fields, wrong field counts, unterminated quotes, invalid numbers, random
// bytes, mutations of valid files) under every error policy (throw, skip, null, callbacks answering
// by error code, by position or by call count, or with garbage; maxErrors 0-3, default and 10^9;
// validateUtf8 on and off) parsed by the library — one-shot `parse`, `parseStream` under a random
// chunking, often with the smallest input window (chunkSize 64) so records straddle core calls, and
// `parseBatches` with 1-4 rows per batch — and by the slow reference parser. They must agree: the
// same values (Object.is, strings byte for byte), or the same error code at the same line,
// byteOffset and row (column and text for value errors); the same skippedRecords, errorCount, kept
// errors and validity bitmaps; and the callback asked about the same errors in the same order.
// The properties live in reference/fuzz.ts; `npm run fuzz -- --minutes N` runs them for longer.
//
//   FUZZ_RUNS  number of generated small CSV cases in this file (default 40000). Each fast-check
//              run draws one batch of BATCH (25) cases derived from one generated file (prefixes,
//              suffixes and single rows of it, or mutants of it), since drawing a file costs far
//              more than checking a case; the count actually checked is printed at the end.
//   FUZZ_SEED  fast-check seed (and the large files' seed), to replay a failure; every failure
//              message names it, and fast-check adds the path of the shrunk counterexample.
//   FUZZ_PATH  with FUZZ_SEED, replays exactly the shrunk counterexample a failure names.
//   FUZZ_SKIP_KNOWN=1  leave out cases that may hit a reported, unfixed library bug
//              (reference/known-bugs.ts), to see whether anything else fails; off by default.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDifference, libraryParse, libraryParseSync } from './reference/library.js';
import { referenceParse } from './reference/reference-parser.js';
import { largeCsv } from './reference/generators.js';
import { PROPERTIES, fuzzProperty, type FuzzFailure } from './reference/fuzz.js';
import { knownBug } from './reference/known-bugs.js';

const TOTAL_CASES = Number(process.env.FUZZ_RUNS ?? 40_000);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;

if (!Number.isInteger(TOTAL_CASES) || TOTAL_CASES < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got ${process.env.FUZZ_RUNS}`);
if (!Number.isInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer, got ${process.env.FUZZ_SEED}`);

const SKIP_KNOWN = process.env.FUZZ_SKIP_KNOWN === '1';
const PATH = process.env.FUZZ_PATH;

let casesChecked = 0;
let casesSkipped = 0;
afterAll(() => {
  const skipped = SKIP_KNOWN ? `, ${casesSkipped} left out as known bugs` : '';
  console.log(`differential: ${casesChecked} generated CSV cases checked${skipped} (FUZZ_RUNS=${TOTAL_CASES}, FUZZ_SEED=${SEED})`);
});

const TITLES: Record<string, string> = {
  structured: 'on generated files: random schema, dialect, quoting, line ends, BOM, blank lines, nulls, bad values, every error policy',
  mutated: 'on mutated files: bytes dropped, duplicated, replaced, inserted, flipped, the input truncated',
  'random bytes': 'on random bytes after a valid header',
  'many errors': 'on files of a few rows repeated 40-300 times: hundreds of errors per core call',
  wide: 'on wide files: 100-600 columns of every type, 0-3 rows',
  'only CsvErrors': 'throws nothing but CsvErrors (or a callback\'s own exception) for any bytes and any options, valid or not, wide schemas included',
};

describe(`library agrees with the reference parser (FUZZ_SEED=${SEED})`, () => {
  for (const p of PROPERTIES) {
    it(TITLES[p.name] ?? p.name, async () => {
      const numRuns = Math.max(1, Math.round((TOTAL_CASES * p.share) / p.batch));
      let smallest: FuzzFailure | undefined;
      const property = fuzzProperty(p, {
        onCase: () => casesChecked++,
        onFailure: (f) => (smallest = f),
        skip: SKIP_KNOWN ? (c, ref) => (knownBug(c, ref) ? (casesSkipped++, true) : false) : undefined,
      });
      // Shrinking a wide case (hundreds of columns, each step a full check) can take longer than the
      // whole suite: a wide failure is reported as drawn, and replayed with FUZZ_SEED/FUZZ_PATH.
      const endOnFailure = p.name === 'wide';
      const out = await fc.check(property, { numRuns, seed: SEED, endOnFailure, ...(PATH !== undefined ? { path: PATH } : {}) });
      // fast-check's own report prints the whole batch of 25 cases; the one that failed (after
      // shrinking) says more. Its `path` replays the shrunk batch with FUZZ_SEED.
      if (out.failed) {
        const found = smallest ? `${smallest.property}: ${smallest.problem}` : String(out.errorInstance);
        expect.fail(`${found}\n  (replay: FUZZ_SEED=${SEED} FUZZ_PATH=${out.counterexamplePath} with -t '${TITLES[p.name] ?? p.name}'; npm run fuzz saves such cases as regression files)`);
      }
    }, 600_000);
  }
});

describe(`library agrees with the reference parser on large files (FUZZ_SEED=${SEED})`, () => {
  // 140k rows > the library's 128Ki rows per core call; about 11 MB: several 1 MiB windows.
  const variants = [
    { label: '140,000 rows of every type', rows: 140_000 },
    { label: '30,000 rows around one 3 MB quoted field (larger than the 1 MiB window)', rows: 30_000, hugeField: 3_000_000 },
    { label: '135,000 rows with one bad value near the end', rows: 135_000, error: true },
  ];
  variants.forEach((v, i) => {
    it(v.label, async () => {
      const seed = SEED + i;
      const { input, options } = largeCsv(seed, v);
      const ref = referenceParse(input, options);
      if (v.error) expect(ref.ok, 'the generated file has an error').toBe(false);
      else expect(ref.ok && ref.rowCount, 'the generated file parses').toBe(v.rows);
      const runs: [string, Promise<ReturnType<typeof libraryParseSync>>][] = [
        ['parse()', Promise.resolve(libraryParseSync(input, options))],
        ['parse() with a 4 KiB window', Promise.resolve(libraryParseSync(input, { ...options, chunkSize: 4096 }))],
        ['parseStream() in 64 KiB + odd chunks', libraryParse(input, options, [65_536, 1, 4_099, 333_333])],
      ];
      for (const [how, result] of runs) {
        const d = describeDifference(ref, await result);
        expect(d, `${how} (FUZZ_SEED=${SEED}, largeCsv seed ${seed})`).toBeUndefined();
      }
    }, 120_000);
  });
});
