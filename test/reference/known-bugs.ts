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
  {
    // The driver answers a callback's decision by re-reading the record with a one-shot "pending
    // action" that the core spends on the first error it meets, which is the record's first error
    // again, not the one the callback was asked about (so a record with two errors loops forever
    // under () => 'null'); and the action is spent even when the record then needs more input.
    name: 'onError callback: the answer is applied to the wrong error of the record',
    matches: (c) => typeof c.options.onError === 'object',
  },
  {
    // parseBatches: records dropped after the last batch's last row (or in an input with no kept
    // row at all) are counted in no batch, and their errors are lost.
    name: 'parseBatches: dropped records after the last row are lost',
    matches: (c, ref) => c.batchRows !== undefined && ref.result.ok && ref.result.recordKept.length > 0 && !ref.result.recordKept[ref.result.recordKept.length - 1],
  },
  {
    // parseBatches: an error's row counts the records dropped in the current batch but not those
    // dropped in earlier batches (the driver resets its skipped count per batch and uses it for rows).
    name: 'parseBatches: error rows forget records dropped in earlier batches',
    matches: (c, ref) => {
      if (c.batchRows === undefined || !ref.result.ok) return false;
      const firstDropped = ref.result.recordKept.indexOf(false);
      return firstDropped >= 0 && ref.result.allErrors.some((e) => (e.row ?? 0) > firstDropped);
    },
  },
  {
    // Under 'null' the core logs a record's value errors as it reads them; when its 256-entry error
    // log fills in the middle of a record, it stops there and the next call re-reads the record from
    // its start, logging the errors before that point a second time (errorCount and errors too big).
    name: "onError 'null': errors counted twice when the error log fills in the middle of a record",
    matches: (c, ref) => c.options.onError !== undefined && c.options.onError !== 'throw' && ref.result.ok && ref.result.allErrors.length > 200,
  },
];

/** The known bug this case may run into, if any. */
export function knownBug(c: CsvCase, ref: { result: RefResult; calls: string[] }): KnownBug | undefined {
  return KNOWN_BUGS.find((b) => b.matches(c, ref));
}
