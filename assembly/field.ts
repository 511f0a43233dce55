// Field boundaries: where a field's value starts and ends, RFC 4180 quoting included. The record loop
// uses this for strings, for skipped columns, and for every numeric field the fast path can't take.

import { LF, CR } from "./layout";

export const F_OK: i32 = 0;
export const F_NEED_MORE: i32 = 1; // the window ends before the field does
export const F_UNTERMINATED: i32 = 2; // input ends inside quotes
export const F_BAD_QUOTE: i32 = 3; // something other than a delimiter or record end after a closing quote

/** The value's bytes: inside the quotes for a quoted field. */
export let contentStart: usize = 0;
export let contentEnd: usize = 0;
/** The byte that ends the field: delimiter, LF, the CR of CRLF, a final CR, or the window end. */
export let fieldEnd: usize = 0;
/** LF bytes inside the field (only quoted fields have any). */
export let fieldLines: i32 = 0;
export let fieldQuoted: bool = false;
/** True when the content holds "" pairs that stand for one quote each. */
export let fieldEscaped: bool = false;

/**
 * Finds the field starting at p. With last = false, a field that touches the window end is
 * F_NEED_MORE: more input might extend it (a digit, a "" pair, the LF of a CRLF).
 */
export function scanField(p: usize, end: usize, last: bool, delimiter: u32, quote: u32): i32 {
  fieldLines = 0;
  fieldEscaped = false;
  if (p < end && <u32>load<u8>(p) == quote) {
    fieldQuoted = true;
    let q = p + 1;
    contentStart = q;
    let lines = 0;
    while (true) {
      if (ASC_FEATURE_SIMD) {
        // 16 bytes at a time up to the next quote, counting the LFs passed on the way.
        if (q + 16 <= end) {
          const v = v128.load(q);
          const mq = <u32>i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>quote)));
          const ml = <u32>i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>LF)));
          if (mq == 0) { lines += <i32>popcnt(ml); q += 16; continue; }
          const i = ctz(mq);
          lines += <i32>popcnt(ml & ((<u32>1 << i) - 1));
          q += i;
        }
      }
      if (q >= end) return last ? F_UNTERMINATED : F_NEED_MORE;
      const c = <u32>load<u8>(q);
      if (c == quote) {
        if (q + 1 >= end) {
          if (!last) return F_NEED_MORE; // can't tell a closing quote from half of ""
          contentEnd = q;
          q++;
          break;
        }
        if (<u32>load<u8>(q + 1) == quote) { fieldEscaped = true; q += 2; continue; }
        contentEnd = q;
        q++;
        break;
      }
      if (c == LF) lines++;
      q++;
    }
    fieldLines = lines;
    fieldEnd = q;
    if (q >= end) return last ? F_OK : F_NEED_MORE;
    const c = <u32>load<u8>(q);
    if (c == delimiter || c == LF) return F_OK;
    if (c == CR) {
      if (q + 1 < end) return <u32>load<u8>(q + 1) == LF ? F_OK : F_BAD_QUOTE;
      return last ? F_OK : F_NEED_MORE;
    }
    return F_BAD_QUOTE;
  }
  fieldQuoted = false;
  contentStart = p;
  let q = p;
  while (q < end) {
    if (ASC_FEATURE_SIMD) {
      // 16 bytes at a time up to the next delimiter, LF or CR.
      if (q + 16 <= end) {
        const v = v128.load(q);
        const m = <u32>i8x16.bitmask(v128.or(
          i8x16.eq(v, i8x16.splat(<i8>delimiter)),
          v128.or(i8x16.eq(v, i8x16.splat(<i8>LF)), i8x16.eq(v, i8x16.splat(<i8>CR))),
        ));
        if (m == 0) { q += 16; continue; }
        q += ctz(m);
      }
    }
    const c = <u32>load<u8>(q);
    if (c == delimiter || c == LF) break;
    if (c == CR) {
      // Only CRLF (or a CR that ends the input) ends a record; a lone CR is data.
      if (q + 1 < end) { if (<u32>load<u8>(q + 1) == LF) break; }
      else if (last) break;
      else return F_NEED_MORE;
    }
    q++;
  }
  if (q >= end && !last) return F_NEED_MORE;
  contentEnd = q;
  fieldEnd = q;
  return F_OK;
}
