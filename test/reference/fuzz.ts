/**
 * The differential fuzz properties, shared by test/differential.test.ts (a fixed number of cases,
 * in the test command) and scripts/fuzz.ts (as many as fit in N minutes, failures saved as
 * regression files). One property run checks a batch of BATCH cases drawn from one generated file.
 */
import fc from 'fast-check';
import { checkCase, referenceRun, type CsvCase, type Engine } from './cases.js';
import type { RefResult } from './reference-parser.js';
import { BATCH, REPEATED_BATCH, WIDE_BATCH, mutatedBatchArb, randomBytesBatchArb, repeatedBatchArb, structuredBatchArb, wideBatchArb } from './generators.js';
import { WILD_BATCH, checkOnlyCsvErrors, wildBatchArb } from './wild.js';

export interface FuzzProperty {
  name: string;
  arb: fc.Arbitrary<CsvCase[]>;
  /** Its share of the cases. */
  share: number;
  /** Cases per draw. */
  batch: number;
  /** How a case is judged, when not by agreeing with the reference parser. */
  check?: (c: CsvCase, engine?: Engine) => Promise<string | undefined>;
}

export const PROPERTIES: readonly FuzzProperty[] = [
  { name: 'structured', arb: structuredBatchArb, share: 0.44, batch: BATCH },
  { name: 'mutated', arb: mutatedBatchArb, share: 0.4, batch: BATCH },
  { name: 'random bytes', arb: randomBytesBatchArb, share: 0.15, batch: BATCH },
  { name: 'many errors', arb: repeatedBatchArb, share: 0.01, batch: REPEATED_BATCH },
  { name: 'wide', arb: wideBatchArb, share: 0.001, batch: WIDE_BATCH },
  { name: 'only CsvErrors', arb: wildBatchArb, share: 0.01, batch: WILD_BATCH, check: checkOnlyCsvErrors },
];

export { BATCH };

/** What a failing batch leaves behind: the case and how the library got it wrong. */
export interface FuzzFailure {
  property: string;
  case: CsvCase;
  problem: string;
}

/**
 * The property of one FuzzProperty: every case of a batch agrees with the reference. `onCase` counts
 * checked cases; `onFailure` sees every failing case (during shrinking too: the last one it sees is
 * the smallest fast-check found).
 */
export interface FuzzHooks {
  onCase?: () => void;
  onFailure?: (f: FuzzFailure) => void;
  /** Leave out cases this says yes to (scripts/fuzz.ts --skip-known). */
  skip?: (c: CsvCase, ref: { result: RefResult; calls: string[] }) => boolean;
  engine?: Engine;
  label?: string;
}

export function fuzzProperty(p: FuzzProperty, hooks: FuzzHooks) {
  return fc.asyncProperty(p.arb, async (batch) => {
    for (const c of batch) {
      let problem: string | undefined;
      if (p.check) {
        hooks.onCase?.();
        problem = await p.check(c, hooks.engine);
      } else {
        const ref = referenceRun(c);
        if (hooks.skip?.(c, ref)) continue;
        hooks.onCase?.();
        problem = await checkCase(c, hooks.engine, ref);
      }
      if (problem !== undefined) {
        hooks.onFailure?.({ property: p.name, case: c, problem });
        throw new Error(`${p.name}${hooks.label ? ` (${hooks.label})` : ''}: ${problem}`);
      }
    }
  });
}
