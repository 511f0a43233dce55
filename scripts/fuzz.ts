// Differential fuzzing for as long as you like: the properties of test/differential.test.ts
// (test/reference/fuzz.ts) with fresh seeds, round after round, until the time is up. A failing case
// is shrunk (by fast-check, then by deleting bytes and simplifying its settings while it still
// fails the same way) and saved as test/regressions/<date>-<property>-<hash>.json, which
// test/regressions.test.ts replays on every engine from then on.
//
//   npm run fuzz -- --minutes 10            (package.json: "fuzz": "tsx scripts/fuzz.ts")
//   options: --minutes N (default 1)  --seed S (first round's seed; default random)
//            --engine wasm|js  --skip-known (leave out cases that may hit a bug in
//            test/reference/known-bugs.ts)  --max-failures K (stop after K saved files; default 10)
//            --out DIR (default test/regressions)  --dry-run (report, save nothing)
//            --property NAME (only one of: structured, mutated, random bytes, many errors, wide, only CsvErrors)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { checkCase, referenceRun, type CsvCase, type Engine } from '../test/reference/cases.js';
import { BATCH, PROPERTIES, fuzzProperty, type FuzzFailure } from '../test/reference/fuzz.js';
import { knownBug } from '../test/reference/known-bugs.js';
import { toRegressionFile } from '../test/reference/regression-file.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string' },
    engine: { type: 'string' },
    'skip-known': { type: 'boolean', default: false },
    'max-failures': { type: 'string', default: '10' },
    out: { type: 'string', default: 'test/regressions' },
    'dry-run': { type: 'boolean', default: false },
    property: { type: 'string' },
  },
});

const minutes = Number(args.minutes);
const maxFailures = Number(args['max-failures']);
if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, got ${args.minutes}`);
if (!(Number.isInteger(maxFailures) && maxFailures > 0)) throw new Error(`--max-failures must be a positive integer, got ${args['max-failures']}`);
if (args.engine !== undefined && args.engine !== 'wasm' && args.engine !== 'js') throw new Error(`--engine must be wasm or js, got ${args.engine}`);
const engine = args.engine as Engine | undefined;
const properties = PROPERTIES.filter((p) => args.property === undefined || p.name === args.property);
if (properties.length === 0) throw new Error(`--property must be one of ${PROPERTIES.map((p) => p.name).join(', ')}; got ${args.property}`);
let seed = args.seed !== undefined ? Number(args.seed) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${args.seed}`);

/** Batches per round (shared out like the test's cases): short rounds, so seeds stay fresh. */
const ROUND_RUNS = 300;

/**
 * What kind of failure a problem is: its first line with the numbers and quoted texts left out
 * ("parseBatches(batchRows #): skippedRecords # != #"), so shrinking stays on the same bug.
 */
function signature(problem: string): string {
  return problem.split('\n')[0].replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/-?\d+/g, '#');
}

async function failsTheSame(c: CsvCase, sig: string): Promise<string | undefined> {
  const ref = referenceRun(c);
  if (args['skip-known'] && knownBug(c, ref) !== undefined) return undefined; // don't drift into a known bug
  const problem = await checkCase(c, engine, ref);
  return problem !== undefined && signature(problem) === sig ? problem : undefined;
}

