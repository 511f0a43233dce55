// typed-csv, default (WebAssembly) engine, one thread, imported as a user would: the built package.
import { parseFile, type Table } from 'typed-csv';
import { SkipParser, type ColumnView, type ParseInput, type ParseOutput, type Parser } from '../types.js';

interface StringColumnLike {
  length: number;
  data: Uint8Array;
  offsets: Int32Array;
  validity?: Uint8Array;
}

interface CategoryColumnLike {
  codes: Int32Array;
  dictionary: StringColumnLike;
  validity?: Uint8Array;
}

function utf8View(s: StringColumnLike): ColumnView {
  return { kind: 'utf8', length: s.length, data: s.data, offsets: s.offsets };
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
  return typedCsvOutput(table, input);
}

/** The options parseStream and parseBatches get in the stream rows (no threads: one thread). */
export function typedCsvStreamOptions(input: ParseInput): { schema: never; header: boolean; delimiter: string } {
  return { schema: input.schema as never, header: input.header, delimiter: input.delimiter };
}

/** A typed-csv Table as the harness reads it (after timing); the input's schema gives timestamp units. */
export function typedCsvOutput(table: Table, input: ParseInput): ParseOutput {
  const columns = table.columns as unknown as Record<string, unknown>;
  const validity = (table as unknown as { validity?: Record<string, Uint8Array | undefined> }).validity ?? {};
  return {
    rowCount: table.rowCount,
    column(name): ColumnView {
      const col = columns[name];
      const bits = validity[name] ?? (col as StringColumnLike).validity;
      const valid = bits ? (i: number): boolean => (bits[i >> 3] & (1 << (i & 7))) !== 0 : undefined;
      if (ArrayBuffer.isView(col)) {
        const spec = input.schema[name];
        const unit = typeof spec === 'object' && spec.type === 'timestamp' ? (spec.unit as 'ms' | 'us' | 'ns' | undefined) : undefined;
        return { kind: 'values', values: col as unknown as ArrayLike<unknown>, ...(valid ? { valid } : {}), ...(unit ? { unit } : {}) };
      }
      if ('codes' in (col as object)) {
        const c = col as CategoryColumnLike;
        return { kind: 'dictionary', codes: c.codes, dictionary: utf8View(c.dictionary), ...(valid ? { valid } : {}) };
      }
      return { ...utf8View(col as StringColumnLike), ...(valid ? { valid } : {}) };
    },
  };
}

/** Notes for the threaded rows: a category column keeps parseFile on one thread (documented). */
export function oneThreadNotes(input: ParseInput): string[] {
  const category = Object.values(input.schema).some((s) => (typeof s === 'string' ? s : s.type) === 'category');
  return category ? ['a category column keeps parseFile on one thread (its dictionary depends on every value before), so this is the one-thread parse'] : [];
}

export const parser: Parser = {
  name: 'typed-csv',
  parse: (input) => parseWithTypedCsv(input),
};
