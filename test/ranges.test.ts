// Byte ranges: parseFile(path, { range: { start, end } }) parses the records whose first byte lies
// in [start, end). Any partition of the file, cut anywhere (inside quoted newlines, CRLFs, the
// header, a BOM), gives together exactly the whole file's records; and the recipe that fans a file
// out over child processes works as the README shows it.
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, parseFile, StringColumn, type Table } from '../src/index.js';
import { prng } from './support/prng.js';
import { useTempCsvFiles } from './support/temp-files.js';

const file = useTempCsvFiles('ranges');

const schema = { n: 'i32', s: 'string', x: { type: 'f64', nullable: true } } as const;
type Plain = { rows: unknown[][]; skipped: number; errorCount: number; errors: [string | undefined, number | undefined][] };

function plain(t: Table<typeof schema>): Plain {
  const s = t.columns.s as StringColumn;
  const rows = Array.from({ length: t.rowCount }, (_, i) => [t.columns.n[i], s.get(i), t.isNull('x', i) ? null : t.columns.x[i]]);
  return { rows, skipped: t.skippedRecords, errorCount: t.errorCount, errors: t.errors.map((e) => [e.code, e.byteOffset]) };
}

function concat(parts: Plain[]): Plain {
  return {
    rows: parts.flatMap((p) => p.rows),
    skipped: parts.reduce((a, p) => a + p.skipped, 0),
    errorCount: parts.reduce((a, p) => a + p.errorCount, 0),
    errors: parts.flatMap((p) => p.errors),
  };
}

/** A partition of [0, size) into `n` ranges at random cut points (some empty, some past the end). */
function partition(rand: () => number, size: number, n: number): { start: number; end: number }[] {
  const cuts = Array.from({ length: n - 1 }, () => Math.floor(rand() * (size + 1))).sort((a, b) => a - b);
  const points = [0, ...cuts, size + (rand() < 0.3 ? 10 : 0)];
  return points.slice(0, -1).map((start, k) => ({ start, end: points[k + 1] }));
}

function generated(rand: () => number, bad: boolean, quotes = true): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  let text = (rand() < 0.2 ? '\ufeff' : '') + (rand() < 0.3 ? '\n' : '') + 'n,s,x' + pick(['\n', '\r\n']);
  const inner = ['a', ',', '\n', '\r\n', '""', '9,""y"",9\n', '\r', 'é'];
  const rows = 5 + Math.floor(rand() * 40);
  for (let r = 0; r < rows; r++) {
    if (rand() < 0.08) { text += '\n'; continue; }
    const s = quotes && rand() < 0.6 ? '"' + Array.from({ length: Math.floor(rand() * 5) }, () => pick(inner)).join('') + '"' : pick(['p', '', 'q r']);
    const n = bad && rand() < 0.1 ? 'bad' : String(r);
    text += `${n},${s},${rand() < 0.2 ? '' : r / 4}` + pick(['\n', '\r\n']);
  }
  return rand() < 0.3 ? text.replace(/\r?\n$/, '') : text;
}

