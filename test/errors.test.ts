// Every error code, with its exact location (line, row, column, columnIndex, byteOffset), its text,
// and a message that names the value, the column and the line. Expected locations are written out
// by hand (and cross-checked against the reference parser), and, for the 3-million-row file,
// computed from the file's fixed layout rather than by scanning it.
import { describe, expect, it } from 'vitest';
import { CsvError, parse, parseBatches, parseFile, parseStream } from '../src/index.js';
import { publicError } from '../src/errors.js';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkBytes, libraryParse, libraryParseSync, type PlainError } from './reference/library.js';
import { referenceParse, type RefOptions } from './reference/reference-parser.js';

const parseLoose = parse as unknown as (input: string | Uint8Array, options: RefOptions) => { rowCount: number; columns: Record<string, unknown> };
const parseStreamLoose = parseStream as unknown as (source: AsyncIterable<Uint8Array>, options: RefOptions) => Promise<{ rowCount: number; columns: Record<string, unknown> }>;

interface Expected {
  code: string;
  line?: number;
  row?: number;
  column?: string;
  columnIndex?: number;
  byteOffset?: number;
  text?: string;
}

/**
 * Parses with the library, one-shot and in 1-byte and 7-byte chunks, expecting a CsvError that
 * matches `expected` in every listed field (an `undefined` listed field must be undefined), and
 * checks that the reference parser reports the same.
 */
async function expectError(input: string | Uint8Array, options: RefOptions, expected: Expected): Promise<PlainError> {
  const ref = referenceParse(input, options);
  expect(ref, 'reference parser').toMatchObject({ ok: false, ...expected });

  let thrown: unknown;
  try {
    parseLoose(input, options);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'parse() throws a CsvError').toBeInstanceOf(CsvError);
  expect(thrown).toBeInstanceOf(Error);
  const lib = libraryParseSync(input, options) as PlainError;
  for (const [key, value] of Object.entries(expected)) {
    expect(lib[key as keyof PlainError], `${key} (message: ${lib.message})`).toBe(value);
  }
  for (const chunk of [1, 7]) {
    const streamed = (await libraryParse(input, options, chunk)) as PlainError;
    expect(streamed.ok, `parseStream in ${chunk}-byte chunks fails too`).toBe(false);
    for (const [key, value] of Object.entries(expected)) {
      expect(streamed[key as keyof PlainError], `${key} with ${chunk}-byte chunks (message: ${streamed.message})`).toBe(value);
    }
  }
  return lib;
}

function expectMessageNames(e: PlainError, ...parts: string[]) {
  for (const part of parts) expect(e.message, `message names ${part}`).toContain(part);
}

describe('INVALID_NUMBER', () => {
  it('names the value, the column and the line, counting newlines inside quotes and CRLF lines', async () => {
    const input = 'machine,duration,path\r\n1,0.5,"/a\nb"\r\n\r\n2,0.0x5,/c\r\n';
    const e = await expectError(input, { schema: { machine: 'i32', duration: 'f64', path: 'string' } }, {
      code: 'INVALID_NUMBER', line: 5, row: 1, column: 'duration', columnIndex: 1, byteOffset: input.indexOf('0.0x5'), text: '0.0x5',
    });
    expectMessageNames(e, '0.0x5', 'duration', 'line 5');
  });

  it('reports a quoted bad number at its opening quote, with the quotes removed from text', async () => {
    const input = 'a,b\n1,"1""5"\n';
    const e = await expectError(input, { schema: { a: 'i8', b: 'f64' } }, {
      code: 'INVALID_NUMBER', line: 2, row: 0, column: 'b', columnIndex: 1, byteOffset: 6, text: '1"5',
    });
    expectMessageNames(e, 'b', 'line 2');
  });

  it('uses the file column index, not the schema index, under projection', async () => {
    const input = 'skip1,skip2,n\nx,y,12abc\n';
    const e = await expectError(input, { schema: { n: 'u16' } }, {
      code: 'INVALID_NUMBER', line: 2, row: 0, column: 'n', columnIndex: 2, byteOffset: 18, text: '12abc',
    });
    expectMessageNames(e, '12abc', '"n"', 'line 2');
  });

  it('cuts a long value to 200 characters with an ellipsis', async () => {
    const long = '1'.repeat(150) + 'x' + '2'.repeat(300);
    const e = await expectError(`a\n${long}\n`, { schema: { a: 'f64' } }, { code: 'INVALID_NUMBER', line: 2, row: 0, byteOffset: 2 });
    expect(e.text).toBe(long.slice(0, 200) + '…');
  });

  it('reports the error of the first bad field in reading order (left to right, top to bottom)', async () => {
    await expectError('a,b,c\n1,2,3\nx,y,z\n', { schema: { a: 'i8', b: 'i8', c: 'i8' } }, {
      code: 'INVALID_NUMBER', line: 3, row: 1, column: 'a', columnIndex: 0, byteOffset: 12, text: 'x',
    });
    await expectError('a,b,c\n1,"",z\n', { schema: { a: 'i8', b: 'i8', c: 'i8' } }, { code: 'EMPTY_VALUE', column: 'b', byteOffset: 8 });
  });
});

