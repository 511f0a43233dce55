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
  /** Per start state: LF bytes from the stretch's start up to first[s] (the ending LF included). */
  linesBefore: number[];
  /** LF bytes in the whole stretch. */
  lines: number;
}

/** Scans a stretch fed in pieces; `offset` is the input offset of its first byte. */
export class SplitScanner {
  private readonly table: Uint8Array;
  private map = IDENTITY_MAP;
  private offset: number;
  private lines = 0;
  /** Start states whose first record end is still to be found, one bit each. */
  private open = 0b1111;
  private readonly first = [-1, -1, -1, -1];
  private readonly linesBefore = [0, 0, 0, 0];

  constructor(delimiter: number, quote: number, offset: number) {
    this.table = transitionTable(delimiter, quote);
    this.offset = offset;
  }

  feed(bytes: Uint8Array): void {
    const t = this.table;
    let m = this.map;
    const n = bytes.length;
    let i = 0;
    // While some start state has not met a record end: check each LF against the open states.
    for (; i < n && this.open !== 0; i++) {
      const b = bytes[i];
      if (b === LF) {
        this.lines++;
        for (let s = 0; s < 4; s++) {
          if ((this.open & (1 << s)) !== 0 && stateOf(m, s) !== S2) {
            this.open &= ~(1 << s);
            this.first[s] = this.offset + i + 1;
            this.linesBefore[s] = this.lines;
          }
        }
      }
      m = t[(m << 8) | b];
    }
    // Then only the map and the LF count.
    let lines = 0;
    for (; i < n; i++) {
      const b = bytes[i];
      m = t[(m << 8) | b];
      if (b === LF) lines++;
    }
    this.lines += lines;
    this.map = m;
    this.offset += n;
  }

  result(): ScanResult {
    return { map: this.map, first: [...this.first], linesBefore: [...this.linesBefore], lines: this.lines };
  }
}

/** Scans bytes[start, end) of one buffer; offsets in the result are `base` + index. */
export function scanBytes(bytes: Uint8Array, delimiter: number, quote: number, base = 0): ScanResult {
  const s = new SplitScanner(delimiter, quote, base);
  s.feed(bytes);
  return s.result();
}

/** One stretch of records to parse: [start, end) of the input, with the LF count before start. */
export interface RecordRange {
  start: number;
  end: number;
  lines: number;
}

/**
 * Chains the scans of consecutive stretches (the first one starting at a record start, state S0,
 * with `lines` LFs before it) into the record ranges they own: stretch k owns the records that start
 * after its first byte and up to and including its end, the first stretch also the one at its start.
 * Stretches that own no record start are merged into the one before. `end` is the input's end.
 */
export function chainRanges(scans: readonly ScanResult[], starts: readonly number[], end: number, lines: number): RecordRange[] {
  const ranges: RecordRange[] = [];
  let state = S0;
  let linesAt = lines;
  for (let k = 0; k < scans.length; k++) {
    const scan = scans[k];
    if (k === 0) {
      ranges.push({ start: starts[0], end, lines: linesAt });
    } else if (scan.first[state] >= 0 && scan.first[state] < end) {
      const start = scan.first[state];
      ranges[ranges.length - 1].end = start;
      ranges.push({ start, end, lines: linesAt + scan.linesBefore[state] });
    }
    state = stateOf(scan.map, state);
    linesAt += scan.lines;
  }
  return ranges;
}
