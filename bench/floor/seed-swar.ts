// Seed floor, scalar SWAR: no v128 and no per-byte loop; 8 bytes at a time in a u64, the first non-digit found by a bit trick and ctz, digits converted by SWAR multiplies.
//
// Input as seed-scalar.ts: header skipped by the caller, rows `[-]int,[-]digits[.digits]` then LF or
// CRLF, the last line end optional; ints within i32, decimals of at most 15 digits (Clinger exact);
// 8 readable bytes past `end` (the driver leaves 64 zero bytes). Does not handle: errors (none
// detected or reported), quoted fields, exponents, blank lines.
import { POW10, POW10_U64, swar8 } from "./common";

export function heapStart(): usize { return (__heap_base + 63) & ~63; }

/** 0x80 in each byte of x that is not '0'..'9' (exact for the lowest such byte, which is all we use). */
// @ts-ignore: decorator
@inline function nonDigits(x: u64): u64 {
  return ((x - 0x3030303030303030) | (0x3939393939393939 - x)) & 0x8080808080808080;
}

export function run(p: usize, end: usize, ints: usize, floats: usize): i32 {
  let rows: i32 = 0;
  while (p < end) {
    const neg = <u32>load<u8>(p) == 0x2D;
    p += <usize>neg;
    let v: u64 = 0;
    let n: usize;
    do { // one step for up to 7 digits
      n = <usize>ctz(nonDigits(load<u64>(p))) >> 3;
      v = v * load<u64>(POW10_U64 + (n << 3)) + select<u64>(swar8(p, n), 0, n != 0);
      p += n;
    } while (n == 8);
    store<i32>(ints + (<usize>rows << 2), neg ? -<i32>v : <i32>v);
    p++; // the delimiter
    const fneg = <u32>load<u8>(p) == 0x2D;
    p += <usize>fneg;
    let w: u64 = 0;
    do {
      n = <usize>ctz(nonDigits(load<u64>(p))) >> 3;
      w = w * load<u64>(POW10_U64 + (n << 3)) + select<u64>(swar8(p, n), 0, n != 0);
      p += n;
    } while (n == 8);
    let dec: usize = 0;
    if (<u32>load<u8>(p) == 0x2E) {
      p++;
      do {
        n = <usize>ctz(nonDigits(load<u64>(p))) >> 3;
        w = w * load<u64>(POW10_U64 + (n << 3)) + select<u64>(swar8(p, n), 0, n != 0);
        p += n;
        dec += n;
      } while (n == 8);
    }
    const x = <f64>w / load<f64>(POW10 + (dec << 3));
    store<f64>(floats + (<usize>rows << 3), fneg ? -x : x);
    p += 1 + <usize>(<u32>load<u8>(p) == 0x0D); // LF or CRLF (or past the end)
    rows++;
  }
  return rows;
}
