// The record loop for clean records: parseChunk hands it the window; it takes records for as long
// as every field is the plain shape of its type and ends at the first record that is not, which the
// general loop then parses whole (errors, nulls, escapes, quoted newlines, trims, short windows,
// full scratch) before calling back here. A record left half done is undone by the caller
// (dropRecord: string write pointers, category entries), so it never needs to be whole here.
//
// Why a loop of its own: in parseChunk's field loop each field reloads its descriptor, dispatches on
// its type among all types, and many values stay live across the error paths, which V8 spills at
// the loop heads. Here the live set is small, the per-column facts sit in a packed table, and a
// record either completes or is handed back.

import {
  T_SKIP, T_I8, T_I16, T_I32, T_U8, T_U16, T_U32, T_I64, T_U64, T_F32, T_F64, T_STRING, T_BOOL, T_TIMESTAMP, T_CATEGORY,
  DESC_SIZE, D_TYPE, D_VALUES, D_NULLABLE, D_PARAM, D_STR_POS, D_STR_END, D_STR_BASE, D_STR_DATA, LF, CR,
} from "./layout";
import { fieldFloat, fieldFloatEnd, fieldFloatDigits } from "./float";
import { scanField, F_OK, contentStart, contentEnd, fieldEnd, fieldLines, fieldQuoted, fieldEscaped } from "./field";
import { copyPlain, copyUnescaped } from "./copy";
import { categoryCode, beginRecord } from "./category";
import { parseBool } from "./bool";
import { isoFast, fastEnd } from "./temporal";

/** Columns the table holds; wider schemas use the general loop. */
const FAST_MAX_COLUMNS: u32 = 64;
// Per column, 16 bytes: type code (u32, LONG added while the column's floats are long), value
// scratch, descriptor, parameter block: filled by fastSetup per call.
const fastTable = memory.data(FAST_MAX_COLUMNS * 16);
// Exact doubles 10^0 .. 10^22, for Clinger's single division.
const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);
// @ts-ignore: decorator
@inline const LONG: u32 = 0x100;
// @ts-ignore: decorator
@inline const TWO53: u64 = 0x20_0000_0000_0000;

/** Rows taken by the last fastRecords call (each ends with exactly one LF: as many lines). */
export let fastRows: i32 = 0;
/** The last fastRecords call may have left string bytes or category entries of a record it didn't take. */
export let fastUndo: bool = false;
/** Some column is a string, category or skipped one (fastSetup). */
let fastText: bool = false;
/** Records fastRecords stopped at (the general loop took them) and records it took, this call. */
let stops: i32 = 0;
let taken: i32 = 0;

/** Whether the delimiter and quote bytes can never be part of, or end, a number's text. */
export function fastDialect(delim: u32, quote: u32): bool {
  return outsideNumber(delim) && outsideNumber(quote);
}

function outsideNumber(b: u32): bool {
  return b != 0 && b != LF && b != CR && b - 0x30 > 9 && b != 0x2D && b != 0x2B && b != 0x2E && (b | 0x20) != 0x65;
}

/**
 * Fills the table from the descriptors; false when some column's type has no plain shape here:
 * dates, microsecond and nanosecond timestamps, formatted timestamps, and (with UTF-8 checks on)
 * strings and categories. isoLane: ISO timestamps may take isoFast (index.ts).
 */
export function fastSetup(descriptors: usize, n: u32, isoLane: bool, checkUtf8: bool): bool {
  if (n == 0 || n > FAST_MAX_COLUMNS) return false;
  fastText = false;
  stops = 0;
  taken = 0;
  for (let col: u32 = 0; col < n; col++) {
    const d = descriptors + col * DESC_SIZE;
    const type = load<u32>(d, D_TYPE);
    const param = load<usize>(d, D_PARAM);
    if (type == T_STRING || type == T_CATEGORY) fastText = true;
    if (type > T_F64) {
      if (type == T_TIMESTAMP) { if (!isoLane || param != 0) return false; }
      else if (type == T_STRING || type == T_CATEGORY) { if (checkUtf8) return false; }
      else if (type != T_BOOL) return false;
    }
    const e = fastTable + (col << 4);
    store<u32>(e, type);
    store<u32>(e, load<u32>(d, D_VALUES), 4);
    store<u32>(e, <u32>d, 8);
    store<u32>(e, <u32>param, 12);
  }
  return true;
}

