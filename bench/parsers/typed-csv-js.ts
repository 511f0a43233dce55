// typed-csv's pure-JavaScript engine (engine: 'js'), imported as a user would: the built package.
import type { Parser } from '../types.js';
import { parseWithTypedCsv } from './typed-csv.js';

export const parser: Parser = {
  name: 'typed-csv-js',
  parse: (input) => parseWithTypedCsv(input, 'js'),
};
