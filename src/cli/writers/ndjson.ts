// NDJSON: one JSON object per row. 64-bit integers are written from their exact decimal text
// (JSON numbers have no size limit; a reader decides how to hold them), NaN and ±Infinity as null
// (JSON has neither), dates and timestamps as ISO 8601 text, booleans as true/false.
import type { Table } from '../../index.js';
import { columnReaders } from '../rows.js';
import { valueText } from '../values.js';
import type { FormatWriter } from './format.js';

/** The batch's rows as NDJSON lines (each ending in \n). */
export function ndjsonLines(batch: Table): string[] {
  const readers = columnReaders(batch);
  const keys = readers.map((r, c) => `${c === 0 ? '{' : ','}${JSON.stringify(r.name)}:`);
  const encode = readers.map((r): ((v: number | bigint | string) => string) => {
    if (r.text) return (v) => JSON.stringify(v);
    if (r.type === 'date' || r.type === 'timestamp') return (v) => `"${valueText(r.type, v as number | bigint, r.unit)}"`;
    if (r.type === 'bool') return (v) => (v === 0 ? 'false' : 'true');
    return (v) => (typeof v === 'bigint' ? v.toString() : Number.isFinite(v) ? String(v) : 'null');
  });
  const lines = new Array<string>(batch.rowCount);
  const width = readers.length;
  for (let i = 0; i < batch.rowCount; i++) {
    let line = '';
    for (let c = 0; c < width; c++) {
      const v = readers[c].get(i);
      line += keys[c] + (v === null ? 'null' : encode[c](v));
    }
    lines[i] = width === 0 ? '{}\n' : line + '}\n';
  }
  return lines;
}

/** An NDJSON writer on a sink (a temporary file, or stdout). */
export function openNdjson(sink: { write(chunk: string): Promise<void> }): FormatWriter {
  return {
    async write(batch) {
      if (batch.rowCount > 0) await sink.write(ndjsonLines(batch).join(''));
    },
    async finish() {},
  };
}
