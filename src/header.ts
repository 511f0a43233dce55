// The header record, read in JS: it happens once per file, and its names are needed as strings to
// match the schema before the core is configured.

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export type HeaderResult =
  | { kind: 'record'; names: string[]; next: number; lines: number; start: number; startLines: number }
  | { kind: 'need-more' }
  | { kind: 'empty' } // the input has no record at all
  | { kind: 'unterminated'; at: number; lines: number }
  | { kind: 'bad-quote'; at: number; field: number; lines: number };

/**
 * Reads the first non-blank record of bytes[start, end). Same rules as the core (semantics: RFC 4180
 * quoting, LF or CRLF, a quote only opens a field as its first byte).
 */
export function readHeader(bytes: Uint8Array, start: number, end: number, last: boolean, delimiter: number, quote: number): HeaderResult {
  let p = start;
  let lines = 0;
  // Blank lines before the header are skipped like any others.
  while (p < end) {
    if (bytes[p] === 10) { p++; lines++; continue; }
    if (bytes[p] === 13) {
      if (p + 1 < end) { if (bytes[p + 1] === 10) { p += 2; lines++; continue; } }
      else if (last) { p++; continue; }
      else return { kind: 'need-more' };
    }
    break;
  }
  if (p >= end) return last ? { kind: 'empty' } : { kind: 'need-more' };
  const recordStart = p;
  const startLines = lines;
  const names: string[] = [];
  for (;;) {
    const fieldStart = p;
    const fieldLines = lines; // errors point at the field's first byte, not past its quoted LFs
    let value: string;
    if (bytes[p] === quote) {
      let q = p + 1;
      const parts: Uint8Array[] = [];
      let from = q;
      for (;;) {
        if (q >= end) return last ? { kind: 'unterminated', at: fieldStart, lines: fieldLines } : { kind: 'need-more' };
        if (bytes[q] === quote) {
          if (q + 1 >= end && !last) return { kind: 'need-more' };
          if (q + 1 < end && bytes[q + 1] === quote) {
            parts.push(bytes.subarray(from, q + 1));
            q += 2;
            from = q;
            continue;
          }
          parts.push(bytes.subarray(from, q));
          q++;
          break;
        }
        if (bytes[q] === 10) lines++;
        q++;
      }
      value = parts.map((b) => decoder.decode(b, { stream: true })).join('') + decoder.decode();
      p = q;
      if (p < end && bytes[p] !== delimiter && bytes[p] !== 10 && !(bytes[p] === 13 && (p + 1 >= end || bytes[p + 1] === 10))) {
        return { kind: 'bad-quote', at: fieldStart, field: names.length, lines: fieldLines };
      }
      if (p < end && bytes[p] === 13 && p + 1 >= end && !last) return { kind: 'need-more' };
    } else {
      let q = p;
      while (q < end) {
        const c = bytes[q];
        if (c === delimiter || c === 10) break;
        if (c === 13) {
          if (q + 1 < end) { if (bytes[q + 1] === 10) break; }
          else if (last) break;
          else return { kind: 'need-more' };
        }
        q++;
      }
      value = decoder.decode(bytes.subarray(p, q));
      p = q;
    }
    names.push(value);
    if (p >= end) {
      if (!last) return { kind: 'need-more' };
      return { kind: 'record', names, next: end, lines, start: recordStart, startLines };
    }
    const c = bytes[p];
    if (c === delimiter) { p++; continue; }
    if (c === 10) return { kind: 'record', names, next: p + 1, lines: lines + 1, start: recordStart, startLines };
    // CR: CRLF, or a CR that ends the input.
    if (p + 1 < end) return { kind: 'record', names, next: p + 2, lines: lines + 1, start: recordStart, startLines };
    return { kind: 'record', names, next: p + 1, lines, start: recordStart, startLines };
  }
}
