// Integer fields: [+-]? digits, range-checked per column type, never wrapped.

import { T_I8, T_I16, T_I32, T_U8, T_U16, T_U32, T_I64 } from "./layout";

/** Position just past the text consumed by the last parseInteger call (== p when nothing matched). */
export let intEnd: usize = 0;
/** Sign of the last parsed integer. */
export let intNegative: bool = false;
/** True when the magnitude did not fit in 64 bits (the digits were still consumed). */
export let intOverflow: bool = false;

/** Parses the longest prefix of [p, end) that is [+-]?[0-9]+ and returns its magnitude. */
// @ts-ignore: decorator
@inline export function parseInteger(p: usize, end: usize): u64 {
  let q = p;
  let negative = false;
  if (q < end) {
    const c = load<u8>(q);
    if (c == 0x2d) { negative = true; q++; } else if (c == 0x2b) q++;
  }
  const digitsStart = q;
  let value: u64 = 0;
  // Up to 19 digits cannot overflow u64, so the common loop has no overflow test.
  let safeEnd = q + 19;
  if (safeEnd > end) safeEnd = end;
  while (q < safeEnd) {
    const d = <u32>load<u8>(q) - 0x30;
    if (d > 9) break;
    value = value * 10 + d;
    q++;
  }
  let overflow = false;
  if (q == safeEnd) {
    // Long digit runs: leading zeros are harmless, so overflow is judged on the value itself.
    while (q < end) {
      const d = <u32>load<u8>(q) - 0x30;
      if (d > 9) break;
      if (value > (0xFFFFFFFFFFFFFFFF - <u64>d) / 10) overflow = true;
      else value = value * 10 + d;
      q++;
    }
  }
  if (q == digitsStart) { intEnd = p; return 0; }
  intEnd = q;
  intNegative = negative;
  intOverflow = overflow;
  return value;
}

/** Stores sign+magnitude as `type` at ptr; returns false when the value is outside the type's range. */
// @ts-ignore: decorator
@inline export function storeInteger(type: u32, ptr: usize, negative: bool, magnitude: u64, overflow: bool): bool {
  if (overflow) return false;
  if (type == T_I32) {
    if (magnitude > (negative ? <u64>0x80000000 : <u64>0x7FFFFFFF)) return false;
    store<i32>(ptr, negative ? -<i32>magnitude : <i32>magnitude);
  } else if (type == T_I64) {
    if (magnitude > (negative ? <u64>0x8000000000000000 : <u64>0x7FFFFFFFFFFFFFFF)) return false;
    store<i64>(ptr, negative ? -<i64>magnitude : <i64>magnitude);
  } else if (type == T_I8) {
    if (magnitude > (negative ? <u64>0x80 : <u64>0x7F)) return false;
    store<i8>(ptr, negative ? -<i8>magnitude : <i8>magnitude);
  } else if (type == T_I16) {
    if (magnitude > (negative ? <u64>0x8000 : <u64>0x7FFF)) return false;
    store<i16>(ptr, negative ? -<i16>magnitude : <i16>magnitude);
  } else {
    // Unsigned: "-0" is zero, any other negative is out of range.
    if (negative && magnitude != 0) return false;
    if (type == T_U8) {
      if (magnitude > 0xFF) return false;
      store<u8>(ptr, <u8>magnitude);
    } else if (type == T_U16) {
      if (magnitude > 0xFFFF) return false;
      store<u16>(ptr, <u16>magnitude);
    } else if (type == T_U32) {
      if (magnitude > 0xFFFFFFFF) return false;
      store<u32>(ptr, <u32>magnitude);
    } else {
      store<u64>(ptr, magnitude);
    }
  }
  return true;
}
