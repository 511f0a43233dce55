import { expect } from 'vitest';
import { CategoryColumn, StringColumn, type CsvError, type Table } from '../../src/index.js';

/** Every field of an error a user can see. */
export function errorFields(e: unknown) {
  const err = e as CsvError;
  return { name: err?.name, code: err?.code, message: err?.message, line: err?.line, row: err?.row, column: err?.column, columnIndex: err?.columnIndex, byteOffset: err?.byteOffset, text: err?.text };
}

/** Two tables equal in every field: values (Object.is), strings byte for byte, validity, errors. */
export function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.rowCount).toBe(expected.rowCount);
  expect(actual.skippedRecords).toBe(expected.skippedRecords);
  expect(actual.errorCount).toBe(expected.errorCount);
  expect(actual.firstRow).toBe(expected.firstRow);
  expect(actual.errors.map(errorFields)).toEqual(expected.errors.map(errorFields));
  expect(actual.schema).toEqual(expected.schema);
  expect(Object.keys(actual.validity)).toEqual(Object.keys(expected.validity));
  for (const [name, bits] of Object.entries(expected.validity)) expect(actual.validity[name]).toEqual(bits);
  for (const info of expected.schema) {
    const a = actual.columns[info.name] as unknown;
    const b = expected.columns[info.name] as unknown;
    if (b instanceof StringColumn) {
      expect(a).toBeInstanceOf(StringColumn);
      const s = a as StringColumn;
      expect(s.offsets).toEqual(b.offsets);
      expect(s.data).toEqual(b.data);
      expect(s.validity).toEqual(b.validity);
    } else if (b instanceof CategoryColumn) {
      // Codes, the dictionary in order of first appearance (byte for byte), validity.
      expect(a, `column ${info.name}`).toBeInstanceOf(CategoryColumn);
      const c = a as CategoryColumn;
      expect(c.dictionary.toArray(), `dictionary of ${info.name}`).toEqual(b.dictionary.toArray());
      expect(c.dictionary.offsets).toEqual(b.dictionary.offsets);
      expect(c.dictionary.data).toEqual(b.dictionary.data);
      expect(c.dictionary.validity).toEqual(b.dictionary.validity);
      expect(c.codes, `codes of ${info.name}`).toEqual(b.codes);
      expect(c.validity).toEqual(b.validity);
    } else {
      expect((a as object).constructor).toBe((b as object).constructor);
      expect(Array.from(a as ArrayLike<number>, (v) => (Object.is(v, -0) ? '-0' : v))).toEqual(Array.from(b as ArrayLike<number>, (v) => (Object.is(v, -0) ? '-0' : v)));
    }
  }
}

/** Runs `f`, returning its value or the error it threw. */
export async function outcome<T>(f: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}
