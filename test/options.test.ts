// Every option that can't be used is an INVALID_OPTION whose message says what to write instead,
// thrown by every entry point before it reads any input (a missing file or an endless stream must
// not hide the option's problem). Valid edge values next to each bad one are accepted.
import { describe, expect, it } from 'vitest';
import { CsvError, parse, parseBatches, parseFile, parseStream } from '../src/index.js';

interface Bad {
  what: string;
  options: unknown;
  /** The message must match each: it says what to write instead. */
  fix: RegExp[];
}

const schema = { a: 'u8' };

const BAD: Bad[] = [
  { what: 'no options at all', options: undefined, fix: [/schema/] },
  { what: 'a schema that is not an object', options: { schema: ['a'] }, fix: [/schema must be an object/, /\{ machine: "i32"/] },
  { what: 'an empty schema', options: { schema: {} }, fix: [/schema is empty/, /at least one column/] },
  { what: 'an unknown type name', options: { schema: { a: 'int' } }, fix: [/unknown type "int"/, /did you mean 'i32'/, /i8, i16, i32/] },
  { what: 'a type from another tool', options: { schema: { a: 'double' } }, fix: [/did you mean 'f64'/] },
  { what: 'a misspelt type name', options: { schema: { a: 'f46' } }, fix: [/did you mean 'f64'/] },
  { what: 'a column object without a type', options: { schema: { a: { nullable: true } } }, fix: [/unknown type undefined/, /use one of/] },
  { what: 'a misspelt column setting', options: { schema: { a: { type: 'u8', nullabel: true } } }, fix: [/"nullabel"/, /did you mean nullable/] },
  { what: 'nullable that is not a boolean', options: { schema: { a: { type: 'u8', nullable: 'yes' } } }, fix: [/nullable must be true or false/, /nullable: true/] },
  { what: 'delimiter equal to quote', options: { schema, delimiter: '"' }, fix: [/both/, /pick different characters/] },
  { what: 'delimiter equal to a custom quote', options: { schema, delimiter: ';', quote: ';' }, fix: [/pick different characters/] },
  { what: 'a multi-byte delimiter', options: { schema, delimiter: '§' }, fix: [/one ASCII character/, /'\\t' or ';'/] },
  { what: 'a two-character delimiter', options: { schema, delimiter: ',,' }, fix: [/one ASCII character/] },
  { what: 'an empty delimiter', options: { schema, delimiter: '' }, fix: [/one ASCII character/] },
  { what: 'a line break as delimiter', options: { schema, delimiter: '\n' }, fix: [/line break/] },
  { what: 'a delimiter that can be part of a number', options: { schema, delimiter: '.' }, fix: [/inside values/, /punctuation character such as ','/] },
  { what: 'a two-character quote', options: { schema, quote: "''" }, fix: [/quote must be one ASCII character/, /"'"/] },
  { what: 'a quote given as a char code', options: { schema, quote: 39 }, fix: [/quote must be one ASCII character/] },
  { what: 'header as a string', options: { schema, header: 'false' }, fix: [/header must be true or false/, /a string/] },
  { what: 'trim as a number', options: { schema, trim: 1 }, fix: [/trim must be true or false/] },
  { what: 'an unknown option', options: { schema, separator: ';' }, fix: [/unknown option "separator"/, /delimiter/] },
  { what: 'a misspelt option', options: { schema, delimeter: ';' }, fix: [/did you mean delimiter\?/] },
  { what: 'an option in the wrong case', options: { schema, onerror: 'skip' }, fix: [/did you mean onError\?/] },
  { what: 'a snake_case option', options: { schema, max_errors: 5 }, fix: [/did you mean maxErrors\?/] },
  { what: 'a negative maxErrors', options: { schema, maxErrors: -1 }, fix: [/maxErrors must be a whole number from 0/] },
  { what: 'a fractional maxErrors', options: { schema, maxErrors: 1.5 }, fix: [/whole number/, /maxErrors: 100/] },
  { what: 'maxErrors as a string', options: { schema, maxErrors: '10' }, fix: [/"10" \(a string\)/] },
  { what: 'an infinite maxErrors', options: { schema, maxErrors: Infinity }, fix: [/from 0 to 1000000000/] },
  { what: 'maxRecordBytes 0', options: { schema, maxRecordBytes: 0 }, fix: [/maxRecordBytes must be a whole number from 1/] },
  { what: 'maxRecordBytes above 1 GiB', options: { schema, maxRecordBytes: 2 ** 31 }, fix: [/to 1073741824/] },
  { what: 'maxRecordBytes as text', options: { schema, maxRecordBytes: '1MB' }, fix: [/"1MB" \(a string\)/, /maxRecordBytes: 67108864/] },
  { what: 'chunkSize 0', options: { schema, chunkSize: 0 }, fix: [/chunkSize must be a whole number from 1/] },
  { what: 'a fractional chunkSize', options: { schema, chunkSize: 1000.5 }, fix: [/chunkSize/, /whole number/] },
  { what: 'maxColumns 0', options: { schema, maxColumns: 0 }, fix: [/maxColumns must be a whole number from 1/] },
  { what: 'batchRows outside parseBatches', options: { schema, batchRows: 10 }, fix: [/batchRows is an option of parseBatches/] },
  { what: 'exactBatches outside parseBatches', options: { schema, exactBatches: false }, fix: [/exactBatches is an option of parseBatches/] },
  { what: 'reuseBuffers outside parseBatches', options: { schema, reuseBuffers: true }, fix: [/reuseBuffers is an option of parseBatches/] },
  { what: 'onError garbage', options: { schema, onError: 'ignore' }, fix: [/'throw', 'skip', 'null' or a function/, /"ignore"/] },
  { what: 'onError in the wrong case', options: { schema, onError: 'SKIP' }, fix: [/'skip'/] },
  { what: 'onError as a number', options: { schema, onError: 0 }, fix: [/onError must be/] },
  { what: 'onError: null (the value, not the policy)', options: { schema, onError: null }, fix: [/onError: 'null' \(a string\)/] },
  { what: 'validateUtf8 as a string', options: { schema, validateUtf8: 'yes' }, fix: [/validateUtf8 must be true or false/] },
  { what: 'an unknown engine', options: { schema, engine: 'gpu' }, fix: [/'auto', 'wasm' or 'js'/] },
  { what: 'a signal that is not an AbortSignal', options: { schema, signal: {} }, fix: [/AbortSignal.timeout/] },
  { what: 'onProgress that is not a function', options: { schema, onProgress: 5 }, fix: [/onProgress must be a function/] },
  { what: 'a schema wider than maxColumns without a header', options: { schema: { a: 'u8', b: 'u8' }, header: false, maxColumns: 1 }, fix: [/raise maxColumns/] },
];

function expectInvalidOption(e: unknown, bad: Bad, how: string) {
  expect(e, `${bad.what} (${how})`).toBeInstanceOf(CsvError);
  const err = e as CsvError;
  expect(err.code, `${bad.what} (${how}): ${err.message}`).toBe('INVALID_OPTION');
  for (const fix of bad.fix) expect(err.message, `${bad.what} (${how})`).toMatch(fix);
}

/** A source that fails the test if anything reads it. */
function untouchable(): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      throw new Error('the source was opened before the options were checked');
    },
  };
}

