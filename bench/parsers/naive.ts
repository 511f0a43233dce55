// The plain JavaScript way (the same code `npm start` compares with): whole file as a string,
// split lines and fields into row objects of strings, Number()/BigInt() afterwards; timestamps
// with Date.parse and bools by the words 'true'/'false' (bench/js-values.ts), in the same pass style.
import { convertRows, readRowsAsStrings } from '../../src/cli/naive.js';
import type { SchemaSpec as CliSchemaSpec } from '../../src/cli/types.js';
import { convertValueColumns, valueColumns, valueNotes } from '../js-values.js';
import { columnType, isBig, isPlainNumber, rowsColumn, type Parser } from '../types.js';

export const parser: Parser = {
  name: 'naive',
  parse(input) {
    const { rows } = readRowsAsStrings(input.file, input.header, input.delimiter, input.names);
    // the CLI's conversion knows numbers; the value types are converted here
    const numbers = Object.fromEntries(Object.entries(input.schema).filter(([, s]) => {
      const t = columnType(s);
      return isPlainNumber(t) || isBig(t);
    })) as CliSchemaSpec;
    convertRows(rows, numbers);
    convertValueColumns(rows, valueColumns(input.schema));
    return { rowCount: rows.length, column: (name) => rowsColumn(rows, name) };
  },
  notes: (input) => valueNotes(input.schema),
};
