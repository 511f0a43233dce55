// The contract between the core and src/core/layout.ts. Both sides must agree on every number here;
// test/core-layout.test.ts reads this file and checks the TypeScript mirror.

// Column type codes (descriptor word 0). 0 means "a file column the schema does not name: skip it".
export const T_SKIP: u32 = 0;
export const T_I8: u32 = 1;
export const T_I16: u32 = 2;
export const T_I32: u32 = 3;
export const T_U8: u32 = 4;
export const T_U16: u32 = 5;
export const T_U32: u32 = 6;
export const T_I64: u32 = 7;
export const T_U64: u32 = 8;
export const T_F32: u32 = 9;
export const T_F64: u32 = 10;
export const T_STRING: u32 = 11;
export const T_BOOL: u32 = 12; // u8 1/0
export const T_DATE: u32 = 13; // i32 days since 1970-01-01
export const T_TIMESTAMP: u32 = 14; // f64 epoch milliseconds (unit 'ms')
export const T_TIMESTAMP_US: u32 = 15; // i64 epoch microseconds
export const T_TIMESTAMP_NS: u32 = 16; // i64 epoch nanoseconds
export const T_CATEGORY: u32 = 17; // i32 dictionary codes

// One descriptor per file column, DESC_SIZE bytes, u32 words at these byte offsets.
export const DESC_SIZE: u32 = 64;
export const D_TYPE: u32 = 0; // type code
export const D_NULLABLE: u32 = 4; // 1 when empty fields become nulls (validity byte 0)
export const D_VALUES: u32 = 8; // value scratch (strings: end offsets, i32 per row)
export const D_VALIDITY: u32 = 12; // one byte per row, 1 = valid; the driver keeps it all 1s between calls, so the core writes only nulls
export const D_STR_DATA: u32 = 16; // string bytes scratch
export const D_STR_BASE: u32 = 20; // string bytes already flushed before this call (offset base)
export const D_STR_POS: u32 = 24; // string write pointer; the driver resets it to D_STR_DATA per call
export const D_STR_END: u32 = 28; // end of the string bytes scratch: a field that would pass it stops the call (S_STR_FULL)
export const D_PARAM: u32 = 32; // the column's parameter block (0: the type's defaults), see P_* below
export const D_NULLS: u32 = 36; // set to 1 when this call wrote a 0 validity byte; the driver resets it (and the bytes)

// Parameter blocks (D_PARAM).
// bool: entries [len u8 (1..255), value u8 (1 true, 0 false), len bytes lower-cased], then a 0 byte.
// date, timestamp: [len u32, format bytes] (a strptime subset, checked by src/options.ts); 0: ISO 8601.
// category: u32 words at these byte offsets, then the driver-owned arrays they point to.
export const P_COUNT: u32 = 0; // dictionary entries
export const P_MAX: u32 = 4; // maxCategories: one more distinct value is E_TOO_MANY_CATEGORIES
export const P_ENDS: u32 = 8; // i32 per entry: end offset of its bytes in P_DATA
export const P_ENTRY_CAP: u32 = 12; // entries P_ENDS has room for
export const P_DATA: u32 = 16; // the entries' bytes, back to back
export const P_DATA_LEN: u32 = 20; // bytes used in P_DATA
export const P_DATA_CAP: u32 = 24; // bytes P_DATA has room for
export const P_SLOTS: u32 = 28; // open-addressing hash table, i32 code + 1 per slot (0: empty)
export const P_SLOT_MASK: u32 = 32; // slots - 1 (a power of two, at least twice P_ENTRY_CAP)
export const P_REHASH: u32 = 36; // 1: the driver moved the table; the core refills P_SLOTS before use
export const P_SERIAL: u32 = 40; // the record that last added an entry (core-private)
export const P_MARK: u32 = 44; // P_COUNT before that record (core-private)
export const PARAM_CATEGORY_SIZE: u32 = 64;

