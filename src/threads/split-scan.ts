// The split scanner: finds where records start in a stretch of CSV without knowing the quote state
// at its first byte, by running the parser's record-boundary rules from all four possible states at
// once. Threads and byte ranges use it to cut a file exactly where the single-thread parse would.
//
// The states follow the core's own record loop (src/core/js-core.ts scanField and skipRecord), so
// they agree on malformed input too:
//   S0 at a field's start        quote → S2, delimiter → S0, LF → S0 (record end), other → S1
//   S1 in an unquoted field      quote → S1 (data), delimiter → S0, LF → S0 (record end), other → S1
//   S2 in a quoted field         quote → S3, anything else → S2 (LF included: a quoted newline)
//   S3 after a quote in S2       quote → S2 (""), delimiter → S0, LF → S0 (record end), other → S1
// A quote opens a quoted field only at a field's start; after a closing quote anything but a
// delimiter or line end makes the rest of the field unquoted-like (what the skip policy does with
// an INVALID_QUOTE record). CR is "other": a record ends at the LF of CRLF, and a lone CR is data.
// Blank lines are records of zero bytes here; the parser skips them where its range starts.
//
// A map from start state to current state is packed in one byte (2 bits per start state), so one
// table lookup per byte advances all four hypotheses.

import type { ByteReader } from './byte-reader.js';

export const S0 = 0;
export const S1 = 1;
export const S2 = 2;
export const S3 = 3;

/** The map that sends every state to itself: state s in bits 2s..2s+1. */
export const IDENTITY_MAP = 0b11_10_01_00;

const LF = 10;

/** next[state * 4 + class]; classes: 0 other, 1 quote, 2 delimiter, 3 LF. */
const NEXT = [
  /* S0 */ S1, S2, S0, S0,
  /* S1 */ S1, S1, S0, S0,
  /* S2 */ S2, S3, S2, S2,
  /* S3 */ S1, S2, S0, S0,
];

/** The state map `m` sends start state `s` to. */
export function stateOf(map: number, s: number): number {
  return (map >> (s << 1)) & 3;
}

const tables = new Map<number, Uint8Array>();

/** map × byte → map, for one dialect: 64 KiB, built once per delimiter/quote pair. */
function transitionTable(delimiter: number, quote: number): Uint8Array {
  const key = (delimiter << 8) | quote;
  let t = tables.get(key);
  if (t) return t;
  t = new Uint8Array(256 * 256);
  for (let b = 0; b < 256; b++) {
    const cls = b === quote ? 1 : b === delimiter ? 2 : b === LF ? 3 : 0;
    for (let m = 0; m < 256; m++) {
      let out = 0;
      for (let s = 0; s < 4; s++) out |= NEXT[stateOf(m, s) * 4 + cls] << (s << 1);
      t[(m << 8) | b] = out;
    }
  }
  tables.set(key, t);
  return t;
}

/** What a scan learned about its stretch of bytes, for each possible start state. */
export interface ScanResult {
  /** Start state → end state, packed (see stateOf). */
  map: number;
  /** Per start state: the offset just after the stretch's first record-ending LF, or -1 if none. */
  first: number[];
}

/** Per map: the map after a quote, and after a run of non-quote bytes ending in S0 or S1 territory. */
const AFTER_QUOTE = new Uint8Array(256);
const RUN_TO_S0 = new Uint8Array(256);
const RUN_TO_S1 = new Uint8Array(256);
for (let m = 0; m < 256; m++) {
  let q = 0, r0 = 0, r1 = 0;
  for (let s = 0; s < 4; s++) {
    const st = stateOf(m, s);
    q |= NEXT[st * 4 + 1] << (s << 1);
    // In a run without quotes, S2 stays S2 and every other state follows the run's last byte alone.
    r0 |= (st === S2 ? S2 : S0) << (s << 1);
    r1 |= (st === S2 ? S2 : S1) << (s << 1);
  }
  AFTER_QUOTE[m] = q;
  RUN_TO_S0[m] = r0;
  RUN_TO_S1[m] = r1;
}

/** Quotes per byte above which the byte-at-a-time table beats jumping from quote to quote. */
const DENSE_QUOTES = 1 / 24;

/**
 * Scans a stretch fed in pieces; `offset` is the input offset of its first byte. Between quotes it
 * jumps with indexOf (memchr): a run without quotes leaves S2 alone and sends every other state to
 * S0 or S1 by its last byte, and its first LF ends a record for every state not in S2. Where quotes
 * are dense it steps byte by byte through the table instead (the reference: `exact: true`).
 */
