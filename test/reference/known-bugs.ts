/**
 * Library bugs that are reported but not fixed yet, as predicates over a case. Only
 * `npm run fuzz -- --skip-known` uses them, so that a long run looks for new bugs instead of finding
 * the same one every few seconds; the tests never skip anything. Each has a regression file in
 * test/regressions/ that fails until it is fixed: delete its entry here when that file passes.
 */
import type { CsvCase } from './cases.js';
import type { RefResult } from './reference-parser.js';

export interface KnownBug {
  name: string;
  /** Could this case run into the bug? (Generous: a false "yes" only skips a case.) */
  matches: (c: CsvCase, ref: { result: RefResult; calls: string[] }) => boolean;
}

export const KNOWN_BUGS: readonly KnownBug[] = [
  // None open. Fixed so far (each has a regression file in test/regressions/): callback answers
  // applied to the wrong error of a record; parseBatches losing records dropped after its last row
  // and giving errors rows that forgot earlier batches; 'null' counting a record's errors twice when
  // the error log filled mid-record; maxRecordBytes only checked when a record overflowed the window.
];

/** The known bug this case may run into, if any. */
export function knownBug(c: CsvCase, ref: { result: RefResult; calls: string[] }): KnownBug | undefined {
  return KNOWN_BUGS.find((b) => b.matches(c, ref));
}