describe('OUT_OF_RANGE', () => {
  it('names the value, the column and the line', async () => {
    const e = await expectError('id,level\n1,127\n2,300\n', { schema: { id: 'i32', level: 'i8' } }, {
      code: 'OUT_OF_RANGE', line: 3, row: 1, column: 'level', columnIndex: 1, byteOffset: 17, text: '300',
    });
    expectMessageNames(e, '300', 'level', 'line 3');
  });

  it('rejects a negative value in an unsigned column, and never wraps a 64-bit value', async () => {
    await expectError('n\n-1\n', { schema: { n: 'u8' } }, { code: 'OUT_OF_RANGE', line: 2, row: 0, column: 'n', columnIndex: 0, byteOffset: 2, text: '-1' });
    await expectError('n\n9223372036854775808\n', { schema: { n: 'i64' } }, { code: 'OUT_OF_RANGE', byteOffset: 2, text: '9223372036854775808' });
    await expectError('n\n18446744073709551616\n', { schema: { n: 'u64' } }, { code: 'OUT_OF_RANGE', byteOffset: 2, text: '18446744073709551616' });
  });
});

describe('EMPTY_VALUE', () => {
  it('reports an unquoted empty field in a non-nullable numeric column', async () => {
    const e = await expectError('a,b\n1,2\n3,\n', { schema: { a: 'i8', b: 'u32' } }, {
      code: 'EMPTY_VALUE', line: 3, row: 1, column: 'b', columnIndex: 1, byteOffset: 10, text: '',
    });
    expectMessageNames(e, 'b', 'line 3');
  });

  it('reports a quoted empty field "" the same way, at its opening quote', async () => {
    await expectError('a,b\n"",2\n', { schema: { a: 'f32', b: 'i8' } }, {
      code: 'EMPTY_VALUE', line: 2, row: 0, column: 'a', columnIndex: 0, byteOffset: 4, text: '',
    });
  });

  it('treats a whitespace-only field as empty under trim', async () => {
    await expectError('a,b\n  ,2\n', { schema: { a: 'f64', b: 'i8' }, trim: true }, { code: 'EMPTY_VALUE', line: 2, row: 0, column: 'a', byteOffset: 4 });
  });
});

