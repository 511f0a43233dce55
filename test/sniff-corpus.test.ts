// The sniffer on a corpus of varied real-looking files (bench/sniff-corpus.ts): how many columns it gets right, and that what it suggests parses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { score, writeCorpus, type CorpusFile, type FileScore } from '../bench/sniff-corpus.js';
import { CsvError, parseFile, sniffFile, type Schema } from '../src/index.js';

const EXISTING_TYPES = new Set(['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'string']);
/** Files built to be hard, whose misses are the limits README "Schema sniffing" states. */
const HARD = new Set(['no_header_unique_text', 'rare_exceptions']);

const dir = mkdtempSync(join(tmpdir(), 'typed-csv-sniff-corpus-'));
let files: CorpusFile[] = [];
const scores = new Map<string, FileScore>();

beforeAll(async () => {
  files = writeCorpus(dir);
  for (const f of files) scores.set(f.name, score(f, await sniffFile(f.path)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sniffing the corpus', () => {
  it('has 30+ varied files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(new Set(files.map((f) => f.delimiter))).toEqual(new Set([',', ';', '\t', '|']));
    expect(files.some((f) => !f.header)).toBe(true);
  });

  it('finds every file\'s delimiter and quote', () => {
    expect([...scores.values()].filter((s) => !s.dialectRight).map((s) => `${s.file.name}: ${s.misses.join('; ')}`)).toEqual([]);
  });

  it('tells header from data in every file but the one where nothing can', () => {
    expect([...scores.values()].filter((s) => !s.headerRight).map((s) => s.file.name)).toEqual(['no_header_unique_text']);
  });

  it('gets every column of the ordinary files right (type, nullable, unit)', () => {
    const misses = [...scores.values()].filter((s) => !HARD.has(s.file.name)).flatMap((s) => s.misses.map((m) => `${s.file.name}: ${m}`));
    expect(misses).toEqual([]);
  });

  it('gets at least 97% of all columns right, the hard files included', () => {
    const all = [...scores.values()];
    const right = all.reduce((a, s) => a + s.right, 0);
    const total = all.reduce((a, s) => a + s.total, 0);
    expect(total).toBeGreaterThanOrEqual(150);
    expect(right / total).toBeGreaterThanOrEqual(0.97);
  });

  it('suggests schemas that parse their whole files (the files of today\'s types)', async () => {
    const checked: string[] = [];
    for (const f of files) {
      const s = scores.get(f.name)!.result;
      if (HARD.has(f.name) || !s.columns.every((c) => EXISTING_TYPES.has(c.type))) continue;
      const t = await parseFile(f.path, { schema: s.schema as Schema, delimiter: s.delimiter, quote: s.quote, header: s.header });
      expect(t.rowCount, f.name).toBeGreaterThan(0);
      checked.push(f.name);
    }
    expect(checked.length).toBeGreaterThanOrEqual(8);
  });

  it('when sampling misses a single odd row, the parse says exactly where it is', async () => {
    const f = files.find((x) => x.name === 'rare_exceptions')!;
    const s = scores.get(f.name)!.result;
    expect(s.schema).toEqual({ id: 'i32', qty: 'i32', code: 'i32' }); // the sample never saw rows 77,777 and 123,457
    const err = await parseFile(f.path, { schema: s.schema as Schema }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect(err).toMatchObject({ code: 'EMPTY_VALUE', column: 'code', row: 77_777, line: 77_779 });
  });
});
