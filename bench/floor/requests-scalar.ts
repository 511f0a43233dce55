// Request-log floor, scalar: one byte loop per field, seven columns straight into their arrays.
//
// Schema ts:timestamp,method:category,path:string,status:u16,bytes:u32,duration:f64,cache_hit:bool.
// Input: header skipped by the caller; LF or CRLF line ends, the last optional; a 0 byte at `end`.
// ts exactly `YYYY-MM-DDThh:mm:ss.fffZ` → epoch ms; method coded against the fixed seven HTTP methods
// (GET 0, POST 1, PUT 2, DELETE 3, PATCH 4, HEAD 5, OPTIONS 6; anything else -1, where the real core
// grows a dictionary); path quoted or not, "" unescaped, bytes appended to one buffer with end offsets;
// status/bytes plain digits; duration [-]digits[.digits] up to 15 digits (Clinger); cache_hit exactly
// `true` or `false`. Does not handle: errors (none detected or reported), newlines inside quotes
// (they would be copied, but not counted as such), other timestamp shapes or bool words, blank lines.
import { POW10, isoMs, methodCode } from "./common";

export function heapStart(): usize { return (__heap_base + 63) & ~63; }

/** out: u32 pointers ts, method, path offsets (rows + 1, [0] = 0), path bytes, status, bytes, duration, cache_hit. */
export function run(p: usize, end: usize, out: usize): i32 {
  const ts = <usize>load<u32>(out), method = <usize>load<u32>(out, 4), offs = <usize>load<u32>(out, 8);
  const data = <usize>load<u32>(out, 12), status = <usize>load<u32>(out, 16), bytes = <usize>load<u32>(out, 20);
  const dur = <usize>load<u32>(out, 24), hit = <usize>load<u32>(out, 28);
  let w = data;
  let rows: i32 = 0;
  while (p < end) {
    const r = <usize>rows;
    store<f64>(ts + (r << 3), isoMs(p));
    p += 25; // 24 bytes and the delimiter
    let q = p;
    while (<u32>load<u8>(q) != 0x2C) q++;
    store<i32>(method + (r << 2), methodCode(p, q - p));
    p = q + 1;
    if (<u32>load<u8>(p) == 0x22) {
      p++;
      while (true) {
        const c = <u32>load<u8>(p);
        if (c == 0x22) {
          if (<u32>load<u8>(p + 1) != 0x22) break;
          p++; // "" stands for one quote
        }
        store<u8>(w, <u8>c);
        w++;
        p++;
      }
      p += 2; // the closing quote and the delimiter
    } else {
      while (true) {
        const c = <u32>load<u8>(p);
        if (c == 0x2C) break;
        store<u8>(w, <u8>c);
        w++;
        p++;
      }
      p++;
    }
    store<i32>(offs + 4 + (r << 2), <i32>(w - data));
    let v: u32 = 0;
    let d = <u32>load<u8>(p) - 0x30;
    while (d <= 9) { v = v * 10 + d; p++; d = <u32>load<u8>(p) - 0x30; }
    store<u16>(status + (r << 1), <u16>v);
    p++;
    v = 0;
    d = <u32>load<u8>(p) - 0x30;
    while (d <= 9) { v = v * 10 + d; p++; d = <u32>load<u8>(p) - 0x30; }
    store<u32>(bytes + (r << 2), v);
    p++;
    const fneg = <u32>load<u8>(p) == 0x2D;
    p += <usize>fneg;
    let x: u64 = 0;
    d = <u32>load<u8>(p) - 0x30;
    while (d <= 9) { x = x * 10 + <u64>d; p++; d = <u32>load<u8>(p) - 0x30; }
    let dec: usize = 0;
    if (d == <u32>(0x2E - 0x30)) {
      p++;
      const fs = p;
      d = <u32>load<u8>(p) - 0x30;
      while (d <= 9) { x = x * 10 + <u64>d; p++; d = <u32>load<u8>(p) - 0x30; }
      dec = p - fs;
    }
    const f = <f64>x / load<f64>(POW10 + (dec << 3));
    store<f64>(dur + (r << 3), fneg ? -f : f);
    p++;
    if (load<u32>(p) == 0x65757274) { store<u8>(hit + r, 1); p += 4; } // true
    else { store<u8>(hit + r, 0); p += 5; } // false
    if (<u32>load<u8>(p) == 0x0D) p++;
    p++;
    rows++;
  }
  return rows;
}
