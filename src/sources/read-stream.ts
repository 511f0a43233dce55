// A Node fs.ReadStream handed to parseStream or parseBatches before anyone read from it: its file
// is read straight into the core's window through the stream's own descriptor, as parseFile reads
// a path, instead of through the stream's chunks (a fresh 64 KiB Buffer each: on the seed,
// draining the stream alone cost about as much as parseFile's whole parse).

/** The byte span of a file to read, through a descriptor someone else owns. */
export interface FileSpan {
  fd: number;
  /** First byte, and the byte after the last: Infinity to read to the end as it is then, like the stream. */
  start: number;
  end: number;
  /** The span's size when it was opened: a hint (a file may grow while it is read). */
  size: number;
  name: string;
  /** Lets the stream go when the parse is over: closes the descriptor as the stream would. */
  release(): void;
}

type NodeReadStream = import('node:fs').ReadStream & {
  start?: number;
  end?: number;
  readableDidRead?: boolean;
  fd: number | null;
};

/**
 * The file span behind `source` when it is an untouched fs.ReadStream that reads a file with Node's
 * own fs (not a FileHandle, not a custom `fs` option) as bytes (no encoding); undefined otherwise,
 * and then the source is read as any other stream. Waits for the stream to open its file.
 */
export async function readStreamSpan(source: unknown): Promise<FileSpan | undefined> {
  if (source === null || typeof source !== 'object' || !('bytesRead' in source) || !('path' in source)) return undefined;
  const fs = await import('node:fs'); // lazily: only Node streams get here
  if (!(source instanceof fs.ReadStream)) return undefined;
  const s = source as NodeReadStream;
  if (s.destroyed || s.bytesRead !== 0 || s.readableLength !== 0 || s.readableDidRead !== false || s.readableFlowing === true || s.readableEncoding !== null) return undefined;
  // The stream's I/O goes through this object: a custom fs or a FileHandle could be anything.
  const kFs = Object.getOwnPropertySymbols(s).find((k) => k.description === 'kFs');
  if (kFs === undefined || (s as unknown as Record<symbol, unknown>)[kFs] !== fs.default) return undefined;
  if (typeof s.fd !== 'number') {
    // Still opening: wait for it (an open that fails is left to the stream path, which reports it).
    const opened = await new Promise<boolean>((resolve) => {
      const onOpen = () => { s.off('error', onError); resolve(true); };
      const onError = () => { s.off('open', onOpen); resolve(false); };
      s.once('open', onOpen);
      s.once('error', onError);
    });
    if (!opened || typeof s.fd !== 'number') return undefined;
  }
  const fd = s.fd;
  const size = await new Promise<number>((resolve, reject) => fs.fstat(fd, (err, st) => (err ? reject(err) : resolve(st.size)))).catch(() => undefined);
  if (size === undefined) return undefined;
  const start = s.start ?? 0;
  const end = s.end === undefined || s.end === Infinity ? Infinity : s.end + 1;
  const name = typeof s.path === 'string' ? s.path : String(s.path);
  return { fd, start, end, size: Math.max(0, Math.min(size, end) - start), name, release: () => s.destroy() };
}
