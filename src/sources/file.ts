import type { ChunkDriver } from '../core/driver.js';
import { ioError } from '../errors.js';
import type { FileSpan } from './read-stream.js';

type Opened<D> = AsyncGenerator<{ driver: D; done: boolean }>;

/**
 * Reads a file straight into the driver's window in linear memory: no intermediate Buffer, no copy.
 * Yields after each chunk so parseBatches can hand out finished batches. node:fs is imported lazily
 * so the package still loads in browsers.
 */
export async function* readFileInto<D extends ChunkDriver<any>>(path: string | URL, open: (size: number) => D): Opened<D> {
  const fs = await import('node:fs/promises');
  const name = typeof path === 'string' ? path : path.href;
  const handle = await fs.open(path, 'r').catch((e: unknown) => { throw ioError(`opening ${name}`, e); });
  try {
    const { size } = await handle.stat().catch((e: unknown) => { throw ioError(`reading ${name}`, e); });
    yield* readInto(open(size), async (view) => (await handle.read(view, 0, view.length, null)).bytesRead, name);
  } finally {
    await handle.close();
  }
}

/** The same for a span of a file already open (an fs.ReadStream's): positioned reads, then release. */
export async function* readSpanInto<D extends ChunkDriver<any>>(span: FileSpan, open: (size: number) => D): Opened<D> {
  const fs = await import('node:fs');
  let pos = span.start;
  const read = (view: Uint8Array) =>
    new Promise<number>((resolve, reject) => {
      const length = Math.min(view.length, span.end - pos);
      if (length === 0) return resolve(0);
      fs.read(span.fd, view, 0, length, pos, (err, n) => (err ? reject(err) : resolve(n)));
    }).then((n) => { pos += n; return n; });
  try {
    yield* readInto(open(span.size), read, span.name);
  } finally {
    span.release();
  }
}

async function* readInto<D extends ChunkDriver<any>>(driver: D, read: (view: Uint8Array) => Promise<number>, name: string): Opened<D> {
  try {
    for (;;) {
      const view = driver.writable();
      const bytesRead = await read(view).catch((e: unknown) => { throw ioError(`reading ${name}`, e); });
      if (bytesRead === 0) break;
      driver.commit(bytesRead);
      yield { driver, done: false };
    }
    driver.run(true);
    yield { driver, done: true };
  } finally {
    driver.dispose();
  }
}
