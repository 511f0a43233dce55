// UTF-8 validation for string columns (only when the validateUtf8 option asks for it).

/** True when [p, end) is well-formed UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
export function isValidUtf8(p: usize, end: usize): bool {
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c < 0x80) { p++; continue; }
    if (c < 0xC2 || c > 0xF4) return false; // continuation byte first, overlong 2-byte lead, or > U+10FFFF
    if (c < 0xE0) {
      if (p + 1 >= end || (<u32>load<u8>(p + 1) & 0xC0) != 0x80) return false;
      p += 2;
      continue;
    }
    if (c < 0xF0) {
      if (p + 2 >= end) return false;
      const c1 = <u32>load<u8>(p + 1);
      if ((c1 & 0xC0) != 0x80 || (<u32>load<u8>(p + 2) & 0xC0) != 0x80) return false;
      if (c == 0xE0 && c1 < 0xA0) return false; // overlong
      if (c == 0xED && c1 >= 0xA0) return false; // UTF-16 surrogate
      p += 3;
      continue;
    }
    if (p + 3 >= end) return false;
    const c1 = <u32>load<u8>(p + 1);
    if ((c1 & 0xC0) != 0x80 || (<u32>load<u8>(p + 2) & 0xC0) != 0x80 || (<u32>load<u8>(p + 3) & 0xC0) != 0x80) return false;
    if (c == 0xF0 && c1 < 0x90) return false; // overlong
    if (c == 0xF4 && c1 >= 0x90) return false; // above U+10FFFF
    p += 4;
  }
  return true;
}
