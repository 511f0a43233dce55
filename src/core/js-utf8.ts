// UTF-8 validation for string columns under validateUtf8 (the pure-JS twin of assembly/utf8.ts).

/** True when bytes [p, end) are well-formed UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
export function isValidUtf8(u8: Uint8Array, p: number, end: number): boolean {
  while (p < end) {
    const c = u8[p];
    if (c < 0x80) { p++; continue; }
    if (c < 0xc2 || c > 0xf4) return false; // continuation byte first, overlong 2-byte lead, or > U+10FFFF
    if (c < 0xe0) {
      if (p + 1 >= end || (u8[p + 1] & 0xc0) !== 0x80) return false;
      p += 2;
      continue;
    }
    if (c < 0xf0) {
      if (p + 2 >= end) return false;
      const c1 = u8[p + 1];
      if ((c1 & 0xc0) !== 0x80 || (u8[p + 2] & 0xc0) !== 0x80) return false;
      if (c === 0xe0 && c1 < 0xa0) return false; // overlong
      if (c === 0xed && c1 >= 0xa0) return false; // UTF-16 surrogate
      p += 3;
      continue;
    }
    if (p + 3 >= end) return false;
    const c1 = u8[p + 1];
    if ((c1 & 0xc0) !== 0x80 || (u8[p + 2] & 0xc0) !== 0x80 || (u8[p + 3] & 0xc0) !== 0x80) return false;
    if (c === 0xf0 && c1 < 0x90) return false; // overlong
    if (c === 0xf4 && c1 >= 0x90) return false; // above U+10FFFF
    p += 4;
  }
  return true;
}
