// Growable column storage owned by JS. The driver copies each core call's output (a few hundred KB
// at most) from linear memory into these, so the user's arrays never alias wasm memory.

import type { BufferPool } from './buffer-pool.js';
import { ARRAY_CONSTRUCTORS, type NumericArray, type NumericType } from './schema.js';

/** Above this size a final array is never trimmed by copying: we return a view (see finish). */
const TRIM_BY_COPY_BYTES = 4 * 1024 * 1024;
/** Below this size a final array is always trimmed by copying: the copy costs next to nothing. */
const ALWAYS_TRIM_BYTES = 64 * 1024;
/**
 * A column grown in place in a reserved buffer is copied out up to this size, so that a small column
 * never holds a reservation of up to 4 GiB of address space; past it, it stays a view: copying out a
 * 500,000-row f64 column (4 MB) of a web stream touched its pages twice (1.4× parseFile's time on
 * 20 such columns).
 */
const KEEP_RESERVED_BYTES = 1024 * 1024;

/**
 * Whether a final array of `used` bytes in a buffer of `allocated` is copied out rather than viewed:
 * only when it is small and the buffer holds much more than it (over an eighth). Copying costs a
 * second set of fresh pages: a 500,000-row file of 20 f64 columns (4 MB each, sized within 5%
 * from the file's size) took 41k page faults where its output is 19.5k pages, and 1.2 s of CPU
 * where views take 0.87 s.
 */
function trimByCopy(used: number, allocated: number): boolean {
  return used <= TRIM_BY_COPY_BYTES && (allocated <= ALWAYS_TRIM_BYTES || allocated - used > used / 8);
}

/** The typed arrays a builder finishes: values, string bytes and offsets. */
interface Finishable<T> {
  readonly length: number;
  readonly BYTES_PER_ELEMENT: number;
  subarray(begin: number, end: number): T;
  slice(begin: number, end: number): T;
}

/**
 * The first `length` elements of a builder's array, as the user gets them. One grown in place is a
 * view when large (shrinking the reserved buffer would zero its unused tail, touching pages never
 * used) and copied out when small, so that a small column never holds a buffer reserved up to 4 GiB.
 * Otherwise a view unless trimByCopy says copy; a pooled buffer goes back to its pool whole, so it
 * is never trimmed by copying.
 */
function finished<T extends Finishable<T>>(array: T, length: number, inPlace: boolean, pooled: boolean): T {
  const used = length * array.BYTES_PER_ELEMENT;
  if (inPlace) return used > KEEP_RESERVED_BYTES ? array.subarray(0, length) : array.slice(0, length);
  if (array.length === length) return array;
  if (!pooled && trimByCopy(used, array.length * array.BYTES_PER_ELEMENT)) return array.slice(0, length);
  return array.subarray(0, length);
}

/** How many rows (or bytes) to make room for, given what is needed now; see Capacity in the driver. */
export type GrowthPlan = (needed: number, current: number) => number;

type NumericArrayConstructor = (typeof ARRAY_CONSTRUCTORS)[NumericType];

/** ES2024 resizable ArrayBuffers (the lib here is ES2022). */
interface ResizableArrayBuffer extends ArrayBuffer {
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}
type ResizableArrayBufferConstructor = new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

/** Whether this runtime grows ArrayBuffers in place (Node 20+, Chrome 111+, Firefox 128+, Safari 16.4+). */
const CAN_RESIZE = (() => {
  try {
    return (new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(0, { maxByteLength: 8 }) as { resizable?: boolean }).resizable === true;
  } catch {
    return false;
  }
})();

/**
 * The largest reservation a column gets. A column must work everywhere an ordinary array does, and
 * Node 20 cannot structuredClone (or postMessage without transfer) a buffer whose maxByteLength is
 * 2^32 or more: DataCloneError.
 */
export const MAX_RESERVE_BYTES = 2 ** 32 - 65536;

/**
 * A buffer of `bytes` that can grow in place up to `reserve` bytes of address space (not memory),
 * or undefined where that is not worth it (`reserve` no larger) or not possible (the runtime, or
 * no address space left): the caller then grows by copying.
 */
function reserveInPlace(bytes: number, reserve: number): ResizableArrayBuffer | undefined {
  if (!CAN_RESIZE || reserve <= bytes) return undefined;
  try {
    const max = Math.min(reserve, MAX_RESERVE_BYTES);
    return new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(bytes, { maxByteLength: max - (max % 8) });
  } catch {
    return undefined;
  }
}

/**
 * Grows `rb` in place to `bytes`, or to as much of it as the reservation holds (whole elements of
 * `size` bytes). False when that is not `bytes`: the reservation is full and the caller copies out.
 */
function growInPlace(rb: ResizableArrayBuffer, bytes: number, size: number): boolean {
  const room = Math.min(bytes, rb.maxByteLength - (rb.maxByteLength % size));
  if (room > rb.byteLength) rb.resize(room);
  return room >= bytes;
}

