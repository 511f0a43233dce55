// Counting records without parsing values: a structural scan with the parser's own rules (RFC 4180
// quotes, a quote opens a field only as its first byte, LF or CRLF ends a record, blank lines are
// not records). Between quotes the work is native memchr (Buffer.indexOf); only the bytes around a
// quote are looked at one by one.
import { open } from 'node:fs/promises';
import { CsvError } from '../index.js';

export interface CountResult {
  /** Records, blank lines excluded (the header included: callers subtract it). */
  records: number;
  /** Lines (LF) seen, for locating an error. */
  lines: number;
}

const LF = 10;
const CR = 13;

export interface CountOptions {
  delimiter: number;
  quote: number;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number, records: number) => void;
  chunkSize?: number;
}

export async function countRecords(path: string, opts: CountOptions): Promise<CountResult> {
  const fh = await open(path, 'r');
  try {
    const total = (await fh.stat()).size;
    const scan = new RecordScanner(opts.delimiter, opts.quote);
    const buf = Buffer.allocUnsafe(opts.chunkSize ?? 4 << 20);
    let pos = 0;
    for (;;) {
      if (opts.signal?.aborted) throw new CsvError('ABORTED', `count aborted at byte ${pos}`, { byteOffset: pos });
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      scan.feed(buf.subarray(0, bytesRead), pos === 0);
      pos += bytesRead;
      opts.onProgress?.(pos, total, scan.records);
    }
    return scan.finish();
  } finally {
    await fh.close();
  }
}

/** The same over a stream of chunks (standard input); its size is unknown, so progress shows no total. */
export async function countStream(chunks: Promise<AsyncIterable<Uint8Array>>, opts: CountOptions): Promise<CountResult> {
  const scan = new RecordScanner(opts.delimiter, opts.quote);
  let pos = 0;
  for await (const chunk of await chunks) {
    if (opts.signal?.aborted) throw new CsvError('ABORTED', `count aborted at byte ${pos}`, { byteOffset: pos });
    scan.feed(chunk, pos === 0);
    pos += chunk.length;
    opts.onProgress?.(pos, 0, scan.records);
  }
  return scan.finish();
}

/** The scan's state carries across chunks, so a chunk may end anywhere (inside quotes, in CRLF). */
export class RecordScanner {
  records = 0;
  private lines = 0;
  /** The current record has content (a byte other than a line end). */
  private content = false;
  /** A CR was the last byte seen outside quotes (data only if something but LF follows). */
  private pendingCR = false;
  /** The next byte starts a field. */
  private fieldStart = true;
  private inQuotes = false;
  /** Inside quotes, the last byte was a quote: a closing one unless the next is a quote too. */
  private quoteInQuotes = false;
  private quoteOpenedLine = 0;

  constructor(private readonly delimiter: number, private readonly quote: number) {}

  feed(b: Uint8Array, first: boolean): void {
    let i = 0;
    const n = b.length;
    if (first && n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3; // BOM
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const quote = this.quote;
    const delimiter = this.delimiter;
    // State in locals for the loop (written back at the end): this runs once per byte.
    let { content, pendingCR, records, lines, fieldStart, inQuotes, quoteInQuotes, quoteOpenedLine } = this;
    while (i < n) {
      if (inQuotes) {
        if (quoteInQuotes) {
          quoteInQuotes = false;
          if (b[i] === quote) {
            i++; // "" inside quotes: a literal quote
            continue;
          }
          inQuotes = false; // the quote before closed the field; b[i] is outside quotes
          continue;
        }
        const q = buf.indexOf(quote, i);
        const stop = q === -1 ? n : q;
        lines += countByte(buf, LF, i, stop);
        if (q === -1) {
          i = n;
          break;
        }
        quoteInQuotes = true;
        i = q + 1;
        continue;
      }
      // Outside quotes up to the next quote byte: count line ends of non-blank records.
      const q = buf.indexOf(quote, i);
      const stop = q === -1 ? n : q;
      for (; i < stop; i++) {
        const c = b[i];
        if (c === LF) {
          if (content) records++;
          lines++;
          content = false;
          pendingCR = false;
          fieldStart = true;
        } else if (c === CR) {
          if (pendingCR) content = true; // the earlier CR was data
          pendingCR = true;
          fieldStart = false;
        } else {
          content = true;
          pendingCR = false;
          fieldStart = c === delimiter;
        }
      }
      if (q === -1) break;
      // The quote: it opens a quoted field only as a field's first byte.
      content = true;
      pendingCR = false;
      if (fieldStart) {
        inQuotes = true;
        quoteOpenedLine = lines;
      }
      fieldStart = false;
      i = q + 1;
    }
    Object.assign(this, { content, pendingCR, records, lines, fieldStart, inQuotes, quoteInQuotes, quoteOpenedLine });
  }

  finish(): CountResult {
    if (this.inQuotes && !this.quoteInQuotes) {
      throw new CsvError('UNTERMINATED_QUOTE', 'quoted field is never closed', { line: this.quoteOpenedLine + 1 });
    }
    if (this.content) this.records++;
    return { records: this.records, lines: this.lines };
  }
}

function countByte(buf: Buffer, byte: number, from: number, to: number): number {
  let k = 0;
  let at = buf.indexOf(byte, from);
  while (at !== -1 && at < to) {
    k++;
    at = buf.indexOf(byte, at + 1);
  }
  return k;
}
