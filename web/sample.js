// What the demo page hands the schema sniffer: a small file whole, a large Blob as pieces of its head, middle and tail (read with Blob.slice, never the whole file), cut to whole lines.

/** Files up to this size are read whole: `sniff` samples its head, middles and tail itself. */
const WHOLE_BYTES = 2 * 1024 * 1024;
/** Of a larger file: the head (where the header is)… */
const HEAD_BYTES = 512 * 1024;
/** …and this many more pieces (six middles, evenly spaced, and the tail)… */
const PIECES = 7;
/** …of this size each. */
const PIECE_BYTES = 160 * 1024;

/**
 * The input for `sniff`: the bytes of a small file, or the text of a large one's head followed by
 * whole lines from six places in its middle and from its tail, so a column that changes kind late
 * in the file (a first empty value, a first fraction, a timestamp with microseconds) is still seen.
 * `quote` is the quote character sniffed from the head: a piece with an odd number of them starts
 * or ends inside a quoted field (a newline in a quoted value), and is left out rather than misread.
 */
export async function sniffInput(blob, sniffHead) {
  if (blob.size <= WHOLE_BYTES) return { input: new Uint8Array(await blob.arrayBuffer()), places: 'the whole file' };
  const decode = (bytes) => new TextDecoder().decode(bytes);
  let head = decode(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  head = head.slice(0, head.lastIndexOf('\n') + 1);
  const { delimiter, quote } = sniffHead(head);
  const parts = [head];
  let skipped = 0;
  for (let k = 1; k <= PIECES; k++) {
    const last = k === PIECES;
    const start = last ? blob.size - PIECE_BYTES : Math.floor((blob.size * k) / PIECES - PIECE_BYTES / 2);
    const text = decode(await blob.slice(start, start + PIECE_BYTES).arrayBuffer());
    // From the first whole line (a cut UTF-8 character only ever lands in the part dropped) to the
    // last newline; the tail keeps the file's last line, newline or not.
    const from = text.indexOf('\n') + 1;
    const to = last ? text.length : text.lastIndexOf('\n') + 1;
    if (from <= 0 || to <= from) {
      skipped++;
      continue;
    }
    const piece = text.slice(from, to);
    let quotes = 0;
    for (let i = piece.indexOf(quote); i >= 0; i = piece.indexOf(quote, i + 1)) quotes++;
    if (quotes % 2 === 1) {
      skipped++;
      continue;
    }
    parts.push(piece.endsWith('\n') ? piece : piece + '\n');
  }
  const places = `the head, ${PIECES - 1} places in the middle and the tail${skipped ? ` (${skipped} left out: cut inside a quoted field)` : ''}`;
  return { input: parts.join(''), places, delimiter, quote };
}
