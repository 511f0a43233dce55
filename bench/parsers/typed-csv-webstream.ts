// typed-csv parseStream over a web ReadableStream of the file (Readable.toWeb of a file stream,
// which is not a byte stream: no BYOB), one thread: the goal is within 15% of parseFile.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parseStream } from 'typed-csv';
import type { Parser } from '../types.js';
import { typedCsvOutput, typedCsvStreamOptions } from './typed-csv.js';

export const parser: Parser = {
  name: 'typed-csv-webstream',
  parse: async (input) => {
    const web = Readable.toWeb(createReadStream(input.file)) as unknown as ReadableStream<Uint8Array>;
    return typedCsvOutput(await parseStream(web, typedCsvStreamOptions(input)), input);
  },
};
