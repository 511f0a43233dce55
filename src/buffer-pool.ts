// Memory of batches the loop is done with (parseBatches' `reuseBuffers`), used again for later
// batches' columns. Fresh memory costs a page fault per 4 KiB the first time it is written; on the
// machine we measure on that costs more than parsing the bytes. One pool per thread (the calling
// thread's, each worker's), capped, emptied when a parse that filled it ends.

import { CategoryColumn } from './category-column.js';
import { StringColumn } from './string-column.js';
import type { Table } from './table.js';

/** Most bytes a thread's pool holds; past it, buffers handed back are left to the garbage collector. */
const POOL_BYTES = 32 * 1024 * 1024;

export class BufferPool {
  /** Buffers for fixed-size arrays (values, offsets, bits), by byte length. */
  private readonly fixed = new Map<number, ArrayBuffer[]>();
  /** Buffers for string bytes, whose size varies from batch to batch. */
  private readonly text: ArrayBuffer[] = [];
  /** Every buffer held, oldest first: past the cap the oldest go (sizes no parse asks for any more). */
  private readonly order: ArrayBuffer[] = [];
  private held = 0;

  /** A buffer of exactly `byteLength` bytes, contents stale, if one is free. */
  take(byteLength: number): ArrayBuffer | undefined {
    const b = this.fixed.get(byteLength)?.pop();
    if (b !== undefined) this.forget(b);
    return b;
  }

  /** The largest free buffer for string bytes, if it holds at least `min` bytes. */
  takeText(min: number): ArrayBuffer | undefined {
    let best = -1;
    for (let i = 0; i < this.text.length; i++) if (best < 0 || this.text[i].byteLength > this.text[best].byteLength) best = i;
    if (best < 0 || this.text[best].byteLength < min) return undefined;
    const [b] = this.text.splice(best, 1);
    this.forget(b);
    return b;
  }

  give(buffers: Reclaimed): void {
    for (const b of buffers.fixed) {
      if (b.byteLength > POOL_BYTES) continue;
      const list = this.fixed.get(b.byteLength);
      if (list) list.push(b);
      else this.fixed.set(b.byteLength, [b]);
      this.hold(b);
    }
    for (const b of buffers.text) {
      if (b.byteLength > POOL_BYTES) continue;
      this.text.push(b);
      this.hold(b);
    }
  }

  clear(): void {
    this.fixed.clear();
    this.text.length = 0;
    this.order.length = 0;
    this.held = 0;
  }

  private hold(b: ArrayBuffer): void {
    this.order.push(b);
    this.held += b.byteLength;
    while (this.held > POOL_BYTES) {
      const old = this.order[0];
      const list = this.fixed.get(old.byteLength);
      const at = list?.indexOf(old) ?? -1;
      if (at >= 0) list!.splice(at, 1);
      else this.text.splice(this.text.indexOf(old), 1);
      this.forget(old);
    }
  }

  private forget(b: ArrayBuffer): void {
    this.order.splice(this.order.indexOf(b), 1);
    this.held -= b.byteLength;
  }
}

/** This thread's pool. */
export const threadPool = new BufferPool();

/** A batch's buffers, moved out of it. */
export interface Reclaimed {
  fixed: ArrayBuffer[];
  text: ArrayBuffer[];
}

/**
 * Whether a buffer can go into a pool: ours are ordinary, non-empty buffers; a resizable or shared
 * one (never a batch's) is left alone, as is an empty (already detached) one.
 */
export function isPoolable(b: ArrayBufferLike | undefined): b is ArrayBuffer {
  return b instanceof ArrayBuffer && b.byteLength > 0 && (b as { resizable?: boolean }).resizable !== true;
}

/**
 * Moves a batch's buffers out of it (its arrays are left detached: length 0, so a batch kept past its
 * turn reads as empty, never as a later batch's values). Only for batches whose arrays own their
 * buffers outright, as parseBatches' do; a category column's dictionary stays (later batches share it).
 */
export function reclaimBuffers(table: Table): Reclaimed {
  const fixed = new Set<ArrayBuffer>();
  const text = new Set<ArrayBuffer>();
  const add = (set: Set<ArrayBuffer>, view: ArrayBufferView | undefined) => {
    const b = view?.buffer;
    if (isPoolable(b)) set.add(b);
  };
  for (const info of table.schema) {
    const column = (table.columns as Record<string, unknown>)[info.name];
    if (column instanceof StringColumn) {
      add(text, column.data);
      add(fixed, column.offsets);
      add(fixed, column.validity);
    } else if (column instanceof CategoryColumn) {
      add(fixed, column.codes);
      add(fixed, column.validity);
    } else {
      add(fixed, column as ArrayBufferView);
    }
    add(fixed, (table.validity as Record<string, Uint8Array | undefined>)[info.name]);
  }
  const move = (b: ArrayBuffer) => structuredClone(b, { transfer: [b] });
  return { fixed: [...fixed].filter((b) => !text.has(b)).map(move), text: [...text].map(move) };
}
