// Source normalization for parseStream (and anything else that eats chunks): every kind of input
// becomes an async sequence of Uint8Array chunks, plus its size when it can be known up front.
// The driver copies each chunk into linear memory before asking for the next one, so chunks may be
// views of the caller's buffers: nothing here copies input bytes. A chunk is valid only until the
// next one is asked for: a web byte stream is read into one buffer, again and again.

import { CsvError, abortedError, invalidOption, ioError } from '../errors.js';
import { toBytes, type BytesInput } from './bytes.js';

/**
 * Anything parseStream reads:
 * - a Node Readable, or any AsyncIterable of Uint8Array (or string) chunks;
 * - a web ReadableStream, such as a fetch body;
 * - a Blob or File;
 * - bytes or text already in memory (Uint8Array, ArrayBuffer, string: the CSV itself, never a path);
 * - a URL: `file:` is read from disk (Node), `http:`/`https:` is fetched.
 */
export type StreamSource =
  | AsyncIterable<Uint8Array | string>
  | ReadableStream<Uint8Array>
  | Blob
  | BytesInput
  | URL;

/** What a source turned into: its chunks, and its size in bytes when known (for progress and sizing). */
export interface OpenedSource {
  size: number | undefined;
  chunks: AsyncIterable<Uint8Array>;
}

export interface SourceOptions {
  /**
   * When it aborts, the chunks stop at once, even while a read is still waiting (a stalled
   * network), and the source is cancelled, destroyed or returned. The iteration then simply ends:
   * the consumer must check the signal afterwards, as the chunk driver's run() does, so that the
   * ABORTED error carries the line, row and byte offset the parse reached.
   */
  signal?: AbortSignal | undefined;
  /** Largest chunk cut from in-memory input. @default 1 MiB */
  chunkSize?: number | undefined;
}

const DEFAULT_CHUNK = 1024 * 1024;
/**
 * In-memory input is handed out in chunks, and every this many milliseconds we let the event loop
 * run: otherwise an abort from a timer or a worker message could not land until the whole input
 * was parsed. A macrotask costs microseconds, so this costs nothing measurable.
 */
const YIELD_EVERY_MS = 20;

const hasBlob = typeof Blob !== 'undefined';
const isBlob = (x: unknown): x is Blob => hasBlob && x instanceof Blob;
const isUrl = (x: unknown): x is URL => typeof URL !== 'undefined' && x instanceof URL;
const isBytes = (x: unknown): x is Uint8Array | ArrayBuffer | ArrayBufferView => x instanceof ArrayBuffer || ArrayBuffer.isView(x);

function sourceError(): CsvError {
  return invalidOption(
    'parseStream needs a Node Readable, a ReadableStream (a fetch body), a Blob or File, an AsyncIterable<Uint8Array>, ' +
      'a Uint8Array, ArrayBuffer or string holding the CSV, or a URL (file: or http:). For a file path use parseFile(path).',
  );
}

/** The source's size in bytes, when it is known without I/O. */
export function sourceSize(source: StreamSource): number | undefined {
  if (isBlob(source)) return source.size;
  if (typeof source === 'string') return utf8Length(source);
  if (isBytes(source)) return source.byteLength;
  return undefined;
}

/**
 * Opens a source: like chunksOf, but may do I/O first to learn the size (a file's stat, an HTTP
 * Content-Length). Prefer it where an `await` is possible. An abort while opening throws ABORTED
 * (there is no parse position yet); once open, the chunks end on abort as chunksOf's do.
 */
export async function openSource(source: StreamSource, options: SourceOptions = {}): Promise<OpenedSource> {
  const { signal } = options;
  if (signal?.aborted) {
    releaseUnread(source, signal.reason); // a stream handed to us is ours to close, read or not
    throw abortedError(signal.reason);
  }
  if (isUrl(source)) {
    if (source.protocol === 'file:') {
      const fs = await import('node:fs/promises'); // lazily, so browsers never see node:fs
      const handle = await sourceRead(fs.open(source, 'r'), `opening ${source.href}`);
      let size: number;
      try {
        size = (await sourceRead(handle.stat(), `reading ${source.href}`)).size;
      } catch (err) {
        await handle.close();
        throw err;
      }
      return { size, chunks: fileChunks(handle, options) };
    }
    const response = await fetchOk(source, signal);
    return { size: contentLength(response), chunks: responseChunks(response, signal) };
  }
  return { size: sourceSize(source), chunks: chunksOf(source, options) };
}

