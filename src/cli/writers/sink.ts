// A byte sink with backpressure for text output: a file, or stdout for `-o -`.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export interface Sink {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Flushes and closes (stdout is left open). */
  close(): Promise<void>;
}

/** `signal` ends a wait for a slow reader (a pipe nobody drains), so Ctrl-C still stops. */
export function openSink(path: string, signal?: AbortSignal): Sink {
  const stream = path === '-' ? process.stdout : createWriteStream(path);
  let failure: Error | undefined;
  stream.on('error', (err: Error) => (failure = err));
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain', { signal }), once(stream, 'error', { signal })]);
      if (failure) throw failure;
    },
    close() {
      if (stream === process.stdout) return Promise.resolve();
      return new Promise((resolve, reject) => {
        if (stream.closed) return failure ? reject(failure) : resolve();
        stream.end(() => (failure ? reject(failure) : resolve()));
      });
    },
  };
}