/**
 * Whether fastRecords is still worth calling this call, after one that took `rows` records and
 * `stopped` at a record it could not take (rather than at the end or a limit). Each stop costs a
 * record half read twice: where more than one record in eight stops (a file of 20-digit u64s, of
 * escapes or nulls everywhere), the general loop alone is faster. Judged from 64 stops on.
 */
export function fastWorthIt(rows: i32, stopped: bool): bool {
  taken += rows;
  if (!stopped) return true;
  return ++stops < 64 || stops * 8 <= taken;
}

/**
 * Takes records from p while each is n plain fields -?digits[.digits...] ending in the delimiter,
 * then LF or CRLF, and fits the limits (rows < maxRows, length <= maxRecordBytes); values go to row
 * `rows` onward. Returns where it stopped (the start of the first record not taken) and sets
 * fastRows. Needs the 0 sentinel at `end` (digit loops stop there) and the window's slack.
 */
export function fastRecords(p: usize, end: usize, last: bool, rows: i32, maxRows: i32, n: u32, delim: u32, quote: u32, maxRecordBytes: i32): usize {
  const first = rows;
  const text = fastText;
  const lastCol = (n - 1) << 4;
  while (rows < maxRows) {
    const recordStart = p;
    if (text) {
      // A new serial before anything can stop this record: the caller's undo (dropRecord) then
      // takes back only category entries this record added, never those of the record before it.
      beginRecord();
      // A blank line is no record (a one-column string file would read it as an empty value; a
      // number field fails on it by itself).
      const first = <u32>load<u8>(p);
      if (first == LF || first == CR) break;
    }
    let q = p;
    let at: u32 = 0; // table offset of the column: col * 16
    while (true) {
      const type = load<u32>(fastTable + at);
      const values = <usize>load<u32>(fastTable + at, 4);
      let dg: u32;
      if ((type & LONG) == 0 && type - T_I8 > T_F64 - T_I8) { // T_SKIP (0), or past the numbers
        if (type == T_TIMESTAMP) {
          const x = isoFast(q);
          q = fastEnd;
          if (q == 0) break;
          store<f64>(values + (<usize>rows << 3), x);
        } else {
          // Strings, categories, bools: the field's bounds first (one line, complete), then its value.
          if (scanField(q, end, last, delim, quote) != F_OK || fieldLines != 0) break;
          const d = <usize>load<u32>(fastTable + at, 8);
          const empty = contentStart == contentEnd && !fieldQuoted; // a null if nullable
          if (type == T_STRING) {
            if (empty && load<u32>(d, D_NULLABLE) != 0) break;
            let w = load<usize>(d, D_STR_POS);
            if (w + (contentEnd - contentStart) > load<usize>(d, D_STR_END)) break;
            w = fieldEscaped ? copyUnescaped(w, contentStart, contentEnd, quote) : copyPlain(w, contentStart, contentEnd);
            store<usize>(d, w, D_STR_POS);
            store<i32>(values + (<usize>rows << 2), load<i32>(d, D_STR_BASE) + <i32>(w - load<usize>(d, D_STR_DATA)));
          } else if (type == T_CATEGORY) {
            if (empty && load<u32>(d, D_NULLABLE) != 0) break;
            const code = categoryCode(<usize>load<u32>(fastTable + at, 12), contentStart, contentEnd, fieldEscaped, quote);
            if (code < 0) break;
            store<i32>(values + (<usize>rows << 2), code);
          } else if (type == T_BOOL) {
            if (fieldEscaped) break;
            const b = parseBool(contentStart, contentEnd, <usize>load<u32>(fastTable + at, 12));
            if (b < 0) break;
            store<u8>(values + rows, <u8>b);
          } // T_SKIP: nothing to store
          q = fieldEnd;
        }
        dg = <u32>load<u8>(q) - 0x30;
      } else if (type & LONG) {
        // This column's last float needed fieldFloat (numeric data's 17 digits): straight there,
        // without the serial pass that would only find it too long again.
        const x = fieldFloat(q);
        q = fieldFloatEnd;
        if (q == 0) break;
        if (fieldFloatDigits <= 8) store<u32>(fastTable + at, type ^ LONG); // short again
        if (type == (T_F64 | LONG)) store<f64>(values + (<usize>rows << 3), x);
        else store<f32>(values + (<usize>rows << 2), <f32>x);
        dg = <u32>load<u8>(q) - 0x30;
      } else {
        let negative = false;
        if (<u32>load<u8>(q) == 0x2D) { negative = true; q++; }
        const digitsStart = q;
        let w: u64 = 0;
        dg = <u32>load<u8>(q) - 0x30; // unsigned: one compare rejects both sides of '0'..'9'
        while (dg <= 9) { w = w * 10 + dg; q++; dg = <u32>load<u8>(q) - 0x30; }
        let digits = q - digitsStart;
        if (type >= T_F32) {
          // Clinger: at most 19 digits (w exact), w <= 2^53 and at most 22 decimals: one division by
          // an exact power of ten is the correctly rounded value. Else fieldFloat reads the field again.
          let decimals: usize = 0;
          if (dg == <u32>(0x2E - 0x30)) {
            q++;
            const fractionStart = q;
            dg = <u32>load<u8>(q) - 0x30;
            while (dg <= 9) { w = w * 10 + dg; q++; dg = <u32>load<u8>(q) - 0x30; }
            decimals = q - fractionStart;
            digits += decimals;
          }
          let x: f64;
          if (digits - 1 < 19 && decimals <= 22 && w <= TWO53) {
            x = <f64>w / load<f64>(POW10 + (decimals << 3));
            if (negative) x = -x;
          } else {
            if (digits == 0) break;
            x = fieldFloat(digitsStart - <usize>negative); // the field's start
            q = fieldFloatEnd;
            if (q == 0) break;
            store<u32>(fastTable + at, type | LONG); // its next value likely long too
            dg = <u32>load<u8>(q) - 0x30;
          }
          if (type == T_F64) store<f64>(values + (<usize>rows << 3), x);
          else store<f32>(values + (<usize>rows << 2), <f32>x);
        } else {
          // At most 19 digits: no overflow (10^19 - 1 < 2^64); then the type's range. (i64 and u64
          // values run to 19 and 20 digits: bailing out at 18 sent most of such a file's records
          // through a failed try and then the general loop, half again slower than before this loop.)
          if (digits - 1 >= 19) break;
          if (type == T_I32) {
            if (w > (negative ? <u64>0x8000_0000 : <u64>0x7FFF_FFFF)) break;
            store<i32>(values + (<usize>rows << 2), negative ? -<i32>w : <i32>w);
          } else if (type == T_U32 || type == T_U16 || type == T_U8) {
            if (negative && w != 0) break;
            if (type == T_U32) {
              if (w > 0xFFFF_FFFF) break;
              store<u32>(values + (<usize>rows << 2), <u32>w);
            } else if (type == T_U16) {
              if (w > 0xFFFF) break;
              store<u16>(values + (<usize>rows << 1), <u16>w);
            } else {
              if (w > 0xFF) break;
              store<u8>(values + rows, <u8>w);
            }
          } else if (type == T_I64) {
            if (w > (negative ? <u64>0x8000_0000_0000_0000 : <u64>0x7FFF_FFFF_FFFF_FFFF)) break;
            store<i64>(values + (<usize>rows << 3), negative ? -<i64>w : <i64>w);
          } else if (type == T_U64) {
            if (negative && w != 0) break;
            store<u64>(values + (<usize>rows << 3), w);
          } else if (type == T_I16) {
            if (w > (negative ? <u64>0x8000 : <u64>0x7FFF)) break;
            store<i16>(values + (<usize>rows << 1), negative ? -<i16>w : <i16>w);
          } else { // T_I8
            if (w > (negative ? <u64>0x80 : <u64>0x7F)) break;
            store<i8>(values + rows, negative ? -<i8>w : <i8>w);
          }
        }
      }
      // dg + '0' is the byte at q, which ends the field: the delimiter before the last column, the
      // record's LF (or CRLF) after it. The 0 sentinel at `end` fails both, so q < end holds.
      const c = dg + 0x30;
      if (at != lastCol) {
        if (c != delim) break;
        q++;
        at += 16;
        continue;
      }
      if (c == LF) q++;
      else if (c == CR && <u32>load<u8>(q + 1) == LF && q + 1 < end) q += 2;
      else break;
      if (<i32>(q - recordStart) > maxRecordBytes) break; // the general loop reports it
      p = q;
      rows++;
      break;
    }
    if (p == recordStart) break;
  }
  fastRows = rows - first;
  fastUndo = fastText && rows < maxRows;
  return p;
}
