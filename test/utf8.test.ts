// Invalid UTF-8 in string columns. By default the bytes are kept as they are and get(i) decodes
// them like TextDecoder (U+FFFD for each maximal bad subpart); with validateUtf8: true an ill-formed
// field is an INVALID_UTF8 error (overlong forms, surrogates, code points above U+10FFFF, truncated
// sequences, stray continuation bytes), which the skip and null policies handle like any value
// error. The oracle for "valid" is the WHATWG decoder (TextDecoder with fatal: true).
import { describe, expect, it } from 'vitest';
import { CsvError, parse, parseStream, type ParseOptions, type Schema } from '../src/index.js';
import { chunkBytes } from './reference/library.js';
import { prng } from './reference/generators.js';

const encoder = new TextEncoder();
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

function isValid(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const concat = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...encoder.encode(p)] : [...p])));

/** Ill-formed sequences by kind, each as its own field. */
const INVALID: [string, number[]][] = [
  ['lone continuation byte 80', [0x80]],
  ['lone continuation byte BF', [0xbf]],
  ['FF', [0xff]],
  ['FE', [0xfe]],
  ['overlong "/" in 2 bytes (C0 AF)', [0xc0, 0xaf]],
  ['overlong NUL in 2 bytes (C1 80)', [0xc1, 0x80]],
  ['overlong "/" in 3 bytes (E0 80 AF)', [0xe0, 0x80, 0xaf]],
  ['overlong U+07FF in 3 bytes (E0 9F BF)', [0xe0, 0x9f, 0xbf]],
  ['overlong "/" in 4 bytes (F0 80 80 AF)', [0xf0, 0x80, 0x80, 0xaf]],
  ['overlong U+FFFF in 4 bytes (F0 8F BF BF)', [0xf0, 0x8f, 0xbf, 0xbf]],
  ['high surrogate U+D800 (ED A0 80)', [0xed, 0xa0, 0x80]],
  ['low surrogate U+DFFF (ED BF BF)', [0xed, 0xbf, 0xbf]],
  ['surrogate pair encoded as two 3-byte sequences', [0xed, 0xa0, 0xbd, 0xed, 0xb2, 0xa9]],
  ['U+110000 (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80]],
  ['lead byte F5', [0xf5, 0x80, 0x80, 0x80]],
  ['5-byte form (F8 88 80 80 80)', [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ['truncated 2-byte sequence (C3)', [0xc3]],
  ['truncated 3-byte sequence (E2 82)', [0xe2, 0x82]],
  ['truncated 4-byte sequence (F0 9F 98)', [0xf0, 0x9f, 0x98]],
  ['truncated sequence followed by ASCII (E2 82 41)', [0xe2, 0x82, 0x41]],
  ['lead byte followed by another lead byte (C3 C3 A9)', [0xc3, 0xc3, 0xa9]],
  ['valid text, then a stray byte', [0x61, 0xc3, 0xa9, 0x80]],
];

/** Well-formed sequences at the edges of each length. */
const VALID: [string, number[]][] = [
  ['U+007F', [0x7f]],
  ['U+0080', [0xc2, 0x80]],
  ['U+07FF', [0xdf, 0xbf]],
  ['U+0800', [0xe0, 0xa0, 0x80]],
  ['U+D7FF (before the surrogates)', [0xed, 0x9f, 0xbf]],
  ['U+E000 (after the surrogates)', [0xee, 0x80, 0x80]],
  ['U+FEFF (a BOM inside a value)', [0xef, 0xbb, 0xbf]],
  ['U+FFFD', [0xef, 0xbf, 0xbd]],
  ['U+FFFF', [0xef, 0xbf, 0xbf]],
  ['U+10000', [0xf0, 0x90, 0x80, 0x80]],
  ['U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf]],
  ['mixed', [...encoder.encode('aé€😀z')]],
];

async function* chunked(bytes: Uint8Array, size: number | number[]): AsyncGenerator<Uint8Array> {
  yield* chunkBytes(bytes, size);
}

/** parse() and parseStream() in 1-byte and odd chunks (UTF-8 split everywhere) give the same result. */
async function everyWay<S extends Schema>(bytes: Uint8Array, options: ParseOptions<S>) {
  const run = async (f: () => unknown) => {
    try {
      return await f();
    } catch (e) {
      return e;
    }
  };
  const results = [
    await run(() => parse(bytes, options)),
    await run(() => parse(bytes, { ...options, chunkSize: 64 })),
    await run(() => parseStream(chunked(bytes, 1), options)),
    await run(() => parseStream(chunked(bytes, [3, 1, 2]), options)),
  ];
  return results;
}

describe('without validateUtf8 (the default)', () => {
  it('keeps ill-formed bytes as they are; get(i) decodes them like TextDecoder', async () => {
    for (const [what, seq] of INVALID) {
      const input = concat('s,n\n"x', seq, '",1\n', seq, ',2\n');
      for (const t of await everyWay(input, { schema: { s: 'string', n: 'u8' } })) {
        if (t instanceof Error) throw t;
        const col = (t as ReturnType<typeof parse<{ s: 'string'; n: 'u8' }>>).columns.s;
        expect(Array.from(col.bytes(0)), what).toEqual([0x78, ...seq]);
        expect(Array.from(col.bytes(1)), what).toEqual(seq);
        expect(col.get(1), what).toBe(lenient.decode(Uint8Array.from(seq)));
        expect(col.get(1), what).toContain('\uFFFD');
      }
    }
  });
});

describe('validateUtf8: true', () => {
  it('refuses each kind of ill-formed sequence, with its location and a U+FFFD text', async () => {
    for (const [what, seq] of INVALID) {
      const input = concat('s,n\n', 'ok,1\n', 'a', seq, 'b,2\n');
      for (const e of await everyWay(input, { schema: { s: 'string', n: 'u8' }, validateUtf8: true })) {
        expect(e, what).toBeInstanceOf(CsvError);
        expect(e, what).toMatchObject({ code: 'INVALID_UTF8', line: 3, row: 1, column: 's', columnIndex: 0, byteOffset: 9, text: lenient.decode(concat('a', seq, 'b')) });
      }
    }
  });

  it('accepts well-formed text at every sequence length edge, split across chunks anywhere', async () => {
    for (const [what, seq] of VALID) {
      const input = concat('s\n', seq, '\n"', seq, seq, '"\n');
      for (const t of await everyWay(input, { schema: { s: 'string' }, validateUtf8: true })) {
        if (t instanceof Error) throw new Error(`${what}: ${t.message}`);
        const col = (t as ReturnType<typeof parse<{ s: 'string' }>>).columns.s;
        expect(col.toArray(), what).toEqual([lenient.decode(Uint8Array.from(seq)), lenient.decode(Uint8Array.from([...seq, ...seq]))]);
      }
    }
  });

  it('checks a sequence cut by the end of a field, of a record and of the input', async () => {
    for (const input of [concat('s,n\n', [0xe2, 0x82], ',1\n'), concat('s\n', [0xe2, 0x82], '\n'), concat('s\n', [0xe2, 0x82]), concat('s\n"', [0xf0, 0x9f], '"')]) {
      for (const e of await everyWay(input, { schema: { s: 'string' }, validateUtf8: true })) {
        expect((e as CsvError).code).toBe('INVALID_UTF8');
      }
    }
  });

  it('agrees with the WHATWG decoder on 40,000 random short byte strings', () => {
    // Bytes around every boundary of the encoding, with structure bytes left out (fields stay fields).
    const pool = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xfe, 0xff];
    const random = prng(20260101);
    const fields: number[][] = Array.from({ length: 40_000 }, () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => pool[Math.floor(random() * pool.length)]));
    const input = concat('s,i\n', ...fields.flatMap((f, i) => [f, `,${i}\n`]));
    const t = parse(input, { schema: { s: 'string', i: 'u32' }, validateUtf8: true, onError: 'null', maxErrors: 1e9 });
    expect(t.rowCount).toBe(fields.length);
    const wrong: string[] = [];
    fields.forEach((f, i) => {
      const valid = isValid(Uint8Array.from(f));
      if (t.isNull('s', i) === valid) wrong.push(`${f.map((b) => b.toString(16)).join(' ')}: library says ${valid ? 'invalid' : 'valid'}`);
    });
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(t.errorCount).toBe(fields.filter((f) => !isValid(Uint8Array.from(f))).length);
  });

  it("under 'skip' drops the record, under 'null' makes the value null (with a bitmap)", async () => {
    const input = concat('s,n\na,1\n', [0xff], ',2\n', [0xed, 0xa0, 0x80], ',3\nb,4\n');
    const skip = parse(input, { schema: { s: 'string', n: 'u8' }, validateUtf8: true, onError: 'skip' });
    expect([skip.columns.s.toArray(), Array.from(skip.columns.n), skip.skippedRecords]).toEqual([['a', 'b'], [1, 4], 2]);
    expect(skip.errors.map((e) => [e.code, e.row, e.line, e.byteOffset, e.text])).toEqual([
      ['INVALID_UTF8', 1, 3, 8, '\uFFFD'],
      ['INVALID_UTF8', 2, 4, 12, '\uFFFD\uFFFD\uFFFD'],
    ]);
    const nulls = parse(input, { schema: { s: 'string', n: 'u8' }, validateUtf8: true, onError: 'null' });
    expect([nulls.columns.s.toArray(), Array.from(nulls.columns.n), nulls.skippedRecords, Object.keys(nulls.validity)]).toEqual([['a', null, null, 'b'], [1, 2, 3, 4], 0, ['s']]);
  });

  it('leaves header names and columns the schema does not read unchecked (they are not values)', () => {
    const input = concat('s,', [0xff], '\nok,', [0xc0, 0xaf], '\n');
    expect(parse(input, { schema: { s: 'string' }, validateUtf8: true }).columns.s.toArray()).toEqual(['ok']);
  });

  it('skips only the BOM at the very start of the input', () => {
    const t = parse(concat([0xef, 0xbb, 0xbf], 's\n', [0xef, 0xbb, 0xbf], 'x\n'), { schema: { s: 'string' }, validateUtf8: true });
    expect(t.columns.s.toArray()).toEqual(['\uFEFFx']);
  });
});
