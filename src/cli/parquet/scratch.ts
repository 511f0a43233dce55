// Memory the Parquet writer reuses from page to page. Fresh memory costs a page fault per 4 KiB the
// first time it is written — on the machine we measure on, more than encoding the bytes — and each
// page's buffers are written to the file before the next page fills them, so every page can use
// the same memory.

/** Named buffers that grow to the largest size asked for and are handed out as views. */
export class Scratch {
  private readonly buffers = new Map<string, ArrayBuffer>();

  /** `n` bytes of slot `name`, valid until that slot is asked for again (the contents are stale). */
  bytes(name: string, n: number): Uint8Array {
    return new Uint8Array(this.buffer(name, n), 0, n);
  }

  /** `n` Int32 values of slot `name` (stale contents), valid until that slot is asked for again. */
  int32(name: string, n: number): Int32Array {
    return new Int32Array(this.buffer(name, n * 4), 0, n);
  }

  /** 0, 1, …, n − 1 (kept: the same rows are asked for batch after batch). */
  identity(n: number): Int32Array {
    const have = this.buffers.get('identity');
    const known = have ? have.byteLength >> 2 : 0;
    const all = new Int32Array(this.buffer('identity', n * 4, true));
    for (let i = known; i < all.length; i++) all[i] = i;
    return all.subarray(0, n);
  }

  private buffer(name: string, bytes: number, keep = false): ArrayBuffer {
    let b = this.buffers.get(name);
    if (b === undefined || b.byteLength < bytes) {
      // Half as much again, so a slowly growing size doesn't reallocate every page.
      const size = Math.max(bytes, b === undefined ? 0 : b.byteLength * 1.5);
      const next = new ArrayBuffer(Math.ceil(size / 8) * 8); // whole 8-byte words: any typed view fits
      if (keep && b !== undefined) new Uint8Array(next).set(new Uint8Array(b));
      this.buffers.set(name, (b = next));
    }
    return b;
  }
}
