// Messages between the thread pool (main thread) and its Node worker threads; structured-clone safe.

import type { WireError, WireTable } from '../worker/protocol.js';
import type { ParseOptions } from '../options.js';
import type { ScanResult } from './split-scan.js';
import type { RecordStretch } from './range-parse.js';

/** Parse options as they cross: no callbacks, no signal, no threads or range; engine resolved. */
export type ThreadOptions = Omit<ParseOptions, 'signal' | 'onProgress' | 'onError' | 'threads' | 'range'> & {
  onError: 'throw' | 'skip' | 'null';
  engine: 'wasm' | 'js';
};

export type Task =
  | { type: 'scan'; path: string; start: number; end: number; delimiter: number; quote: number }
  | { type: 'parse'; path: string; options: ThreadOptions; stretch: RecordStretch; progress: boolean }
  /** parseBatches: the stretch's records as a sequence of `pieceRows`-row pieces, each sent as it fills. */
  | { type: 'pieces'; path: string; options: ThreadOptions; stretch: RecordStretch; progress: boolean; pieceRows: number; reuseBuffers: boolean };

export type ToWorker =
  | { type: 'task'; id: number; task: Task }
  | { type: 'abort'; id: number }
  /** Memory of batches the loop is done with (reuseBuffers), for this worker's next pieces. */
  | { type: 'buffers'; fixed: ArrayBuffer[]; text: ArrayBuffer[] }
  /** The parse that handed memory back has ended: let it go. */
  | { type: 'trim' }
  /** Tests only: the worker crashes (an uncaught exception), as a bug or a native fault would end it. */
  | { type: 'crash' };

export type FromWorker =
  | { type: 'scanned'; id: number; scan: ScanResult }
  | { type: 'parsed'; id: number; table: WireTable; lines: number }
  | { type: 'progress'; id: number; bytes: number; rows: number }
  /**
   * One piece of a 'pieces' task (its error rows count from the stretch's first record); `bytes`:
   * the stretch's bytes up to its last record's end.
   */
  | { type: 'piece'; id: number; table: WireTable; bytes: number }
  /** A 'pieces' task is done: every piece was sent before this. */
  | { type: 'pieced'; id: number; lines: number }
  | { type: 'failed'; id: number; error: WireError };