// Result block, i32 words at these byte offsets. R_ERR_CODE .. R_ERR_FIELDS are in the same order
// and spacing as an error log entry's L_CODE .. L_FIELDS (index.ts writes both with writeError).
export const R_CONSUMED: u32 = 0; // pointer just past the last complete record
export const R_ROWS: u32 = 4; // records written by this call
export const R_LINES: u32 = 8; // LF bytes between the window start and R_CONSUMED
export const R_ERR_CODE: u32 = 12;
export const R_ERR_COL: u32 = 16; // file column index (-1 for record-level errors)
export const R_ERR_POS: u32 = 20; // first byte of the bad field (its opening quote) or record
export const R_ERR_LINES: u32 = 24; // LF bytes between the window start and R_ERR_POS
export const R_ERR_TEXT_START: u32 = 28; // the value's bytes, quotes excluded
export const R_ERR_TEXT_END: u32 = 32;
export const R_ERR_ESCAPED: u32 = 36; // 1 when the text holds "" pairs to unescape
export const R_ERR_FIELDS: u32 = 40; // FIELD_COUNT: fields seen in the record
export const R_SKIPPED: u32 = 44; // records dropped by the skip policy in this call
export const R_LOG_COUNT: u32 = 48; // error log entries written by this call
export const R_LOG_DROPPED: u32 = 52; // errors handled but not logged (one record overflowed the log)
export const RESULT_SIZE: u32 = 64;

// configure() flags.
export const C_TRIM: u32 = 1; // spaces/tabs may surround unquoted numbers
export const C_CHECK_UTF8: u32 = 2; // string fields must be valid UTF-8 (E_INVALID_UTF8)
export const C_MODE_SHIFT: u32 = 2; // bits 2-3: error mode
export const M_STOP: u32 = 0; // stop at the first error (S_ERROR)
export const M_SKIP: u32 = 1; // log it, drop the record, go on
export const M_NULL: u32 = 2; // log it, null the bad field (drop the record if the error is structural)

// Error log: one entry per error handled by the skip/null policies, i32 words at these byte offsets.
export const LOG_ENTRY_SIZE: u32 = 48;
export const L_CODE: u32 = 0;
export const L_COL: u32 = 4; // file column index, -1 for record-level errors
export const L_POS: u32 = 8; // first byte of the field or record
export const L_LINES: u32 = 12; // LF bytes between the call's start and L_POS
export const L_TEXT_START: u32 = 16;
export const L_TEXT_END: u32 = 20;
export const L_ESCAPED: u32 = 24;
export const L_FIELDS: u32 = 28;
export const L_RECORD: u32 = 32; // data records (kept or skipped) before this one in the call
export const L_ACTION: u32 = 36; // M_SKIP or M_NULL: what was done

// parseChunk return values.
export const S_DONE: i32 = 0; // every complete record consumed; the rest needs more input
export const S_ROWS_FULL: i32 = 1; // maxRows written; call again from R_CONSUMED
export const S_ERROR: i32 = 2; // R_ERR_* describe the first bad value; rows before it are written
export const S_LOG_FULL: i32 = 3; // the error log is full; drain it and call again from R_CONSUMED
export const S_STR_FULL: i32 = 4; // string column R_ERR_COL's scratch is full; flush (or grow it, with no rows) and call again from R_CONSUMED
export const S_DICT_FULL: i32 = 5; // a category dictionary (column R_ERR_COL) needs room for R_ERR_FIELDS more bytes; grow it and call again from R_CONSUMED

// Error codes (src/errors.ts maps them to CsvError codes).
export const E_INVALID_NUMBER: i32 = 1;
export const E_OUT_OF_RANGE: i32 = 2;
export const E_EMPTY_VALUE: i32 = 3;
export const E_FIELD_COUNT: i32 = 4;
export const E_UNTERMINATED_QUOTE: i32 = 5;
export const E_INVALID_QUOTE: i32 = 6;
export const E_INVALID_UTF8: i32 = 7;
export const E_RECORD_TOO_LARGE: i32 = 8; // always stops, whatever the policy (R_ERR_FIELDS: its length)
export const E_INVALID_VALUE: i32 = 9; // bool, date or timestamp text that is not one
export const E_TOO_MANY_CATEGORIES: i32 = 10; // a new category value past P_MAX

export const LF: u32 = 10;
export const CR: u32 = 13;
