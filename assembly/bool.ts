// Booleans: a field is one of its column's words (ASCII case ignored), each meaning true or false.

/**
 * 1 or 0 for a word of the list at `words` (entries [len u8, value u8, len lower-case bytes], then a
 * 0 byte: see layout.ts), -1 for anything else. The field [s, e) is compared with ASCII letters
 * folded to lower case.
 */
export function parseBool(s: usize, e: usize, words: usize): i32 {
  const len = <u32>(e - s);
  let w = words;
  let n = <u32>load<u8>(w);
  while (n != 0) {
    if (n == len) {
      let i: u32 = 0;
      while (i < n) {
        let c = <u32>load<u8>(s + i);
        if (c - 0x41 < 26) c |= 0x20; // A-Z
        if (c != <u32>load<u8>(w + 2 + i)) break;
        i++;
      }
      if (i == n) return <i32>load<u8>(w + 1);
    }
    w += 2 + n;
    n = <u32>load<u8>(w);
  }
  return -1;
}
