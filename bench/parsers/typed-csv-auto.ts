// typed-csv with threads: 'auto' (the default: every core for files big enough to pay for it).
import type { Parser } from '../types.js';
import { oneThreadNotes, parseWithTypedCsv } from './typed-csv.js';

export const parser: Parser = {
  name: 'typed-csv-auto',
  parse: (input) => parseWithTypedCsv(input, undefined, 'auto'),
  notes: oneThreadNotes,
};
