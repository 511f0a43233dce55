// typed-csv core: turns a window of CSV bytes in linear memory into column values, record by record.
//
// The driver (src/core/driver.ts) owns memory layout: it reserves a region, puts the input window and
// one scratch area per column in it, and describes the file's columns in a descriptor table
// (layout.ts). parseChunk never allocates, never builds strings for numbers and never calls into JS
// except for the rare float that needs the exact slow path (float.ts).
//
// Shape of the hot loop: each field first tries a fast path for its type (plain decimal digits
// followed directly by a delimiter or line end); anything else - quotes, signs other than '-',
// exponents, empty fields, errors, the window's end - goes to the general path, which finds the
// field's exact bounds (scanField) and parses them with the full grammar.

import {
  T_SKIP, T_I8, T_U64, T_F32, T_F64, T_STRING, T_BOOL, T_DATE, T_TIMESTAMP, T_TIMESTAMP_US, T_TIMESTAMP_NS, T_CATEGORY,
  DESC_SIZE, D_TYPE, D_NULLABLE, D_VALUES, D_VALIDITY, D_STR_DATA, D_STR_BASE, D_STR_POS, D_PARAM, D_NULLS,
  R_ERR_COL, R_ERR_FIELDS, S_DICT_FULL, E_INVALID_VALUE, E_TOO_MANY_CATEGORIES,
  R_CONSUMED, R_ROWS, R_LINES, R_SKIPPED, R_LOG_COUNT, R_LOG_DROPPED, R_ERR_CODE,
  S_DONE, S_ROWS_FULL, S_ERROR, S_LOG_FULL, S_STR_FULL, D_STR_END, R_ERR_COL,
  E_INVALID_NUMBER, E_OUT_OF_RANGE, E_EMPTY_VALUE, E_FIELD_COUNT, E_UNTERMINATED_QUOTE, E_INVALID_QUOTE,
  E_INVALID_UTF8, E_RECORD_TOO_LARGE,
  C_TRIM, C_CHECK_UTF8, C_MODE_SHIFT, M_STOP, M_SKIP, M_NULL,
  LOG_ENTRY_SIZE, L_CODE, L_COL, L_POS, L_LINES, L_TEXT_START, L_TEXT_END, L_ESCAPED, L_FIELDS, L_RECORD, L_ACTION,
  LF, CR,
} from "./layout";
import { parseF64, floatEnd, fieldFloat, fieldFloatEnd } from "./float";
import { parseInteger, storeInteger, intEnd, intNegative, intOverflow } from "./integer";
import {
  scanField, F_OK, F_NEED_MORE, F_UNTERMINATED,
  contentStart, contentEnd, fieldEnd, fieldLines, fieldQuoted, fieldEscaped,
} from "./field";
import { isValidUtf8 } from "./utf8";
import { copyUnescaped, copyPlain } from "./copy";
import { fastDialect, fastSetup, fastRecords, fastRows, fastUndo, fastWorthIt } from "./fast";
import { parseBool } from "./bool";
import { parseTemporal, msValue, usValue, nsValue, nsInRange, tDays, isoFast, fastEnd, outsideIso } from "./temporal";
import { categoryCode, rollbackCategory, beginRecord, CAT_FULL, categoryNeeded } from "./category";

let columnCount: u32 = 0;
let descriptors: usize = 0;
let results: usize = 0;
let delimiter: u32 = 44;
/** Timestamps may take the isoFast path: neither the delimiter nor the quote can be in its text. */
let isoLane: bool = true;
/** fastRecords may run: the dialect's bytes can't be read as part of a number. */
let fastLane: bool = false;
let quote: u32 = 34;
let trim: bool = false;
let checkUtf8: bool = false;
let errorMode: u32 = M_STOP;
// Answers from an onError callback (M_STOP mode) for the current record's errors, in order: the
// driver asks about an error, then has the record parsed again from its start with one more answer.
const PENDING_CAPACITY: i32 = 256;
const pendingActions = memory.data(PENDING_CAPACITY * 4);
let pendingCount: i32 = 0;
let pendingUsed: i32 = 0;
let logBase: usize = 0;
let logCapacity: i32 = 0;
let logCount: i32 = 0;
/** logCount when the current record started: a record that alone overflows the log can't wait. */
let recordLogStart: i32 = 0;
/** Errors handled but not logged: a single record with more errors than the log holds. */
let logDropped: i32 = 0;

