// CSV files written into a temporary folder for one test file (removed after its tests), and the
// split-size knob (TYPED_CSV_SPLIT_BYTES) put back after each test that changes it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** Call at a test file's top level; returns a function writing each content to a new file's path. */
export function useTempCsvFiles(prefix: string): (content: string | Uint8Array) => string {
  const dir = mkdtempSync(join(tmpdir(), `typed-csv-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const savedSplit = process.env.TYPED_CSV_SPLIT_BYTES;
  afterEach(() => {
    if (savedSplit === undefined) delete process.env.TYPED_CSV_SPLIT_BYTES;
    else process.env.TYPED_CSV_SPLIT_BYTES = savedSplit;
  });
  let fileNo = 0;
  return (content) => {
    const path = join(dir, `f${fileNo++}.csv`);
    writeFileSync(path, content);
    return path;
  };
}
