// Exact counts per distinct byte string: an open-addressing hash table whose keys live in an arena it owns.

/** Arena chunks double from the first size to the last: a small column costs little, a large one has few chunks. */
const FIRST_CHUNK = 1 << 16;
const CHUNK = 1 << 22;

export interface DistinctOptions {
  /** Most distinct values held; past it `add` refuses new ones (default: no limit). */
  limit?: number;
  /** Initial slots, a power of two (tests force growth and collisions with a tiny one). */
  slots?: number;
  /** ANDed into every hash (tests pass a small mask to make most values collide). */
  hashMask?: number;
}

/**
 * Values are byte ranges of a caller's buffer (a batch, dropped after `add`), so a new value's bytes
 * are copied into chunks owned here. Entry e (0 ≤ e < size, in order of first appearance) has its
 * bytes at `chunks[meta[3e]]`, from `meta[3e+1]`, `meta[3e+2]` long, and its count in `counts[e]`.
 * Equal bytes ⇔ same entry: counts are exact, whatever the hash does.
 */
export class DistinctBytes {
  /** Distinct values held. */
  size = 0;
  private readonly limit: number;
  private readonly hashMask: number;
  /** Two Int32 per slot: entry + 1 (0 = empty) and its hash, so a probe that misses reads one cache line. */
  private slots: Int32Array;
  private slotMask: number;
  private meta: Int32Array;
  private counts: Float64Array;
  private chunk = new Uint8Array(0);
  /** Starts with an empty chunk, where empty values can point before anything is allocated. */
  private chunks: Uint8Array[] = [this.chunk];
  private used = 0;
  /** addColumn's hashes of one group of rows. */
  private readonly groupHashes = new Int32Array(16);
  /** Where addColumn's prefetching loads go, so the compiler cannot drop them as unused. */
  touched = 0;

  constructor(options: DistinctOptions = {}) {
    this.limit = options.limit ?? Infinity;
    this.hashMask = options.hashMask ?? -1;
    const n = options.slots ?? 1024;
    if (!(n >= 2 && (n & (n - 1)) === 0)) throw new RangeError(`slots must be a power of two ≥ 2, got ${n}`);
    this.slots = new Int32Array(2 * n);
    this.slotMask = n - 1;
    this.meta = new Int32Array(3 * (n >> 1));
    this.counts = new Float64Array(n >> 1);
  }

  /**
   * Adds k to the count of the value `bytes[start, end)`. False, and nothing counted, when the value
   * is new and the table already holds `limit` values.
   */
  add(bytes: Uint8Array, start: number, end: number, k: number): boolean {
    return this.addHashed(bytes, start, end, k, hashBytes(bytes, start, end) & this.hashMask) >= 0;
  }

  /** As `add` with k = 1, but says which entry the value is (entries are numbered in order of first appearance), or −1. */
  entryOf(bytes: Uint8Array, start: number, end: number): number {
    return this.addHashed(bytes, start, end, 1, hashBytes(bytes, start, end) & this.hashMask);
  }

  /**
   * Counts once each non-null value of a string column (`bits`: its validity, undefined for none)
   * and returns how many were null; `refused(i)` is told of each row `add` would have refused.
   */
  addColumn(data: Uint8Array, offsets: Int32Array, n: number, bits: Uint8Array | undefined, refused: (i: number) => void): number {
    const hashes = this.groupHashes;
    const G = hashes.length;
    let nulls = 0;
    for (let g = 0; g < n; g += G) {
      const end = Math.min(n, g + G);
      for (let i = g; i < end; i++) hashes[i - g] = hashBytes(data, offsets[i], offsets[i + 1]) & this.hashMask;
      // Group prefetching: the table is far larger than the cache, and each row's first probe is a
      // miss. Touching the group's slots in a loop of independent loads lets the CPU wait for all
      // of them at once instead of one after the other; the probes below then hit the cache.
      const slots = this.slots;
      const mask = this.slotMask;
      let touched = 0;
      for (let i = g; i < end; i++) touched |= slots[2 * (hashes[i - g] & mask)];
      this.touched = touched;
      for (let i = g; i < end; i++) {
        if (bits !== undefined && (bits[i >> 3] & (1 << (i & 7))) === 0) nulls++;
        else if (this.addHashed(data, offsets[i], offsets[i + 1], 1, hashes[i - g]) < 0) refused(i);
      }
    }
    return nulls;
  }

