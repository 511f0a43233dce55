// typed-csv on two worker threads (threads: 2), imported as a user would: the built package.
import type { Parser } from '../types.js';
import { oneThreadNotes, parseWithTypedCsv } from './typed-csv.js';

export const parser: Parser = {
  name: 'typed-csv-t2',
  parse: (input) => parseWithTypedCsv(input, undefined, 2),
  notes: oneThreadNotes,
};
