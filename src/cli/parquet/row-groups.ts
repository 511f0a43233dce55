// Rows gathered into row groups of one fixed size, however the batches came cut: the workers of
// several threads hand out pieces of their own sizes, and a Parquet file should not depend on them.
// Each group's columns are written before the next group fills the same memory.
import { CategoryColumn, StringColumn, Table, type ColumnInfo } from '../../index.js';

type Fixed = Exclude<Table['columns'][string], StringColumn | CategoryColumn>;

/** One column of the group being filled. */
interface Slot {
  info: ColumnInfo;
  /** Values (numbers, or category codes), sized for a whole group; strings keep offsets and bytes. */
  values: Fixed | Int32Array | undefined;
  offsets: Int32Array | undefined;
  bytes: Uint8Array;
  bytesUsed: number;
  /** Validity bits of the group, kept from group to group; `hasBits` once a batch in this group brought some. */
  bits: Uint8Array | undefined;
  hasBits: boolean;
  /** A category column's dictionary: the last batch's (each extends the one before). */
  dictionary: StringColumn | undefined;
}

export class RowGroups {
  private readonly slots: Slot[];
  private rows = 0;

  constructor(columns: readonly ColumnInfo[], private readonly groupRows: number, private readonly flush: (group: Table) => void) {
    this.slots = columns.map((info) => ({ info, values: undefined, offsets: undefined, bytes: new Uint8Array(0), bytesUsed: 0, bits: undefined, hasBits: false, dictionary: undefined }));
  }

  /** Takes in a batch's rows; every group that fills is flushed on the way. */
  add(batch: Table): void {
    // A batch that is exactly one group (one thread's, cut at the group size) goes out as it is.
    if (this.rows === 0 && batch.rowCount === this.groupRows) return this.flush(batch);
    let from = 0;
    while (from < batch.rowCount) {
      const take = Math.min(batch.rowCount - from, this.groupRows - this.rows);
      for (const slot of this.slots) this.copy(slot, batch, from, take);
      this.rows += take;
      from += take;
      if (this.rows === this.groupRows) this.emit();
    }
  }

  /** Flushes the last, shorter group (if it has rows). */
  finish(): void {
    if (this.rows > 0) this.emit();
  }

  private copy(slot: Slot, batch: Table, from: number, n: number): void {
    const name = slot.info.name;
    const column = (batch.columns as Record<string, unknown>)[name];
    const at = this.rows;
    const src = (batch.validity as Record<string, Uint8Array | undefined>)[name] ?? (column as { validity?: Uint8Array }).validity;
    // A group has a bitmap where one of its batches had one (as one thread's batch of these rows would).
    if (src !== undefined && !slot.hasBits) {
      slot.bits ??= new Uint8Array((this.groupRows + 7) >> 3);
      slot.hasBits = true;
      setBits(slot.bits, 0, at);
    }
    if (slot.hasBits) {
      const bits = slot.bits!;
      if (src === undefined) setBits(bits, at, n);
      else for (let i = 0; i < n; i++) if (src[(from + i) >> 3] & (1 << ((from + i) & 7))) bits[(at + i) >> 3] |= 1 << ((at + i) & 7);
    }
    if (column instanceof StringColumn) {
      const o = column.offsets;
      const start = o[from];
      const length = o[from + n] - start;
      slot.offsets ??= new Int32Array(this.groupRows + 1);
      if (slot.bytesUsed + length > slot.bytes.length) {
        const grown = new Uint8Array(Math.max(slot.bytesUsed + length, slot.bytes.length * 2));
        grown.set(slot.bytes.subarray(0, slot.bytesUsed));
        slot.bytes = grown;
      }
      slot.bytes.set(column.data.subarray(start, start + length), slot.bytesUsed);
      const shift = slot.bytesUsed - start;
      for (let i = 1; i <= n; i++) slot.offsets[at + i] = o[from + i] + shift;
      slot.bytesUsed += length;
    } else if (column instanceof CategoryColumn) {
      slot.values ??= new Int32Array(this.groupRows);
      (slot.values as Int32Array).set(column.codes.subarray(from, from + n), at);
      slot.dictionary = column.dictionary;
    } else {
      const values = column as Fixed;
      slot.values ??= new (values.constructor as new (n: number) => Fixed)(this.groupRows);
      (slot.values as Float64Array).set((values as Float64Array).subarray(from, from + n), at);
    }
  }

  private emit(): void {
    const n = this.rows;
    const columns: Record<string, unknown> = Object.create(null);
    const validity: Record<string, Uint8Array> = Object.create(null);
    for (const slot of this.slots) {
      const name = slot.info.name;
      const bits = slot.hasBits ? slot.bits!.subarray(0, (n + 7) >> 3) : undefined;
      if (bits) validity[name] = bits;
      if (slot.offsets) columns[name] = new StringColumn(slot.bytes.subarray(0, slot.bytesUsed), slot.offsets.subarray(0, n + 1), bits);
      else if (slot.dictionary) columns[name] = new CategoryColumn((slot.values as Int32Array).subarray(0, n), slot.dictionary, bits);
      else columns[name] = (slot.values as Fixed).subarray(0, n);
    }
    this.flush(new Table({ rowCount: n, schema: this.slots.map((s) => s.info), columns: columns as Table['columns'], validity }));
    // The next group starts over in the same memory (bits are or-ed in: cleared).
    this.rows = 0;
    for (const slot of this.slots) {
      slot.bytesUsed = 0;
      if (slot.hasBits) slot.bits!.fill(0);
      slot.hasBits = false;
    }
  }
}

/** Sets bits [at, at + n). */
function setBits(bits: Uint8Array, at: number, n: number): void {
  for (let i = at; i < at + n; i++) bits[i >> 3] |= 1 << (i & 7);
}
