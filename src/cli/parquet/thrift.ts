// Thrift compact protocol, write side only, for Parquet's page headers and file footer: a struct
// is written as a list of [field id, typed value] in increasing id order.
export const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, STRUCT: 12 } as const;

/** A field value: what type it is written as, and the value. */
export type TValue =
  | { t: 'i32' | 'byte'; v: number }
  | { t: 'i64'; v: number | bigint }
  | { t: 'bool'; v: boolean }
  | { t: 'binary'; v: Uint8Array | string }
  | { t: 'struct'; v: TStruct }
  | { t: 'list'; elem: 'i32' | 'binary' | 'struct'; v: (number | string | Uint8Array | TStruct)[] };
/** Field id → value; undefined fields are left out. */
export type TStruct = Record<number, TValue | undefined>;

const encoder = new TextEncoder();

export class ThriftWriter {
  private buf = new Uint8Array(1024);
  private at = 0;

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.at++] = b;
  }

  private varint(n: bigint | number): void {
    let v = BigInt.asUintN(64, BigInt(n));
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private zigzag(n: number | bigint): void {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
  }

  private raw(b: Uint8Array | string): void {
    const bytes = typeof b === 'string' ? encoder.encode(b) : b;
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  struct(s: TStruct): void {
    let last = 0;
    for (const key of Object.keys(s).map(Number).sort((a, b) => a - b)) {
      const f = s[key];
      if (f === undefined) continue;
      const type = f.t === 'bool' ? (f.v ? T.TRUE : T.FALSE) : typeCode(f.t);
      const delta = key - last;
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
      else {
        this.byte(type);
        this.zigzag(key);
      }
      last = key;
      if (f.t !== 'bool') this.value(f);
    }
    this.byte(0); // stop
  }

  private value(f: Exclude<TValue, { t: 'bool' }>): void {
    switch (f.t) {
      case 'i32':
      case 'i64':
        this.zigzag(f.v);
        return;
      case 'byte':
        this.byte(f.v & 0xff);
        return;
      case 'binary':
        this.raw(f.v);
        return;
      case 'struct':
        this.struct(f.v);
        return;
      case 'list': {
        const et = typeCode(f.elem);
        if (f.v.length < 15) this.byte((f.v.length << 4) | et);
        else {
          this.byte(0xf0 | et);
          this.varint(f.v.length);
        }
        for (const x of f.v) {
          if (f.elem === 'i32') this.zigzag(x as number);
          else if (f.elem === 'binary') this.raw(x as string | Uint8Array);
          else this.struct(x as TStruct);
        }
      }
    }
  }
}

function typeCode(t: string): number {
  return t === 'i32' ? T.I32 : t === 'i64' ? T.I64 : t === 'byte' ? T.BYTE : t === 'binary' ? T.BINARY : t === 'list' ? T.LIST : T.STRUCT;
}

export function thrift(s: TStruct): Uint8Array {
  const w = new ThriftWriter();
  w.struct(s);
  return w.bytes();
}
