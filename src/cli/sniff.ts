// Guessing a schema from the first rows when the user gives none: a convenience for exploring a
// file, printed so it can be copied into --schema; the parser still validates every value.
import { closeSync, openSync, readSync } from 'node:fs';
import type { ColumnType, SchemaSpec } from './types.js';

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$/i;

export interface SniffResult {
  schema: SchemaSpec;
  sampledRows: number;
}

export function sniffSchema(file: string, header: boolean, delimiter: string, maxRows = 1000): SniffResult {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  return sniffSchemaBytes(buf.subarray(0, n), n === buf.length, header, delimiter, maxRows);
}

/** The same from the first bytes of an input; `truncated` when more follows (the last record may be cut). */
export function sniffSchemaBytes(bytes: Uint8Array, truncated: boolean, header: boolean, delimiter: string, maxRows = 1000): SniffResult {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = splitRecords(text, delimiter, truncated);
  const nonBlank = records.filter((r) => !(r.length === 1 && r[0] === ''));
  let names: string[];
  let data: string[][];
  if (header) {
    names = nonBlank[0] ?? [];
    data = nonBlank.slice(1, maxRows + 1);
  } else {
    const width = nonBlank[0]?.length ?? 0;
    names = Array.from({ length: width }, (_, i) => `column${i + 1}`);
    data = nonBlank.slice(0, maxRows);
  }
  const schema: SchemaSpec = {};
  names.forEach((name, c) => {
    let nullable = false;
    let ints = true;
    let numbers = true;
    let min = 0n;
    let max = 0n;
    let seen = false;
    for (const row of data) {
      const v = row[c] ?? '';
      if (v === '') {
        nullable = true;
        continue;
      }
      if (INT.test(v)) {
        const b = BigInt(v);
        if (!seen || b < min) min = b;
        if (!seen || b > max) max = b;
        seen = true;
      } else if (FLOAT.test(v)) ints = false;
      else {
        numbers = false;
        break;
      }
    }
    let type: ColumnType;
    if (!numbers) type = 'string';
    else if (!ints) type = 'f64';
    else if (min >= -(2n ** 31n) && max < 2n ** 31n) type = 'i32';
    else if (min >= -(2n ** 63n) && max < 2n ** 63n) type = 'i64';
    else if (min >= 0n && max < 2n ** 64n) type = 'u64';
    else type = 'f64';
    if (type === 'string') nullable = false; // an empty string field is just ""
    schema[name] = nullable ? { type, nullable: true } : type;
  });
  return { schema, sampledRows: data.length };
}

/** Quote-aware record split of a text sample; the possibly cut last record is dropped. */
function splitRecords(text: string, delimiter: string, truncated: boolean): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n') {
      fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      records.push(fields);
      fields = [];
      field = '';
    } else field += ch;
    i++;
  }
  if (!truncated && (field !== '' || fields.length > 0)) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}
