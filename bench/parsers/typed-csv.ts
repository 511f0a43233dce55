// typed-csv, default (WebAssembly) engine, imported as a user would: the built package.
import { parseFile } from 'typed-csv';
import { SkipParser, type ColumnView, type ParseInput, type ParseOutput, type Parser } from '../types.js';

interface StringColumnLike {
  length: number;
  data: Uint8Array;
  offsets: Int32Array;
}

/** Shared by the wasm and js engine adapters. */
export async function parseWithTypedCsv(input: ParseInput, engine?: string): Promise<ParseOutput> {
  const options = {
    schema: input.schema,
    header: input.header,
    delimiter: input.delimiter,
    ...(engine ? { engine } : {}),
  } as unknown as Parameters<typeof parseFile>[1];
  let table;
  try {
    table = await parseFile(input.file, options);
  } catch (err) {
    if ((err as { code?: string }).code === 'INVALID_OPTION' && engine) {
      throw new SkipParser(`engine "${engine}" not available: ${(err as Error).message}`);
    }
    throw err;
  }
  const columns = table.columns as unknown as Record<string, unknown>;
  return {
    rowCount: table.rowCount,
    column(name): ColumnView {
      const col = columns[name];
      if (ArrayBuffer.isView(col)) return { kind: 'values', values: col as unknown as ArrayLike<unknown> };
      const s = col as StringColumnLike;
      return { kind: 'utf8', length: s.length, data: s.data, offsets: s.offsets };
    },
  };
}

export const parser: Parser = {
  name: 'typed-csv',
  label: 'typed-csv (wasm)',
  output: 'typed arrays + UTF-8 string columns',
  parse: (input) => parseWithTypedCsv(input),
};
