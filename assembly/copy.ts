// Copying a string field's bytes into its column's scratch (the record loops in index.ts and fast.ts).

/** Copies a quoted field's content, turning each "" into one quote. Returns the new write pointer. */
export function copyUnescaped(w: usize, s: usize, e: usize, quote: u32): usize {
  if (ASC_FEATURE_SIMD) {
    // 16 bytes at a time up to the next quote. The store may run past the bytes kept, but never past
    // w + (e - s): unescaped content is no longer than its source, and the scratch holds the window.
    while (s + 16 <= e) {
      const v = v128.load(s);
      v128.store(w, v);
      const m = <u32>i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>quote)));
      if (m == 0) { s += 16; w += 16; continue; }
      const i = ctz(m);
      w += i + 1; // the first quote of the pair is stored, the second skipped
      s += i + 2;
    }
  }
  while (s < e) {
    const c = load<u8>(s);
    store<u8>(w, c);
    w++;
    s += (<u32>c == quote) ? 2 : 1;
  }
  return w;
}

/** Copies [s, e) to w. Returns the new write pointer. */
// @ts-ignore: decorator
@inline export function copyPlain(w: usize, s: usize, e: usize): usize {
  const len = e - s;
  if (ASC_FEATURE_SIMD) {
    if (len <= 64) {
      // Short strings: whole 16-byte blocks, then one overlapping block for the rest. Stores stay
      // within [w, w + len): the scratch holds at least what is copied.
      if (len >= 16) {
        let i: usize = 0;
        while (i + 16 <= len) { v128.store(w + i, v128.load(s + i)); i += 16; }
        if (i < len) v128.store(w + len - 16, v128.load(s + len - 16));
        return w + len;
      }
    }
  }
  memory.copy(w, s, len);
  return w + len;
}
