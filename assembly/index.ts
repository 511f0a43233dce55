// typed-csv core: turns a window of CSV bytes in linear memory into column values, record by record.
//
// The driver (src/core/driver.ts) owns memory layout: it reserves a region, puts the input window and
// one scratch area per column in it, and describes the file's columns in a descriptor table
// (layout.ts). parseChunk never allocates, never builds strings for numbers and never calls into JS
// except for the rare float that needs the exact slow path (float.ts).

import {
  T_SKIP, T_I8, T_I16, T_I32, T_U8, T_U16, T_U32, T_I64, T_U64, T_F32, T_F64, T_STRING,
  DESC_SIZE, D_TYPE, D_NULLABLE, D_VALUES, D_VALIDITY, D_STR_DATA, D_STR_BASE, D_STR_POS,
  R_CONSUMED, R_ROWS, R_LINES, R_ERR_CODE, R_ERR_COL, R_ERR_POS, R_ERR_LINES, R_ERR_TEXT_START,
  R_ERR_TEXT_END, R_ERR_ESCAPED, R_ERR_FIELDS,
  S_DONE, S_ROWS_FULL, S_ERROR,
  E_INVALID_NUMBER, E_OUT_OF_RANGE, E_EMPTY_VALUE, E_FIELD_COUNT, E_UNTERMINATED_QUOTE, E_INVALID_QUOTE,
  LF, CR,
} from "./layout";
import { parseF64, floatEnd } from "./float";
import { parseInteger, storeInteger, intEnd, intNegative, intOverflow } from "./integer";
import {
  scanField, F_OK, F_NEED_MORE, F_UNTERMINATED, F_BAD_QUOTE,
  contentStart, contentEnd, fieldEnd, fieldLines, fieldQuoted, fieldEscaped,
} from "./field";

let columnCount: u32 = 0;
let descriptors: usize = 0;
let results: usize = 0;
let delimiter: u32 = 44;
let quote: u32 = 34;
let trim: bool = false;

// log2 of the value size per type code, for scratch addressing.
const SIZE_SHIFT = memory.data<u8>([0, 0, 1, 2, 0, 1, 2, 3, 3, 2, 3, 2]);

