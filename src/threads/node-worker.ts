// A Node worker thread of the pool: scans splits for record starts and parses stretches of records,
// sending each Table back with its buffers transferred (moved, not copied).

import { parentPort } from 'node:worker_threads';
import { threadPool } from '../buffer-pool.js';
import { resolveOptions } from '../options.js';
import { packTable, toWireError } from '../worker/protocol.js';
import type { FromWorker, Task, ToWorker } from './messages.js';
import { parseStretch, parseStretchPieces } from './range-parse.js';
import { handleReader } from './byte-reader.js';
import { scanStretch } from './split-scan.js';

const port = parentPort!;
const running = new Map<number, AbortController>();

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') running.get(message.id)?.abort();
  else if (message.type === 'buffers') threadPool.give(message);
  else if (message.type === 'trim') threadPool.clear();
  else if (message.type === 'crash') setImmediate(() => { throw new Error('crash requested by a test'); });
  else void run(message.id, message.task);
});

async function run(id: number, task: Task): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    if (task.type === 'scan') {
      post({ type: 'scanned', id, scan: await scan(task, controller.signal) });
    } else {
      let lastRows = 0;
      const opts = resolveOptions({
        ...task.options,
        ...(task.type === 'pieces' ? { batchRows: task.pieceRows, reuseBuffers: task.reuseBuffers } : {}),
        signal: controller.signal,
        onProgress: task.progress
          ? (p) => {
            lastRows = p.rows;
            post({ type: 'progress', id, bytes: p.bytes, rows: lastRows });
          }
          : undefined,
      }, task.type === 'pieces');
      if (task.type === 'pieces') {
        const lines = await parseStretchPieces(task.path, opts, task.stretch, (piece, bytes) => {
          const { wire, transfer } = packTable(piece);
          post({ type: 'piece', id, table: wire, bytes }, transfer);
        });
        post({ type: 'pieced', id, lines });
        return;
      }
      const { table, lines } = await parseStretch(task.path, opts, task.stretch);
      const { wire, transfer } = packTable(table);
      post({ type: 'parsed', id, table: wire, lines }, transfer);
    }
  } catch (err) {
    post({ type: 'failed', id, error: toWireError(err) });
  } finally {
    running.delete(id);
  }
}

async function scan(task: Extract<Task, { type: 'scan' }>, signal: AbortSignal) {
  const fs = await import('node:fs/promises');
  const handle = await fs.open(task.path, 'r');
  try {
    return await scanStretch(handleReader(handle), task.delimiter, task.quote, task.start, task.end, () => signal.aborted);
  } finally {
    await handle.close();
  }
}
