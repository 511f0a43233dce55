import { CsvError, invalidOption } from '../errors.js';

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
  throw invalidOption('the input must be a string, Uint8Array or ArrayBuffer holding the CSV; for a file use parseFile(path)');
}

/**
 * A string source is CSV text, never a file name; `parseStream('data.csv', …)` parses the text
 * "data.csv" and finds none of the schema's columns. When a one-line string source meets
 * MISSING_COLUMN, the error says how to give a file instead.
 */
export function textSourceHint(e: unknown, source: unknown, fn: 'parse' | 'parseStream' | 'parseBatches'): unknown {
  if (!(e instanceof CsvError) || e.code !== 'MISSING_COLUMN' || typeof source !== 'string' || /[\r\n]/.test(source)) return e;
  const name = JSON.stringify(source.length > 200 ? source.slice(0, 200) + '…' : source);
  const instead = fn === 'parse' ? `parseFile(${name})` : `parseFile(${name}), or ${fn}(pathToFileURL(${name})) with pathToFileURL from node:url`;
  const err = new CsvError('MISSING_COLUMN', `${e.message}. Note: ${fn}() reads a string as the CSV text itself, not as a file name; to read the file ${name} use ${instead}`, e);
  return err;
}
