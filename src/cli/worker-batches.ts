// A command's batches parsed on a thread of their own (parse-worker.ts), so that with two threads
// one parses while the other summarises or encodes: the same batches as one thread gives, in order.
import type { Worker as NodeWorker } from 'node:worker_threads';
import { reclaimBuffers } from '../buffer-pool.js';
import { CsvError, type Table } from '../index.js';
import { startNodeWorker } from '../threads/pool.js';
import { fromWireError, unpackTable } from '../worker/protocol.js';
import type { FromParseWorker, ParseWorkerData, ToParseWorker } from './parse-worker-messages.js';

/** Batches parsed ahead of the one being used: enough to keep the parsing thread busy. */
const AHEAD = 3;

/**
 * The batches of the file at `path`. With `options.reuseBuffers` each batch's memory goes back to
 * the parsing thread when the next is asked for (the caller is done with it by then).
 */
export async function* batchesInWorker(
  path: string, options: ParseWorkerData['options'], signal: AbortSignal, onProgress: (bytes: number, rows: number) => void,
): AsyncGenerator<Table, void, undefined> {
  const { Worker } = await import('node:worker_threads');
  // Built from a variable on purpose (see threads/pool.ts: bundlers would take a literal for an asset).
  const here = import.meta.url;
  const script = new URL(here.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', here);
  const worker: NodeWorker = startNodeWorker(Worker, script, { name: 'typed-csv command', workerData: { path, options, ahead: AHEAD } satisfies ParseWorkerData });
  const inbox: FromParseWorker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  worker.on('message', (m: FromParseWorker) => {
    if (m.type === 'progress') onProgress(m.bytes, m.rows);
    else inbox.push(m);
    notify();
  });
  const died = (why: string) => {
    failure ??= new CsvError('WORKER_FAILED', `the parsing thread stopped (${why}); nothing was guessed`);
    notify();
  };
  worker.on('error', (err) => died(err.message));
  worker.on('exit', (code) => died(`exit code ${code}`));
  const onAbort = () => {
    failure ??= new CsvError('ABORTED', `the parse was aborted: ${String(signal.reason)}`);
    notify();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal.aborted) onAbort();
    for (;;) {
      while (inbox.length === 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      // Messages that came before a failure are still the parse's, in order.
      const m = inbox.shift();
      if (m === undefined) throw failure!;
      if (m.type === 'done') return;
      if (m.type === 'failed') throw fromWireError(m.error);
      if (m.type !== 'batch') continue;
      const batch = unpackTable(m.table);
      yield batch;
      const back: ToParseWorker = options.reuseBuffers ? reclaimBuffers(batch) : { fixed: [], text: [] };
      worker.postMessage(back, [...back.fixed, ...back.text]);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
