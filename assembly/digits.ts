// Eight ASCII bytes at a time (SWAR): how many leading bytes are digits, and their value.
//
// Both work on a little-endian u64 load, so byte 0 (the first character) is the lowest byte and the
// most significant digit. Callers load 8 bytes at a digit run's start; the bytes past the run (the
// next field, or the driver's zeroed slack after the window) are read but never used.

// Exact 10^0 .. 10^8 as integers, for joining a run of n digits onto what came before.
// @ts-ignore: decorator
@lazy export const POW10_U64: usize = memory.data<u64>([
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
]);

/**
 * Leading digit bytes of v, 0..8. A byte b is a digit iff neither b - '0' nor b + ('\x80' - ':')
 * sets its top bit. Borrows and carries only move upwards and only out of a non-digit byte, so every
 * byte below the first non-digit is judged exactly, and that is all ctz looks at.
 */
// @ts-ignore: decorator
@inline export function digitRun(v: u64): u32 {
  const bad = ((v - 0x3030_3030_3030_3030) | (v + 0x4646_4646_4646_4646)) & 0x8080_8080_8080_8080;
  return <u32>ctz(bad) >> 3;
}

/**
 * The value of the first n (0..8) digit bytes of v. The digits are shifted to the top of the word,
 * leaving zero bytes below them (leading zeros) and dropping the bytes past the run; then three
 * multiply-and-mask steps join neighbours: 2 digits per u16, 4 per u32, 8 in all (each < 2^27).
 * Each step is one multiply by (scale << lane bits) + 1, i.e. x * scale + (x >> lane bits) in one
 * product: what overflows 64 bits only reaches the lane the mask drops.
 */
// @ts-ignore: decorator
@inline export function digitsValue(v: u64, n: u32): u64 {
  let x = (v - 0x3030_3030_3030_3030) << (<u64>(64 - (n << 3)) & 63);
  x = ((x * (10 << 8 | 1)) >> 8) & 0x00FF_00FF_00FF_00FF;
  x = ((x * (100 << 16 | 1)) >> 16) & 0x0000_FFFF_0000_FFFF;
  x = (x * (<u64>10000 << 32 | 1)) >> 32;
  return n != 0 ? x : 0; // n = 0 would shift by 64, i.e. by nothing
}

/** '0' characters from s before the first other digit, a '.' passed over (leading zeros of a number). */
export function leadingZeros(s: usize, e: usize): usize {
  let z: usize = 0;
  while (s < e) {
    const c = <u32>load<u8>(s);
    if (c == 0x30) z++;
    else if (c != 0x2E) break;
    s++;
  }
  return z;
}
