// The contract between the benchmark's child harness and each parser adapter in parsers/.
import type { ColumnType } from '../src/schema.js';

export type { ColumnType };

/** A column as the workloads declare it: a type name, or the library's `{ type, ... }` object. */
export type ColumnSpec = ColumnType | { type: ColumnType; nullable?: boolean; [setting: string]: unknown };
export type SchemaSpec = Record<string, ColumnSpec>;

export function columnType(spec: ColumnSpec): ColumnType {
  return typeof spec === 'string' ? spec : spec.type;
}

export interface ParseInput {
  file: string;
  schema: SchemaSpec;
  header: boolean;
  delimiter: string;
  /** Column names in file order (the bench workloads declare every column, in order). */
  names: string[];
}

/** How a parser hands one column to JavaScript; the checksum reads any of these. */
export type ColumnView =
  /** `unit`: what a timestamp column's bigint values count (default 'ms'; Dates and numbers are ms). */
  | { kind: 'values'; values: ArrayLike<unknown>; valid?: (i: number) => boolean; unit?: 'ms' | 'us' | 'ns' }
  /** Arrow-style UTF-8 bytes + offsets (typed-csv's string columns). */
  | { kind: 'utf8'; length: number; data: Uint8Array; offsets: ArrayLike<number>; valid?: (i: number) => boolean }
  /** Dictionary-encoded strings (a category column): codes into `dictionary`, compared by value. */
  | { kind: 'dictionary'; codes: ArrayLike<number>; dictionary: ColumnView; valid?: (i: number) => boolean };

export interface ParseOutput {
  rowCount: number;
  /** Called only after timing and the memory probe: may allocate (e.g. pull a column out of rows). */
  column(name: string): ColumnView;
}

export interface Parser {
  /** Short stable name used on the command line (`--parsers`); the runner holds labels. */
  name: string;
  /** Untimed one-time setup (native instance, copying bytes into wasm memory). */
  setup?(input: ParseInput): Promise<void> | void;
  /** Timed: read the file and deliver typed values, end to end. */
  parse(input: ParseInput): Promise<ParseOutput> | ParseOutput;
  /** Configuration notes for this input (e.g. why a column is converted by hand). */
  notes?(input: ParseInput): string[];
}

/** Thrown by an adapter (or mapped from the library) when it cannot run this configuration. */
export class SkipParser extends Error {
  override name = 'SkipParser';
}

export function isBig(type: ColumnType): boolean {
  return type === 'i64' || type === 'u64';
}

/** Numeric types JavaScript parsers convert with Number() (everything but text, 64-bit and the value types). */
export function isPlainNumber(type: ColumnType): boolean {
  return type !== 'string' && type !== 'category' && !isBig(type) && type !== 'bool' && type !== 'date' && type !== 'timestamp';
}

/** Pulls a column out of an array of row objects (after timing). */
export function rowsColumn(rows: ArrayLike<Record<string, unknown>>, name: string): ColumnView {
  const values = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = rows[i][name];
  return { kind: 'values', values };
}
