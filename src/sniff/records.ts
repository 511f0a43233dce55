// Splitting a decoded text sample into records for the sniffer: the parser's rules (RFC 4180 quoting, LF or CRLF, blank lines skipped), in plain JS on a small sample.

/** A field as the sniffer sees it: its text with quotes removed, or null for an unquoted empty field (a null in a nullable column). */
export type Field = string | null;

/** One dialect the sniffer may try. */
export interface Dialect {
  readonly delimiter: string;
  readonly quote: string;
}

export interface Split {
  /** Complete records, blank lines skipped. */
  records: Field[][];
  /** Text index just past the last complete record. */
  end: number;
  /** Quoted fields followed by something other than a delimiter or line end (the parser's INVALID_QUOTE). */
  badQuotes: number;
  /** True when the text ended inside a quoted field that `atEnd` said could not continue. */
  unterminated: boolean;
}

const LF = 10;
const CR = 13;

/**
 * Splits text[start..] into at most `maxRecords` complete records. When `atEnd` is false the text is
 * a cut sample: a record that runs into its end is incomplete and left out.
 */
export function splitRecords(text: string, start: number, dialect: Dialect, maxRecords: number, atEnd: boolean): Split {
  const delim = dialect.delimiter.charCodeAt(0);
  const quote = dialect.quote.charCodeAt(0);
  const n = text.length;
  const records: Field[][] = [];
  let badQuotes = 0;
  let end = start;
  let i = start;
  while (records.length < maxRecords && i < n) {
    const fields: Field[] = [];
    let recordBad = 0;
    let complete = false;
    for (;;) {
      let value: Field;
      if (text.charCodeAt(i) === quote && i < n) {
        // Quoted: up to the closing quote, "" being one quote.
        let buf = '';
        let p = i + 1;
        let closed = false;
        for (;;) {
          const q = text.indexOf(dialect.quote, p);
          if (q < 0) break;
          buf += text.slice(p, q);
          if (text.charCodeAt(q + 1) === quote) {
            buf += dialect.quote;
            p = q + 2;
            continue;
          }
          p = q + 1;
          closed = true;
          break;
        }
        if (!closed) return { records, end, badQuotes, unterminated: atEnd };
        i = p;
        // Text after the closing quote: the parser refuses it; keep it so field counts stay honest.
        if (i < n && text.charCodeAt(i) !== delim && text.charCodeAt(i) !== LF && !(text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF)) {
          recordBad++;
          const stop = nextStop(text, i, delim);
          buf += text.slice(i, stop);
          i = stop;
        }
        value = buf;
      } else {
        const stop = nextStop(text, i, delim);
        let to = stop;
        if (stop < n && text.charCodeAt(stop) === LF && stop > i && text.charCodeAt(stop - 1) === CR) to = stop - 1;
        else if (stop === n && atEnd && stop > i && text.charCodeAt(stop - 1) === CR) to = stop - 1;
        value = to > i ? text.slice(i, to) : null;
        i = stop;
      }
      fields.push(value);
      if (i >= n) {
        complete = atEnd;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n && !atEnd) break; // the next field may continue in the unseen text
        if (i >= n) {
          fields.push(null);
          complete = true;
          break;
        }
        continue;
      }
      // A line end: LF, or CR LF (the CR of an unquoted field was already cut off).
      if (c === CR) i++;
      i++;
      complete = true;
      break;
    }
    if (!complete) break;
    end = i;
    badQuotes += recordBad;
    if (fields.length === 1 && fields[0] === null) continue; // a blank line
    records.push(fields);
  }
  return { records, end, badQuotes, unterminated: false };
}

/** Index of the next delimiter or LF at or after i (or the text's length). */
function nextStop(text: string, i: number, delim: number): number {
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === delim || c === LF) return i;
  }
  return n;
}

/**
 * Where the first whole record of a sample cut out of a file's middle starts. The sample may begin
 * at a field's start, inside an unquoted field, inside a quoted one, or just after a quote inside a
 * quoted one: scanning from all four states at once, the scans meet in the same state at the same
 * byte (usually within a record or two) and agree from there on, so the first line end after that
 * is certainly a record's end. When they never meet (no quote in the sample, so it could all lie
 * inside one quoted field), the first line start from which the next records have `width` fields
 * is taken. -1 when neither works.
 */
export function alignToRecord(text: string, dialect: Dialect, width: number, atEnd: boolean): number {
  // Without a quote character in the sample there is nothing to meet on: go by field counts.
  const synced = text.includes(dialect.quote) ? syncPoint(text, dialect) : -1;
  if (synced >= 0) return synced;
  let p = 0;
  for (let t = 0; t < 64; t++) {
    const nl = text.indexOf('\n', p);
    if (nl < 0) return -1;
    p = nl + 1;
    const probe = splitRecords(text, p, dialect, 8, atEnd);
    if (probe.records.length === 0 || probe.badQuotes > 0 || probe.unterminated) continue;
    if (probe.records.every((r) => r.length === width)) return p;
  }
  return -1;
}

// Scanner states: at a field's start, in an unquoted field, in a quoted field, just after a quote in a quoted field.
const FIELD = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

function syncPoint(text: string, dialect: Dialect): number {
  const delim = dialect.delimiter.charCodeAt(0);
  const quote = dialect.quote.charCodeAt(0);
  const states = [FIELD, UNQUOTED, QUOTED, AFTER_QUOTE];
  let met = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (met) {
      const s = states[0];
      if (c === LF && s !== QUOTED) return i + 1;
      states[0] = step(s, c, delim, quote);
      continue;
    }
    for (let k = 0; k < 4; k++) states[k] = step(states[k], c, delim, quote);
    met = states[1] === states[0] && states[2] === states[0] && states[3] === states[0];
  }
  return -1;
}

function step(s: number, c: number, delim: number, quote: number): number {
  switch (s) {
    case FIELD: return c === quote ? QUOTED : c === delim || c === LF ? FIELD : UNQUOTED;
    case UNQUOTED: return c === delim || c === LF ? FIELD : UNQUOTED;
    case QUOTED: return c === quote ? AFTER_QUOTE : QUOTED;
    default: return c === quote ? QUOTED : c === delim || c === LF ? FIELD : UNQUOTED; // AFTER_QUOTE
  }
}
