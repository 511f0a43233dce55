// Chunk boundaries must not matter: feeding the input to parseStream in chunks of every size from 1
// to 64 bytes, and in irregular random chunkings, gives the same Table (or the same error: code,
// line, byteOffset, row, column) as one-shot parse. The inputs put quotes, doubled quotes, CRLF,
// quoted newlines, multi-byte UTF-8, a BOM, blank lines and errors everywhere a boundary can fall.
import { describe, expect, it } from 'vitest';
import { parseStream } from '../src/index.js';
import { describeDifference, libraryParse, libraryParseSync, tableToPlain, type Chunking } from './reference/library.js';
import { referenceParse, type RefOptions } from './reference/reference-parser.js';
import { prng } from './support/prng.js'; // the random chunkings are the same on every run

interface Case {
  name: string;
  input: string | Uint8Array;
  options: RefOptions;
  /** The one-shot result must be an error with this code (or success when undefined). */
  error?: string;
}

const longText = 'x'.repeat(70) + '""' + 'é'.repeat(40) + ',\r\n' + '😀'.repeat(20);
const manyRows = Array.from({ length: 60 }, (_, i) => `${i},${(i * 0.137).toFixed(3)},"r${i}, ""q""\r\n${'€'.repeat(i % 5)}"`).join('\r\n');