// log2 of the value size per type code, for scratch addressing.
const SIZE_SHIFT = memory.data<u8>([0, 0, 1, 2, 0, 1, 2, 3, 3, 2, 3, 2, 0, 2, 3, 3, 3, 2]);
// Exact doubles 10^0 .. 10^22 for the fast path's single division.
const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);
const TWO53: u64 = 0x20_0000_0000_0000;

/** Grows linear memory so that [heapStart(), heapStart() + bytes) is usable. Returns heapStart(), or 0. */
export function reserve(bytes: usize): usize {
  const base = heapStart();
  const needed = <u64>base + <u64>bytes;
  if (needed > 0xFFFF_0000) return 0;
  const have = <u64>memory.size() << 16;
  if (needed > have) {
    const pages = <i32>((needed - have + 0xFFFF) >> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  return base;
}

/** First free byte after the static data, 64-byte aligned. */
export function heapStart(): usize {
  return (__heap_base + 63) & ~<usize>63;
}

/** Describes the file: column count, descriptor table, result block, dialect and policies (C_* flags). */
export function configure(columns: u32, descriptorTable: usize, resultBlock: usize, delim: u32, quoteChar: u32, flags: u32): void {
  columnCount = columns;
  descriptors = descriptorTable;
  results = resultBlock;
  delimiter = delim;
  quote = quoteChar;
  isoLane = outsideIso(delim) && outsideIso(quoteChar);
  fastLane = fastDialect(delim, quoteChar);
  trim = (flags & C_TRIM) != 0;
  checkUtf8 = (flags & C_CHECK_UTF8) != 0;
  errorMode = (flags >> C_MODE_SHIFT) & 3;
}

/** Where the skip/null policies record the errors they handle. */
export function configureLog(ptr: usize, capacity: i32): void {
  logBase = ptr;
  logCapacity = capacity;
}

/**
 * M_SKIP or M_NULL: the answer for the current record's next unanswered error. M_STOP: forget all
 * answers (a new parse). After PENDING_CAPACITY answers in one record the last one stands for the
 * rest of that record's errors, which are then counted instead of asked about.
 */
export function setPendingAction(action: u32): void {
  if (action == M_STOP) { pendingCount = 0; pendingUsed = 0; return; }
  if (pendingCount < PENDING_CAPACITY) pendingCount++;
  store<u32>(pendingActions + (<usize>(pendingCount - 1) << 2), action);
}

// Outcome of one field in the general path.
const V_OK: i32 = 0;
const V_EMPTY: i32 = 1;
const V_INVALID: i32 = 2;
const V_RANGE: i32 = 3;

// @ts-ignore: decorator
@inline function isBlank(c: u32): bool { return c == 0x20 || c == 0x09; }

/** Parses exactly [s, e) as a value of `type` (parameters at `param`, see D_PARAM) into ptr. */
function parseBounded(type: u32, s: usize, e: usize, ptr: usize, trimmable: bool, param: usize): i32 {
  if (trimmable) {
    while (s < e && isBlank(<u32>load<u8>(s))) s++;
    while (e > s && isBlank(<u32>load<u8>(e - 1))) e--;
  }
  if (s == e) return V_EMPTY;
  if (type >= T_BOOL) {
    if (type == T_BOOL) {
      const b = parseBool(s, e, param);
      if (b < 0) return V_INVALID;
      store<u8>(ptr, <u8>b);
      return V_OK;
    }
    if (!parseTemporal(s, e, param, type != T_DATE)) return V_INVALID;
    if (type == T_DATE) store<i32>(ptr, <i32>tDays);
    else if (type == T_TIMESTAMP) store<f64>(ptr, msValue());
    else if (type == T_TIMESTAMP_US) store<i64>(ptr, usValue());
    else {
      if (!nsInRange()) return V_RANGE;
      store<i64>(ptr, nsValue());
    }
    return V_OK;
  }
  if (type == T_F64 || type == T_F32) {
    const v = parseF64(s, e);
    if (floatEnd != e) return V_INVALID;
    if (type == T_F64) store<f64>(ptr, v); else store<f32>(ptr, <f32>v);
    return V_OK;
  }
  const m = parseInteger(s, e);
  if (intEnd != e) return V_INVALID;
  return storeInteger(type, ptr, intNegative, m, intOverflow) ? V_OK : V_RANGE;
}

/** Writes the null representation: NaN for floats, zero for integers. */
function storeNull(type: u32, ptr: usize): void {
  if (type == T_F64 || type == T_TIMESTAMP) store<f64>(ptr, NaN);
  else if (type == T_F32) store<f32>(ptr, NaN);
  else {
    const shift = <u32>load<u8>(SIZE_SHIFT + type);
    if (shift == 3) store<u64>(ptr, 0);
    else if (shift == 2) store<u32>(ptr, 0);
    else if (shift == 1) store<u16>(ptr, 0);
    else store<u8>(ptr, 0);
  }
}

/**
 * An error's description at `at`: the result block's R_ERR_CODE.. words and an error log entry's
 * L_CODE.. words have the same order (layout.ts), so one writer serves both.
 */
function writeError(at: usize, code: i32, col: i32, pos: usize, lines: i32, textStart: usize, textEnd: usize, escaped: bool, fields: i32): void {
  store<i32>(at + L_CODE, code);
  store<i32>(at + L_COL, col);
  store<i32>(at + L_POS, <i32>pos);
  store<i32>(at + L_LINES, lines);
  store<i32>(at + L_TEXT_START, <i32>textStart);
  store<i32>(at + L_TEXT_END, <i32>textEnd);
  store<i32>(at + L_ESCAPED, escaped ? 1 : 0);
  store<i32>(at + L_FIELDS, fields);
}

// What handleError decided.
const A_STOP: i32 = 0; // S_ERROR: the driver throws (or asks its onError callback)
const A_SKIP: i32 = 1;
const A_NULL: i32 = 2;
const A_LOG_FULL: i32 = 3;

/**
 * An error at `pos`. In M_STOP mode with no pending action it fills R_ERR_* and answers A_STOP.
 * Otherwise it logs the error and answers what to do: A_NULL only for a value error (`fieldLevel`),
 * A_SKIP for the rest; A_LOG_FULL when there is no room to log it.
 */
function handleError(code: i32, col: i32, pos: usize, lines: i32, textStart: usize, textEnd: usize, escaped: bool, fields: i32, record: i32, fieldLevel: bool): i32 {
  let mode = errorMode;
  if (mode == M_STOP) {
    if (pendingUsed < pendingCount) {
      // Answered already (the driver noted it when it asked): apply, don't log.
      mode = load<u32>(pendingActions + (<usize>pendingUsed << 2));
      pendingUsed++;
      return (mode == M_NULL && fieldLevel) ? A_NULL : A_SKIP;
    }
    if (pendingCount < PENDING_CAPACITY) {
      writeError(results + R_ERR_CODE, code, col, pos, lines, textStart, textEnd, escaped, fields);
      return A_STOP;
    }
    // Past PENDING_CAPACITY answers in one record the last one stands for the rest of its errors,
    // which are counted, not kept: as the log does for a record that alone fills it.
    mode = load<u32>(pendingActions + (<usize>(PENDING_CAPACITY - 1) << 2));
    logDropped++;
    return (mode == M_NULL && fieldLevel) ? A_NULL : A_SKIP;
  }
  if (logCount >= logCapacity) {
    // Records before this one can be drained first; a record that alone fills the log is counted.
    if (recordLogStart > 0) return A_LOG_FULL;
    logDropped++;
    return (mode == M_NULL && fieldLevel) ? A_NULL : A_SKIP;
  }
  const action = (mode == M_NULL && fieldLevel) ? A_NULL : A_SKIP;
  const e = logBase + <usize>logCount * LOG_ENTRY_SIZE;
  writeError(e, code, col, pos, lines, textStart, textEnd, escaped, fields);
  store<i32>(e + L_RECORD, record);
  store<i32>(e + L_ACTION, action == A_NULL ? M_NULL : M_SKIP);
  logCount++;
  return action;
}

/** Longest record accepted, line end excluded (configureLimits). */
let maxRecordBytes: i32 = 0x7FFF_FFFF;

/** Sets the longest record accepted; a longer one stops the call with E_RECORD_TOO_LARGE whatever the policy. */
export function configureLimits(recordBytes: i32): void {
  maxRecordBytes = recordBytes;
}

/** True (and R_ERR_* filled) when the record [start, after) is longer than maxRecordBytes without its line end. */
function recordTooLarge(start: usize, after: usize, lines: i32): bool {
  let e = after;
  if (e > start && <u32>load<u8>(e - 1) == LF) e--;
  if (e > start && <u32>load<u8>(e - 1) == CR) e--;
  if (<i32>(e - start) <= maxRecordBytes) return false;
  writeError(results + R_ERR_CODE, E_RECORD_TOO_LARGE, -1, start, lines, start, e, false, <i32>(e - start));
  return true;
}

/** LF bytes passed by the last skipRecord call. */
let skipLines: i32 = 0;

/**
 * The position after the end of the record that q is inside of, for the skip policy; 0 when the
 * window ends first (and more input may follow). Quotes open a quoted field only at a field start
 * (atFieldStart says whether q is one); a malformed quote is data here, so one bad quote costs one
 * record, not the rest of the file.
 */
function skipRecord(q: usize, end: usize, last: bool, atFieldStart: bool): usize {
  let lines = 0;
  let fieldStart = atFieldStart;
  while (true) {
    if (q >= end) { skipLines = lines; return last ? end : 0; }
    const c = <u32>load<u8>(q);
    if (fieldStart && c == quote) {
      q++;
      while (true) {
        if (q >= end) { skipLines = lines; return last ? end : 0; }
        const k = <u32>load<u8>(q);
        if (k == quote) {
          if (q + 1 >= end && !last) return 0;
          if (q + 1 < end && <u32>load<u8>(q + 1) == quote) { q += 2; continue; }
          q++;
          break;
        }
        if (k == LF) lines++;
        q++;
      }
      fieldStart = false;
      continue;
    }
    if (c == delimiter) { fieldStart = true; q++; continue; }
    if (c == LF) { skipLines = lines + 1; return q + 1; }
    if (c == CR) {
      if (q + 1 < end) { if (<u32>load<u8>(q + 1) == LF) { skipLines = lines + 1; return q + 2; } }
      else if (last) { skipLines = lines; return end; }
      else return 0;
    }
    fieldStart = false;
    q++;
  }
}

/**
 * After a record that is not kept: string write pointers go back to the end of the last kept row,
 * and category dictionaries forget the values the record added.
 */
function dropRecord(rows: i32): void {
  for (let col: u32 = 0; col < columnCount; col++) {
    const d = descriptors + col * DESC_SIZE;
    const type = load<u32>(d, D_TYPE);
    // The next record takes this row: undo any null the dropped one wrote (valid is never written).
    const validity = load<usize>(d, D_VALIDITY);
    if (validity) store<u8>(validity + rows, 1);
    if (type == T_CATEGORY) rollbackCategory(load<usize>(d, D_PARAM));
    if (type != T_STRING) continue;
    const base = load<i32>(d, D_STR_BASE);
    const lastEnd = rows > 0 ? load<i32>(load<usize>(d, D_VALUES) + (<usize>(rows - 1) << 2)) : base;
    store<usize>(d, load<usize>(d, D_STR_DATA) + <usize>(lastEnd - base), D_STR_POS);
  }
}

/**
 * Marks row `rows` of the column at `d` null. Validity scratch is all 1s when a call starts (the
 * driver resets what a call cleared, seen from D_NULLS), so valid values write nothing: a nullable
 * column costs the hot loop nothing until it meets a null.
 */
@inline function writeNull(d: usize, rows: i32): void {
  store<u8>(load<usize>(d, D_VALIDITY) + rows, 0);
  store<u32>(d, 1, D_NULLS);
}

// How a record ended.
const O_ROW: i32 = 0; // complete: count it
const O_NEED_MORE: i32 = 1; // runs past the window: leave it for the next call
const O_SKIPPED: i32 = 2; // dropped by the skip policy; p is after it
const O_STOP: i32 = 3; // S_ERROR, S_LOG_FULL or S_STR_FULL: return at the record's start

/**
 * Parses complete records from [start, end) until the window ends, maxRows records are written, or a
 * value is bad. Values go to each column's scratch at index (row within this call). With last = false
 * a record that reaches the window end is left for the next call (R_CONSUMED stops before it).
 * The byte at `end` must be 0 (the driver writes it): digit loops stop there without a bounds test.
 */
export function parseChunk(start: usize, end: usize, last: bool, maxRows: i32): i32 {
  const n = columnCount;
  const delim = delimiter;
  let p = start;
  let rows: i32 = 0;
  let lines: i32 = 0;
  let skipped: i32 = 0;
  let status = S_DONE;
  logCount = 0;
  logDropped = 0;
  let fast = fastLane && fastSetup(descriptors, n, isoLane, checkUtf8);

  while (true) {
    if (fast) {
      // Plain records first (fast.ts); the general loop below takes the record it stops at
      // (anything else, or a limit), then comes back here.
      p = fastRecords(p, end, last, rows, maxRows, n, delim, quote, maxRecordBytes);
      const taken = fastRows;
      if (taken != 0) {
        rows += taken;
        lines += taken;
        pendingCount = 0; // answers were for a record before these (they have no errors)
      }
      if (fastUndo) dropRecord(rows); // what the record it stopped in wrote
      fast = fastWorthIt(taken, p < end && rows < maxRows);
    }
    if (p >= end) break;
    if (rows >= maxRows) { status = S_ROWS_FULL; break; }

    // Blank lines are skipped; they still count as lines.
    const first = <u32>load<u8>(p);
    if (first == LF) { p++; lines++; continue; }
    if (first == CR) {
      if (p + 1 < end) {
        if (<u32>load<u8>(p + 1) == LF) { p += 2; lines++; continue; }
      } else {
        if (!last) break;
        p++;
        continue;
      }
    }

    const recordStart = p;
    const recordLines = lines;
    const recordLog = logCount;
    const recordDropped = logDropped;
    recordLogStart = logCount;
    pendingUsed = 0; // a record parsed again meets its answered errors again
    beginRecord();
    // This record's number among the call's records, for the error log, is rows + skipped: neither
    // changes inside the field loop, and recomputing it there keeps one value fewer live.
    let col: u32 = 0;
    let outcome = O_ROW;
    while (true) {
      const d = descriptors + col * DESC_SIZE;
      const type = load<u32>(d, D_TYPE);
      let t: usize = 0; // the byte that ends this field, once its value is stored

      if (type - T_F32 <= T_F64 - T_F32) { // T_F32 or T_F64, in one unsigned compare
        // Fast path: -?digits[.digits] with 1..19 digits and at most 22 decimals, so the digits form
        // an exact u64 and one IEEE division by an exact power of ten rounds correctly (Clinger).
        let q = p;
        let negative = false;
        if (<u32>load<u8>(q) == 0x2D) { negative = true; q++; }
        const digitsStart = q;
        let w: u64 = 0;
        let dg = <u32>load<u8>(q) - 0x30; // unsigned: one compare rejects bytes on both sides of '0'..'9'
        while (dg <= 9) { w = w * 10 + dg; q++; dg = <u32>load<u8>(q) - 0x30; }
        let digits = q - digitsStart;
        let decimals: usize = 0;
        let x: f64 = 0;
        let got = true;
        if (dg == <u32>(0x2E - 0x30)) { // '.'
          q++;
          const fractionStart = q;
          dg = <u32>load<u8>(q) - 0x30;
          while (dg <= 9) { w = w * 10 + dg; q++; dg = <u32>load<u8>(q) - 0x30; }
          decimals = q - fractionStart;
          digits += decimals;
        }
        if (digits - 1 < 19 && decimals <= 22 && w <= TWO53) {
          x = <f64>w / load<f64>(POW10 + (decimals << 3));
          if (negative) x = -x;
        } else if (digits != 0) {
          // More than 2^53 or more than 19 digit characters (numeric data's 17 significant digits):
          // read the field again, 8 digits per step, with any exponent, straight into Clinger or
          // Eisel-Lemire (rather than the general path's field scan and full-grammar parse).
          x = fieldFloat(p);
          q = fieldFloatEnd;
          got = q != 0;
          dg = <u32>load<u8>(q) - 0x30;
        } else {
          got = false;
        }
        if (got && q < end) {
          const c = dg + 0x30;
          // The 0 sentinel at `end` makes the CRLF test safe without a bounds check.
          if (c == delim || c == LF || (c == CR && <u32>load<u8>(q + 1) == LF)) {
            if (type == T_F64) store<f64>(load<usize>(d, D_VALUES) + (<usize>rows << 3), x);
            else store<f32>(load<usize>(d, D_VALUES) + (<usize>rows << 2), <f32>x);
            // The common endings, decided here with c in hand: next field, or the record's LF.
            if (c == delim && col + 1 < n) { p = q + 1; col++; continue; }
            if (c == LF && col + 1 == n) { p = q + 1; lines++; break; }
            t = q;
          }
        }
      } else if (type - T_I8 <= T_U64 - T_I8) { // T_I8 .. T_U64
        // Fast path: -?digits, at most 18 of them (no overflow check needed), then a terminator.
        let q = p;
        let negative = false;
        if (<u32>load<u8>(q) == 0x2D) { negative = true; q++; }
        const digitsStart = q;
        let m: u64 = 0;
        let dg = <u32>load<u8>(q) - 0x30;
        while (dg <= 9) { m = m * 10 + dg; q++; dg = <u32>load<u8>(q) - 0x30; }
        if (q - digitsStart - 1 < 18 && q < end) {
          const c = dg + 0x30;
          if (c == delim || c == LF || (c == CR && <u32>load<u8>(q + 1) == LF)) {
            const ptr = load<usize>(d, D_VALUES) + (<usize>rows << <usize>load<u8>(SIZE_SHIFT + type));
            // Out of range falls through to the general path, which reports it.
            if (storeInteger(type, ptr, negative, m, false)) {
              if (c == delim && col + 1 < n) { p = q + 1; col++; continue; }
              if (c == LF && col + 1 == n) { p = q + 1; lines++; break; }
              t = q;
            }
          }
        }
      } else if (type == T_TIMESTAMP && isoLane && load<usize>(d, D_PARAM) == 0) {
        // Fast path: the usual ISO shape (isoFast), then a terminator; the rest is the general path's.
        const v = isoFast(p);
        const q = fastEnd;
        if (q != 0 && q < end) {
          const c = <u32>load<u8>(q);
          if (c == delim || c == LF || (c == CR && <u32>load<u8>(q + 1) == LF)) {
            store<f64>(load<usize>(d, D_VALUES) + (<usize>rows << 3), v);
            if (c == delim && col + 1 < n) { p = q + 1; col++; continue; }
            if (c == LF && col + 1 == n) { p = q + 1; lines++; break; }
            t = q;
          }
        }
      }

      if (t == 0) {
        // The general path: the field's bounds first, then its value.
        const fs = scanField(p, end, last, delim, quote);
        if (fs != F_OK) {
          if (fs == F_NEED_MORE) { outcome = O_NEED_MORE; break; }
          const unterminated = fs == F_UNTERMINATED;
          const a = unterminated
            ? handleError(E_UNTERMINATED_QUOTE, col, p, lines, contentStart, end, false, 0, rows + skipped, false)
            : handleError(E_INVALID_QUOTE, col, p, lines, p, fieldEnd + 1, false, 0, rows + skipped, false);
          if (a == A_STOP || a == A_LOG_FULL) { status = a == A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
          // Skip: an unclosed quote swallows the rest of the input; a bad one costs its record.
          if (unterminated) { p = end; outcome = O_SKIPPED; break; }
          const after = skipRecord(fieldEnd, end, last, false);
          if (after == 0) { outcome = O_NEED_MORE; break; }
          lines += fieldLines + skipLines;
          p = after;
          outcome = O_SKIPPED;
          break;
        }
        t = fieldEnd;
        let bad: i32 = 0; // error code of a bad value
        if (type == T_STRING) {
          if (checkUtf8 && !isValidUtf8(contentStart, contentEnd)) {
            bad = E_INVALID_UTF8;
          } else {
            const values = load<usize>(d, D_VALUES) + (<usize>rows << 2);
            let w = load<usize>(d, D_STR_POS);
            // Wide schemas get small per-column scratch: a value that might not fit ends the call
            // at this record (its content length bounds what the copy writes, "" pairs included).
            if (w + (contentEnd - contentStart) > load<usize>(d, D_STR_END)) {
              store<i32>(results + R_ERR_COL, <i32>col);
              status = S_STR_FULL;
              outcome = O_STOP;
              break;
            }
            if (load<u32>(d, D_NULLABLE) != 0 && !fieldQuoted && contentStart == contentEnd) writeNull(d, rows);
            if (fieldEscaped) {
              w = copyUnescaped(w, contentStart, contentEnd, quote);
            } else {
              w = copyPlain(w, contentStart, contentEnd);
            }
            store<usize>(d, w, D_STR_POS);
            store<i32>(values, load<i32>(d, D_STR_BASE) + <i32>(w - load<usize>(d, D_STR_DATA)));
          }
        } else if (type == T_CATEGORY) {
          // Like a string: only an unquoted empty field is a null; values are never trimmed.
          if (checkUtf8 && !isValidUtf8(contentStart, contentEnd)) {
            bad = E_INVALID_UTF8;
          } else {
            const values = load<usize>(d, D_VALUES) + (<usize>rows << 2);
            if (load<u32>(d, D_NULLABLE) != 0 && !fieldQuoted && contentStart == contentEnd) {
              store<i32>(values, 0);
              writeNull(d, rows);
            } else {
              const code = categoryCode(load<usize>(d, D_PARAM), contentStart, contentEnd, fieldEscaped, quote);
              if (code >= 0) {
                store<i32>(values, code);
              } else if (code == CAT_FULL) {
                // The driver grows the dictionary and calls again from this record.
                store<i32>(results + R_ERR_COL, <i32>col);
                store<i32>(results + R_ERR_FIELDS, categoryNeeded);
                status = S_DICT_FULL;
                outcome = O_STOP;
                break;
              } else {
                bad = E_TOO_MANY_CATEGORIES;
              }
            }
          }
        } else if (type != T_SKIP) {
          const shift = <usize>load<u8>(SIZE_SHIFT + type);
          const ptr = load<usize>(d, D_VALUES) + (<usize>rows << shift);
          const r = fieldEscaped ? V_INVALID : parseBounded(type, contentStart, contentEnd, ptr, trim && !fieldQuoted, load<usize>(d, D_PARAM));
          // A valid value leaves its validity byte at 1.
          if (r == V_EMPTY && load<u32>(d, D_NULLABLE) != 0) {
            storeNull(type, ptr);
            writeNull(d, rows);
          } else if (r != V_OK) {
            bad = r == V_EMPTY ? E_EMPTY_VALUE : r == V_RANGE ? E_OUT_OF_RANGE : type >= T_BOOL ? E_INVALID_VALUE : E_INVALID_NUMBER;
          }
        }
        if (bad != 0) {
          const a = handleError(bad, col, p, lines, contentStart, contentEnd, fieldEscaped, 0, rows + skipped, true);
          if (a == A_STOP || a == A_LOG_FULL) { status = a == A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
          if (a == A_NULL) {
            // The driver gives every column a validity scratch under the null policy.
            if (type == T_STRING) {
              const values = load<usize>(d, D_VALUES) + (<usize>rows << 2);
              store<i32>(values, load<i32>(d, D_STR_BASE) + <i32>(load<usize>(d, D_STR_POS) - load<usize>(d, D_STR_DATA)));
            } else {
              storeNull(type, load<usize>(d, D_VALUES) + (<usize>rows << <usize>load<u8>(SIZE_SHIFT + type)));
            }
            writeNull(d, rows);
          } else {
            const after = skipRecord(t, end, last, false);
            if (after == 0) { outcome = O_NEED_MORE; break; }
            lines += fieldLines + skipLines;
            p = after;
            outcome = O_SKIPPED;
            break;
          }
        }
        lines += fieldLines;
      }

      // The byte at t ends the field: delimiter, LF, CR (of CRLF, or final), or the end of input.
      if (t >= end) {
        // Only reachable with last = true: the final record lacks a newline.
        if (col + 1 < n) {
          const a = handleError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, <i32>col + 1, rows + skipped, false);
          if (a == A_STOP || a == A_LOG_FULL) { status = a == A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
          p = end;
          outcome = O_SKIPPED;
          break;
        }
        p = end;
        break;
      }
      const c = <u32>load<u8>(t);
      if (c == delim) {
        if (col + 1 == n) {
          const a = handleError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, <i32>n + 1, rows + skipped, false);
          if (a == A_STOP || a == A_LOG_FULL) { status = a == A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
          const after = skipRecord(t + 1, end, last, true);
          if (after == 0) { outcome = O_NEED_MORE; break; }
          lines += skipLines;
          p = after;
          outcome = O_SKIPPED;
          break;
        }
        p = t + 1;
        col++;
        continue;
      }
      if (c == LF) { p = t + 1; lines++; }
      else if (t + 1 < end) { p = t + 2; lines++; } // CRLF
      else p = t + 1; // a final CR
      if (col + 1 < n) {
        const a = handleError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, <i32>col + 1, rows + skipped, false);
        if (a == A_STOP || a == A_LOG_FULL) { status = a == A_STOP ? S_ERROR : S_LOG_FULL; outcome = O_STOP; break; }
        outcome = O_SKIPPED;
      }
      break;
    }
    if (outcome == O_ROW && <i32>(p - recordStart) > maxRecordBytes && recordTooLarge(recordStart, p, recordLines)) {
      status = S_ERROR;
      outcome = O_STOP;
    }
    if (outcome == O_ROW) { rows++; pendingCount = 0; continue; }
    if (outcome == O_SKIPPED) { skipped++; pendingCount = 0; dropRecord(rows); continue; }
    // O_NEED_MORE or O_STOP: report the state at the record's start.
    dropRecord(rows);
    p = recordStart;
    lines = recordLines;
    // The record will be parsed (and its errors logged) again by the next call.
    logCount = recordLog;
    logDropped = recordDropped;
    break;
  }
  store<i32>(results + R_CONSUMED, <i32>p);
  store<i32>(results + R_ROWS, rows);
  store<i32>(results + R_LINES, lines);
  store<i32>(results + R_SKIPPED, skipped);
  store<i32>(results + R_LOG_COUNT, logCount);
  store<i32>(results + R_LOG_DROPPED, logDropped);
  return status;
}

/** Test hook: parses exactly [p, p + len) as a float; NaN with floatEnd short of the end if invalid. */
export function parseFloatText(p: usize, len: usize): f64 {
  const v = parseF64(p, p + len);
  return floatEnd == p + len ? v : NaN;
}