describe('byte ranges', () => {
  it('any partition of the file gives exactly its records, cut anywhere', async () => {
    const rand = prng(99);
    for (let i = 0; i < 30; i++) {
      const text = generated(rand, i % 3 === 2, i % 4 !== 0);
      const path = file(text);
      const size = statSync(path).size;
      const onError = i % 3 === 2 ? 'skip' : 'throw';
      const whole = plain(await parseFile(path, { schema, onError, threads: 1 }));
      for (const quotedNewlines of [true, false]) {
        if (!quotedNewlines && text.includes('"')) continue; // the promise would be false
        const parts: Plain[] = [];
        for (const range of partition(rand, size, 1 + Math.floor(rand() * 8))) parts.push(plain(await parseFile(path, { schema, onError, range, quotedNewlines, threads: 1 })));
        expect(concat(parts), `${JSON.stringify(text)}`).toEqual(whole);
      }
    }
  });

  it('every single-byte cut of a file with quoted newlines that look like records splits it exactly', async () => {
    const text = 'n,s,x\r\n1,"a\n2,b,3\n",4\r\n5,"c\r\n6,""d"",7\r\n",8\n\n9,e,10\n';
    const path = file(text);
    const whole = plain(await parseFile(path, { schema }));
    expect(whole.rows.map((r) => r[0])).toEqual([1, 5, 9]);
    for (let cut = 0; cut <= text.length; cut++) {
      const a = plain(await parseFile(path, { schema, range: { start: 0, end: cut } }));
      const b = plain(await parseFile(path, { schema, range: { start: cut, end: text.length } }));
      expect(concat([a, b]), `cut at ${cut}`).toEqual(whole);
    }
  });

  it('a range parsed on several threads equals the same range on one', async () => {
    const rand = prng(5);
    const text = generated(rand, false).replace(/[^\n]$/, '$&\n') + generated(rand, false).replace(/^\ufeff?\n?n,s,x\r?\n/, '');
    const path = file(text);
    process.env.TYPED_CSV_SPLIT_BYTES = '16';
    for (let k = 0; k < 5; k++) {
      const start = Math.floor(rand() * text.length);
      const range = { start, end: start + Math.floor(rand() * text.length) };
      expect(plain(await parseFile(path, { schema, range, threads: 3 }))).toEqual(plain(await parseFile(path, { schema, range, threads: 1 })));
    }
  });

  it('read the header from the file\'s start, and say where errors are: byteOffset the file\'s, line and row from the range\'s first record', async () => {
    const text = 'x,n,s\n1,1,a\n2,2,b\n3,oops,c\n';
    const path = file(text);
    const start = text.indexOf('2,2');
    const t = await parseFile(path, { schema, range: { start, end: start + 1 } });
    expect(plain(t).rows).toEqual([[2, 'b', 2]]);
    const err = await parseFile(path, { schema, range: { start, end: text.length } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_NUMBER', byteOffset: text.indexOf('oops'), line: 2, row: 1 });
    expect(String((err as Error).message)).toContain(`line 2 (byte ${text.indexOf('oops')})`);
    // From the file's start, they are the file's own.
    await expect(parseFile(path, { schema, range: { start: 0, end: text.length } })).rejects.toMatchObject({ line: 4, row: 2 });
  });

  it('a bad header is the same error in every range', async () => {
    const path = file('n,"s\n1,a,2\n');
    const whole = await parseFile(path, { schema }).catch((e: unknown) => e);
    const ranged = await parseFile(path, { schema, range: { start: 5, end: 9 } }).catch((e: unknown) => e);
    expect(ranged).toMatchObject({ code: (whole as { code: string }).code, message: (whole as Error).message });
    const empty = await parseFile(file(''), { schema, range: { start: 0, end: 10 } });
    expect(empty.rowCount).toBe(0);
  });

  it('refuse a range that is not { start, end } with 0 <= start <= end, and a range outside parseFile', async () => {
    const path = file('n,s,x\n1,a,2\n');
    for (const range of [{ start: -1, end: 3 }, { start: 4, end: 3 }, { start: 0.5, end: 3 }, { start: 0 }, 'all', null]) {
      await expect(parseFile(path, { schema, range: range as { start: number; end: number } })).rejects.toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining('range must be') });
    }
    expect(() => parse('n,s,x\n', { schema, range: { start: 0, end: 1 } })).toThrow(/range is an option of parseFile/);
  });

  it('the README recipe: N child processes each parse their range, the joined result is the whole file', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},"v${i}${i % 7 === 0 ? '\n,next' : ''}",${i / 2}`);
    const path = file('n,s,x\n' + rows.join('\n') + '\n');
    const size = statSync(path).size;
    const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    // Each task: parse its range, send back what the job needs (here: n and s as JSON).
    const task = `import { parseFile } from ${JSON.stringify(index)};
const [path, start, end] = process.argv.slice(-3);
const t = await parseFile(path, { schema: { n: 'i32', s: 'string', x: 'f64' }, range: { start: +start, end: +end } });
process.stdout.write(JSON.stringify({ n: Array.from(t.columns.n), s: t.columns.s.toArray() }));`;
    const N = 3;
    const parts = await Promise.all(Array.from({ length: N }, (_, k) => {
      const start = Math.floor((k * size) / N);
      const end = Math.floor(((k + 1) * size) / N);
      return promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', task, path, String(start), String(end)], { encoding: 'utf8' });
    }));
    const joined = parts.map((p) => JSON.parse(p.stdout) as { n: number[]; s: string[] });
    const whole = await parseFile(path, { schema: { n: 'i32', s: 'string', x: 'f64' } });
    expect(joined.flatMap((p) => p.n)).toEqual(Array.from(whole.columns.n));
    expect(joined.flatMap((p) => p.s)).toEqual(whole.columns.s.toArray());
    expect(joined.every((p) => p.n.length > 0)).toBe(true);
  });
});

describe('byte ranges of a file whose header is refused', () => {
  it('throw what the whole file throws: a missing column, too many columns', async () => {
    const missing = file('n,s\n1,a\n2,b\n');
    const whole = await parseFile(missing, { schema }).catch((e: unknown) => e);
    await expect(parseFile(missing, { schema, range: { start: 6, end: 9 } })).rejects.toMatchObject({ code: 'MISSING_COLUMN', message: (whole as Error).message });
    const wide = await parseFile(missing, { schema: { n: 'i32' }, maxColumns: 1 }).catch((e: unknown) => e);
    expect(wide).toMatchObject({ code: 'TOO_MANY_COLUMNS' });
    await expect(parseFile(missing, { schema: { n: 'i32' }, maxColumns: 1, range: { start: 5, end: 6 } })).rejects.toMatchObject({ code: 'TOO_MANY_COLUMNS', message: (wide as Error).message });
  });
});