export class NumericBuilder {
  private readonly Ctor: NumericArrayConstructor;
  array: NumericArray;
  length = 0;
  /** Set while the column grows in place in a reserved buffer (see the constructor). */
  private resizable: ResizableArrayBuffer | undefined;
  /** Its memory goes back to a pool: a short column is a view on it whole, so the buffer fits the next batch. */
  private readonly pooled: boolean;

  /**
   * `reserve` (bytes of address space, not memory) is for a column whose final size nobody can
   * guess (a stream of unknown length): it then grows in place, inside one buffer reserved up to
   * that size, so each page is touched once. Growing by copying into fresh arrays instead touched
   * about twice the column's size in new pages, and first-touch page faults made that 2.3× slower
   * than parseFile on the seed. Past the reservation it grows by copying again. `pool`: memory of
   * batches handed back, taken when it has a buffer of the size.
   */
  constructor(type: NumericType, capacity: number, reserve = 0, pool?: BufferPool) {
    this.Ctor = ARRAY_CONSTRUCTORS[type];
    this.pooled = pool !== undefined;
    const bytes = capacity * this.Ctor.BYTES_PER_ELEMENT;
    const reused = pool?.take(bytes);
    if (reused) {
      this.array = new this.Ctor(reused, 0, capacity); // every slot is written before it is read
      return;
    }
    this.resizable = reserveInPlace(bytes, reserve);
    this.array = this.resizable ? new this.Ctor(this.resizable, 0, capacity) : new this.Ctor(capacity);
  }

  /** Appends `count` values of this type read from `buffer` at byte offset `ptr`. */
  append(buffer: ArrayBuffer, ptr: number, count: number, plan: GrowthPlan): void {
    const needed = this.length + count;
    if (needed > this.array.length) this.grow(plan(needed, this.array.length));
    const src = new this.Ctor(buffer, ptr, count);
    (this.array as Float64Array).set(src as Float64Array, this.length);
    this.length = needed;
  }

  private grow(capacity: number): void {
    const rb = this.resizable;
    if (rb) {
      const size = this.Ctor.BYTES_PER_ELEMENT;
      if (growInPlace(rb, capacity * size, size)) {
        this.array = new this.Ctor(rb, 0, rb.byteLength / size);
        return;
      }
      this.resizable = undefined; // the reservation is full: copy out of it from now on
    }
    const next = new this.Ctor(capacity);
    (next as Float64Array).set(this.array.subarray(0, this.length) as Float64Array);
    this.array = next;
  }

  /**
   * The column, exactly `length` long. An over-allocated array is returned as a view rather than
   * copied (see trimByCopy): its unused tail was never written, so the OS never committed those
   * pages, and copying would touch the column's size in fresh pages again.
   */
  finish(): NumericArray {
    return finished(this.array as Float64Array, this.length, this.resizable !== undefined, this.pooled) as NumericArray;
  }
}

/** Set bits in each byte value. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v !== 0; v &= v - 1) n++;
  return n;
});

/** Arrow-style validity bits from the core's one-byte-per-row flags (1 present, 0 null). */
export class ValidityBuilder {
  bits: Uint8Array;
  length = 0;
  nulls = 0;

  /** Its memory goes back to a pool (see NumericBuilder). */
  private readonly pooled: boolean;

  constructor(capacity: number, pool?: BufferPool) {
    this.pooled = pool !== undefined;
    const bytes = (capacity + 7) >> 3;
    const reused = pool?.take(bytes);
    // Bits are or-ed in: reused memory starts cleared.
    this.bits = reused ? new Uint8Array(reused).fill(0) : new Uint8Array(bytes);
  }

  append(buffer: ArrayBuffer, ptr: number, count: number, plan: GrowthPlan): void {
    const needed = this.length + count;
    this.ensure(needed, plan);
    const bits = this.bits;
    const flags = new Uint8Array(buffer, ptr, count);
    // Eight flags at a time: two 32-bit loads (the scratch is 64-byte aligned), each multiplied so
    // that its four 0/1 bytes land in bits 28..31 (byte k's bit moves to 28 + k; no other product
    // term reaches those bits, and the terms below them never carry), then the byte is or-ed in at
    // the bitmap's bit offset. A per-row loop here cost nullable columns ~20% of a parse.
    const words = new Uint32Array(buffer, ptr, count >> 2);
    const shift = this.length & 7;
    let at = this.length >> 3;
    let present = 0;
    let k = 0;
    for (; k + 8 <= count; k += 8, at++) {
      const b = (Math.imul(words[k >> 2], 0x10204080) >>> 28) | ((Math.imul(words[(k >> 2) + 1], 0x10204080) >>> 28) << 4);
      present += POPCOUNT[b];
      if (shift === 0) bits[at] = b;
      else {
        bits[at] |= b << shift;
        bits[at + 1] = b >>> (8 - shift);
      }
    }
    for (let i = this.length + k; k < count; k++, i++) {
      if (flags[k]) { bits[i >> 3] |= 1 << (i & 7); present++; }
    }
    this.nulls += count - present;
    this.length = needed;
  }

