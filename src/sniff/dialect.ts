// Which delimiter and quote a file uses: the candidate that splits the head into the most consistent field counts, more than one field.
import { splitRecords, type Dialect } from './records.js';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export const QUOTES = ['"', "'"] as const;

/** Records of the head tried per candidate: enough to see the shape, cheap for 8 candidates. */
const PROBE_RECORDS = 200;

export interface DialectGuess extends Dialect {
  /** The field count most records have. */
  width: number;
  /** Share of the probed records with `width` fields (quote trouble counts against it). */
  consistency: number;
}

/**
 * Tries each delimiter (or the given one) with `"` and keeps the one whose records most often have
 * the same field count, more than one; among nearly equally consistent ones, the one giving more
 * fields, then the first of `, ; \t |`. `'` wins only when it is strictly more consistent than every
 * `"` dialect: a file quoting with `"` whose text holds apostrophes must not become a `'` file.
 */
export function detectDialect(head: string, atEnd: boolean, delimiter?: string, quote?: string): DialectGuess {
  const delimiters = delimiter !== undefined ? [delimiter] : DELIMITERS;
  const quotes = quote !== undefined ? [quote] : QUOTES;
  let best: DialectGuess | undefined;
  for (const q of quotes) {
    const found = bestOf(delimiters.map((d) => measure(head, atEnd, { delimiter: d, quote: q })));
    if (found !== undefined && (best === undefined || found.consistency > best.consistency)) best = found;
    if (best !== undefined && best.consistency >= 1) break;
  }
  if (best !== undefined) return best;
  // One column (or nothing consistent): the given or default dialect.
  const d = delimiter ?? ',';
  return { ...measure(head, atEnd, { delimiter: d, quote: quote ?? '"' }), delimiter: d };
}

function measure(head: string, atEnd: boolean, dialect: Dialect): DialectGuess {
  const split = splitRecords(head, 0, dialect, PROBE_RECORDS, atEnd);
  const counts = new Map<number, number>();
  for (const r of split.records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let width = 0;
  let most = 0;
  for (const [w, k] of counts) if (k > most || (k === most && w > width)) [width, most] = [w, k];
  const total = split.records.length;
  let consistency = total === 0 ? 0 : (most - split.badQuotes) / total;
  if (split.unterminated) consistency = -1;
  return { ...dialect, width, consistency };
}

function bestOf(candidates: DialectGuess[]): DialectGuess | undefined {
  const multi = candidates.filter((c) => c.width > 1 && c.consistency > 0);
  if (multi.length === 0) return undefined;
  const top = Math.max(...multi.map((c) => c.consistency));
  let best: DialectGuess | undefined;
  for (const c of multi) if (c.consistency >= top - 0.01 && (best === undefined || c.width > best.width)) best = c;
  return best;
}
