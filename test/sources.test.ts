// Every kind of source parseStream takes gives exactly the Table that one-shot parse gives for the
// same bytes: file paths and file: URLs, Node Readables (bytes and text mode), web ReadableStreams
// (hand-made, from Node, a fetch body over real HTTP), Blob and File, async iterables, Uint8Array
// views, ArrayBuffer and strings. Chunks are cut at every awkward place (inside multi-byte UTF-8,
// inside surrogate pairs of string chunks), and a source left early is released.
import { createReadStream, existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvError, parse, parseBatches, parseFile, parseStream, type Progress } from '../src/index.js';
import { chunksOf, openSource, sourceSize, utf8Length, type StreamSource } from '../src/sources/stream.js';
import { mixedCsv, MIXED_SCHEMA } from './support/sample-csv.js';
import { snapshot } from './support/snapshot.js';

const encoder = new TextEncoder();
const text = mixedCsv(3000);
const bytes = encoder.encode(text);
const expected = snapshot(parse(bytes, { schema: MIXED_SCHEMA }));
// A small driver window, so source chunks and core windows fall in different places.
const options = { schema: MIXED_SCHEMA, chunkSize: 4096 };

/** Cuts bytes into chunks of the given sizes in turn; every chunk is its own copy. */
function cut(data: Uint8Array, sizes: number[]): Uint8Array<ArrayBuffer>[] {
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (let pos = 0, k = 0; pos < data.length; k++) {
    const n = sizes[k % sizes.length];
    out.push(data.slice(pos, pos + n));
    pos += n;
  }
  return out;
}

async function* asyncChunks<T>(chunks: T[]): AsyncGenerator<T> {
  for (const c of chunks) yield c;
}

function webStream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
  });
}

async function collect(source: StreamSource, chunkSize?: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunksOf(source, { chunkSize })) parts.push(c);
  return Buffer.concat(parts);
}

