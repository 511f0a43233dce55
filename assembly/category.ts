// Category columns: a dictionary per column (entries in order of first appearance) with an
// open-addressing hash table over the entries' bytes, all in linear memory laid out by the driver
// (layout.ts P_*), so a value costs a hash and a compare, never a JS string.
//
// Entries added by a record that is then not kept (dropped by the skip policy, or left for the next
// call) are taken back, so the dictionary holds exactly the distinct values of the kept rows, in
// order, however the input is cut into calls. Linear probing makes that exact: the entries taken
// back are the newest, and removing the newest key never breaks another key's probe chain.

import {
  P_COUNT, P_MAX, P_ENDS, P_ENTRY_CAP, P_DATA, P_DATA_LEN, P_DATA_CAP, P_SLOTS, P_SLOT_MASK, P_REHASH, P_SERIAL, P_MARK,
} from "./layout";

/** categoryCode: a new value past maxCategories. */
export const CAT_TOO_MANY: i32 = -1;
/** categoryCode: no room in the dictionary; categoryNeeded bytes must fit in its data. */
export const CAT_FULL: i32 = -2;
/** Bytes the value needs when categoryCode answers CAT_FULL. */
export let categoryNeeded: i32 = 0;

/** The current record, to know which entries it added. */
let recordSerial: u32 = 1;

/** A new record starts. */
// @ts-ignore: decorator
@inline export function beginRecord(): void { recordSerial++; }

/** FNV-1a over [s, e). */
function hash(s: usize, e: usize): u32 {
  let h: u32 = 0x811C9DC5;
  while (s < e) { h = (h ^ <u32>load<u8>(s)) * 0x01000193; s++; }
  return h;
}

// @ts-ignore: decorator
@inline function entryStart(b: usize, code: i32): u32 {
  return code == 0 ? 0 : load<u32>(load<usize>(b, P_ENDS) + (<usize>(code - 1) << 2));
}

/** The slot holding `code` or, for a new value, the empty slot where it goes; [s, e) are its bytes. */
function findSlot(b: usize, s: usize, e: usize): usize {
  const slots = load<usize>(b, P_SLOTS);
  const mask = load<u32>(b, P_SLOT_MASK);
  const data = load<usize>(b, P_DATA);
  const ends = load<usize>(b, P_ENDS);
  const len = <u32>(e - s);
  let i = hash(s, e) & mask;
  while (true) {
    const slot = slots + (<usize>i << 2);
    const v = load<i32>(slot);
    if (v == 0) return slot;
    const code = v - 1;
    const end = load<u32>(ends + (<usize>code << 2));
    const start = code == 0 ? 0 : load<u32>(ends + (<usize>(code - 1) << 2));
    if (end - start == len && memory.compare(data + start, s, len) == 0) return slot;
    i = (i + 1) & mask;
  }
}

/** After the driver moved or grew the table: every entry gets its slot again. */
function rehash(b: usize): void {
  const slots = load<usize>(b, P_SLOTS);
  memory.fill(slots, 0, (<usize>load<u32>(b, P_SLOT_MASK) + 1) << 2);
  const data = load<usize>(b, P_DATA);
  const count = load<i32>(b, P_COUNT);
  for (let code = 0; code < count; code++) {
    const start = entryStart(b, code);
    const end = load<u32>(load<usize>(b, P_ENDS) + (<usize>code << 2));
    store<i32>(findSlot(b, data + start, data + end), code + 1);
  }
  store<u32>(b, 0, P_REHASH);
}

/**
 * The code of the value [s, e) (a quoted field's content; `escaped`: it holds "" pairs) in the
 * dictionary at `b`, adding it when new; CAT_TOO_MANY or CAT_FULL when it can't be added.
 */
export function categoryCode(b: usize, s: usize, e: usize, escaped: bool, quote: u32): i32 {
  if (load<u32>(b, P_REHASH) != 0) rehash(b);
  const data = load<usize>(b, P_DATA);
  const dataLen = load<u32>(b, P_DATA_LEN);
  const count = load<i32>(b, P_COUNT);
  if (escaped) {
    // Unescape to the free end of the data: a new entry is then in place already.
    if (dataLen + <u32>(e - s) > load<u32>(b, P_DATA_CAP)) { categoryNeeded = <i32>(e - s); return CAT_FULL; }
    let w = data + dataLen;
    while (s < e) {
      const c = <u32>load<u8>(s);
      store<u8>(w, <u8>c);
      w++;
      s += c == quote ? 2 : 1;
    }
    s = data + dataLen;
    e = w;
  }
  const slot = findSlot(b, s, e);
  const v = load<i32>(slot);
  if (v != 0) return v - 1;
  if (count >= load<i32>(b, P_MAX)) return CAT_TOO_MANY;
  const len = <u32>(e - s);
  if (count >= load<i32>(b, P_ENTRY_CAP) || dataLen + len > load<u32>(b, P_DATA_CAP)) { categoryNeeded = <i32>len; return CAT_FULL; }
  if (!escaped) memory.copy(data + dataLen, s, len);
  store<u32>(load<usize>(b, P_ENDS) + (<usize>count << 2), dataLen + len);
  store<u32>(b, dataLen + len, P_DATA_LEN);
  store<i32>(slot, count + 1);
  if (load<u32>(b, P_SERIAL) != recordSerial) {
    store<u32>(b, recordSerial, P_SERIAL);
    store<i32>(b, count, P_MARK);
  }
  store<i32>(b, count + 1, P_COUNT);
  return count;
}

/** The current record is not kept: takes back the entries it added to the dictionary at `b`. */
export function rollbackCategory(b: usize): void {
  if (load<u32>(b, P_SERIAL) != recordSerial) return;
  store<u32>(b, 0, P_SERIAL);
  const mark = load<i32>(b, P_MARK);
  const data = load<usize>(b, P_DATA);
  let count = load<i32>(b, P_COUNT);
  while (count > mark) {
    count--;
    const start = entryStart(b, count);
    const end = load<u32>(load<usize>(b, P_ENDS) + (<usize>count << 2));
    store<i32>(findSlot(b, data + start, data + end), 0);
    store<u32>(b, start, P_DATA_LEN);
  }
  store<i32>(b, count, P_COUNT);
}
