// typed-csv, default (WebAssembly) engine, one thread, imported as a user would: the built package.
import { parseFile, type Table } from 'typed-csv';
import { SkipParser, type ColumnView, type ParseInput, type ParseOutput, type Parser } from '../types.js';

interface StringColumnLike {
  length: number;
  data: Uint8Array;
  offsets: Int32Array;
  validity?: Uint8Array;
}

/** Shared by the wasm and js engine adapters and the thread-count rows; one thread unless asked. */
export async function parseWithTypedCsv(input: ParseInput, engine?: string, threads: number | 'auto' = 1): Promise<ParseOutput> {
  const options = {
    schema: input.schema,
    header: input.header,
    delimiter: input.delimiter,
    threads,
    ...(engine ? { engine } : {}),
  } as unknown as Parameters<typeof parseFile>[1];
  let table;
  try {
    table = await parseFile(input.file, options);
  } catch (err) {
    if ((err as { code?: string }).code === 'INVALID_OPTION' && engine) {
      throw new SkipParser(`typed-csv rejects engine: '${engine}' (INVALID_OPTION): not available in this build`);
    }
    throw err;
  }
  return typedCsvOutput(table);
}

/** The options parseStream and parseBatches get in the stream rows (no threads: one thread). */
export function typedCsvStreamOptions(input: ParseInput): { schema: never; header: boolean; delimiter: string } {
  return { schema: input.schema as never, header: input.header, delimiter: input.delimiter };
}

/** A typed-csv Table as the harness reads it (after timing). */
export function typedCsvOutput(table: Table): ParseOutput {
  const columns = table.columns as unknown as Record<string, unknown>;
  const validity = (table as unknown as { validity?: Record<string, Uint8Array | undefined> }).validity ?? {};
  return {
    rowCount: table.rowCount,
    column(name): ColumnView {
      const col = columns[name];
      const bits = validity[name] ?? (col as StringColumnLike).validity;
      const valid = bits ? (i: number): boolean => (bits[i >> 3] & (1 << (i & 7))) !== 0 : undefined;
      if (ArrayBuffer.isView(col)) return { kind: 'values', values: col as unknown as ArrayLike<unknown>, ...(valid ? { valid } : {}) };
      const s = col as StringColumnLike;
      return { kind: 'utf8', length: s.length, data: s.data, offsets: s.offsets, ...(valid ? { valid } : {}) };
    },
  };
}

export const parser: Parser = {
  name: 'typed-csv',
  parse: (input) => parseWithTypedCsv(input),
};