/** Chunks of a source as Uint8Arrays, whatever its kind. */
export async function* chunksOf(source: StreamSource, options: SourceOptions = {}): AsyncGenerator<Uint8Array> {
  const { signal } = options;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  if (signal?.aborted) {
    releaseUnread(source, signal.reason);
    return;
  }
  if (typeof source === 'string') {
    yield* memoryChunks(stringPieces(source, chunkSize), signal);
    return;
  }
  if (isBytes(source)) {
    yield* memoryChunks(bytePieces(toBytes(source as BytesInput), chunkSize), signal);
    return;
  }
  if (isBlob(source)) {
    yield* readerChunks(source.stream() as ReadableStream<Uint8Array>, signal, chunkSize);
    return;
  }
  if (isUrl(source)) {
    let opened: OpenedSource;
    try {
      opened = await openSource(source, options);
    } catch (err) {
      if (signal?.aborted) return; // the consumer's signal check reports it
      throw err;
    }
    yield* opened.chunks;
    return;
  }
  if (source === null || typeof source !== 'object') throw sourceError();
  // A web ReadableStream is async-iterable in Node and newer browsers, but its reader works
  // everywhere and lets an abort cancel a read that is still waiting.
  if (typeof (source as ReadableStream).getReader === 'function') {
    yield* readerChunks(source as ReadableStream<Uint8Array>, signal, chunkSize);
    return;
  }
  if (Symbol.asyncIterator in source) {
    yield* iterableChunks(source as AsyncIterable<Uint8Array | string>, signal);
    return;
  }
  throw sourceError();
}

// ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** UTF-8 length of a string as TextEncoder encodes it (a lone surrogate becomes 3-byte U+FFFD). */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (isHighSurrogate(c) && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // two UTF-16 units, four bytes
      i++;
    } else n += 2;
  }
  return n;
}

/**
 * A string encoded piece by piece, so a 100 MB string never needs a second 100 MB of bytes. A
 * piece never ends between the two halves of a surrogate pair, so the bytes are exactly
 * TextEncoder's encoding of the whole string.
 */
function* stringPieces(text: string, chunkSize: number): Generator<Uint8Array> {
  const step = Math.max(2, chunkSize);
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + step);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield encoder.encode(text.slice(i, end));
    i = end;
  }
}