describe('FIELD_COUNT', () => {
  it('reports too few fields at the record start, with no column', async () => {
    const input = 'a,b,c\n1,2,3\n4,5\n';
    const e = await expectError(input, { schema: { a: 'i8', b: 'i8', c: 'i8' } }, {
      code: 'FIELD_COUNT', line: 3, row: 1, column: undefined, byteOffset: 12,
    });
    expectMessageNames(e, 'line 3');
  });

  it('reports too many fields at the record start, when the first extra field starts', async () => {
    // The extra field is an unterminated quote: FIELD_COUNT comes first in reading order.
    await expectError('a,b\n1,2\n3,4,"5\n', { schema: { a: 'i8', b: 'i8' } }, { code: 'FIELD_COUNT', line: 3, row: 1, column: undefined, byteOffset: 8 });
    // A trailing delimiter is an extra (empty) field.
    await expectError('a,b\n1,2,\n', { schema: { a: 'i8', b: 'i8' } }, { code: 'FIELD_COUNT', line: 2, row: 0, byteOffset: 4 });
  });

  it('reports a bad value before the missing fields of the same record', async () => {
    await expectError('a,b,c\nx,1\n', { schema: { a: 'i8', b: 'i8', c: 'i8' } }, { code: 'INVALID_NUMBER', column: 'a', byteOffset: 6 });
  });

  it('counts against the schema without a header, and reports the line of a record spanning lines', async () => {
    await expectError('"1\n2",3\n4\n', { schema: { s: 'string', n: 'i8' }, header: false }, { code: 'FIELD_COUNT', line: 3, row: 1, byteOffset: 8 });
  });
});

describe('UNTERMINATED_QUOTE', () => {
  it('reports the opening quote (line and byte), not the end of input', async () => {
    const input = 'id,note\n1,ok\n2,"never closed\nmore\nlines';
    const e = await expectError(input, { schema: { id: 'i8', note: 'string' } }, {
      code: 'UNTERMINATED_QUOTE', line: 3, row: 1, column: 'note', columnIndex: 1, byteOffset: 15,
    });
    expectMessageNames(e, 'line 3');
  });

  it('is found in a skipped column too', async () => {
    await expectError('id,skip\n1,"x""', { schema: { id: 'i8' } }, { code: 'UNTERMINATED_QUOTE', line: 2, row: 0, columnIndex: 1, byteOffset: 10 });
  });

  it('is found in a data field spanning lines, at the line of its opening quote', async () => {
    await expectError('a,b\n1,"x\ny\nz', { schema: { a: 'i8', b: 'string' } }, { code: 'UNTERMINATED_QUOTE', line: 2, row: 0, column: 'b', columnIndex: 1, byteOffset: 6 });
  });

  it('is found in the header, which is not a data row', async () => {
    await expectError('\n"a,b\n', { schema: { a: 'i8' } }, { code: 'UNTERMINATED_QUOTE', line: 2, row: undefined, byteOffset: 1 });
  });
});

describe('INVALID_QUOTE', () => {
  it('reports a closing quote followed by data at the opening quote', async () => {
    const input = 'id,name\n1,"Smith" Jr\n';
    const e = await expectError(input, { schema: { id: 'i8', name: 'string' } }, {
      code: 'INVALID_QUOTE', line: 2, row: 0, column: 'name', columnIndex: 1, byteOffset: 10,
    });
    expectMessageNames(e, 'name', 'line 2');
  });

  it('rejects a lone CR after a closing quote, but not a CRLF or a final CR', async () => {
    await expectError('a\n"x"\ry\n', { schema: { a: 'string' } }, { code: 'INVALID_QUOTE', line: 2, row: 0, byteOffset: 2 });
  });

  it('is found in the header', async () => {
    await expectError('"a"b,c\n', { schema: { c: 'i8' } }, { code: 'INVALID_QUOTE', line: 1, row: undefined, byteOffset: 0 });
  });

  it('is reported at the line of the opening quote when the header field spans lines', async () => {
    await expectError('x,"a\nb"x,c\n', { schema: { c: 'i8' } }, { code: 'INVALID_QUOTE', line: 1, row: undefined, columnIndex: 1, byteOffset: 2 });
  });
});

