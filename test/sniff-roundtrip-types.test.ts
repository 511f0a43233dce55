// Sniff → parse with the sniffed schema, over the types the sniffer suggests beyond numbers and strings (bool, date, timestamp, category).
// It FAILS until the parser for those types (issue 11 item 1) is merged: that is on purpose, so the
// merge that brings them in has to turn this file green; it proves the sniffer's grammars and the
// parser's agree on every text the corpus writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../bench/sniff-corpus.js';
import { parse, parseFile, sniff, sniffFile, type Schema } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'typed-csv-sniff-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NEW_TYPES = new Set(['bool', 'date', 'timestamp', 'category']);

describe('a sniffed schema with bool, date, timestamp and category columns parses its file', () => {
  it('parses by hand-checked values', () => {
    const text = [
      'ok,day,at,fine,method',
      'yes,2024-02-29,2024-02-29T23:30:00-01:00,2024-01-01T00:00:00.123456Z,GET',
      'N,1970-01-01,2024-03-01 00:00,2024-01-01T00:00:00.000001Z,POST',
      ...Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'y' : 'n'},2000-01-${String((i % 28) + 1).padStart(2, '0')},2024-01-01T00:00:${String(i).padStart(2, '0')}Z,2024-01-01T00:00:00.${String(i).padStart(6, '0')}Z,${['GET', 'POST'][i % 2]}`),
    ].join('\n');
    const s = sniff(text);
    expect(s.schema).toEqual({ ok: 'bool', day: 'date', at: 'timestamp', fine: { type: 'timestamp', unit: 'us' }, method: 'category' });
    const t = parse(text, { schema: s.schema as Schema }) as unknown as { rowCount: number; columns: Record<string, any> };
    expect(t.rowCount).toBe(42);
    expect([t.columns.ok[0], t.columns.ok[1]]).toEqual([1, 0]);
    expect([t.columns.day[0], t.columns.day[1]]).toEqual([Date.UTC(2024, 1, 29) / 86_400_000, 0]);
    expect([t.columns.at[0], t.columns.at[1]]).toEqual([Date.parse('2024-03-01T00:30:00Z'), Date.parse('2024-03-01T00:00:00Z')]);
    expect([t.columns.fine[0], t.columns.fine[1]]).toEqual([BigInt(Date.UTC(2024, 0, 1)) * 1000n + 123_456n, BigInt(Date.UTC(2024, 0, 1)) * 1000n + 1n]);
    expect([t.columns.method.get(0), t.columns.method.get(1)]).toEqual(['GET', 'POST']);
  });

  it('parses every corpus file whose sniffed schema uses them', async () => {
    const files = writeCorpus(dir);
    const parsed: string[] = [];
    for (const f of files) {
      if (f.name === 'rare_exceptions') continue; // built so that sampling misses a row
      const s = await sniffFile(f.path);
      if (!s.columns.some((c) => NEW_TYPES.has(c.type))) continue;
      const t = await parseFile(f.path, { schema: s.schema as Schema, delimiter: s.delimiter, quote: s.quote, header: s.header });
      expect(t.rowCount, f.name).toBeGreaterThan(0);
      parsed.push(f.name);
    }
    expect(parsed.length).toBeGreaterThanOrEqual(15);
  });
});
