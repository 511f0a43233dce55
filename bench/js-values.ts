// How a JavaScript user turns one field's text into the schema's value when the parser leaves it a
// string: Date.parse for timestamps (epoch ms, what typed-csv stores), days from Date.parse for
// dates, the words true/false for bools; used by the JavaScript parsers' adapters.
import { columnType, isBig, type ColumnType, type SchemaSpec } from './types.js';

const MS_PER_DAY = 86_400_000;

/** The conversion for a column of `type`, or undefined for text (string, category). */
export function textToValue(type: ColumnType): ((text: string) => unknown) | undefined {
  switch (type) {
    case 'string':
    case 'category':
      return undefined;
    case 'timestamp':
      return Date.parse;
    case 'date':
      return (s) => Date.parse(s) / MS_PER_DAY;
    case 'bool':
      // anything else is a null, so a word outside the two shows in the output check
      return (s) => (s === 'true' ? true : s === 'false' ? false : null);
    default:
      return isBig(type) ? BigInt : Number;
  }
}

/** The bool, date and timestamp columns of a schema: what automatic number typing does not give. */
export function valueColumns(schema: SchemaSpec): [string, (text: string) => unknown][] {
  return Object.entries(schema)
    .map(([name, spec]) => [name, columnType(spec)] as const)
    .filter(([, t]) => t === 'bool' || t === 'date' || t === 'timestamp')
    .map(([name, t]) => [name, textToValue(t)!]);
}

/** Converts those columns in row objects in place (timed, as the user's own pass after parsing). */
export function convertValueColumns(rows: Record<string, unknown>[], columns: [string, (text: string) => unknown][]): void {
  for (const [name, convert] of columns) for (const row of rows) row[name] = convert(row[name] as string);
}

/** A note naming how the value columns were converted, or none. */
export function valueNotes(schema: SchemaSpec): string[] {
  const types = new Set(Object.values(schema).map(columnType));
  const parts = [
    ...(types.has('timestamp') ? ['timestamps with Date.parse'] : []),
    ...(types.has('date') ? ['dates with Date.parse / 86400000'] : []),
    ...(types.has('bool') ? ["bools by the words 'true'/'false'"] : []),
  ];
  if (parts.length === 0) return [];
  return [`${parts.join(', ')} (timed)${types.has('category') ? '; categories stay strings' : ''}`];
}