const loose = <T>(f: T) => f as unknown as (input: unknown, options: unknown) => unknown;

describe('invalid options are INVALID_OPTION, with the fix in the message', () => {
  for (const bad of BAD) {
    it(bad.what, async () => {
      const tries: [string, () => unknown][] = [
        ['parse', () => loose(parse)('a\n1\n', bad.options)],
        ['parseStream', () => loose(parseStream)(untouchable(), bad.options)],
        ['parseFile of a file that does not exist', () => loose(parseFile)('/nonexistent/typed-csv/x.csv', bad.options)],
      ];
      if (!bad.what.endsWith('outside parseBatches')) {
        tries.push(['parseBatches', async () => {
          const it = loose(parseBatches)(untouchable(), { ...(bad.options as object), batchRows: 10 }) as AsyncGenerator;
          await it.next();
        }]);
      }
      for (const [how, run] of tries) {
        let thrown: unknown;
        try {
          await run();
        } catch (e) {
          thrown = e;
        }
        expectInvalidOption(thrown, bad, how);
      }
    });
  }

  it('bad batchRows for parseBatches', async () => {
    for (const batchRows of [0, -1, 1.5, '10', 2 ** 40]) {
      let thrown: unknown;
      try {
        await (loose(parseBatches)('a\n1\n', { schema, batchRows }) as AsyncGenerator).next();
      } catch (e) {
        thrown = e;
      }
      expectInvalidOption(thrown, { what: `batchRows ${String(batchRows)}`, options: undefined, fix: [/batchRows must be a whole number from 1/, /batchRows: 65536/] }, 'parseBatches');
    }
  });

  it('bad exactBatches or reuseBuffers for parseBatches', async () => {
    for (const name of ['exactBatches', 'reuseBuffers']) {
      for (const value of [0, 1, 'false']) {
        let thrown: unknown;
        try {
          await (loose(parseBatches)('a\n1\n', { schema, [name]: value }) as AsyncGenerator).next();
        } catch (e) {
          thrown = e;
        }
        expectInvalidOption(thrown, { what: `${name} ${String(value)}`, options: undefined, fix: [new RegExp(`${name} must be true or false`)] }, 'parseBatches');
      }
    }
  });

  it('an onError callback that returns something other than a policy', () => {
    for (const answer of ['ignore', 'SKIP', undefined, null, 1, {}]) {
      let thrown: unknown;
      try {
        parse('a\nx\n', { schema: { a: 'u8' }, onError: (() => answer) as never });
      } catch (e) {
        thrown = e;
      }
      expectInvalidOption(thrown, { what: `a callback returning ${JSON.stringify(answer)}`, options: undefined, fix: [/onError returned/, /it must return 'throw', 'skip' or 'null'/] }, 'parse');
    }
  });

  it('duplicate header names that the schema relies on (and only those)', () => {
    let thrown: unknown;
    try {
      parse('a,b,a\n1,2,3\n', { schema: { a: 'u8' } });
    } catch (e) {
      thrown = e;
    }
    expectInvalidOption(thrown, { what: 'a header naming "a" twice', options: undefined, fix: [/names "a" 2 times/, /columns 1 and 3/, /rename one of them in the file, or use header: false/] }, 'parse');
    expect((thrown as CsvError).line).toBe(1);
    // A repeated name the schema doesn't read is no problem.
    expect(parse('x,x,b\n1,2,3\n', { schema: { b: 'u8' } }).columns.b[0]).toBe(3);
  });

  // Matching names used to copy a list per duplicate: 200,000 of them took minutes, now milliseconds.
  it('200,000 duplicate header names cost linear time, and an error about them stays short', { timeout: 20_000 }, () => {
    const n = 200_000;
    const csv = 'a,' + 'x,'.repeat(n) + 'b\n1,' + ','.repeat(n) + '2\n';
    const table = parse(csv, { schema: { a: 'i32', b: 'i32' }, maxColumns: 1 << 20 });
    expect([table.columns.a[0], table.columns.b[0]]).toEqual([1, 2]);
    let thrown: unknown;
    try {
      parse(csv, { schema: { x: 'i32' }, maxColumns: 1 << 20 });
    } catch (e) {
      thrown = e;
    }
    expectInvalidOption(thrown, { what: '200,000 columns named "x"', options: undefined, fix: [/names "x" 200000 times \(columns 2, 3, 4, … and 200001\)/] }, 'parse');
    expect((thrown as CsvError).message.length).toBeLessThan(300);
  });
});

