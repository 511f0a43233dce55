/**
 * Regression files (test/regressions/*.json): a case the fuzz found, with the reference's result at
 * the time, so that test/regressions.test.ts can replay it on every engine forever.
 *
 * Values are stored as tagged JSON where plain JSON would lose them: bigint as { "bigint": "123" },
 * NaN, ±Infinity and -0 as { "number": "NaN" | "Infinity" | "-Infinity" | "-0" }, bytes as base64.
 */
import type { CsvCase, CaseOptions } from './cases.js';
import type { Chunking } from './library.js';
import type { RefErrorInfo, RefResult } from './reference-parser.js';

export interface RegressionFile {
  /** What went wrong when the case was found (the first difference). */
  problem: string;
  /** When, by which property and seed (for people; the replay needs none of it). */
  found: { date: string; property: string; seed?: number };
  /** The input bytes, base64. */
  input: string;
  options: CaseOptions;
  chunking: Chunking;
  window?: number;
  batchRows?: number;
  /** The reference's result when the case was saved. */
  expected: unknown;
  /** The errors the onError callback (if any) was asked about, in order. */
  expectedCalls: string[];
}

function encodeValue(v: unknown): unknown {
  if (typeof v === 'bigint') return { bigint: String(v) };
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { number: Object.is(v, -0) ? '-0' : String(v) };
  if (v instanceof Uint8Array) return { base64: Buffer.from(v).toString('base64') };
  return v;
}

function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, string>;
    if ('bigint' in o) return BigInt(o.bigint);
    if ('number' in o) return o.number === '-0' ? -0 : Number(o.number);
    if ('base64' in o) return new Uint8Array(Buffer.from(o.base64, 'base64'));
  }
  return v;
}

/** A RefResult as JSON (columns and string bytes tagged; undefined error fields dropped). */
export function encodeResult(r: RefResult): unknown {
  if (!r.ok) return r;
  const mapColumns = (cols: Record<string, unknown[]>) => Object.fromEntries(Object.entries(cols).map(([k, vs]) => [k, vs.map(encodeValue)]));
  return { ...r, columns: mapColumns(r.columns), stringBytes: mapColumns(r.stringBytes) };
}

export function decodeResult(json: unknown): RefResult {
  const r = json as RefResult;
  // JSON has no undefined: put the error fields back so that comparisons see undefined, not absent.
  const fillError = (e: RefErrorInfo): RefErrorInfo => ({
    code: e.code, line: e.line, row: e.row, column: e.column, columnIndex: e.columnIndex, byteOffset: e.byteOffset, text: e.text,
  });
  if (!r.ok) return { ...fillError(r), ok: false, ...(r.ambiguousHeader ? { ambiguousHeader: true } : {}) };
  const mapColumns = (cols: Record<string, unknown[]>) => Object.fromEntries(Object.entries(cols).map(([k, vs]) => [k, vs.map(decodeValue)]));
  return {
    ...r,
    columns: mapColumns(r.columns),
    stringBytes: mapColumns(r.stringBytes) as Record<string, (Uint8Array | null)[]>,
    errors: r.errors.map(fillError),
    allErrors: r.allErrors.map(fillError),
  };
}

export function toRegressionFile(c: CsvCase, expected: { result: RefResult; calls: string[] }, found: RegressionFile['found'], problem: string): RegressionFile {
  return {
    problem,
    found,
    input: Buffer.from(c.input).toString('base64'),
    options: c.options,
    chunking: c.chunking,
    ...(c.window === undefined ? {} : { window: c.window }),
    ...(c.batchRows === undefined ? {} : { batchRows: c.batchRows }),
    expected: encodeResult(expected.result),
    expectedCalls: expected.calls,
  };
}

export function fromRegressionFile(f: RegressionFile): { case: CsvCase; expected: { result: RefResult; calls: string[] } } {
  return {
    case: {
      input: new Uint8Array(Buffer.from(f.input, 'base64')),
      options: f.options,
      chunking: f.chunking,
      window: f.window,
      ...(f.batchRows === undefined ? {} : { batchRows: f.batchRows }),
    },
    expected: { result: decodeResult(f.expected), calls: f.expectedCalls },
  };
}
