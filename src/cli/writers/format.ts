// What convert asks of an output format: take batches in order, then finish the file.
import type { Table } from '../../index.js';

export interface FormatWriter {
  write(batch: Table): Promise<void>;
  finish(): Promise<void>;
}

export const FORMATS = ['ndjson', 'arrow', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];

/** The format an output path names by its extension (.arrow/.feather/.ipc, .parquet, .ndjson/.jsonl). */
export function formatOf(path: string): Format | undefined {
  const ext = path.toLowerCase().replace(/^.*\./, '');
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  return undefined;
}
