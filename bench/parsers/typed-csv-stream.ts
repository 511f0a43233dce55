// typed-csv parseStream over a Node file stream, fs.createReadStream(path), one thread: the goal
// is within 15% of parseFile on the same file (issue 10).
import { createReadStream } from 'node:fs';
import { parseStream } from 'typed-csv';
import type { Parser } from '../types.js';
import { typedCsvOutput, typedCsvStreamOptions } from './typed-csv.js';

export const parser: Parser = {
  name: 'typed-csv-stream',
  parse: async (input) => typedCsvOutput(await parseStream(createReadStream(input.file), typedCsvStreamOptions(input)), input),
};
