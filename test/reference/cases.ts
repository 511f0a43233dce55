/**
 * Test cases as plain data, and how to run one against the reference and the library.
 *
 * A case's options are JSON: an onError callback is described (`{ callback: 'by-code', ... }`) and
 * built fresh for every run, so a case can be printed, saved as a regression file and replayed.
 * Every run of a case records the errors its callback was asked about, in order: the reference and
 * the library must ask about the same errors in the same order (which also proves the callback is
 * asked once per error, not again when the library re-reads a record).
 */
import {
  describeCase as describeRawCase,
  describeDifference,
  libraryParse,
  libraryParseBatches,
  libraryParseSync,
  showError,
  type Chunking,
  type LibResult,
} from './library.js';
import {
  referenceParse,
  type ErrorCode,
  type PolicyAnswer,
  type RefErrorInfo,
  type RefOptions,
  type RefResult,
} from './reference-parser.js';

/** An onError callback, as data. */
export type CallbackSpec =
  /** Answers by error code (a code not listed gets `otherwise`). */
  | { callback: 'by-code'; answers: Partial<Record<ErrorCode, PolicyAnswer>>; otherwise: PolicyAnswer }
  /** Answers `answers[(row * 3 + columnIndex) % length]`: depends on where the error is. */
  | { callback: 'by-position'; answers: PolicyAnswer[] }
  /** The k-th call (from 0) gets `answers[k % length]`: depends on how often it is called. */
  | { callback: 'sequence'; answers: PolicyAnswer[] }
  /** Answers 'null' `after` times, then something that is not an answer (INVALID_OPTION). */
  | { callback: 'garbage'; after: number; value: string | number | null };

export type CaseOptions = Omit<RefOptions, 'onError'> & { onError?: PolicyAnswer | CallbackSpec };

export interface CsvCase {
  input: Uint8Array;
  options: CaseOptions;
  /** How parseStream (and parseBatches) are fed. */
  chunking: Chunking;
  /** The library's input window (option chunkSize), or its default (1 MiB) when undefined. */
  window: number | undefined;
  /** Also run parseBatches with this many rows per batch. */
  batchRows?: number;
}

/** Thrown by a callback asked more often than the input can have errors: the library loops. */
export class CallbackLoop extends Error {}

/** A run's options with a fresh callback, and the errors that callback is asked about. */
export interface Materialized {
  options: RefOptions;
  calls: string[];
}

/**
 * The options of one run. A callback that is asked more often than there can be errors (every
 * error is about a field or a record, and each byte starts at most one of each) throws CallbackLoop,
 * so a library that keeps re-asking about the same record fails the test instead of hanging it.
 */
export function materialize(options: CaseOptions, inputLength: number): Materialized {
  const calls: string[] = [];
  const { onError, ...rest } = options;
  if (onError === undefined || typeof onError === 'string') return { options: { ...rest, ...(onError ? { onError } : {}) }, calls };
  const limit = 2 * inputLength + 8;
  const answer = (e: RefErrorInfo, k: number): unknown => {
    switch (onError.callback) {
      case 'by-code': return onError.answers[e.code] ?? onError.otherwise;
      case 'by-position': return onError.answers[((e.row ?? 0) * 3 + (e.columnIndex ?? 0)) % onError.answers.length];
      case 'sequence': return onError.answers[k % onError.answers.length];
      case 'garbage': return k < onError.after ? 'null' : onError.value;
    }
  };
  const callback = (e: RefErrorInfo): unknown => {
    if (calls.length >= limit) throw new CallbackLoop(`onError was called ${calls.length + 1} times for ${inputLength} bytes of input; the parser asks about the same error again and again (last: ${calls[calls.length - 1]})`);
    calls.push(showError(e));
    return answer(e, calls.length - 1);
  };
  return { options: { ...rest, onError: callback }, calls };
}

export type Engine = 'wasm' | 'js';

/** The library runs of a case: one-shot parse, parseStream under the chunking, parseBatches. */
export function libraryRuns(c: CsvCase): { name: string; run: (options: RefOptions) => Promise<LibResult> }[] {
  const runs = [
    { name: 'parse()', run: async (o: RefOptions) => libraryParseSync(c.input, o) },
    { name: 'parseStream()', run: (o: RefOptions) => libraryParse(c.input, o, c.chunking) },
  ];
  if (c.batchRows !== undefined) {
    const batchRows = c.batchRows;
    runs.push({ name: `parseBatches(batchRows ${batchRows})`, run: (o: RefOptions) => libraryParseBatches(c.input, o, c.chunking, batchRows) });
  }
  return runs;
}

/** The library options of a case's run: its window, and the engine when one is named. */
function libraryOptions(c: CsvCase, m: Materialized, engine: Engine | undefined): RefOptions {
  return { ...m.options, ...(c.window === undefined ? {} : { chunkSize: c.window }), ...(engine === undefined ? {} : { engine } as object) };
}

/** The reference's result for a case, and the errors its callback was asked about. */
export function referenceRun(c: CsvCase): { result: RefResult; calls: string[] } {
  const m = materialize(c.options, c.input.length);
  return { result: referenceParse(c.input, m.options), calls: m.calls };
}

/** The first difference between two callback call logs, or undefined. */
function callsDifference(expected: string[], actual: string[]): string | undefined {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      return `onError call ${i} was about ${actual[i] ?? '(no call)'}, expected ${expected[i] ?? '(no call)'} (${actual.length} calls, expected ${expected.length})`;
    }
  }
  return undefined;
}

/**
 * Runs a case through every library run and compares each with `expected` (by default the
 * reference's result now). Returns the first disagreement, described with the case, or undefined.
 */
export async function checkCase(c: CsvCase, engine?: Engine, expected?: { result: RefResult; calls: string[] }): Promise<string | undefined> {
  const ref = expected ?? referenceRun(c);
  for (const { name, run } of libraryRuns(c)) {
    const m = materialize(c.options, c.input.length);
    const options = libraryOptions(c, m, engine);
    const result = await run(options);
    // Only CsvErrors leave the library (library.ts marks anything else NOT_A_CSV_ERROR).
    if (!result.ok && (result.code === 'NOT_A_CSV_ERROR' || result.code === 'INTERNAL_ERROR')) {
      return `${name}${engine ? ` [engine ${engine}]` : ''}: threw ${result.message}, not a CsvError with a code${describeCase(c)}`;
    }
    const d = describeDifference(ref.result, result) ?? callsDifference(ref.calls, m.calls);
    if (d !== undefined) return `${name}${engine ? ` [engine ${engine}]` : ''}: ${d}${describeCase(c)}`;
  }
  return undefined;
}

/** A short, copy-pasteable description of a case for failure messages. */
export function describeCase(c: CsvCase): string {
  const libOptions = { ...c.options, ...(c.window === undefined ? {} : { chunkSize: c.window }) } as RefOptions;
  return describeRawCase(c.input, libOptions, c.chunking) + (c.batchRows === undefined ? '' : `\n  batchRows: ${c.batchRows}`);
}