let dir: string;
let path: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'typed-csv-sources-'));
  path = join(dir, 'mixed.csv');
  writeFileSync(path, bytes);
  // A real HTTP server, so fetch bodies and http: URLs are tested as browsers and Node see them.
  server = createServer((req, res) => {
    if (req.url === '/mixed.csv') {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(bytes.length) });
      // Written in odd pieces so the body arrives in several chunks.
      for (const c of cut(bytes, [1000, 7, 65536])) res.write(c);
      res.end();
    } else {
      res.writeHead(404).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

describe('every source gives the same table as parse()', () => {
  const sources: [string, () => StreamSource | Promise<StreamSource>][] = [
    ['Uint8Array', () => bytes],
    ['Uint8Array view into a larger buffer', () => {
      const big = new Uint8Array(bytes.length + 20).fill(0x41);
      big.set(bytes, 7);
      return big.subarray(7, 7 + bytes.length);
    }],
    ['ArrayBuffer', () => bytes.slice().buffer],
    ['string', () => text],
    ['Blob', () => new Blob(cut(bytes, [999, 1]))],
    ['File', () => new File([bytes], 'mixed.csv', { type: 'text/csv' })],
    ['AsyncIterable<Uint8Array> of 1-byte chunks', () => asyncChunks(cut(bytes, [1]))],
    ['AsyncIterable<Uint8Array> of odd chunks (UTF-8 split everywhere)', () => asyncChunks(cut(bytes, [1, 2, 3, 5, 8, 13, 4096, 7]))],
    ['AsyncIterable<string> split inside surrogate pairs', () => {
      // Cut the text at every UTF-16 index near an emoji: string chunks may end mid-pair.
      const pieces: string[] = [];
      for (let i = 0; i < text.length; ) {
        const n = text.codePointAt(i + 1)! > 0xffff ? 2 : 3; // ends right after a high surrogate when it can
        pieces.push(text.slice(i, i + n));
        i += n;
      }
      expect(pieces.some((p) => /[\ud800-\udbff]$/.test(p))).toBe(true);
      return asyncChunks(pieces);
    }],
    ['Node Readable of Buffers', () => Readable.from(cut(bytes, [3, 17, 1024]).map((c) => Buffer.from(c)), { objectMode: false })],
    ['Node fs.ReadStream (7-byte reads)', () => createReadStream(path, { highWaterMark: 7 })],
    ['Node fs.ReadStream in text mode', () => createReadStream(path, { highWaterMark: 5, encoding: 'utf8' })],
    ['web ReadableStream', () => webStream(cut(bytes, [1, 10, 100, 1000]))],
    ['web ReadableStream from a Node stream', () => Readable.toWeb(createReadStream(path, { highWaterMark: 333 })) as ReadableStream<Uint8Array>],
    ['Response body', () => new Response(new Blob([bytes])).body!],
    ['fetch body over HTTP', async () => (await fetch(`${baseUrl}/mixed.csv`)).body!],
    ['http: URL', () => new URL('/mixed.csv', baseUrl)],
    ['file: URL', () => pathToFileURL(path)],
  ];

  for (const [name, make] of sources) {
    it(name, async () => {
      const table = await parseStream(await make(), options);
      expect(snapshot(table)).toEqual(expected);
    });
  }

  it('a file path, through parseFile', async () => {
    expect(snapshot(await parseFile(path, options))).toEqual(expected);
  });

  it('a file path given to parseStream is read as CSV text, so the error names the header it found', async () => {
    // parse and parseStream agree: a string is the CSV itself. The message shows what happened.
    const err = await parseStream(path, options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).code).toBe('MISSING_COLUMN');
    expect((err as CsvError).message).toContain(JSON.stringify(path));
  });

  it('empty sources of every kind are an empty table', async () => {
    const empties: StreamSource[] = ['', new Uint8Array(0), new ArrayBuffer(0), new Blob([]), asyncChunks<Uint8Array>([]), webStream([]), asyncChunks(['', ''])];
    for (const source of empties) {
      const t = await parseStream(source, { schema: { a: 'i32', s: 'string' } });
      expect(t.rowCount).toBe(0);
      expect(t.columns.a).toEqual(new Int32Array(0));
      expect(t.columns.s.length).toBe(0);
    }
  });

  it('an unknown source is an INVALID_OPTION error that lists what is accepted', async () => {
    for (const bad of [42, null, undefined, {}, { read() {} }] as unknown as StreamSource[]) {
      await expect(parseStream(bad, options)).rejects.toThrow(/parseStream needs a Node Readable.*parseFile\(path\)/);
      await expect(parseStream(bad, options)).rejects.toMatchObject({ name: 'CsvError', code: 'INVALID_OPTION' });
    }
    await expect(parseStream(asyncChunks([42 as unknown as Uint8Array]), options)).rejects.toMatchObject({ code: 'INVALID_OPTION', message: /a chunk must be a Uint8Array or string, got number/ });
  });

  it('a one-line string source that lacks the columns says that a string is CSV text, and how to give a file', async () => {
    const schema = { machine: 'i32', duration: 'f64' } as const;
    const hint = /header has "data\.csv".*reads a string as the CSV text itself, not as a file name; to read the file "data\.csv" use parseFile\("data\.csv"\)/;
    await expect(parseStream('data.csv', { schema })).rejects.toMatchObject({ code: 'MISSING_COLUMN', message: expect.stringMatching(hint) });
    await expect(parseStream('data.csv', { schema })).rejects.toThrow(/parseStream\(pathToFileURL\("data\.csv"\)\)/);
    const batches = async () => { for await (const b of parseBatches('data.csv', { schema })) void b; };
    await expect(batches()).rejects.toThrow(/parseBatches\(pathToFileURL\("data\.csv"\)\)/);
    expect(() => parse('data.csv', { schema })).toThrow(hint);
    // CSV text with a line break gets the plain message.
    await expect(parseStream('a,b\n1,2\n', { schema })).rejects.toThrow(/^column "machine" is not in the header; the header has "a", "b"$/);
  });

  it('reading failures are IO_ERROR CsvErrors with the underlying error as cause', async () => {
    const missing = join(tmpdir(), `typed-csv-no-such-file-${process.pid}.csv`);
    for (const attempt of [() => parseFile(missing, options), () => parseStream(pathToFileURL(missing), options)]) {
      const err = await attempt().then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ name: 'CsvError', code: 'IO_ERROR', message: expect.stringMatching(/no-such-file.*failed: ENOENT/) });
      expect((err as { cause?: { code?: string } }).cause?.code).toBe('ENOENT');
    }
    async function* failing() {
      yield new TextEncoder().encode('n\n1\n');
      throw new Error('connection reset');
    }
    await expect(parseStream(failing(), options)).rejects.toMatchObject({ code: 'IO_ERROR', message: 'reading the stream failed: connection reset' });
  });

  it('an HTTP error status is an error naming the URL and status', async () => {
    await expect(parseStream(new URL('/nope.csv', baseUrl), options)).rejects.toThrow(/nope\.csv failed: HTTP 404/);
  });
});

