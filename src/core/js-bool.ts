// Booleans for the pure-JS engine: assembly/bool.ts over a Uint8Array (a field is one of its column's words).

/** 1 or 0 for a word of the list at w (layout.ts: bool parameter blocks), -1 for anything else. */
export function parseBool(u8: Uint8Array, s: number, e: number, w: number): number {
  const len = e - s;
  let n = u8[w];
  while (n !== 0) {
    if (n === len) {
      let i = 0;
      while (i < n) {
        let c = u8[s + i];
        if ((c - 0x41) >>> 0 < 26) c |= 0x20;
        if (c !== u8[w + 2 + i]) break;
        i++;
      }
      if (i === n) return u8[w + 1];
    }
    w += 2 + n;
    n = u8[w];
  }
  return -1;
}