/** Greedy shrinking beyond fast-check's: simpler settings, then fewer bytes, while it fails the same. */
async function minimize(f: FuzzFailure): Promise<FuzzFailure> {
  const sig = signature(f.problem);
  let best = f.case;
  let problem = f.problem;
  const attempt = async (candidate: CsvCase) => {
    const p = await failsTheSame(candidate, sig);
    if (p !== undefined) {
      best = candidate;
      problem = p;
    }
    return p !== undefined;
  };
  const { onError, maxErrors, validateUtf8 } = best.options;
  const simpler: ((c: CsvCase) => CsvCase)[] = [
    (c) => ({ ...c, window: undefined }),
    (c) => ({ ...c, chunking: Math.max(1, c.input.length) }),
    (c) => ({ ...c, chunking: 1 }),
    (c) => { const { batchRows, ...r } = c; void batchRows; return r; },
    (c) => (maxErrors === undefined ? c : { ...c, options: { ...c.options, maxErrors: undefined } }),
    (c) => (validateUtf8 === undefined ? c : { ...c, options: { ...c.options, validateUtf8: undefined } }),
    (c) => (typeof onError === 'object' ? { ...c, options: { ...c.options, onError: 'null' } } : c),
    (c) => (typeof onError === 'object' ? { ...c, options: { ...c.options, onError: 'skip' } } : c),
  ];
  for (const simplify of simpler) {
    const candidate = simplify(best);
    if (candidate !== best) await attempt(candidate);
  }
  // Delete ever smaller runs of bytes; give up refining after a while (a big error-heavy file
  // would take thousands of tries byte by byte), keeping the smallest failing input so far.
  const giveUpAt = Date.now() + 30_000;
  for (let size = Math.max(1, best.input.length >> 1); size >= 1 && Date.now() < giveUpAt; size >>= 1) {
    for (let i = 0; i + size <= best.input.length && Date.now() < giveUpAt;) {
      const input = new Uint8Array([...best.input.subarray(0, i), ...best.input.subarray(i + size)]);
      if (!(await attempt({ ...best, input }))) i += size;
    }
  }
  return { property: f.property, case: best, problem };
}

function save(f: FuzzFailure, roundSeed: number): string | undefined {
  const expected = referenceRun(f.case);
  const file = toRegressionFile(f.case, expected, { date: new Date().toISOString(), property: f.property, seed: roundSeed }, f.problem);
  const json = JSON.stringify(file, null, 2) + '\n';
  const hash = createHash('sha1').update(JSON.stringify([file.input, file.options, file.chunking, file.window, file.batchRows])).digest('hex').slice(0, 10);
  const name = `${new Date().toISOString().slice(0, 10)}-${f.property.replace(/\W+/g, '-')}-${hash}.json`;
  if (args['dry-run']) return undefined;
  mkdirSync(args.out, { recursive: true });
  const path = join(args.out, name);
  if (existsSync(path)) return path;
  writeFileSync(path, json);
  return path;
}

const deadline = Date.now() + minutes * 60_000;
let cases = 0;
let skipped = 0;
const saved: string[] = [];
const seen = new Set<string>();
const skipKnown = args['skip-known'];
console.log(`fuzzing for ${minutes} min from seed ${seed}${engine ? ` on engine ${engine}` : ''}${skipKnown ? ', skipping known bugs' : ''}`);

outer: for (let round = 0; Date.now() < deadline; round++, seed = (seed + 0x9e3779b9) | 0) {
  for (const p of properties) {
    if (Date.now() >= deadline) break outer;
    let smallest: FuzzFailure | undefined;
    const property = fuzzProperty(p, {
      engine,
      onCase: () => cases++,
      onFailure: (f) => (smallest = f),
      skip: skipKnown ? (c, ref) => (knownBug(c, ref) !== undefined ? (skipped++, true) : false) : undefined,
    });
    const numRuns = Math.max(1, Math.round((ROUND_RUNS * BATCH * p.share) / p.batch));
    const out = await fc.check(property, { numRuns, seed });
    if (!out.failed || smallest === undefined) continue;
    if (p.check) {
      // Its cases hold functions and invalid options: not a regression file; the problem prints
      // the input (hex) and options to replay by hand.
      console.log(`\nFAIL (${p.name}, seed ${seed}): ${smallest.problem}`);
      seen.add(`${p.name}|${signature(smallest.problem)}`);
      continue;
    }
    const found = await minimize(smallest);
    const sig = `${found.property}|${signature(found.problem)}`;
    const path = save(found, seed);
    console.log(`\nFAIL (${p.name}, seed ${seed}): ${found.problem}${path ? `\n  saved as ${path}` : ''}`);
    seen.add(sig);
    if (path) saved.push(path);
    if (saved.length >= maxFailures) {
      console.log(`stopping: ${maxFailures} failures saved`);
      break outer;
    }
  }
  process.stdout.write(`\r${cases} cases checked${skipped ? `, ${skipped} skipped as known bugs` : ''}, ${saved.length} failures saved   `);
}
console.log(`\n${cases} cases checked in ${minutes} min${skipped ? ` (${skipped} skipped as known bugs)` : ''}; ${saved.length} regression files written${saved.length ? ':\n  ' + saved.join('\n  ') : ''}`);
// Failing is news: exit 1 so a CI job running this notices.
process.exitCode = seen.size > 0 ? 1 : 0;
