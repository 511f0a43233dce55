// FILE "-": standard input. Its first megabyte is read ahead for sniffing, then handed to the parser
// with the rest, so the data is read once (a pipe can't be read twice).
export interface StdinInput {
  /** The bytes read ahead. */
  head: Uint8Array;
  /** True when the head is all there is. */
  complete: boolean;
  /** The whole input: the head, then the rest of stdin. */
  chunks(): AsyncGenerator<Uint8Array>;
}

const HEAD_BYTES = 1 << 20;

let opened: StdinInput | undefined;

/** Reads ahead on stdin (once per process; later calls get the same input). */
export async function openStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<StdinInput> {
  if (opened) return opened;
  const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  while (size < HEAD_BYTES) {
    const { value, done } = await it.next();
    if (done) {
      complete = true;
      break;
    }
    const chunk = typeof value === 'string' ? Buffer.from(value) : value;
    parts.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(parts);
  let used = false;
  opened = {
    head,
    complete,
    async *chunks() {
      if (used) throw new Error('standard input can be read only once');
      used = true;
      if (head.length > 0) yield head;
      if (complete) return;
      for (;;) {
        const { value, done } = await it.next();
        if (done) return;
        yield typeof value === 'string' ? Buffer.from(value) : value;
      }
    },
  };
  return opened;
}

/** How a FILE argument is named in messages. */
export function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** Lets the process end after a command that stopped reading early (`head -` on an endless pipe). */
export function closeStdin(): void {
  if (opened) process.stdin.destroy();
}
