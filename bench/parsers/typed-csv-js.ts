// typed-csv's pure-JavaScript engine (engine: 'js'); skipped while the library lacks it.
import type { Parser } from '../types.js';
import { parseWithTypedCsv } from './typed-csv.js';

export const parser: Parser = {
  name: 'typed-csv-js',
  label: "typed-csv (engine: 'js')",
  output: 'typed arrays + UTF-8 string columns',
  parse: (input) => parseWithTypedCsv(input, 'js'),
};