describe('MISSING_COLUMN', () => {
  it('is reported before any row is parsed, naming the column', async () => {
    const e = await expectError('\nmachine,duration\nnot,numbers\n', { schema: { machine: 'i32', latency: 'f64' } }, {
      code: 'MISSING_COLUMN', column: 'latency', row: undefined,
    });
    expectMessageNames(e, 'latency');
  });

  it('gives the header record\'s line when it gives a line (after blank lines, or spanning lines)', async () => {
    for (const [input, line] of [['\n\nx,b', 3], ['"x\ny",b\n1,2\n', 1], ['\r\nx,b\n1,2\n', 2]] as const) {
      const e = libraryParseSync(input, { schema: { a: 'i8' } }) as PlainError;
      expect(e.code, JSON.stringify(input)).toBe('MISSING_COLUMN');
      expect([undefined, line], `line of ${JSON.stringify(input)} (message: ${e.message})`).toContain(e.line);
    }
  });

  it('is reported for each schema key in schema order (the first missing one is named)', async () => {
    await expectError('b,c\n', { schema: { c: 'i8', a: 'i8', z: 'i8' } }, { code: 'MISSING_COLUMN', column: 'a' });
  });
});

describe('INVALID_OPTION', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['a two-character delimiter', { delimiter: ';;' }],
    ['an empty delimiter', { delimiter: '' }],
    ['a line break as delimiter', { delimiter: '\n' }],
    ['a CR as quote', { quote: '\r' }],
    ['the same delimiter and quote', { delimiter: "'", quote: "'" }],
    ['a non-ASCII delimiter', { delimiter: '§' }],
    ['an unknown column type', { schema: { a: 'int' } }],
    ['an empty schema', { schema: {} }],
    ['a digit as delimiter', { delimiter: '1' }],
  ];
  for (const [label, extra] of cases) {
    it(`is thrown for ${label}`, async () => {
      const options = { schema: { a: 'i8' }, ...extra } as RefOptions;
      const e = await expectError('a\n1\n', options, { code: 'INVALID_OPTION' });
      expect(e.message.length).toBeGreaterThan(10);
    });
  }

  it('is thrown for a header name that appears twice and is used by the schema, naming it', async () => {
    const e = await expectError('a,b,a\n1,2,3\n', { schema: { a: 'i8' } }, { code: 'INVALID_OPTION', column: 'a' });
    expectMessageNames(e, 'a');
  });
});

describe('an error 3 million rows into a 30 MB file', () => {
  const header = 'machine,duration\n';
  const rowLength = 10; // "ddd,d.ddd\n"
  const badRow = 3_000_000;
  const rows = 3_000_100;

  /** Builds the file in place: one block of 1000 distinct rows, then doubled with copyWithin. */
  function build(bad: string | undefined): Uint8Array {
    const enc = new TextEncoder();
    const head = enc.encode(header);
    const bytes = new Uint8Array(head.length + rows * rowLength);
    bytes.set(head, 0);
    const block = enc.encode(Array.from({ length: 1000 }, (_, i) => `${String(i + 1).padStart(3, '0').slice(-3)},0.${String(i).padStart(3, '0')}\n`).join(''));
    expect(block.length).toBe(1000 * rowLength);
    bytes.set(block, head.length);
    let filled = block.length;
    const body = bytes.length - head.length;
    while (filled < body) {
      const n = Math.min(filled, body - filled);
      bytes.copyWithin(head.length + filled, head.length, head.length + n);
      filled += n;
    }
    if (bad !== undefined) bytes.set(enc.encode(bad), head.length + badRow * rowLength);
    return bytes;
  }

  // Independent of any scanning: every line before the bad row is header (1) or a data row.
  const expectedLine = 1 + badRow + 1;
  const expectedOffset = header.length + badRow * rowLength + 4;

  it('parse() reports the exact line and byte offset', async () => {
    const bytes = build('123,0.0x5\n');
    const e = libraryParseSync(bytes, { schema: { machine: 'i32', duration: 'f64' } }) as PlainError;
    expect(e).toMatchObject({ ok: false, code: 'INVALID_NUMBER', line: expectedLine, row: badRow, column: 'duration', columnIndex: 1, byteOffset: expectedOffset, text: '0.0x5' });
    expectMessageNames(e, '0.0x5', 'duration', `line ${expectedLine}`);
  }, 60_000);

  it('parseStream() reports the same location with 1 MiB and odd-sized chunks', async () => {
    const bytes = build('123,0.0x5\n');
    for (const chunk of [1 << 20, 65_537]) {
      const e = (await libraryParse(bytes, { schema: { machine: 'i32', duration: 'f64' } }, chunk)) as PlainError;
      expect(e, `chunk ${chunk}`).toMatchObject({ ok: false, code: 'INVALID_NUMBER', line: expectedLine, row: badRow, byteOffset: expectedOffset });
    }
  }, 60_000);

  it('parseStream() reports FIELD_COUNT at the record start that far in', async () => {
    const bytes = build('123\n45,6.7\n'.slice(0, rowLength));
    // "123\n45,6.7" replaces one 10-byte row: row badRow is "123" (too few fields).
    const e = (await libraryParse(bytes, { schema: { machine: 'i32', duration: 'f64' } }, chunkSizes())) as PlainError;
    expect(e).toMatchObject({ ok: false, code: 'FIELD_COUNT', line: expectedLine, row: badRow, byteOffset: expectedOffset - 4 });
  }, 60_000);

  it('parses the same file without the bad row completely', () => {
    const t = parseLoose(build(undefined), { schema: { machine: 'i32', duration: 'f64' } });
    expect(t.rowCount).toBe(rows);
    const machine = t.columns.machine as Int32Array;
    const duration = t.columns.duration as Float64Array;
    for (const i of [0, 1, 999, 1000, 2_999_999, rows - 1]) {
      expect(machine[i], `machine[${i}]`).toBe((i % 1000) + 1 === 1000 ? 0 : (i % 1000) + 1);
      expect(duration[i], `duration[${i}]`).toBe(Number(`0.${String(i % 1000).padStart(3, '0')}`));
    }
  }, 60_000);
});

