// The "usual way" the seed program read CSV: the whole file as one string, split into lines, each
// line split on the delimiter into an object of strings, and Number() applied afterwards. It is
// the baseline typed-csv is compared with, so it stays deliberately plain; the only concession is a
// small quote-aware split for lines that contain a quote, so quoted files give the same values.
import { readFileSync } from 'node:fs';
import { columnType, type SchemaSpec } from './types.js';

export type NaiveRow = Record<string, string | number | bigint | null>;

export interface NaiveTable {
  header: string[];
  rows: NaiveRow[];
}

/** Phase 1: strings. Every field becomes a JS string in a row object. */
export function readRowsAsStrings(file: string, header: boolean, delimiter: string, names: string[]): NaiveTable {
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  let first = 0;
  let cols = names;
  if (header) {
    while (first < lines.length && stripCr(lines[first]) === '') first++;
    cols = splitLine(stripCr(lines[first] ?? ''), delimiter);
    first++;
  }
  const rows: NaiveRow[] = [];
  for (let i = first; i < lines.length; i++) {
    const line = stripCr(lines[i]);
    if (line === '') continue;
    const fields = splitLine(line, delimiter);
    const row: NaiveRow = {};
    for (let c = 0; c < cols.length; c++) row[cols[c]] = fields[c];
    rows.push(row);
  }
  return { header: cols, rows };
}

/** Phase 2: conversion afterwards, column by column as the schema says. */
export function convertRows(rows: NaiveRow[], schema: SchemaSpec): void {
  for (const [name, spec] of Object.entries(schema)) {
    const type = columnType(spec);
    if (type === 'string') continue;
    const big = type === 'i64' || type === 'u64';
    for (const row of rows) {
      const s = row[name];
      if (typeof s !== 'string' || s === '') row[name] = null;
      else row[name] = big ? BigInt(s) : Number(s);
    }
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function splitLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  // quoted fields: "a,b" and "" inside; enough for single-line quoted fields
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          value += line.slice(j);
          j = line.length;
          break;
        }
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(value);
      const d = line.indexOf(delimiter, j);
      if (d < 0) break;
      i = d + delimiter.length;
    } else {
      const d = line.indexOf(delimiter, i);
      if (d < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, d));
      i = d + delimiter.length;
    }
  }
  return out;
}