describe('sizes and chunks', () => {
  it('knows the byte size of in-memory sources and Blobs, not of streams', () => {
    expect(sourceSize(bytes)).toBe(bytes.length);
    expect(sourceSize(bytes.buffer)).toBe(bytes.buffer.byteLength);
    expect(sourceSize(text)).toBe(bytes.length);
    expect(sourceSize(new Blob([bytes]))).toBe(bytes.length);
    expect(sourceSize(asyncChunks([bytes]))).toBeUndefined();
    expect(sourceSize(webStream([bytes]))).toBeUndefined();
  });

  it('openSource learns the size of file: and http: URLs', async () => {
    for (const url of [pathToFileURL(path), new URL('/mixed.csv', baseUrl)]) {
      const opened = await openSource(url);
      expect(opened.size).toBe(bytes.length);
      const parts: Uint8Array[] = [];
      for await (const c of opened.chunks) parts.push(c.slice()); // a chunk is valid until the next read
      expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    }
  });

  it('a web byte stream is read into one reused buffer, exactly', async () => {
    let pulls = 0;
    const stream = new ReadableStream({
      type: 'bytes',
      pull(controller) {
        const req = controller.byobRequest!;
        const view = req.view as Uint8Array;
        const n = Math.min(view.byteLength, 777, bytes.length - pulls);
        view.set(bytes.subarray(pulls, pulls + n));
        pulls += n;
        req.respond(n);
        if (pulls === bytes.length) controller.close();
      },
    });
    // pull() reads the reader's buffer (byobRequest): a default reader would give it none.
    const parts: Uint8Array[] = [];
    for await (const c of chunksOf(stream)) parts.push(c.slice());
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    expect(parts.length).toBeGreaterThan(10);
    const table = await parseStream(new Blob([bytes]).stream(), options);
    expect(snapshot(table)).toEqual(expected);
  });

  it('utf8Length is TextEncoder’s length, lone surrogates included', () => {
    const samples = ['', 'abc', 'é€😀中', '\ud800', 'a\udc00b', '\ud83d', '😀\ud83d', '\ud83d😀', 'x'.repeat(1000) + '😀'];
    for (const s of samples) expect(utf8Length(s), JSON.stringify(s)).toBe(encoder.encode(s).length);
  });

  it('a string is encoded in pieces that never split a surrogate pair', async () => {
    const s = 'a😀b😀😀c' + '😀'.repeat(50) + '\ud800x\udc00';
    for (let size = 1; size <= 12; size++) {
      expect(Buffer.from(await collect(s, size)).equals(Buffer.from(encoder.encode(s))), `chunkSize ${size}`).toBe(true);
    }
  });

  it('string chunks: a high surrogate at a chunk end waits for its other half, a lone one at the end is U+FFFD', async () => {
    const got = await collect(asyncChunks(['a\ud83d', '\ude00b', '', '\ud83d', '\ud83d']));
    expect(Buffer.from(got).equals(Buffer.from(encoder.encode('a😀b\ud83d\ud83d')))).toBe(true);
    const mixed = await collect(asyncChunks<Uint8Array | string>(['x\ud83d', encoder.encode('y')]));
    expect(Buffer.from(mixed).equals(Buffer.from(encoder.encode('x\ud83dy')))).toBe(true);
  });

  it('in-memory bytes are handed out as views, without copying', async () => {
    const seen: Uint8Array[] = [];
    for await (const c of chunksOf(bytes, { chunkSize: 10_000 })) seen.push(c);
    expect(seen.length).toBe(Math.ceil(bytes.length / 10_000));
    expect(seen.every((c) => c.buffer === bytes.buffer)).toBe(true);
  });

  it('progress reports the total for in-memory sources', async () => {
    const calls: Progress[] = [];
    await parseStream(text, { ...options, onProgress: (p) => calls.push(p) });
    expect(calls.at(-1)).toEqual({ bytes: bytes.length, totalBytes: bytes.length, rows: 3000 });
  });
});

describe('a source left early is released', () => {
  const bad = encoder.encode('a\n1\n2\nnope\n' + '3\n'.repeat(100_000));

  it('a Node Readable is destroyed when the parse fails', async () => {
    const stream = Readable.from(cut(bad, [64]).map((c) => Buffer.from(c)));
    await expect(parseStream(stream, { schema: { a: 'i32' }, chunkSize: 64 })).rejects.toMatchObject({ code: 'INVALID_NUMBER', line: 4 });
    expect(stream.destroyed).toBe(true);
  });

  it('a web ReadableStream is cancelled when the parse fails', async () => {
    let cancelled = false;
    let pulled = 0;
    const chunks = cut(bad, [64]);
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled < chunks.length) c.enqueue(chunks[pulled++]);
        else c.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(parseStream(stream, { schema: { a: 'i32' }, chunkSize: 64 })).rejects.toMatchObject({ code: 'INVALID_NUMBER' });
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  it('an async generator runs its finally block', async () => {
    let closed = false;
    async function* gen() {
      try {
        for (const c of cut(bad, [64])) yield c;
      } finally {
        closed = true;
      }
    }
    await expect(parseStream(gen(), { schema: { a: 'i32' }, chunkSize: 64 })).rejects.toMatchObject({ code: 'INVALID_NUMBER' });
    expect(closed).toBe(true);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('a file: URL closes its file handle', async () => {
    const d = mkdtempSync(join(tmpdir(), 'typed-csv-close-'));
    const p = join(d, 'bad.csv');
    writeFileSync(p, bad);
    // Linux lists this process's open files in /proc/self/fd.
    const isOpen = () => readdirSync('/proc/self/fd').some((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === p;
      } catch {
        return false;
      }
    });
    await expect(parseStream(pathToFileURL(p), { schema: { a: 'i32' }, chunkSize: 64 })).rejects.toMatchObject({ code: 'INVALID_NUMBER' });
    expect(isOpen()).toBe(false);
    rmSync(d, { recursive: true });
  });
});
