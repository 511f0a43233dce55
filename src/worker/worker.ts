// The module Web Worker behind parseInWorker. At import time it only installs its message handler:
// the WebAssembly core is compiled on the first request (asynchronously, as browsers prefer), and
// each request parses with parseStream and sends the Table back with its column buffers in the
// transfer list, so they move to the main thread instead of being copied. With threads, it also
// scans a split of a Blob for record starts and parses a stretch of records of one (pass 1 and 2
// of src/worker/split-client.ts), with the same code as Node's threads.

import { init, parseStream } from '../index.js';
import { resolveOptions, type Progress } from '../options.js';
import { blobReader } from '../threads/byte-reader.js';
import { joinTables } from '../threads/join.js';
import { parseStretchFrom } from '../threads/range-parse.js';
import { scanStretch } from '../threads/split-scan.js';
import { openSource, type StreamSource } from '../sources/stream.js';
import { fromWireError, packTable, toWireError, type ParseRequest, type Request, type Response, type JoinRequest, type ScanRequest, type StretchRequest, unpackTable } from './protocol.js';

/** The little of DedicatedWorkerGlobalScope we use (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: Response, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

/** Running parses by request id, so an abort message can reach its parse. */
const running = new Map<number, AbortController>();

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type === 'abort') {
    running.get(message.id)?.abort(message.reason ? fromWireError(message.reason) : undefined);
  } else if (message.type === 'parse') {
    void handleParse(message);
  } else if (message.type === 'scan') {
    void handleScan(message);
  } else if (message.type === 'stretch') {
    void handleStretch(message);
  } else if (message.type === 'join') {
    handleJoin(message);
  } else if (message.type === 'crash') {
    setTimeout(() => { throw new Error('crash requested by a test'); });
  }
});

async function handleParse(request: ParseRequest): Promise<void> {
  const { id } = request;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    await init();
    let source: StreamSource;
    let size: number | undefined;
    if (request.source instanceof Blob || request.source instanceof Uint8Array) {
      source = request.source;
    } else {
      // Fetched here, not on the main thread: the body streams straight into the parser.
      const opened = await openSource(new URL(request.source.url), { signal: controller.signal });
      source = opened.chunks;
      size = opened.size;
    }
    const onProgress = request.progress
      ? (progress: Progress) => post({ type: 'progress', id, progress: { ...progress, totalBytes: progress.totalBytes ?? size } })
      : undefined;
    const table = await parseStream(source, { ...request.options, signal: controller.signal, onProgress });
    const { wire, transfer } = packTable(table);
    post({ type: 'done', id, table: wire }, transfer);
  } catch (err) {
    post({ type: 'error', id, error: toWireError(err) });
  } finally {
    running.delete(id);
  }
}

async function handleScan(request: ScanRequest): Promise<void> {
  const { id, blob, start } = request;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const scan = await scanStretch(blobReader(blob, start), request.delimiter, request.quote, start, start + blob.size, () => controller.signal.aborted);
    post({ type: 'scanned', id, scan });
  } catch (err) {
    post({ type: 'error', id, error: toWireError(err) });
  } finally {
    running.delete(id);
  }
}

async function handleStretch(request: StretchRequest): Promise<void> {
  const { id, stretch } = request;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    await init();
    const opts = resolveOptions({
      ...request.options,
      signal: controller.signal,
      onProgress: request.progress ? (progress: Progress) => post({ type: 'progress', id, progress }) : undefined,
    });
    const { table, lines } = await parseStretchFrom(blobReader(request.blob, stretch.start), opts, stretch);
    const { wire, transfer } = packTable(table);
    post({ type: 'parsed', id, table: wire, lines }, transfer);
  } catch (err) {
    post({ type: 'error', id, error: toWireError(err) });
  } finally {
    running.delete(id);
  }
}

function handleJoin(request: JoinRequest): void {
  const { id } = request;
  try {
    const opts = resolveOptions(request.options);
    const table = joinTables(request.pieces.map((piece) => unpackTable(piece)), request.lines, opts.columns, opts.maxErrors, request.names);
    const { wire, transfer } = packTable(table);
    post({ type: 'parsed', id, table: wire, lines: 0 }, transfer);
  } catch (err) {
    post({ type: 'error', id, error: toWireError(err) });
  }
}

function post(message: Response, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}