describe('valid values next to the invalid ones are accepted', () => {
  const ok: [string, object][] = [
    ['maxErrors 0 (count errors, keep none)', { maxErrors: 0, onError: 'skip' }],
    ['maxErrors 1e9', { maxErrors: 1e9 }],
    ['maxRecordBytes 1 GiB', { maxRecordBytes: 2 ** 30 }],
    ['chunkSize 1', { chunkSize: 1 }],
    ['maxColumns 1', { maxColumns: 1 }],
    ['tab, semicolon, pipe and space delimiters', { delimiter: '\t' }],
    ['a single quote as quote', { quote: "'" }],
    ['every policy', { onError: 'null' }],
    ['a callback', { onError: () => 'skip' }],
    ['undefined for any option (as if left out)', { header: undefined, delimiter: undefined, onError: undefined, maxErrors: undefined }],
  ];
  for (const [what, extra] of ok) {
    it(what, () => {
      expect(parse('a\n1\n', { schema: { a: 'u8' }, ...extra } as never).rowCount).toBe(1);
    });
  }
  it('column types in any spelling the schema allows', () => {
    const t = parse('a,b\n1,x\n', { schema: { a: { type: 'f64', nullable: false }, b: { type: 'string' } } });
    expect([t.columns.a[0], t.columns.b.get(0)]).toEqual([1, 'x']);
    for (const d of [';', '|', ' ']) expect(parse(`a${d}b\n1${d}2\n`, { schema: { b: 'u8' }, delimiter: d }).columns.b[0]).toBe(2);
  });
});