export class SplitScanner {
  private readonly table: Uint8Array;
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly byteAtATime: boolean;
  private map = IDENTITY_MAP;
  private offset: number;
  /** Start states whose first record end is still to be found, one bit each. */
  private open = 0b1111;
  private readonly first = [-1, -1, -1, -1];

  constructor(delimiter: number, quote: number, offset: number, byteAtATime = false) {
    this.table = transitionTable(delimiter, quote);
    this.delimiter = delimiter;
    this.quote = quote;
    this.offset = offset;
    this.byteAtATime = byteAtATime;
  }

  /** Marks the first record end at index `lf` of the current piece for the open states not in S2. */
  private close(m: number, lf: number): void {
    for (let s = 0; s < 4; s++) {
      if ((this.open & (1 << s)) !== 0 && stateOf(m, s) !== S2) {
        this.open &= ~(1 << s);
        this.first[s] = this.offset + lf + 1;
      }
    }
  }

  feed(bytes: Uint8Array): void {
    const n = bytes.length;
    const quote = this.quote;
    const delimiter = this.delimiter;
    let m = this.map;
    let pos = 0;
    let quotes = 0;
    if (!this.byteAtATime) {
      while (pos < n) {
        let q = bytes.indexOf(quote, pos);
        if (q < 0) q = n;
        if (q > pos) {
          if (this.open !== 0) {
            const lf = bytes.indexOf(LF, pos);
            if (lf >= 0 && lf < q) this.close(m, lf);
          }
          const last = bytes[q - 1];
          m = last === delimiter || last === LF ? RUN_TO_S0[m] : RUN_TO_S1[m];
        }
        if (q >= n) { pos = n; break; }
        m = AFTER_QUOTE[m];
        pos = q + 1;
        if (++quotes > 64 && quotes > pos * DENSE_QUOTES) break;
      }
    }
    const t = this.table;
    for (; pos < n; pos++) {
      const b = bytes[pos];
      if (b === LF && this.open !== 0) this.close(m, pos);
      m = t[(m << 8) | b];
    }
    this.map = m;
    this.offset += n;
  }

  result(): ScanResult {
    return { map: this.map, first: [...this.first] };
  }
}

/** Scans bytes[start, end) of one buffer; offsets in the result are `base` + index. */
export function scanBytes(bytes: Uint8Array, delimiter: number, quote: number, base = 0, byteAtATime = false): ScanResult {
  const s = new SplitScanner(delimiter, quote, base, byteAtATime);
  s.feed(bytes);
  return s.result();
}

/** One stretch of records to parse: [start, end) of the input. */
export interface RecordRange {
  start: number;
  end: number;
}

/**
 * Chains the scans of consecutive stretches (the first one starting at a record start, state S0)
 * into the record ranges they own: stretch k owns the records that start after its first byte and
 * up to and including its end, the first stretch also the one at its start. Stretches that own no
 * record start are merged into the one before. `end` is the input's end.
 */
export function chainRanges(scans: readonly ScanResult[], starts: readonly number[], end: number): RecordRange[] {
  const ranges: RecordRange[] = [];
  let state = S0;
  for (let k = 0; k < scans.length; k++) {
    const scan = scans[k];
    if (k === 0) {
      ranges.push({ start: starts[0], end });
    } else if (scan.first[state] >= 0 && scan.first[state] < end) {
      const start = scan.first[state];
      ranges[ranges.length - 1].end = start;
      ranges.push({ start, end });
    }
    state = stateOf(scan.map, state);
  }
  return ranges;
}

/** Bytes read per step of scanStretch. */
const SCAN_CHUNK = 1024 * 1024;
/**
 * Read buffers of scans that ended, for the next (a worker scans split after split). A fresh MiB
 * per scan was 256 first-touch page faults each (~4 ms on a VM), taken in the reading thread.
 */
const spareBuffers: Uint8Array[] = [];

/**
 * Scans input [start, end) read through `reader` (a worker's pass 1 over its split); `aborted` is
 * asked between reads so an abandoned scan stops within one read.
 */
export async function scanStretch(reader: ByteReader, delimiter: number, quote: number, start: number, end: number, aborted: () => boolean = () => false): Promise<ScanResult> {
  const scanner = new SplitScanner(delimiter, quote, start);
  const buffer = spareBuffers.pop() ?? new Uint8Array(SCAN_CHUNK);
  try {
    let position = start;
    while (position < end) {
      if (aborted()) throw new Error('aborted');
      const bytesRead = await reader.read(buffer.subarray(0, Math.min(buffer.length, end - position)), position);
      if (bytesRead === 0) break;
      scanner.feed(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    if (spareBuffers.length < 2) spareBuffers.push(buffer);
  }
  return scanner.result();
}
