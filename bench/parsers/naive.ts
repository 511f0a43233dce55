// The plain JavaScript way (the same code `npm start` compares with): whole file as a string,
// split lines and fields into row objects of strings, Number()/BigInt() afterwards.
import { convertRows, readRowsAsStrings } from '../../src/cli/naive.js';
import { rowsColumn, type Parser } from '../types.js';

export const parser: Parser = {
  name: 'naive',
  parse(input) {
    const { rows } = readRowsAsStrings(input.file, input.header, input.delimiter, input.names);
    convertRows(rows, input.schema);
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
};
