import { toBytes } from './bytes.js';

/** Anything parseStream reads: Node Readable, web ReadableStream, Blob/File, or an async iterable of chunks. */
export type StreamSource =
  | AsyncIterable<Uint8Array | string>
  | ReadableStream<Uint8Array>
  | Blob;

/** The source's size in bytes, when it knows it. */
export function sourceSize(source: StreamSource): number | undefined {
  return typeof Blob !== 'undefined' && source instanceof Blob ? source.size : undefined;
}

/** Chunks of a source as Uint8Arrays, whatever its kind. */
export async function* chunksOf(source: StreamSource): AsyncGenerator<Uint8Array> {
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    yield* chunksOf(source.stream() as ReadableStream<Uint8Array>);
    return;
  }
  if (Symbol.asyncIterator in (source as object)) {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) yield toBytes(chunk);
    return;
  }
  if (typeof (source as ReadableStream).getReader === 'function') {
    // Browsers without async iteration of ReadableStream.
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield toBytes(value);
      }
    } finally {
      reader.releaseLock();
    }
  }
  throw new TypeError('parseStream needs a Node Readable, a ReadableStream, a Blob or an AsyncIterable<Uint8Array>');
}
