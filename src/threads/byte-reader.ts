// Bytes read at a position, from a Node FileHandle or a Blob: the file's start, the split scans and
// the record stretches read through this, so parseFile's threads and parseInWorker's share one logic.
// No Node import here: browsers load this module.

export interface ByteReader {
  /** Reads up to `into.length` bytes at input offset `position` into `into`; how many (0 at the end). */
  read(into: Uint8Array, position: number): Promise<number>;
}

/** The part of Node's FileHandle a reader needs (structural, so this file imports nothing of Node). */
interface ReadableHandle {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

export function handleReader(handle: ReadableHandle): ByteReader {
  return { read: async (into, position) => (await handle.read(into, 0, into.length, position)).bytesRead };
}

/** A Blob whose first byte is input offset `base` (a slice of the file keeps the file's offsets). */
export function blobReader(blob: Blob, base = 0): ByteReader {
  return {
    async read(into, position) {
      const from = position - base;
      const bytes = new Uint8Array(await blob.slice(from, from + into.length).arrayBuffer());
      into.set(bytes);
      return bytes.length;
    },
  };
}
