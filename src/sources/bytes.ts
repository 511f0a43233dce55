/** Input accepted in memory: UTF-8 bytes, or a string (encoded to UTF-8 first). */
export type BytesInput = Uint8Array | ArrayBuffer | string;

const encoder = new TextEncoder();

export function toBytes(input: BytesInput): Uint8Array {
  if (typeof input === 'string') return encoder.encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    const view = input as ArrayBufferView;
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  throw new TypeError('input must be a string, Uint8Array or ArrayBuffer');
}