const cases: Case[] = [
  {
    name: 'quoted fields with delimiters, doubled quotes and CRLF inside and between records',
    input: 'id,name,score\r\n1,"Smith, J",1.5\r\n2,"multi\r\nline ""quoted""",-2e3\r\n3,plain,"4"\r\n',
    options: { schema: { id: 'i32', name: 'string', score: 'f64' } },
  },
  {
    name: 'multi-byte UTF-8 split across chunks (2, 3 and 4-byte sequences)',
    input: 'name,n\n€uro,1\n😀😀,2\n"ʤ,é",3\n中文字,4\nÅ,5',
    options: { schema: { name: 'string', n: 'u8' } },
  },
  {
    name: 'a BOM, blank lines (LF and CRLF) before the header and between records',
    input: '\uFEFF\n\r\na,b\n\n\n1,2\r\n\r\n3,4\n\n',
    options: { schema: { a: 'i8', b: 'i8' } },
  },
  {
    name: 'a final CR ending the last (quoted) record',
    input: 'a,b\r\n1,"x"\r',
    options: { schema: { a: 'i8', b: 'string' } },
  },
  {
    name: 'a lone CR inside an unquoted string field',
    input: 'a,b\r\nx\ry,1\r\n\rz,2\r\n',
    options: { schema: { a: 'string', b: 'i8' } },
  },
  {
    name: 'nullable columns with empty and "" fields',
    input: 'a,b,c\n,,\n"",x,\n1,"",2\n',
    options: { schema: { a: { type: 'f64', nullable: true }, b: { type: 'string', nullable: true }, c: { type: 'i64', nullable: true } } },
  },
  {
    name: 'long fields (longer than every chunk size tried)',
    input: `s,f\n"${longText}",0.${'1'.repeat(90)}e-5\n"${'""'.repeat(40)}",${'9'.repeat(80)}\n`,
    options: { schema: { s: 'string', f: 'f64' } },
  },
  {
    name: 'many rows with quoted CRLF and numbers (a longer input)',
    input: `id,v,s\r\n${manyRows}\r\n`,
    options: { schema: { id: 'u16', v: 'f32', s: 'string' } },
  },
  {
    name: 'TSV without a header and a custom quote',
    input: "1\t'a\tb'\t-9223372036854775808\n2\t'it''s'\t18446744073709551615\n",
    options: { schema: { n: 'i16', s: 'string', big: 'i64' }, header: false, delimiter: '\t', quote: "'" },
    error: 'OUT_OF_RANGE',
  },
  {
    name: 'i64 and u64 extremes',
    input: 'a;b\n-9223372036854775808;18446744073709551615\n9223372036854775807;0\n',
    options: { schema: { a: 'i64', b: 'u64' }, delimiter: ';' },
  },
  {
    name: 'projection skipping quoted garbage with newlines',
    input: 'junk|a|more\n"x|\n""y"|1|12abc\n0x10|2|"|"\n',
    options: { schema: { a: 'i8' }, delimiter: '|' },
  },
  {
    name: 'trim around numbers',
    input: 'a,b\n \t1 , 2\t\n  3,4  \n',
    options: { schema: { a: 'i32', b: 'f64' }, trim: true },
  },
  {
    name: 'INVALID_NUMBER late in the input',
    input: 'a,b\n1,2\n3,4\n"5",6\n7,0.0x5\n8,9\n',
    options: { schema: { a: 'i32', b: 'f64' } },
    error: 'INVALID_NUMBER',
  },
  {
    name: 'INVALID_NUMBER from a lone CR in a number',
    input: 'a\r\n1\r\n2\r3\r\n',
    options: { schema: { a: 'i32' } },
    error: 'INVALID_NUMBER',
  },
  {
    name: 'OUT_OF_RANGE after multi-byte strings',
    input: 'é,n\n€,255\n😀,256\n',
    options: { schema: { 'é': 'string', n: 'u8' } },
    error: 'OUT_OF_RANGE',
  },
  {
    name: 'EMPTY_VALUE in a quoted field',
    input: 'a,b\n1,2\n3,""\n',
    options: { schema: { a: 'i32', b: 'f64' } },
    error: 'EMPTY_VALUE',
  },
  {
    name: 'UNTERMINATED_QUOTE spanning lines at the end of input',
    input: 'a,b\n1,"ok"\n2,"abc\ndef\r\n""ghi',
    options: { schema: { a: 'i32', b: 'string' } },
    error: 'UNTERMINATED_QUOTE',
  },
  {
    name: 'INVALID_QUOTE after a closing quote',
    input: 'a,b\n1,"x"\n2,"x"y\n',
    options: { schema: { a: 'i32', b: 'string' } },
    error: 'INVALID_QUOTE',
  },
  {
    name: 'INVALID_QUOTE from a closing quote followed by a lone CR',
    input: 'a,b\r\n1,"x"\r\n2,"y"\rz\r\n',
    options: { schema: { a: 'i32', b: 'string' } },
    error: 'INVALID_QUOTE',
  },
  {
    name: 'FIELD_COUNT: too few fields',
    input: 'a,b,c\r\n1,2,3\r\n4,5\r\n',
    options: { schema: { a: 'i8', b: 'i8', c: 'i8' } },
    error: 'FIELD_COUNT',
  },
  {
    name: 'FIELD_COUNT: too many fields after a quoted newline',
    input: 'a,b\n"1",2\n3,"x\ny",4\n',
    options: { schema: { a: 'i8', b: 'string' } },
    error: 'FIELD_COUNT',
  },
  {
    name: 'MISSING_COLUMN with a long quoted header',
    input: `\uFEFF"${'h'.repeat(80)}",b\n1,2\n`,
    options: { schema: { a: 'i8' } },
    error: 'MISSING_COLUMN',
  },
  {
    name: 'INVALID_QUOTE in the header',
    input: '\r\n"a"b,c\n1,2\n',
    options: { schema: { c: 'i8' } },
    error: 'INVALID_QUOTE',
  },
  {
    name: 'UNTERMINATED_QUOTE in the header',
    input: 'a,"b\n1,2\n',
    options: { schema: { a: 'i8' } },
    error: 'UNTERMINATED_QUOTE',
  },
  {
    name: 'invalid UTF-8 bytes in a string column',
    input: new Uint8Array([0x73, 0x2c, 0x6e, 0x0a, 0xe2, 0x82, 0x2c, 0x31, 0x0a, 0xf0, 0x9f, 0x98, 0x0a]),
    options: { schema: { s: 'string', n: 'i8' } },
    error: 'FIELD_COUNT',
  },
];


function randomChunkings(seed: number, inputLength: number, count: number): number[][] {
  const random = prng(seed);
  const out: number[][] = [];
  for (let k = 0; k < count; k++) {
    const sizes: number[] = [];
    let total = 0;
    while (total < inputLength) {
      const r = random();
      // mostly tiny chunks, sometimes big ones
      const size = r < 0.6 ? 1 + Math.floor(random() * 4) : r < 0.9 ? 1 + Math.floor(random() * 32) : 1 + Math.floor(random() * 200);
      sizes.push(size);
      total += size;
    }
    out.push(sizes);
  }
  return out;
}