function* bytePieces(bytes: Uint8Array, chunkSize: number): Generator<Uint8Array> {
  for (let off = 0; off < bytes.length; off += chunkSize) yield bytes.subarray(off, off + chunkSize);
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Lets timers, I/O and messages run: setImmediate in Node, a MessageChannel turn in browsers. */
function macrotask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  // setTimeout(0) is clamped to 4 ms when nested; only reached on exotic runtimes.
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Returns a function to await between chunks: every YIELD_EVERY_MS it lets a macrotask turn pass.
 * Not only for in-memory input: a Blob's stream in a Chromium worker resolves read after read
 * without one, so an abort message would wait until the whole Blob was parsed.
 */
function pacer(): () => Promise<void> | undefined {
  let since = now();
  return () => {
    if (now() - since < YIELD_EVERY_MS) return undefined;
    return macrotask().then(() => {
      since = now();
    });
  };
}

async function* memoryChunks(pieces: Iterable<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const pace = pacer();
  for (const piece of pieces) {
    await pace();
    if (signal?.aborted) return;
    yield piece;
  }
}

/** Marks a read that lost the race against the signal. */
const ABORTED = Symbol('aborted');

/** Settles with ABORTED when the signal aborts; the listener goes away with `dispose`. */
function abortRace(signal: AbortSignal | undefined): { promise: Promise<typeof ABORTED> | undefined; dispose(): void } {
  if (!signal) return { promise: undefined, dispose() {} };
  let onAbort = () => {};
  const promise = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** A source we will never read (the signal aborted first) is let go of all the same. */
function releaseUnread(source: StreamSource, reason: unknown): void {
  if (source === null || typeof source !== 'object' || isBlob(source) || isUrl(source) || isBytes(source)) return;
  const destroy = (source as { destroy?: unknown }).destroy;
  if (typeof destroy === 'function') {
    destroy.call(source); // a Node Readable: closes its file or socket
  } else if (typeof (source as ReadableStream).cancel === 'function' && !(source as ReadableStream).locked) {
    (source as ReadableStream).cancel(reason).catch(() => {});
  } else if (Symbol.asyncIterator in source) {
    const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    if (typeof iterator.return === 'function') Promise.resolve(iterator.return()).catch(() => {});
  }
}

/**
 * A byte stream's BYOB reader, so every read lands in the same buffer: a default reader hands out
 * a fresh buffer per chunk, and on the seed faulting those pages in cost more than copying them.
 * (Reading into the core's window itself is not possible: a BYOB read detaches its buffer, and
 * WebAssembly memory cannot be detached.) Undefined for a stream of chunks (not type 'bytes').
 */
function byobReader(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return (stream as unknown as { getReader(o: { mode: 'byob' }): ReadableStreamBYOBReader }).getReader({ mode: 'byob' });
  } catch {
    return undefined;
  }
}

async function* readerChunks(stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined, chunkSize = DEFAULT_CHUNK): AsyncGenerator<Uint8Array> {
  const byob = byobReader(stream);
  const reader = byob ?? stream.getReader();
  let buffer = byob ? new ArrayBuffer(chunkSize) : undefined;
  const abort = abortRace(signal);
  const pace = pacer();
  let finished = false;
  let pending = false;
  try {
    for (;;) {
      await pace();
      const read: Promise<ReadableStreamReadResult<Uint8Array>> = buffer ? byob!.read(new Uint8Array(buffer)) : (reader as ReadableStreamDefaultReader<Uint8Array>).read();
      pending = true;
      const result = await sourceRead(abort.promise ? Promise.race([read, abort.promise]) : read, 'reading the stream');
      if (result === ABORTED) return; // with the read still pending: cancelled below
      pending = false;
      if (result.done) {
        finished = true;
        return;
      }
      if (buffer) buffer = result.value.buffer as ArrayBuffer; // the same memory, handed back
      yield toBytes(result.value);
    }
  } finally {
    abort.dispose();
    if (!finished) {
      // Leaving early (a parse error, an abort, a consumer that stopped): cancel, so a fetch stops
      // downloading and a file handle behind the stream is closed. With a read still pending we
      // don't wait for the source's cancel: a stalled network must not hold the abort up.
      const cancelled = reader.cancel().catch(() => {});
      if (!pending) await cancelled;
    }
    reader.releaseLock();
  }
}

async function* iterableChunks(source: AsyncIterable<Uint8Array | string>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const abort = abortRace(signal);
  let finished = false;
  let pending = false;
  // A string chunk may end with the first half of a surrogate pair (a string stream cut at an
  // arbitrary UTF-16 index); it is held back and encoded with the next chunk.
  let carry = '';
  const pace = pacer();
  try {
    for (;;) {
      await pace();
      const next = iterator.next();
      pending = true;
      const result = await sourceRead(abort.promise ? Promise.race([next, abort.promise]) : next, 'reading the stream');
      if (result === ABORTED) return; // with next() still pending: let go of below
      pending = false;
      const { done, value } = result;
      if (done) {
        finished = true;
        break;
      }
      if (typeof value === 'string') {
        let text = carry + value;
        carry = '';
        if (text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
          carry = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text.length > 0) yield encoder.encode(text);
      } else {
        if (carry) {
          yield encoder.encode(carry);
          carry = '';
        }
        if (value === null || typeof value !== 'object') throw invalidOption(`parseStream: a chunk must be a Uint8Array or string, got ${value === null ? 'null' : typeof value}`);
        yield toBytes(value);
      }
    }
    if (carry) yield encoder.encode(carry);
  } finally {
    abort.dispose();
    if (!finished) {
      // Leaving early: return() destroys a Node Readable (closing its file or socket) and runs an
      // async generator's finally. But with a next() still pending (a stalled source, aborted),
      // return() only runs after that next() settles, which may be never; so then we don't wait
      // for it, and a Node stream is destroyed directly.
      const destroy = (source as { destroy?: unknown }).destroy;
      if (pending && typeof destroy === 'function') destroy.call(source);
      if (typeof iterator.return === 'function') {
        const returned = Promise.resolve(iterator.return()).catch(() => {});
        if (!pending) await returned;
      }
    }
  }
}

async function* fileChunks(handle: import('node:fs/promises').FileHandle, options: SourceOptions): AsyncGenerator<Uint8Array> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  try {
    for (;;) {
      if (options.signal?.aborted) return;
      // A fresh buffer per chunk: a consumer may keep a chunk past the next read.
      const buffer = new Uint8Array(chunkSize);
      const { bytesRead } = await sourceRead(handle.read(buffer, 0, chunkSize, null), 'reading the file');
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Awaits a read from the source: its failure is an IO_ERROR, with the source's own error as the cause. */
async function sourceRead<T>(read: Promise<T>, what: string): Promise<T> {
  try {
    return await read;
  } catch (e) {
    throw e instanceof CsvError ? e : ioError(what, e);
  }
}

async function fetchOk(url: URL, signal: AbortSignal | undefined): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (err) {
    if (signal?.aborted) throw abortedError(signal.reason);
    throw ioError(`fetching ${url.href}`, err);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw ioError(`fetching ${url.href}`, new Error(`HTTP ${response.status} ${response.statusText}`));
  }
  return response;
}

/** Content-Length when it is the body's size (not for a compressed body, which fetch decodes). */
function contentLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return undefined;
  const length = response.headers.get('content-length');
  if (length === null || !/^\d+$/.test(length)) return undefined;
  return Number(length);
}

async function* responseChunks(response: Response, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  if (!response.body) return; // an empty body (204, HEAD)
  yield* readerChunks(response.body, signal);
}
