// Seed floor, scalar: one byte loop per field (the int, then the decimal by Clinger), straight into two arrays.
//
// Input: rows `[-]int,[-]digits[.digits]` then LF or CRLF, the last row's line end optional; the header
// is skipped by the caller (p is the first row). Ints of 1..10 digits within i32; decimals of at most
// 15 digits (w <= 2^53, Clinger exact). Needs a 0 byte at `end` (it stops the digit loops).
// Does not handle: errors of any kind (a malformed row gives wrong values silently, no report),
// quoted fields, exponents, longer decimals, blank lines, a limit on rows or record length.
import { POW10 } from "./common";

export function heapStart(): usize { return (__heap_base + 63) & ~63; }

export function run(p: usize, end: usize, ints: usize, floats: usize): i32 {
  let rows: i32 = 0;
  while (p < end) {
    const neg = <u32>load<u8>(p) == 0x2D;
    p += <usize>neg;
    let v: u32 = 0;
    let d = <u32>load<u8>(p) - 0x30;
    while (d <= 9) { v = v * 10 + d; p++; d = <u32>load<u8>(p) - 0x30; }
    store<i32>(ints + (<usize>rows << 2), neg ? -<i32>v : <i32>v);
    p++; // the delimiter
    const fneg = <u32>load<u8>(p) == 0x2D;
    p += <usize>fneg;
    let w: u64 = 0;
    d = <u32>load<u8>(p) - 0x30;
    while (d <= 9) { w = w * 10 + <u64>d; p++; d = <u32>load<u8>(p) - 0x30; }
    let dec: usize = 0;
    if (d == <u32>(0x2E - 0x30)) {
      p++;
      const fs = p;
      d = <u32>load<u8>(p) - 0x30;
      while (d <= 9) { w = w * 10 + <u64>d; p++; d = <u32>load<u8>(p) - 0x30; }
      dec = p - fs;
    }
    const x = <f64>w / load<f64>(POW10 + (dec << 3));
    store<f64>(floats + (<usize>rows << 3), fneg ? -x : x);
    if (<u32>load<u8>(p) == 0x0D) p++; // CRLF
    p++; // LF (or past the end)
    rows++;
  }
  return rows;
}
