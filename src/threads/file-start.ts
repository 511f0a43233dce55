// Where a file's records begin: past the BOM and the header, with the header's names. Threads and
// byte ranges read this from the file's start once (a Node file or, for parseInWorker, a Blob);
// every split then starts from it.

import { readHeader } from '../header.js';
import type { ResolvedOptions } from '../options.js';
import type { ByteReader } from './byte-reader.js';

export interface FileStart {
  /** Offset of the first byte after the BOM and the header record. */
  offset: number;
  /** LF bytes before `offset` (blank lines before the header and the header's own). */
  lines: number;
  names: string[] | undefined;
}

/**
 * The file's start, or undefined when the header is anything but a plain, complete record that names
 * every schema column once (empty file, unclosed quote, a missing column, too many columns...): the
 * caller then parses on one thread, which reports exactly what the single-thread parse reports.
 */
export async function readFileStart(reader: ByteReader, size: number, opts: ResolvedOptions): Promise<FileStart | undefined> {
  let length = Math.min(size, 64 * 1024);
  for (;;) {
    const bytes = new Uint8Array(length);
    const bytesRead = await reader.read(bytes, 0);
    const last = bytesRead >= size;
    const view = bytes.subarray(0, bytesRead);
    const bom = bytesRead >= 3 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf ? 3 : 0;
    if (!opts.header) return { offset: bom, lines: 0, names: undefined };
    const h = readHeader(view, bom, bytesRead, last, opts.delimiter, opts.quote);
    if (h.kind === 'need-more') {
      // As long as the one-thread driver would let its window grow for the header, then let it say why.
      if (last || length >= Math.max(opts.maxRecordBytes, opts.chunkSize) + 64) return undefined;
      length = Math.min(size, length * 4);
      continue;
    }
    if (h.kind !== 'record') return undefined;
    if (h.names.length > opts.maxColumns) return undefined;
    for (const c of opts.columns) if (h.names.filter((n) => n === c.name).length !== 1) return undefined;
    return { offset: h.next, lines: h.lines, names: h.names };
  }
}
