import type { ChunkDriver } from '../core/driver.js';
import { ioError } from '../errors.js';

/**
 * Reads a file straight into the driver's window in linear memory: no intermediate Buffer, no copy.
 * Yields after each chunk so parseBatches can hand out finished batches. node:fs is imported lazily
 * so the package still loads in browsers.
 */
export async function* readFileInto<D extends ChunkDriver<any>>(path: string | URL, open: (size: number) => D): AsyncGenerator<{ driver: D; done: boolean }> {
  const fs = await import('node:fs/promises');
  const name = typeof path === 'string' ? path : path.href;
  const handle = await fs.open(path, 'r').catch((e: unknown) => { throw ioError(`opening ${name}`, e); });
  try {
    const { size } = await handle.stat().catch((e: unknown) => { throw ioError(`reading ${name}`, e); });
    const driver = open(size);
    try {
      for (;;) {
        const view = driver.writable();
        const { bytesRead } = await handle.read(view, 0, view.length, null).catch((e: unknown) => { throw ioError(`reading ${name}`, e); });
        if (bytesRead === 0) break;
        driver.commit(bytesRead);
        yield { driver, done: false };
      }
      driver.run(true);
      yield { driver, done: true };
    } finally {
      driver.dispose();
    }
  } finally {
    await handle.close();
  }
}
