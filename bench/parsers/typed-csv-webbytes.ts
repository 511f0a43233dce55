// typed-csv parseStream over a web byte stream of the file (FileHandle.readableWebStream with
// type 'bytes', as a Blob's or a fetch body's stream also is): parseStream reads it with a BYOB
// reader into one reused buffer. Goal, like the other streams: within 15% of parseFile.
import { open } from 'node:fs/promises';
import { parseStream } from 'typed-csv';
import type { Parser } from '../types.js';
import { typedCsvOutput, typedCsvStreamOptions } from './typed-csv.js';

/** Node 20's FileHandle.readableWebStream takes `type` (the @types lag behind). */
type WebStreamOpener = { readableWebStream(options: { type: 'bytes' }): ReadableStream<Uint8Array> };

export const parser: Parser = {
  name: 'typed-csv-webbytes',
  parse: async (input) => {
    const handle = await open(input.file);
    try {
      const web = (handle as unknown as WebStreamOpener).readableWebStream({ type: 'bytes' });
      return typedCsvOutput(await parseStream(web, typedCsvStreamOptions(input)), input);
    } finally {
      await handle.close();
    }
  },
};