/** Grows linear memory so that [heapStart(), heapStart() + bytes) is usable. Returns heapStart(). */
export function reserve(bytes: usize): usize {
  const base = heapStart();
  const needed = base + bytes;
  const have = <usize>memory.size() << 16;
  if (needed > have) {
    const pages = <i32>((needed - have + 0xFFFF) >>> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  return base;
}

/** First free byte after the static data, 64-byte aligned. */
export function heapStart(): usize {
  return (__heap_base + 63) & ~<usize>63;
}

/** Describes the file: column count, descriptor table, result block, and the dialect. */
export function configure(columns: u32, descriptorTable: usize, resultBlock: usize, delim: u32, quoteChar: u32, trimNumbers: bool): void {
  columnCount = columns;
  descriptors = descriptorTable;
  results = resultBlock;
  delimiter = delim;
  quote = quoteChar;
  trim = trimNumbers;
}

// Outcome of one field in the slow path.
const V_OK: i32 = 0;
const V_EMPTY: i32 = 1;
const V_INVALID: i32 = 2;
const V_RANGE: i32 = 3;

@inline function isBlank(c: u32): bool { return c == 0x20 || c == 0x09; }

/** Parses exactly [s, e) as a value of `type` into ptr. */
function parseBounded(type: u32, s: usize, e: usize, ptr: usize, trimmable: bool): i32 {
  if (trimmable) {
    while (s < e && isBlank(<u32>load<u8>(s))) s++;
    while (e > s && isBlank(<u32>load<u8>(e - 1))) e--;
  }
  if (s == e) return V_EMPTY;
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
  if (type == T_F64) store<f64>(ptr, NaN);
  else if (type == T_F32) store<f32>(ptr, NaN);
  else {
    const shift = <u32>load<u8>(SIZE_SHIFT + type);
    if (shift == 3) store<u64>(ptr, 0);
    else if (shift == 2) store<u32>(ptr, 0);
    else if (shift == 1) store<u16>(ptr, 0);
    else store<u8>(ptr, 0);
  }
}

function setError(code: i32, column: i32, pos: usize, lines: i32, textStart: usize, textEnd: usize, escaped: bool, fields: i32): i32 {
  store<i32>(results + R_ERR_CODE, code);
  store<i32>(results + R_ERR_COL, column);
  store<i32>(results + R_ERR_POS, <i32>pos);
  store<i32>(results + R_ERR_LINES, lines);
  store<i32>(results + R_ERR_TEXT_START, <i32>textStart);
  store<i32>(results + R_ERR_TEXT_END, <i32>textEnd);
  store<i32>(results + R_ERR_ESCAPED, escaped ? 1 : 0);
  store<i32>(results + R_ERR_FIELDS, fields);
  return S_ERROR;
}

/** Copies a quoted field's content, turning each "" into one quote. Returns the new write pointer. */
function copyUnescaped(w: usize, s: usize, e: usize): usize {
  while (s < e) {
    const c = load<u8>(s);
    store<u8>(w, c);
    w++;
    s += (<u32>c == quote) ? 2 : 1;
  }
  return w;
}

/**
 * Parses complete records from [start, end) until the window ends, maxRows records are written, or a
 * value is bad. Values go to each column's scratch at index (row within this call). With last = false
 * a record that reaches the window end is left for the next call (R_CONSUMED stops before it).
 */
export function parseChunk(start: usize, end: usize, last: bool, maxRows: i32): i32 {
  const n = columnCount;
  const delim = delimiter;
  let p = start;
  let rows: i32 = 0;
  let lines: i32 = 0;
  let status = S_DONE;

  while (true) {
    // p is on a record boundary: everything before it is committed.
    store<i32>(results + R_CONSUMED, <i32>p);
    store<i32>(results + R_ROWS, rows);
    store<i32>(results + R_LINES, lines);
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
    let col: u32 = 0;
    let needMore = false; // the record runs past the window: leave it for the next call
    while (true) {
      const d = descriptors + col * DESC_SIZE;
      const type = load<u32>(d, D_TYPE);
      let t: usize; // the byte that ends this field

      if (type == T_F64 || type == T_F32) {
        // Fast path: an unquoted number followed directly by a delimiter or LF/CRLF.
        const v = parseF64(p, end);
        const e = floatEnd;
        let clean = false;
        if (e > p && e < end) {
          const c = <u32>load<u8>(e);
          clean = c == delim || c == LF || (c == CR && e + 1 < end && <u32>load<u8>(e + 1) == LF);
        }
        if (clean) {
          if (type == T_F64) store<f64>(load<usize>(d, D_VALUES) + (<usize>rows << 3), v);
          else store<f32>(load<usize>(d, D_VALUES) + (<usize>rows << 2), <f32>v);
          if (load<u32>(d, D_NULLABLE)) store<u8>(load<usize>(d, D_VALIDITY) + rows, 1);
          t = e;
        } else {
          t = 0;
        }
      } else if (type != T_SKIP && type != T_STRING) {
        const m = parseInteger(p, end);
        const e = intEnd;
        let clean = false;
        if (e > p && e < end) {
          const c = <u32>load<u8>(e);
          clean = c == delim || c == LF || (c == CR && e + 1 < end && <u32>load<u8>(e + 1) == LF);
        }
        if (clean) {
          const ptr = load<usize>(d, D_VALUES) + (<usize>rows << <usize>load<u8>(SIZE_SHIFT + type));
          if (!storeInteger(type, ptr, intNegative, m, intOverflow)) {
            return setError(E_OUT_OF_RANGE, col, p, lines, p, e, false, 0);
          }
          if (load<u32>(d, D_NULLABLE)) store<u8>(load<usize>(d, D_VALIDITY) + rows, 1);
          t = e;
        } else {
          t = 0;
        }
      } else {
        t = 0;
      }

      if (t == 0) {
        // Everything else: find the field's bounds first, then deal with its value.
        const fs = scanField(p, end, last, delim, quote);
        if (fs != F_OK) {
          if (fs == F_NEED_MORE) { needMore = true; break; }
          if (fs == F_UNTERMINATED) return setError(E_UNTERMINATED_QUOTE, col, p, lines, contentStart, end, false, 0);
          return setError(E_INVALID_QUOTE, col, p, lines, p, fieldEnd + 1, false, 0);
        }
        t = fieldEnd;
        if (type == T_STRING) {
          const values = load<usize>(d, D_VALUES) + (<usize>rows << 2);
          let w = load<usize>(d, D_STR_POS);
          const nullable = load<u32>(d, D_NULLABLE) != 0;
          if (nullable) store<u8>(load<usize>(d, D_VALIDITY) + rows, (!fieldQuoted && contentStart == contentEnd) ? 0 : 1);
          if (fieldEscaped) {
            w = copyUnescaped(w, contentStart, contentEnd);
          } else {
            const len = contentEnd - contentStart;
            memory.copy(w, contentStart, len);
            w += len;
          }
          store<usize>(d, w, D_STR_POS);
          store<i32>(values, load<i32>(d, D_STR_BASE) + <i32>(w - load<usize>(d, D_STR_DATA)));
        } else if (type != T_SKIP) {
          const shift = <usize>load<u8>(SIZE_SHIFT + type);
          const ptr = load<usize>(d, D_VALUES) + (<usize>rows << shift);
          const nullable = load<u32>(d, D_NULLABLE) != 0;
          const r = fieldEscaped ? V_INVALID : parseBounded(type, contentStart, contentEnd, ptr, trim && !fieldQuoted);
          if (r == V_OK) {
            if (nullable) store<u8>(load<usize>(d, D_VALIDITY) + rows, 1);
          } else if (r == V_EMPTY && nullable) {
            storeNull(type, ptr);
            store<u8>(load<usize>(d, D_VALIDITY) + rows, 0);
          } else {
            const code = r == V_EMPTY ? E_EMPTY_VALUE : r == V_RANGE ? E_OUT_OF_RANGE : E_INVALID_NUMBER;
            return setError(code, col, p, lines, contentStart, contentEnd, fieldEscaped, 0);
          }
        }
        lines += fieldLines;
      }

      // The byte at t ends the field: delimiter, LF, CR (of CRLF, or final), or the end of input.
      if (t >= end) {
        // Only reachable with last = true: the final record lacks a newline.
        if (col + 1 < n) return setError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, <i32>col + 1);
        p = end;
        break;
      }
      const c = <u32>load<u8>(t);
      if (c == delim) {
        if (col + 1 == n) return setError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, <i32>n + 1);
        p = t + 1;
        col++;
        continue;
      }
      if (col + 1 < n) return setError(E_FIELD_COUNT, -1, recordStart, recordLines, recordStart, t, false, <i32>col + 1);
      if (c == LF) { p = t + 1; lines++; }
      else if (t + 1 < end) { p = t + 2; lines++; } // CRLF
      else p = t + 1; // a final CR
      break;
    }
    if (needMore) break;
    rows++;
  }
  return status;
}

/** Test hook: parses exactly [p, p + len) as a float; NaN with floatEnd short of the end if invalid. */
export function parseFloatText(p: usize, len: usize): f64 {
  const v = parseF64(p, p + len);
  return floatEnd == p + len ? v : NaN;
}
