// TypeScript mirror of assembly/layout.ts (the core's memory contract). test/core-layout.test.ts
// checks that the two files agree, so a change on one side can't silently break the other.

import type { ColumnType } from '../schema.js';

export const TYPE_CODE: Record<ColumnType, number> = {
  i8: 1, i16: 2, i32: 3, u8: 4, u16: 5, u32: 6, i64: 7, u64: 8, f32: 9, f64: 10, string: 11,
  bool: 12, date: 13, timestamp: 14, category: 17,
};
export const T_SKIP = 0;
/** Timestamps with unit 'us' and 'ns' (TYPE_CODE.timestamp is unit 'ms'). */
export const T_TIMESTAMP_US = 15;
export const T_TIMESTAMP_NS = 16;

/** log2 of each type's value size in bytes (strings: their i32 end offsets; categories: codes). */
export const SIZE_SHIFT: Record<ColumnType, number> = {
  i8: 0, i16: 1, i32: 2, u8: 0, u16: 1, u32: 2, i64: 3, u64: 3, f32: 2, f64: 3, string: 2,
  bool: 0, date: 2, timestamp: 3, category: 2,
};

export const DESC_SIZE = 64;
export const D_TYPE = 0;
export const D_NULLABLE = 4;
export const D_VALUES = 8;
export const D_VALIDITY = 12;
export const D_STR_DATA = 16;
export const D_STR_BASE = 20;
export const D_STR_POS = 24;
export const D_STR_END = 28;
export const D_PARAM = 32;
export const D_NULLS = 36;

export const P_COUNT = 0;
export const P_MAX = 4;
export const P_ENDS = 8;
export const P_ENTRY_CAP = 12;
export const P_DATA = 16;
export const P_DATA_LEN = 20;
export const P_DATA_CAP = 24;
export const P_SLOTS = 28;
export const P_SLOT_MASK = 32;
export const P_REHASH = 36;
export const P_SERIAL = 40;
export const P_MARK = 44;
export const PARAM_CATEGORY_SIZE = 64;

export const R_CONSUMED = 0;
export const R_ROWS = 4;
export const R_LINES = 8;
export const R_ERR_CODE = 12;
export const R_ERR_COL = 16;
export const R_ERR_POS = 20;
export const R_ERR_LINES = 24;
export const R_ERR_TEXT_START = 28;
export const R_ERR_TEXT_END = 32;
export const R_ERR_ESCAPED = 36;
export const R_ERR_FIELDS = 40;
export const R_SKIPPED = 44;
export const R_LOG_COUNT = 48;
export const R_LOG_DROPPED = 52;
export const RESULT_SIZE = 64;

export const C_TRIM = 1;
export const C_CHECK_UTF8 = 2;
export const C_MODE_SHIFT = 2;
export const M_STOP = 0;
export const M_SKIP = 1;
export const M_NULL = 2;

export const LOG_ENTRY_SIZE = 48;
export const L_CODE = 0;
export const L_COL = 4;
export const L_POS = 8;
export const L_LINES = 12;
export const L_TEXT_START = 16;
export const L_TEXT_END = 20;
export const L_ESCAPED = 24;
export const L_FIELDS = 28;
export const L_RECORD = 32;
export const L_ACTION = 36;

export const S_DONE = 0;
export const S_ROWS_FULL = 1;
export const S_ERROR = 2;
export const S_LOG_FULL = 3;
export const S_STR_FULL = 4;
export const S_DICT_FULL = 5;

export const E_INVALID_NUMBER = 1;
export const E_OUT_OF_RANGE = 2;
export const E_EMPTY_VALUE = 3;
export const E_FIELD_COUNT = 4;
export const E_UNTERMINATED_QUOTE = 5;
export const E_INVALID_QUOTE = 6;
export const E_INVALID_UTF8 = 7;
export const E_RECORD_TOO_LARGE = 8;
export const E_INVALID_VALUE = 9;
export const E_TOO_MANY_CATEGORIES = 10;

/**
 * What the chunk driver needs from a parse core. The WebAssembly core implements it over its linear
 * memory; the pure-JS engine implements the same contract over an ArrayBuffer.
 */
export interface Core {
  /** The current memory; a new object after `reserve` grows it, so never keep views across calls. */
  readonly buffer: ArrayBuffer;
  /** Makes [heapStart, heapStart + bytes) usable; returns heapStart, or 0 when memory can't grow. */
  reserve(bytes: number): number;
  /** `flags`: C_TRIM | C_CHECK_UTF8 | (error mode << C_MODE_SHIFT). */
  configure(columns: number, descriptors: number, results: number, delimiter: number, quote: number, flags: number): void;
  configureLog(ptr: number, capacity: number): void;
  /** The longest record accepted (line end excluded); a longer one stops with E_RECORD_TOO_LARGE. */
  configureLimits(maxRecordBytes: number): void;
  /** The next error gets this action (M_SKIP or M_NULL) instead of stopping the call. */
  setPendingAction(action: number): void;
  /** The byte at `end` must be 0. */
  parseChunk(start: number, end: number, last: boolean, maxRows: number): number;
}
