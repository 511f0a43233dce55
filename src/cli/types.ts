// Shapes shared by the CLI and its worker processes (one JSON line on stdout per worker).
export type NumericType = 'i8' | 'i16' | 'i32' | 'u8' | 'u16' | 'u32' | 'f32' | 'f64' | 'i64' | 'u64';
export type ColumnType = NumericType | 'string';

export interface ColumnSpec {
  type: ColumnType;
  nullable?: boolean;
}
/** Schema in the library's own form: `{ name: 'f64' }` or `{ name: { type, nullable } }`. */
export type SchemaSpec = Record<string, ColumnType | ColumnSpec>;

export function columnType(spec: ColumnType | ColumnSpec): ColumnType {
  return typeof spec === 'string' ? spec : spec.type;
}

export interface WorkerRequest {
  file: string;
  schema: SchemaSpec;
  header: boolean;
  delimiter: string;
  /** Library engine option (passed through only when set). */
  engine?: string;
  /** Report parse progress on stderr as `@progress <bytes> <total>` lines (large files only). */
  progress?: boolean;
  /** Multiply a float column by a factor before statistics (seconds → milliseconds). */
  scale?: { column: string; factor: number; unit: string };
}

export interface NumericStats {
  kind: 'number';
  name: string;
  type: ColumnType;
  unit?: string;
  count: number;
  nulls: number;
  nan: number;
  // numbers for ≤ 53-bit types, decimal strings for exact 64-bit results
  mean: number | null;
  min: number | string | null;
  max: number | string | null;
  p50: number | string | null;
  p99: number | string | null;
}

export interface StringStats {
  kind: 'string';
  name: string;
  type: 'string';
  count: number;
  nulls: number;
  distinct: number;
  /** Total UTF-8 bytes of all values. */
  bytes: number;
}

export type ColumnStats = NumericStats | StringStats;

export type WorkerResult =
  | {
      ok: true;
      rows: number;
      parseMs: number;
      /** Peak resident set size of the worker process right after parsing, in MB (10^6 bytes). */
      peakRssMB: number;
      /** Peak RSS before the file was touched (Node itself plus loaded code), in MB. */
      baseRssMB: number;
      stats: ColumnStats[];
    }
  | { ok: false; error: { name: string; code?: string; message: string } };
