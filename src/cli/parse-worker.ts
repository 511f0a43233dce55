// The thread a command parses on when it was given two threads (--threads 2): the main thread does
// the command's own work (statistics, encoding) on one batch while this one parses the next. Batches
// go over with their buffers moved, not copied, and come back the same way once used.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { threadPool } from '../buffer-pool.js';
import { parseBatches, type BatchOptions } from '../index.js';
import { packTable, toWireError } from '../worker/protocol.js';
import type { FromParseWorker, ParseWorkerData, ToParseWorker } from './parse-worker-messages.js';

const port = parentPort!;
const { path, options, ahead } = workerData as ParseWorkerData;
const post = (m: FromParseWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

// Batches handed out and not yet given back: at most `ahead`, so memory stays bounded however
// slowly the main thread works.
let out = 0;
let wake: (() => void) | undefined;
port.on('message', (m: ToParseWorker) => {
  threadPool.give(m); // a used batch's memory, for the batches after it (empty unless reused)
  out--;
  wake?.();
});

try {
  const opts: BatchOptions = {
    ...options,
    threads: 1,
    onProgress: (p) => post({ type: 'progress', bytes: p.bytes, rows: p.rows }),
  };
  for await (const batch of parseBatches(pathToFileURL(path), opts)) {
    while (out >= ahead) await new Promise<void>((resolve) => (wake = resolve));
    out++;
    const { wire, transfer } = packTable(batch);
    post({ type: 'batch', table: wire }, transfer);
  }
  post({ type: 'done' });
} catch (err) {
  post({ type: 'failed', error: toWireError(err) });
}