  /** Appends `count` valid rows: the core's answer when a call met no null in this column. */
  appendValid(count: number, plan: GrowthPlan): void {
    const needed = this.length + count;
    this.ensure(needed, plan);
    const bits = this.bits;
    let i = this.length;
    // Bits past `length` are still 0, so or-ing in the partial bytes at each end is enough.
    for (; i < needed && (i & 7) !== 0; i++) bits[i >> 3] |= 1 << (i & 7);
    const whole = needed & ~7;
    if (whole > i) {
      bits.fill(0xff, i >> 3, whole >> 3);
      i = whole;
    }
    for (; i < needed; i++) bits[i >> 3] |= 1 << (i & 7);
    this.length = needed;
  }

  private ensure(needed: number, plan: GrowthPlan): void {
    if (needed <= this.bits.length * 8) return;
    const next = new Uint8Array((plan(needed, this.bits.length * 8) + 7) >> 3);
    next.set(this.bits);
    this.bits = next;
  }

  finish(): Uint8Array {
    const bytes = (this.length + 7) >> 3;
    if (this.bits.length === bytes) return this.bits;
    return this.pooled ? this.bits.subarray(0, bytes) : this.bits.slice(0, bytes);
  }
}

/** UTF-8 bytes plus Int32 end offsets, the Arrow string layout. */
export class StringBuilder {
  data: Uint8Array;
  dataLength = 0;
  offsets: Int32Array;
  length = 0;

  /** With `pool` (memory of batches handed back), bytes are kept in reused buffers, never trimmed by copying. */
  private readonly pool: BufferPool | undefined;
  /** Set while offsets and bytes grow in place in reserved buffers (see NumericBuilder's `reserve`). */
  private offsetsInPlace: ResizableArrayBuffer | undefined;
  private dataInPlace: ResizableArrayBuffer | undefined;

  /** `reserve`: address space for each of the two buffers, as NumericBuilder's (never with a pool). */
  constructor(rowCapacity: number, byteCapacity: number, pool?: BufferPool, reserve = 0) {
    this.pool = pool;
    const reused = pool?.take((rowCapacity + 1) * 4);
    this.offsetsInPlace = reused ? undefined : reserveInPlace((rowCapacity + 1) * 4, reserve);
    this.offsets = reused ? new Int32Array(reused) : this.offsetsInPlace ? new Int32Array(this.offsetsInPlace, 0, rowCapacity + 1) : new Int32Array(rowCapacity + 1);
    this.offsets[0] = 0;
    const text = pool?.takeText(byteCapacity);
    this.dataInPlace = text ? undefined : reserveInPlace(byteCapacity, reserve);
    this.data = text ? new Uint8Array(text) : this.dataInPlace ? new Uint8Array(this.dataInPlace, 0, byteCapacity) : new Uint8Array(byteCapacity);
  }

  /**
   * Appends `count` rows: their end offsets (already absolute: the core adds dataLength) at `endsPtr`,
   * and their bytes at `dataPtr`.
   */
  append(buffer: ArrayBuffer, endsPtr: number, dataPtr: number, count: number, planRows: GrowthPlan, planBytes: GrowthPlan): void {
    if (count === 0) return;
    const ends = new Int32Array(buffer, endsPtr, count);
    const newLength = ends[count - 1];
    const bytes = newLength - this.dataLength;
    if (this.length + count + 1 > this.offsets.length) this.growOffsets(planRows(this.length + count, this.offsets.length - 1) + 1);
    if (newLength > this.data.length) this.growData(newLength, planBytes);
    this.offsets.set(ends, this.length + 1);
    this.data.set(new Uint8Array(buffer, dataPtr, bytes), this.dataLength);
    this.length += count;
    this.dataLength = newLength;
  }

  private growOffsets(entries: number): void {
    const rb = this.offsetsInPlace;
    if (rb) {
      if (growInPlace(rb, entries * 4, 4)) {
        this.offsets = new Int32Array(rb, 0, rb.byteLength / 4);
        return;
      }
      this.offsetsInPlace = undefined; // the reservation is full: copy out of it from now on
    }
    const next = new Int32Array(entries);
    next.set(this.offsets.subarray(0, this.length + 1));
    this.offsets = next;
  }

  private growData(needed: number, planBytes: GrowthPlan): void {
    const rb = this.dataInPlace;
    if (rb) {
      if (growInPlace(rb, planBytes(needed, this.data.length), 1)) {
        this.data = new Uint8Array(rb, 0, rb.byteLength);
        return;
      }
      this.dataInPlace = undefined;
    }
    const reused = this.pool?.takeText(needed);
    const next = reused ? new Uint8Array(reused) : new Uint8Array(planBytes(needed, this.data.length));
    next.set(this.data.subarray(0, this.dataLength));
    this.data = next;
  }

  finishData(): Uint8Array {
    return finished(this.data, this.dataLength, this.dataInPlace !== undefined, this.pool !== undefined);
  }

  finishOffsets(): Int32Array {
    return finished(this.offsets, this.length + 1, this.offsetsInPlace !== undefined, this.pool !== undefined);
  }
}
