// Messages between a command and its parsing thread (parse-worker.ts); structured-clone safe.
import type { Reclaimed } from '../buffer-pool.js';
import type { BatchOptions } from '../index.js';
import type { WireError, WireTable } from '../worker/protocol.js';

export interface ParseWorkerData {
  path: string;
  /** Parse options without callbacks or signal (the thread reports progress as messages). */
  options: Omit<BatchOptions, 'signal' | 'onProgress' | 'onError' | 'threads'> & { onError: 'throw' | 'skip' | 'null' };
  /** Batches handed out and not yet given back, at most. */
  ahead: number;
}

/** A batch is done with: its memory (when batches are reused), or nothing. */
export type ToParseWorker = Reclaimed;

export type FromParseWorker =
  | { type: 'batch'; table: WireTable }
  | { type: 'progress'; bytes: number; rows: number }
  | { type: 'done' }
  | { type: 'failed'; error: WireError };
