// The one place the CLI gets a schema it was not given. Today: the small first-rows guesser in
// ./sniff.ts; when the library's sniffFile lands this becomes a call to it.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Schema } from '../index.js';
import { sniffSchema } from './sniff.js';

export interface CliSniff {
  schema: Schema;
  delimiter: string;
  header: boolean;
  rowsSampled: number;
}

/** Sniffs FILE's schema; a delimiter or header the user gave wins over the guess. */
export async function sniffForCli(file: string, given: { header: boolean; delimiter: string | undefined }): Promise<CliSniff> {
  const delimiter = given.delimiter ?? guessDelimiter(file);
  const guess = sniffSchema(file, given.header, delimiter);
  return { schema: guess.schema as Schema, delimiter, header: given.header, rowsSampled: guess.sampledRows };
}

/** The candidate that splits the first lines into the same, largest number of fields. */
function guessDelimiter(file: string): string {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(64 * 1024);
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const lines = buf.toString('utf8', 0, n).split('\n').slice(0, 20).filter((l) => l.trim() !== '');
  if (n === buf.length && lines.length > 1) lines.pop(); // possibly cut
  let best = ',';
  let bestScore = 0;
  for (const d of [',', '\t', ';', '|']) {
    const counts = lines.map((l) => l.split(d).length - 1);
    if (counts.length === 0 || counts[0] === 0) continue;
    const consistent = counts.every((c) => c === counts[0]);
    const score = counts[0] * (consistent ? 2 : 1);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}
