// Category dictionaries for the pure-JS engine: assembly/category.ts step for step, over the same
// parameter block layout (layout.ts P_*) in the engine's ArrayBuffer. Keep the two in step.

import {
  P_COUNT, P_MAX, P_ENDS, P_ENTRY_CAP, P_DATA, P_DATA_LEN, P_DATA_CAP, P_SLOTS, P_SLOT_MASK, P_REHASH, P_SERIAL, P_MARK,
} from './layout.js';

export const CAT_TOO_MANY = -1;
export const CAT_FULL = -2;
export let categoryNeeded = 0;

let recordSerial = 1;

export function beginRecord(): void {
  recordSerial = (recordSerial + 1) >>> 0;
}

function hash(u8: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  while (s < e) { h = Math.imul(h ^ u8[s], 0x01000193) >>> 0; s++; }
  return h;
}

const W = (off: number) => off >> 2;

function entryStart(i32: Int32Array, b: number, code: number): number {
  return code === 0 ? 0 : i32[(i32[b + W(P_ENDS)] >> 2) + code - 1];
}

function findSlot(u8: Uint8Array, i32: Int32Array, b: number, s: number, e: number): number {
  const slots = i32[b + W(P_SLOTS)] >> 2;
  const mask = i32[b + W(P_SLOT_MASK)];
  const data = i32[b + W(P_DATA)];
  const ends = i32[b + W(P_ENDS)] >> 2;
  const len = e - s;
  let i = hash(u8, s, e) & mask;
  for (;;) {
    const slot = slots + i;
    const v = i32[slot];
    if (v === 0) return slot;
    const code = v - 1;
    const end = i32[ends + code];
    const start = code === 0 ? 0 : i32[ends + code - 1];
    if (end - start === len) {
      let k = 0;
      const at = data + start;
      while (k < len && u8[at + k] === u8[s + k]) k++;
      if (k === len) return slot;
    }
    i = (i + 1) & mask;
  }
}

function rehash(u8: Uint8Array, i32: Int32Array, b: number): void {
  const slots = i32[b + W(P_SLOTS)] >> 2;
  i32.fill(0, slots, slots + i32[b + W(P_SLOT_MASK)] + 1);
  const data = i32[b + W(P_DATA)];
  const count = i32[b + W(P_COUNT)];
  const ends = i32[b + W(P_ENDS)] >> 2;
  for (let code = 0; code < count; code++) {
    i32[findSlot(u8, i32, b, data + entryStart(i32, b, code), data + i32[ends + code])] = code + 1;
  }
  i32[b + W(P_REHASH)] = 0;
}

/** The code of [s, e) in the dictionary whose block starts at word b (see assembly/category.ts). */
export function categoryCode(u8: Uint8Array, i32: Int32Array, b: number, s: number, e: number, escaped: boolean, quote: number): number {
  if (i32[b + W(P_REHASH)] !== 0) rehash(u8, i32, b);
  const data = i32[b + W(P_DATA)];
  const dataLen = i32[b + W(P_DATA_LEN)];
  const count = i32[b + W(P_COUNT)];
  if (escaped) {
    if (dataLen + (e - s) > i32[b + W(P_DATA_CAP)]) { categoryNeeded = e - s; return CAT_FULL; }
    let w = data + dataLen;
    while (s < e) {
      const c = u8[s];
      u8[w++] = c;
      s += c === quote ? 2 : 1;
    }
    s = data + dataLen;
    e = w;
  }
  const slot = findSlot(u8, i32, b, s, e);
  const v = i32[slot];
  if (v !== 0) return v - 1;
  if (count >= i32[b + W(P_MAX)]) return CAT_TOO_MANY;
  const len = e - s;
  if (count >= i32[b + W(P_ENTRY_CAP)] || dataLen + len > i32[b + W(P_DATA_CAP)]) { categoryNeeded = len; return CAT_FULL; }
  if (!escaped) u8.copyWithin(data + dataLen, s, e);
  i32[(i32[b + W(P_ENDS)] >> 2) + count] = dataLen + len;
  i32[b + W(P_DATA_LEN)] = dataLen + len;
  i32[slot] = count + 1;
  if (i32[b + W(P_SERIAL)] >>> 0 !== recordSerial) {
    i32[b + W(P_SERIAL)] = recordSerial;
    i32[b + W(P_MARK)] = count;
  }
  i32[b + W(P_COUNT)] = count + 1;
  return count;
}

/** The current record is not kept: takes back the entries it added (block at word b). */
export function rollbackCategory(u8: Uint8Array, i32: Int32Array, b: number): void {
  if (i32[b + W(P_SERIAL)] >>> 0 !== recordSerial) return;
  i32[b + W(P_SERIAL)] = 0;
  const mark = i32[b + W(P_MARK)];
  const data = i32[b + W(P_DATA)];
  const ends = i32[b + W(P_ENDS)] >> 2;
  let count = i32[b + W(P_COUNT)];
  while (count > mark) {
    count--;
    const start = entryStart(i32, b, count);
    i32[findSlot(u8, i32, b, data + start, data + i32[ends + count])] = 0;
    i32[b + W(P_DATA_LEN)] = start;
  }
  i32[b + W(P_COUNT)] = count;
}
