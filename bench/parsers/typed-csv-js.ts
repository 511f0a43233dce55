// typed-csv's pure-JavaScript engine (engine: 'js'); skipped while the library lacks it.
import type { Parser } from '../types.js';
import { parseWithTypedCsv } from './typed-csv.js';

export const parser: Parser = {
  name: 'typed-csv-js',
  parse: (input) => parseWithTypedCsv(input, 'js'),
};
