// The one place the CLI gets a schema it was not given. Today: the small first-rows guesser in
// ./sniff.ts; when the library's sniffFile lands this becomes a call to it.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Schema } from '../index.js';
import { sniffSchema, sniffSchemaBytes } from './sniff.js';
import { openStdin } from './stdin.js';

export interface CliSniff {
  schema: Schema;
  delimiter: string;
  quote: string;
  header: boolean;
  rowsSampled: number;
  /** The schema as TypeScript source, when the sniffer writes it. */
  code?: string;
  /** What a parse may trip on, seen in the sample. */
  warnings: string[];
}

/**
 * Sniffs FILE's schema; a delimiter or header the user gave wins over the guess (`header`
 * undefined: not given).
 *
 * When the library's sniffer is merged, the body becomes:
 *   const r = await sniffFile(file, { ...(given.delimiter ? { delimiter: given.delimiter } : {}), ...(given.header === false ? { header: false } : {}) });
 *   return { schema: r.schema, delimiter: r.delimiter, quote: r.quote, header: r.header, rowsSampled: r.rowsSampled, code: r.code, warnings: r.warnings };
 * (with `import { sniffFile } from '../sniff/index.js'`).
 */
export async function sniffForCli(file: string, given: { header: boolean | undefined; delimiter: string | undefined }): Promise<CliSniff> {
  const stdin = file === '-' ? await openStdin() : undefined;
  const delimiter = given.delimiter ?? guessDelimiter(stdin ? stdin.head : readHead(file));
  const header = given.header ?? true;
  const guess = stdin ? sniffSchemaBytes(stdin.head, !stdin.complete, header, delimiter) : sniffSchema(file, header, delimiter);
  return { schema: guess.schema as Schema, delimiter, quote: '"', header, rowsSampled: guess.sampledRows, warnings: [] };
}

function readHead(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(64 * 1024);
  try {
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The candidate that splits the first lines into the same, largest number of fields. */
function guessDelimiter(head: Uint8Array): string {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 64 * 1024)).toString('utf8');
  const lines = text.split('\n').slice(0, 20).filter((l) => l.trim() !== '');
  if (lines.length > 1) lines.pop(); // possibly cut
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
