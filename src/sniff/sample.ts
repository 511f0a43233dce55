// Where the sniffer reads: the whole of a small input, or pieces at several places of a large one (head, middles, tail), each cut to whole records.
import { detectDialect, type DialectGuess } from './dialect.js';
import { alignToRecord, splitRecords, type Field } from './records.js';

/** Places sampled in an input larger than sampleBytes: the head, six evenly spaced middles, the tail. */
export const PLACES = 8;
/** Bytes read first, for the dialect and the length of a record. */
export const PROBE_BYTES = 64 * 1024;

/** A piece of the input, decoded. */
export interface Sample {
  text: string;
  /** Starts at the input's first byte. */
  first: boolean;
  /** Ends at the input's last byte. */
  last: boolean;
}

export interface Plan {
  offset: number;
  length: number;
}

export interface Limits {
  rows: number;
  bytes: number;
}

/**
 * The dialect, from the input's first PROBE_BYTES, and where to read: the whole input when it is
 * small (at most `bytes`, and about `rows` records or fewer), else PLACES pieces (head, middles,
 * tail), each long enough for its share of `rows` going by the probe's record length (twice that,
 * for safety), and no longer than its share of `bytes`.
 */
export function planSamples(size: number, probe: Sample, limits: Limits, options: { delimiter?: string; quote?: string }): { plan: Plan[]; dialect: DialectGuess } {
  const text = probe.text.charCodeAt(0) === 0xfeff ? probe.text.slice(1) : probe.text;
  const dialect = detectDialect(text, probe.last, options.delimiter, options.quote);
  const split = splitRecords(text, 0, dialect, 1000, probe.last);
  const perRecord = split.records.length > 0 ? Math.max(1, split.end / split.records.length) : Math.max(1, text.length);
  if (size <= limits.bytes && size / perRecord <= limits.rows * 1.5) return { plan: [{ offset: 0, length: size }], dialect };
  const length = Math.min(Math.floor(limits.bytes / PLACES), Math.ceil(perRecord * (Math.ceil(limits.rows / PLACES) + 2) * 2) + 8192, Math.floor(size / PLACES));
  const plan: Plan[] = [{ offset: 0, length }];
  for (let k = 1; k < PLACES - 1; k++) plan.push({ offset: Math.floor((size * k) / (PLACES - 1) - length / 2), length });
  plan.push({ offset: size - length, length });
  return { plan, dialect };
}

/**
 * The records of every sample, in input order: all of the head's (its first may be a header), each
 * middle's from its first whole record, and the tail's last ones — the very end of an input is where
 * late surprises are. `warnings` gets what went wrong on the way.
 */
export function gatherRecords(samples: Sample[], dialect: DialectGuess, width: number, whole: boolean, limits: Limits, warnings: string[]): Field[][] {
  const perPlace = whole ? Number.MAX_SAFE_INTEGER : Math.ceil(limits.rows / samples.length) + 1;
  const head = samples[0];
  const headSplit = splitRecords(head.text, 0, dialect, perPlace, head.last);
  if (headSplit.unterminated) warnings.push(`a quoted field is never closed (UNTERMINATED_QUOTE): check the quote character (${JSON.stringify(dialect.quote)})`);
  const records = headSplit.records;
  let lost = 0;
  for (const s of samples.slice(1)) {
    const start = alignToRecord(s.text, dialect, width, s.last);
    if (start < 0) {
      lost++;
      continue;
    }
    const split = splitRecords(s.text, start, dialect, s.last ? Number.MAX_SAFE_INTEGER : perPlace, s.last);
    for (const r of s.last ? split.records.slice(-perPlace) : split.records) records.push(r);
  }
  if (lost > 0) warnings.push(`${lost} of ${samples.length} sampled places had no record boundary to start from (long quoted fields?); the others were used`);
  return records;
}
