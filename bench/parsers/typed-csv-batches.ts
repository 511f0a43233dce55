// typed-csv parseBatches over a file URL, one thread, every batch kept: the goal is within 10% of
// parseFile. The batches are joined into whole columns only when the checksum asks (untimed).
import { pathToFileURL } from 'node:url';
import { parseBatches } from 'typed-csv';
import type { ColumnView, ParseOutput, Parser } from '../types.js';
import { typedCsvOutput, typedCsvStreamOptions } from './typed-csv.js';

export const parser: Parser = {
  name: 'typed-csv-batches',
  parse: async (input) => {
    const outputs: ParseOutput[] = [];
    let rowCount = 0;
    for await (const batch of parseBatches(pathToFileURL(input.file), { ...typedCsvStreamOptions(input), threads: 1 })) {
      outputs.push(typedCsvOutput(batch, input));
      rowCount += batch.rowCount;
    }
    return {
      rowCount,
      column(name): ColumnView {
        const views = outputs.map((o) => o.column(name));
        const valids = views.map((v) => v.valid);
        const starts: number[] = [];
        let n = 0;
        for (const o of outputs) { starts.push(n); n += o.rowCount; }
        const batchOf = (i: number) => { let b = starts.length - 1; while (starts[b] > i) b--; return b; };
        const valid = valids.some((v) => v) ? (i: number) => { const b = batchOf(i); return valids[b]?.(i - starts[b]) ?? true; } : undefined;
        if (views.every((v) => v.kind === 'values')) {
          const values: unknown[] = [];
          for (const v of views) for (let i = 0; i < v.values.length; i++) values.push(v.values[i]);
          return { kind: 'values', values, ...(valid ? { valid } : {}) };
        }
        if (views.every((v) => v.kind === 'dictionary')) {
          // Each batch has its own dictionary: join the codes onto one dictionary of every batch's entries.
          const dicts = views as Extract<ColumnView, { kind: 'dictionary' }>[];
          const codes = new Int32Array(n);
          const entries: ColumnView[] = [];
          let row = 0;
          let base = 0;
          for (const d of dicts) {
            for (let i = 0; i < d.codes.length; i++) codes[row++] = base + d.codes[i];
            entries.push(d.dictionary);
            base += (d.dictionary as { length: number }).length;
          }
          return { kind: 'dictionary', codes, dictionary: joinUtf8(entries as Extract<ColumnView, { kind: 'utf8' }>[], base), ...(valid ? { valid } : {}) };
        }
        return joinUtf8(views as Extract<ColumnView, { kind: 'utf8' }>[], n, valid);
      },
    };
  },
};

/** One UTF-8 column view of several, back to back. */
function joinUtf8(parts: Extract<ColumnView, { kind: 'utf8' }>[], n: number, valid?: (i: number) => boolean): ColumnView {
  const data = Buffer.concat(parts.map((p) => p.data.subarray(0, p.offsets[p.length])));
  const offsets: number[] = [0];
  let base = 0;
  for (const p of parts) {
    for (let i = 1; i <= p.length; i++) offsets.push(base + p.offsets[i]);
    base += p.offsets[p.length];
  }
  return { kind: 'utf8', length: n, data, offsets, ...(valid ? { valid } : {}) };
}