/** A fixed, irregular list of chunk sizes (cycled) for the large stream test. */
function chunkSizes(): number[] {
  return [1 << 20, 333_333, 17, 1 << 19, 4093];
}

it('chunkBytes covers the input exactly (test helper self-check)', () => {
  const bytes = new Uint8Array(100).map((_, i) => i);
  const chunks = chunkBytes(bytes, [3, 40]);
  expect(chunks.map((c) => c.length)).toEqual([3, 40, 3, 40, 3, 11]);
  expect(Array.from(chunks.flatMap((c) => Array.from(c)))).toEqual(Array.from(bytes));
  void parseStreamLoose;
});

describe('only CsvErrors leave the API', () => {
  const csv = 'a\n1\nx\n2\n';
  const thrown = new Error('from the callback');
  const onError = () => {
    throw thrown;
  };
  async function* chunks() {
    yield new TextEncoder().encode(csv);
  }

  it("passes an onError callback's own exception through unchanged, from every entry point", async () => {
    const file = join(tmpdir(), `typed-csv-callback-${process.pid}.csv`);
    writeFileSync(file, csv);
    try {
      expect(() => parse(csv, { schema: { a: 'i32' }, onError })).toThrow(thrown);
      await expect(parseStream(chunks(), { schema: { a: 'i32' }, onError })).rejects.toBe(thrown);
      await expect(parseFile(file, { schema: { a: 'i32' }, onError })).rejects.toBe(thrown);
      const batches = async () => { for await (const b of parseBatches(chunks(), { schema: { a: 'i32' }, onError })) void b; };
      await expect(batches()).rejects.toBe(thrown);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it("passes an onProgress callback's own exception through unchanged, even a thrown string", async () => {
    await expect(parseStream(chunks(), { schema: { a: 'i32' }, onError: 'skip', onProgress: () => { throw 'stop'; } })).rejects.toBe('stop');
  });

  it('turns anything else into an INTERNAL_ERROR CsvError that keeps it as the cause', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const e = publicError(bug) as CsvError;
    expect(e).toBeInstanceOf(CsvError);
    expect(e).toMatchObject({ code: 'INTERNAL_ERROR', message: expect.stringMatching(/TypeError: Cannot read properties.*a bug in typed-csv: please report it/) });
    expect((e as { cause?: unknown }).cause).toBe(bug);
    const csvError = new CsvError('INVALID_NUMBER', 'x');
    expect(publicError(csvError)).toBe(csvError);
  });
});