describe('parseStream gives the same result as parse for every chunking', () => {
  cases.forEach((c, index) => {
    it(`${c.name}`, async () => {
      const oneShot = libraryParseSync(c.input, c.options);
      // The cases themselves are meant to be right: the reference must reach the intended outcome.
      const ref = referenceParse(c.input, c.options);
      expect(ref.ok ? undefined : ref.code, 'the reference parser agrees on the outcome').toBe(c.error);

      const length = typeof c.input === 'string' ? new TextEncoder().encode(c.input).length : c.input.length;
      const chunkings: Chunking[] = [];
      for (let size = 1; size <= 64; size++) chunkings.push(size);
      chunkings.push(...randomChunkings(1000 + index, length, 16));

      const failures: string[] = [];
      for (const chunking of chunkings) {
        const streamed = await libraryParse(c.input, c.options, chunking);
        const diff = describeDifference(oneShot, streamed);
        if (diff !== undefined) failures.push(`chunking ${JSON.stringify(chunking)}: ${diff}`);
      }
      expect(failures.slice(0, 8), `${failures.length} of ${chunkings.length} chunkings differ`).toEqual([]);
      // Checked last, so that a one-shot bug does not hide chunking differences.
      expect(describeDifference(ref, oneShot), 'one-shot parse agrees with the reference').toBeUndefined();
    }, 60_000);
  });

  it('a whole-input single chunk and an empty stream behave like parse', async () => {
    const options: RefOptions = { schema: { a: 'i8' }, header: false };
    expect(describeDifference(libraryParseSync('', options), await libraryParse('', options, 1))).toBeUndefined();
    const input = '1\n2\n3';
    expect(describeDifference(libraryParseSync(input, options), await libraryParse(input, options, 1 << 20))).toBeUndefined();
  });
});

// The library parses through an input window (option chunkSize, at least 64 bytes): a record cut by
// the window's end is carried over to the next core call. Shifting each input by 0..64 blank lines
// moves every byte across the window boundary once; the result must not change (blank lines before
// the header are skipped, they only shift lines and offsets, so the one-shot parse of the same
// shifted input with the default 1 MiB window is the oracle).
describe('the input window boundary falls on every byte', () => {
  cases.forEach((c) => {
    it(`${c.name}`, async () => {
      const bytes = typeof c.input === 'string' ? new TextEncoder().encode(c.input) : c.input;
      const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      const failures: string[] = [];
      for (let shift = 0; shift <= 64; shift++) {
        const shifted = new Uint8Array(bytes.length + shift);
        shifted.set(bytes.subarray(0, bom), 0);
        shifted.fill(0x0a, bom, bom + shift);
        shifted.set(bytes.subarray(bom), bom + shift);
        // header: false inputs must not gain records: blank lines are skipped there too.
        const expected = libraryParseSync(shifted, c.options);
        for (const chunkSize of [64, 128]) {
          const windowed = libraryParseSync(shifted, { ...c.options, chunkSize });
          const d1 = describeDifference(expected, windowed);
          if (d1 !== undefined) failures.push(`shift ${shift}, parse chunkSize ${chunkSize}: ${d1}`);
        }
        const streamed = await libraryParse(shifted, { ...c.options, chunkSize: 64 }, [7, 1, 30]);
        const d2 = describeDifference(expected, streamed);
        if (d2 !== undefined) failures.push(`shift ${shift}, parseStream chunkSize 64: ${d2}`);
      }
      expect(failures.slice(0, 8), `${failures.length} shifted/windowed runs differ`).toEqual([]);
    }, 60_000);
  });
});

const parseStreamLoose = parseStream as unknown as (source: AsyncIterable<Uint8Array>, options: RefOptions) => Promise<unknown>;

describe('parseStream edge chunkings', () => {
  it('ignores empty chunks anywhere in the stream', async () => {
    const options: RefOptions = { schema: { a: 'i8', s: 'string' } };
    const input = new TextEncoder().encode('a,s\r\n1,"x\r\ny"\r\n2,€\r\n');
    async function* withEmpties() {
      yield new Uint8Array(0);
      for (let i = 0; i < input.length; i += 3) {
        yield input.slice(i, i + 3);
        yield new Uint8Array(0);
      }
    }
    const t = await parseStreamLoose(withEmpties(), options);
    expect(describeDifference(libraryParseSync(input, options), tableToPlain(t, options.schema))).toBeUndefined();
  });

  it('does not depend on chunks being fresh buffers: views into one shared buffer work too', async () => {
    const options: RefOptions = { schema: { a: 'i8', s: 'string' } };
    const input = new TextEncoder().encode('a,s\n1,"q""q"\n2,😀\n');
    async function* views() {
      for (let i = 0; i < input.length; i += 5) yield input.subarray(i, i + 5);
    }
    const t = await parseStreamLoose(views(), options);
    expect(describeDifference(libraryParseSync(input, options), tableToPlain(t, options.schema))).toBeUndefined();
  });
});