  /** The value's entry, its count raised by k; −1 when it is new and the table is full. */
  private addHashed(bytes: Uint8Array, start: number, end: number, k: number, h: number): number {
    const len = end - start;
    const slots = this.slots;
    const mask = this.slotMask;
    // Linear probing: the hash is finalised (fmix32), so its low bits spread well enough.
    let slot = h & mask;
    for (;;) {
      const s = slots[2 * slot];
      if (s === 0) break;
      // The hash stored beside the entry rejects almost every other value without touching its bytes.
      if (slots[2 * slot + 1] === h && this.equals(s - 1, bytes, start, len)) {
        this.counts[s - 1] += k;
        return s - 1;
      }
      slot = (slot + 1) & mask;
    }
    if (this.size >= this.limit) return -1;
    const e = this.size++;
    if (e === this.counts.length) this.growEntries();
    this.store(e, bytes, start, len);
    this.counts[e] = k;
    slots[2 * slot] = e + 1;
    slots[2 * slot + 1] = h;
    // Load ≤ 1/2 keeps probe runs short; a full table (size = limit) takes no more values, so a
    // larger one would only cost memory.
    if (2 * this.size > mask && this.size < this.limit) this.growSlots();
    return e;
  }

  /** The count of entry e. */
  count(e: number): number {
    return this.counts[e];
  }

  /** Entry e's bytes (a view into the arena: copy it to keep it past later calls). */
  bytes(e: number): Uint8Array {
    const m = this.meta;
    return this.chunks[m[3 * e]].subarray(m[3 * e + 1], m[3 * e + 1] + m[3 * e + 2]);
  }

  /** Byte order of entries a and b (shorter first on a common prefix): < 0, 0 or > 0. */
  compare(a: number, b: number): number {
    const m = this.meta;
    return compareBytes(this.chunks[m[3 * a]], m[3 * a + 1], m[3 * a + 2], this.chunks[m[3 * b]], m[3 * b + 1], m[3 * b + 2]);
  }

  private equals(e: number, bytes: Uint8Array, start: number, len: number): boolean {
    const m = this.meta;
    if (m[3 * e + 2] !== len) return false;
    const c = this.chunks[m[3 * e]];
    const at = m[3 * e + 1] - start;
    for (let i = start, end = start + len; i < end; i++) if (c[i + at] !== bytes[i]) return false;
    return true;
  }

  private store(e: number, bytes: Uint8Array, start: number, len: number): void {
    if (this.used + len > this.chunk.length) {
      // A value longer than a chunk gets a chunk of its own size; the rest of the old one is left unused.
      this.chunk = new Uint8Array(Math.max(Math.min(CHUNK, Math.max(FIRST_CHUNK, 2 * this.chunk.length)), len));
      this.chunks.push(this.chunk);
      this.used = 0;
    }
    // A byte loop beats set(subarray()) for the short values that are the common case: no view object.
    const c = this.chunk;
    const at = this.used - start;
    if (len > 64) c.set(bytes.subarray(start, start + len), this.used);
    else for (let i = start, end = start + len; i < end; i++) c[i + at] = bytes[i];
    const m = this.meta;
    m[3 * e] = this.chunks.length - 1;
    m[3 * e + 1] = this.used;
    m[3 * e + 2] = len;
    this.used += len;
  }

  private growEntries(): void {
    const meta = new Int32Array(this.meta.length * 2);
    meta.set(this.meta);
    this.meta = meta;
    const counts = new Float64Array(this.counts.length * 2);
    counts.set(this.counts);
    this.counts = counts;
  }

  /**
   * Doubles the slots and re-places every entry from the hash stored in its slot (no bytes read).
   * Walking the old slots in order sends entries to slots i and i + n/2 of the new array, two
   * sequential streams, where walking the entries would write all over a table larger than the cache.
   */
  private growSlots(): void {
    const old = this.slots;
    const n = 2 * (this.slotMask + 1);
    const slots = new Int32Array(2 * n);
    const mask = n - 1;
    for (let i = 0; i < old.length; i += 2) {
      const s = old[i];
      if (s === 0) continue;
      const h = old[i + 1];
      let slot = h & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = s;
      slots[2 * slot + 1] = h;
    }
    this.slots = slots;
    this.slotMask = mask;
  }
}

/** Byte order of a[as, as+al) and b[bs, bs+bl), as JS compares Latin-1 strings: < 0, 0 or > 0. */
export function compareBytes(a: Uint8Array, as: number, al: number, b: Uint8Array, bs: number, bl: number): number {
  const n = Math.min(al, bl);
  for (let i = 0; i < n; i++) {
    const d = a[as + i] - b[bs + i];
    if (d !== 0) return d;
  }
  return al - bl;
}

/**
 * 32-bit hash of bytes[start, end): FxHash's rotate-xor-multiply over little-endian 4-byte words
 * (a quarter of the multiplies of byte-wise FNV-1a), the length folded in, then murmur3's fmix32 so
 * the low bits that pick a slot depend on every input bit.
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = end - start;
  let i = start;
  for (const last = end - 3; i < last; i += 4) {
    const w = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h = Math.imul(((h << 5) | (h >>> 27)) ^ w, 0x27d4eb2d);
  }
  if (i < end) {
    // The 1–3 bytes left, as one partial word (the length above tells "a" from "a\0").
    let w = bytes[i];
    if (i + 1 < end) w |= bytes[i + 1] << 8;
    if (i + 2 < end) w |= bytes[i + 2] << 16;
    h = Math.imul(((h << 5) | (h >>> 27)) ^ w, 0x27d4eb2d);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
