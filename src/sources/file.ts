import type { ChunkDriver } from '../core/driver.js';

/**
 * Reads a file straight into the driver's window in linear memory: no intermediate Buffer, no copy.
 * node:fs is imported lazily so the package still loads in browsers.
 */
export async function readFileInto(path: string | URL, open: (size: number) => ChunkDriver): Promise<ChunkDriver> {
  const fs = await import('node:fs/promises');
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const driver = open(size);
    try {
      for (;;) {
        const view = driver.writable();
        const { bytesRead } = await handle.read(view, 0, view.length, null);
        if (bytesRead === 0) break;
        driver.commit(bytesRead);
      }
      driver.run(true);
      return driver;
    } catch (err) {
      driver.dispose();
      throw err;
    }
  } finally {
    await handle.close();
  }
}
