// Unit tests of the reference parser by itself: it is the oracle of the differential tests, so it
// gets its own small, hand-checked cases (no library involved).
import { describe, expect, it } from 'vitest';
import { referenceParse, lineAt, type RefOptions } from './reference-parser.js';

const ok = (input: string | Uint8Array, options: RefOptions) => {
  const r = referenceParse(input, options);
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r;
};
const fail = (input: string | Uint8Array, options: RefOptions) => {
  const r = referenceParse(input, options);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.columns)}`);
  return r;
};

describe('referenceParse', () => {
  it('parses typed columns with a header', () => {
    const r = ok('machine,duration\n1,0.045\n2,1.5\n', { schema: { machine: 'i32', duration: 'f64' } });
    expect(r.rowCount).toBe(2);
    expect(r.columns).toEqual({ machine: [1, 2], duration: [0.045, 1.5] });
  });

  it('skips a BOM, blank lines and CRLF, and accepts a last record without newline', () => {
    const r = ok('\uFEFF\r\n\na,b\r\n\r\n1,x\n\n2,y', { schema: { a: 'u8', b: 'string' } });
    expect(r.columns).toEqual({ a: [1, 2], b: ['x', 'y'] });
  });

  it('treats a lone CR as data and a final CR as a record end', () => {
    expect(ok('a\nx\ry\n', { schema: { a: 'string' } }).columns.a).toEqual(['x\ry']);
    expect(ok('a\nxy\r', { schema: { a: 'string' } }).columns.a).toEqual(['xy']);
    expect(fail('a\n1\r2\n', { schema: { a: 'i32' } }).code).toBe('INVALID_NUMBER');
  });

  it('decodes quoted fields and treats an inner quote as data', () => {
    const r = ok('a,b\n"x,""y""\n",3"\n', { schema: { a: 'string', b: 'string' } });
    expect(r.columns).toEqual({ a: ['x,"y"\n'], b: ['3"'] });
  });

  it('projects columns without checking skipped ones', () => {
    const r = ok('junk,a,more\nzz,1,"q,q"\n', { schema: { a: 'i8' } });
    expect(r.columns).toEqual({ a: [1] });
  });

  it('range-checks integers exactly with BigInt', () => {
    expect(ok('a\n-128\n127\n', { schema: { a: 'i8' } }).columns.a).toEqual([-128, 127]);
    expect(fail('a\n128\n', { schema: { a: 'i8' } }).code).toBe('OUT_OF_RANGE');
    expect(fail('a\n-1\n', { schema: { a: 'u64' } }).code).toBe('OUT_OF_RANGE');
    expect(ok('a\n-0\n', { schema: { a: 'u8' } }).columns.a).toEqual([0]);
    expect(ok('a\n18446744073709551615\n', { schema: { a: 'u64' } }).columns.a).toEqual([18446744073709551615n]);
    expect(fail('a\n18446744073709551616\n', { schema: { a: 'u64' } }).code).toBe('OUT_OF_RANGE');
    expect(fail('a\n1.0\n', { schema: { a: 'i32' } }).code).toBe('INVALID_NUMBER');
  });

  it('accepts exactly the float grammar', () => {
    const schema = { a: 'f64' } as const;
    for (const [text, value] of [
      ['1.', 1], ['.5', 0.5], ['-.5e-1', -0.05], ['+1E+2', 100], ['1e400', Infinity],
      ['NaN', NaN], ['-inf', -Infinity], ['+Infinity', Infinity], ['-0', -0],
    ] as const) {
      expect(ok(`a\n${text}\n`, { schema }).columns.a, text).toEqual([value]);
    }
    for (const text of ['.', 'e5', '1e', '0x10', '1_000', ' 7', '12abc', 'infinit', 'nann', '1.5.']) {
      expect(fail(`a\n"${text}"\n`, { schema }).code, text).toBe('INVALID_NUMBER');
    }
    expect(ok('a\n0.1\n', { schema: { a: 'f32' } }).columns.a).toEqual([Math.fround(0.1)]);
  });

  it('handles nulls and empty values', () => {
    const schema = { a: { type: 'i32', nullable: true }, s: { type: 'string', nullable: true }, t: 'string' } as const;
    const r = ok('a,s,t\n,,\n"","",""\n', { schema });
    expect(r.columns).toEqual({ a: [null, null], s: [null, ''], t: ['', ''] });
    expect(fail('a\n""\n', { schema: { a: 'f64' } }).code).toBe('EMPTY_VALUE');
  });

  it('trims numbers only when asked, and never strings', () => {
    expect(ok('a,b\n \t7\t , x \n', { schema: { a: 'i32', b: 'string' }, trim: true }).columns).toEqual({ a: [7], b: [' x '] });
    expect(fail('a\n 7\n', { schema: { a: 'i32' } }).code).toBe('INVALID_NUMBER');
  });

  it('reports field errors at the field with line, row, column and text', () => {
    const input = 'a,b\n1,2\n\n"x\ny",3\n4,0.0x5\n';
    const r = fail(input, { schema: { a: 'string', b: 'f64' } });
    expect(r).toMatchObject({ code: 'INVALID_NUMBER', line: 6, row: 2, column: 'b', columnIndex: 1, text: '0.0x5' });
    expect(r.byteOffset).toBe(input.indexOf('0.0x5'));
  });

  it('reports FIELD_COUNT at the record start, in reading order', () => {
    // too few: found at the record end, after the present fields were checked
    expect(fail('a,b\n1\n', { schema: { a: 'i8', b: 'i8' } })).toMatchObject({ code: 'FIELD_COUNT', line: 2, byteOffset: 4, row: 0, column: undefined });
    expect(fail('a,b\nx\n', { schema: { a: 'i8', b: 'i8' } }).code).toBe('INVALID_NUMBER');
    // too many: found when the extra field starts, before its quote problems
    expect(fail('a\n1,"\n', { schema: { a: 'i8' } })).toMatchObject({ code: 'FIELD_COUNT', byteOffset: 2 });
    expect(fail('a\nz,"\n', { schema: { a: 'i8' } }).code).toBe('INVALID_NUMBER');
  });

  it('reports quote errors at the opening quote', () => {
    expect(fail('a\n1\n"abc\n\n', { schema: { a: 'string' } })).toMatchObject({ code: 'UNTERMINATED_QUOTE', line: 3, byteOffset: 4, row: 1, column: 'a' });
    expect(fail('a,b\n1,"x"y\n', { schema: { a: 'string', b: 'string' } })).toMatchObject({ code: 'INVALID_QUOTE', line: 2, byteOffset: 6, row: 0, column: 'b', columnIndex: 1 });
    expect(fail('a\n"x"\rz\n', { schema: { a: 'string' } }).code).toBe('INVALID_QUOTE');
    expect(ok('a\n"x"\r', { schema: { a: 'string' } }).columns.a).toEqual(['x']);
  });

  it('checks the header against the schema', () => {
    expect(fail('a,b\n', { schema: { c: 'i8' } })).toMatchObject({ code: 'MISSING_COLUMN', column: 'c', line: 1, byteOffset: 0 });
    expect(fail('\n\na,a\n', { schema: { a: 'i8' } })).toMatchObject({ code: 'INVALID_OPTION', line: 3, byteOffset: 2 });
    expect(ok('a,a,b\n1,2,3\n', { schema: { b: 'i8' } }).columns.b).toEqual([3]);
    expect(ok('', { schema: { a: 'i8' } }).rowCount).toBe(0);
    expect(ok('\uFEFF\n\r\n', { schema: { a: 'i8' } }).columns).toEqual({ a: [] });
    expect(ok('', { schema: { a: 'i8' }, header: false }).rowCount).toBe(0);
  });

  it('validates options', () => {
    for (const bad of [{ delimiter: ';;' }, { delimiter: '' }, { delimiter: '\n' }, { quote: ',' }, { delimiter: '§' }]) {
      expect(fail('a\n', { schema: { a: 'i8' }, ...bad }).code).toBe('INVALID_OPTION');
    }
    expect(fail('a\n', { schema: {} }).code).toBe('INVALID_OPTION');
    expect(fail('a\n', { schema: { a: 'int' as never } }).code).toBe('INVALID_OPTION');
  });

  it('supports other delimiters and quotes', () => {
    expect(ok("a\tb\n'x\t'''\t2\n", { schema: { a: 'string', b: 'i8' }, delimiter: '\t', quote: "'" }).columns).toEqual({ a: ["x\t'"], b: [2] });
  });

  it('keeps a U+FEFF that is not at the very start of the input', () => {
    expect(ok('\uFEFFa\n\uFEFFx\n', { schema: { a: 'string' } }).columns.a).toEqual(['\uFEFFx']);
    expect(fail('\uFEFF\uFEFFa\n1\n', { schema: { a: 'i8' } }).code).toBe('MISSING_COLUMN');
  });

  it('counts lines by LF bytes', () => {
    const bytes = new TextEncoder().encode('a\r\nb\rc\n');
    expect([0, 3, 6, 7].map((o) => lineAt(bytes, o))).toEqual([1, 2, 2, 3]);
  });
});

describe('referenceParse error policies', () => {
  const schema = { a: 'u8', b: 'string' } as const;
  const codes = (r: { errors: { code: string; line: number | undefined; row: number | undefined }[] }) => r.errors.map((e) => `${e.code}@${e.line}/${e.row}`);

  it('skip: drops bad records, notes their errors with rows among all records', () => {
    const r = ok('a,b\n1,x\n,2\n3,4,5\n"bad"q,1\n7,y\n', { schema, onError: 'skip' });
    expect(r.columns).toEqual({ a: [1, 7], b: ['x', 'y'] });
    expect(r.rowCount + r.skippedRecords).toBe(5);
    expect(codes(r)).toEqual(['EMPTY_VALUE@3/1', 'FIELD_COUNT@4/2', 'INVALID_QUOTE@5/3']);
    expect(r.errorCount).toBe(3);
    expect(r.validityColumns).toEqual([]);
  });

  it('null: a bad value becomes null and the record goes on; a broken record is dropped', () => {
    const r = ok('a,b\nzz,x\n300,"y"z\n1,"q\n', { schema, onError: 'null' });
    expect(r.columns).toEqual({ a: [null], b: ['x'] });
    // 300 was made null, then the bad quote dropped its record anyway; the last quote never closes.
    expect(codes(r)).toEqual(['INVALID_NUMBER@2/0', 'OUT_OF_RANGE@3/1', 'INVALID_QUOTE@3/1', 'UNTERMINATED_QUOTE@4/2']);
    expect(r.skippedRecords).toBe(2);
    expect(r.validityColumns).toEqual(['a']);
  });

  it('a null only in a dropped record leaves the column without a bitmap', () => {
    const r = ok('a,b\nzz,x,extra\n1,y\n', { schema, onError: 'null' });
    expect(r.columns.a).toEqual([1]);
    expect(codes(r)).toEqual(['INVALID_NUMBER@2/0', 'FIELD_COUNT@2/0']);
    expect(r.validityColumns).toEqual([]);
  });

  it('a dropped record ends at the first line end outside a quote opened at a field start', () => {
    // The bad quote's field goes on as data (y), the next field's quote hides the LF, then 1 and LF.
    const r = ok('a\n"x"y,"z\n"1\n2\n', { schema: { a: 'string' }, onError: 'skip' });
    expect(r.columns.a).toEqual(['2']);
    expect(r.skippedRecords).toBe(1);
    // A quote in the middle of a field is data: the record ends at the first LF.
    expect(ok('a\n1,x"y\n2\n', { schema: { a: 'u8' }, onError: 'skip' }).columns.a).toEqual([2]);
    // An unclosed quote makes the rest of the input one dropped record.
    const u = ok('a\n1\n"open\n2\n3\n', { schema: { a: 'string' }, onError: 'skip' });
    expect([u.rowCount, u.skippedRecords, codes(u)]).toEqual([1, 1, ['UNTERMINATED_QUOTE@3/1']]);
    // A value error's record is dropped with everything up to its end, quoted line breaks included.
    const v = ok('a,b\nx,"1\n2"\n3,z\n', { schema, onError: 'skip' });
    expect([v.columns.a, v.skippedRecords]).toEqual([[3], 1]);
  });

  it('a callback decides per error, and is asked about each error once, in order', () => {
    const asked: string[] = [];
    const r = ok('a,b\nzz,x,more\n1,y\n-1,z\n', {
      schema,
      onError: (e) => {
        asked.push(e.code);
        return e.code === 'INVALID_NUMBER' ? 'null' : 'skip';
      },
    });
    expect(asked).toEqual(['INVALID_NUMBER', 'FIELD_COUNT', 'OUT_OF_RANGE']);
    expect(r.columns.a).toEqual([1]);
    expect(r.skippedRecords).toBe(2);
    // 'throw' makes that error the result; an answer that isn't one is INVALID_OPTION.
    expect(fail('a,b\n1,x\nzz,y\n', { schema, onError: () => 'throw' })).toMatchObject({ code: 'INVALID_NUMBER', row: 1, line: 3 });
    expect(fail('a,b\nzz,y\n', { schema, onError: () => 'ignore' }).code).toBe('INVALID_OPTION');
    // 'null' for a structural error still drops the record.
    expect(ok('a,b\n1\n', { schema, onError: () => 'null' }).skippedRecords).toBe(1);
  });

  it('keeps the first maxErrors errors and counts them all', () => {
    const input = 'a\nx\ny\nz\n1\n';
    const r = ok(input, { schema: { a: 'u8' }, onError: 'skip', maxErrors: 2 });
    expect([r.errors.length, r.errorCount, r.allErrors.length]).toEqual([2, 3, 3]);
    expect(ok(input, { schema: { a: 'u8' }, onError: 'skip', maxErrors: 0 }).errors).toEqual([]);
  });

  it('header problems are thrown whatever the policy', () => {
    expect(fail('a,"b\n1,2\n', { schema: { a: 'u8' }, onError: 'skip' }).code).toBe('UNTERMINATED_QUOTE');
    expect(fail('b\n1\n', { schema: { a: 'u8' }, onError: () => 'skip' }).code).toBe('MISSING_COLUMN');
    expect(fail('a,b,c\n', { schema: { a: 'u8' }, maxColumns: 2, onError: 'skip' })).toMatchObject({ code: 'TOO_MANY_COLUMNS', line: 1, byteOffset: 0 });
  });

  it('validateUtf8 refuses ill-formed string fields only', () => {
    const bad: number[][] = [[0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]];
    for (const seq of bad) {
      const input = new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, ...seq, 0x0a]);
      expect(fail(input, { schema, validateUtf8: true }), seq.join(' ')).toMatchObject({ code: 'INVALID_UTF8', line: 2, byteOffset: 6, column: 'b' });
      expect(ok(input, { schema }).columns.b, `${seq.join(' ')} kept without validateUtf8`).toEqual([new TextDecoder().decode(Uint8Array.from(seq))]);
      const nulled = ok(input, { schema, validateUtf8: true, onError: 'null' });
      expect([nulled.columns.b, nulled.validityColumns]).toEqual([[null], ['b']]);
    }
    // Valid 2-, 3- and 4-byte sequences, U+FEFF and U+10FFFF pass; a skipped column is not checked.
    expect(ok('a,b\n1,é€😀\uFEFF\u{10FFFF}\n', { schema, validateUtf8: true }).rowCount).toBe(1);
    expect(ok(new Uint8Array([0x61, 0x2c, 0x7a, 0x0a, 0x31, 0x2c, 0xff, 0x0a]), { schema: { a: 'u8' }, validateUtf8: true }).rowCount).toBe(1);
  });
});
