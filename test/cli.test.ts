// The `typed-csv` command as users run it: the built dist/cli.js in a child process, through pipes
// (stdout holds only the result, stderr the notes, exit codes 0/1/2/130), and through a real
// pseudo-terminal for the progress bar. Needs `npm run build` (npm test does it first).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { availableParallelism } from 'node:os';
import { RecordScanner } from '../src/cli/record-count.js';
import { commandThreads } from '../src/cli/commands/batches.js';
import { ensureWorkload, findWorkload } from '../bench/workloads.js';
import { prng } from './support/prng.js';
import { CHILD_ENV } from './support/cli-child-env.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const dir = join(root, 'test', 'artifacts', `cli-${process.env.TYPED_CSV_ENGINE ?? 'auto'}-${process.env.TYPED_CSV_EXPECT_BUILD ?? 'any'}`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command that hangs fails its test: spawnSync blocks the test worker, so vitest's timeout can't fire. */
const HANG_MS = 60_000;

function run(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...CHILD_ENV, ...env }, timeout: HANG_MS });
  if (r.error) throw new Error(`typed-csv ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SMALL = 'machine,duration,name,big\n1,0.5,alpha,9223372036854775807\n2,1.5,"be,ta",-9223372036854775808\n3,,alpha,12\n4,2.5,gamma,13\n';

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  file('small.csv', SMALL);
});

describe('typed-csv --help and usage errors', () => {
  it('--help lists every command and exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['stats', 'schema', 'convert', 'count', 'head', 'demo']) expect(r.stdout).toContain(`  ${c}`);
    expect(r.stderr).toBe('');
  });

  it.each(['stats', 'schema', 'convert', 'count', 'head'])('%s --help shows its usage and the common options', (c) => {
    const r = run([c, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: typed-csv ${c} FILE`));
    for (const o of ['--schema', '--delimiter', '--no-header', '--threads', '--on-error']) expect(r.stdout).toContain(o);
  });

  it('an unknown command, an unknown option, a bad value or a missing FILE exits 2 with a message', () => {
    for (const args of [['stat', 'small.csv'], ['stats', 'small.csv', '--frobnicate'], ['stats', 'small.csv', '--threads', '0'], ['stats', 'small.csv', '--on-error', 'ignore'], ['head', 'small.csv', '-n', '-1'], ['stats'], ['convert', 'small.csv'], ['convert', 'small.csv', '-o', 'x.xlsx'], ['stats', 'small.csv', '--schema', 'a:int33']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/^typed-csv: /);
    }
    expect(run(['stat', 'small.csv']).stderr).toContain('did you mean stats?');
  });

  it('a FILE that does not exist exits 1 naming it', () => {
    const r = run(['stats', 'nope.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('typed-csv: nope.csv: no such file\n');
  });

  it('--threads takes a number or auto', () => {
    expect(run(['count', 'small.csv', '--threads', '2']).code).toBe(0);
    expect(run(['count', 'small.csv', '-t', 'auto']).code).toBe(0);
  });
});

describe('typed-csv stats', () => {
  it('prints an aligned table on stdout and the sniffed schema on stderr', () => {
    const r = run(['stats', 'small.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('typed-csv: sniffed schema (pin it with --schema): machine:i32,duration:f64?,name:string,big:i64\n');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^column\s+type\s+count\s+nulls\s+min\s+max\s+mean\s+stddev\s+p50\s+p99\s+distinct$/);
    expect(lines.find((l) => l.startsWith('duration'))).toMatch(/^duration\s+f64\?\s+3\s+1\s+0\.5\s+2\.5\s+1\.500\s+1\s+1\.5\s+2\.5\s+—$/);
    expect(r.stdout).not.toContain('top values'); // 3 different names in 4 rows: near-unique
    expect(r.stdout).toMatch(/4 rows\n$/);
  });

  it('lists the most common values of text columns that repeat', () => {
    file('methods.csv', 'method\n' + 'GET\n'.repeat(6) + 'POST\n'.repeat(3) + 'PUT\n');
    const r = run(['stats', 'methods.csv', '-q']);
    expect(r.stdout).toContain('top values\ncolumn   value    count   share\n──────   ──────   ─────   ─────\nmethod   "GET"        6   60.0%\n         "POST"       3   30.0%\n         "PUT"        1   10.0%\n');
  });

  it('--schema pins the types and nothing is printed on stderr', () => {
    const r = run(['stats', 'small.csv', '--schema', 'machine:f64,duration:f32?,name:string,big:i64', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.columns.map((c: { type: string }) => c.type)).toEqual(['f64', 'f32', 'string', 'i64']);
  });

  it('--json keeps 64-bit integers exact and gives every statistic', () => {
    const r = run(['stats', 'small.csv', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"min": -9223372036854775808');
    expect(r.stdout).toContain('"max": 9223372036854775807');
    expect(r.stdout).toContain('"p99": 9223372036854775807');
    const j = JSON.parse(r.stdout);
    expect(j.rows).toBe(4);
    const [machine, duration, name, big] = j.columns;
    expect(machine).toMatchObject({ name: 'machine', type: 'i32', count: 4, nulls: 0, min: 1, max: 4, mean: 2.5, p50: 2, p99: 4, percentilesExact: true });
    expect(machine.stddev).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(duration).toMatchObject({ nullable: true, count: 3, nulls: 1, min: 0.5, max: 2.5, mean: 1.5, stddev: 1, p50: 1.5, p99: 2.5 });
    expect(name).toMatchObject({ count: 4, distinct: 3, distinctExact: true, min: 'alpha', max: 'gamma', top: [{ value: 'alpha', count: 2 }, { value: 'be,ta', count: 1 }, { value: 'gamma', count: 1 }] });
    expect(big).toMatchObject({ type: 'i64', mean: 6, p50: 12 });
  });

  it('percentiles are exact nearest-rank values, across batches, for floats, wide integers and 64-bit integers', () => {
    const rand = prng(12);
    const n = 150_000; // more than two batches
    const f: number[] = [];
    const w: number[] = [];
    const b: bigint[] = [];
    let text = 'f,w,b\n';
    for (let i = 0; i < n; i++) {
      const fv = rand() < 0.01 ? -rand() * 1e12 : Math.round((rand() - 0.3) * 1e6) / 1000;
      const wv = Math.floor((rand() - 0.5) * 4e9);
      const bv = BigInt(Math.floor(rand() * 2 ** 32)) * BigInt(Math.floor(rand() * 2 ** 31)) - (1n << 61n);
      f.push(fv);
      w.push(wv);
      b.push(bv);
      text += `${fv},${wv},${bv}\n`;
    }
    file('pct.csv', text);
    const rank = (p: number) => Math.ceil((p / 100) * n) - 1;
    const fs = [...f].sort((x, y) => x - y);
    const ws = [...w].sort((x, y) => x - y);
    const bs = [...b].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const r = run(['stats', 'pct.csv', '--schema', 'f:f64,w:i64,b:i64', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout.replace(/(-?\d{16,})/g, '"$1"')); // big integers as text
    const [cf, cw, cb] = j.columns;
    expect([cf.p50, cf.p99, cf.min, cf.max]).toEqual([fs[rank(50)], fs[rank(99)], fs[0], fs[n - 1]]);
    expect([cw.p50, cw.p99].map(String)).toEqual([ws[rank(50)], ws[rank(99)]].map(String));
    expect([cb.p50, cb.p99, cb.min, cb.max]).toEqual([bs[rank(50)], bs[rank(99)], bs[0], bs[n - 1]].map(String));
    const mean = f.reduce((s, v) => s + v, 0) / n;
    expect(cf.mean / mean).toBeCloseTo(1, 9);
    const sd = Math.sqrt(f.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    expect(cf.stddev / sd).toBeCloseTo(1, 9);
    // i32 over a wide range goes through radix selection, not the counting pass
    const r32 = run(['stats', 'pct.csv', '--schema', 'f:f32,w:f64,b:string', '--json']);
    const j32 = JSON.parse(r32.stdout);
    expect([j32.columns[1].p50, j32.columns[1].p99]).toEqual([ws[rank(50)], ws[rank(99)]]);
    expect(j32.columns[0].p50).toBe(Math.fround(fs[rank(50)]));
  });

  it('percentiles of integers with a few far outliers (most values in one radix bucket) are exact', () => {
    const rand = prng(3);
    const xs: number[] = [];
    for (let i = 0; i < 50_000; i++) xs.push(rand() < 0.001 ? Math.floor(rand() * 2e9) : Math.floor(rand() * 5000) - 2000);
    file('skew.csv', 'x,y\n' + xs.map((x) => `${x},${x >>> 0}`).join('\n') + '\n');
    const sorted = [...xs].sort((a, b) => a - b);
    const uns = xs.map((x) => x >>> 0).sort((a, b) => a - b);
    const rank = (p: number) => Math.ceil((p / 100) * xs.length) - 1;
    const j = JSON.parse(run(['stats', 'skew.csv', '--schema', 'x:i32,y:u32', '--json']).stdout);
    expect([j.columns[0].p50, j.columns[0].p99]).toEqual([sorted[rank(50)], sorted[rank(99)]]);
    expect([j.columns[1].p50, j.columns[1].p99, j.columns[1].max]).toEqual([uns[rank(50)], uns[rank(99)], uns[uns.length - 1]]);
  });

  it('past --memory the percentiles are estimates from a sample, and say so', () => {
    const r = run(['stats', 'pct.csv', '--schema', 'f:f64,w:i64,b:i64', '--memory', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('≈');
    expect(r.stdout).toContain('p50/p99 estimated from a uniform sample');
    const j = JSON.parse(run(['stats', 'pct.csv', '--schema', 'f:f64,w:i64,b:i64', '--memory', '0', '--json']).stdout.replace(/(-?\d{16,})/g, '"$1"'));
    expect(j.columns[0].percentilesExact).toBe(false);
  });

  it('counts NaN apart from the values and nulls', () => {
    file('nan.csv', 'x\n1\nNaN\n3\n\n');
    const j = JSON.parse(run(['stats', 'nan.csv', '--schema', 'x:f64?', '--json']).stdout);
    expect(j.columns[0]).toMatchObject({ count: 3, nulls: 0, nan: 1, min: 1, max: 3, mean: 2, p50: 1, p99: 3 });
  });

  it('a file with a header and no rows has empty statistics', () => {
    file('empty.csv', 'a,b\n');
    const r = run(['stats', 'empty.csv', '--schema', 'a:i32,b:string', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 0, columns: [{ name: 'a', count: 0, min: null }, { name: 'b', count: 0, distinct: 0 }] });
  });
});

describe('bad data', () => {
  beforeAll(() => {
    file('bad.csv', 'machine,duration\n1,0.5\n2,oops\n3,1.5\n');
  });

  it('exits 1 with file:line, the column and the value, and nothing on stdout', () => {
    for (const c of ['stats', 'head']) {
      const r = run([c, 'bad.csv', '--schema', 'machine:i32,duration:f64']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('typed-csv: bad.csv:3: column "duration": invalid f64 "oops"\n');
    }
    const out = join(dir, 'bad.parquet');
    const r = run(['convert', 'bad.csv', '--schema', 'machine:i32,duration:f64', '-o', out]);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false); // no partial output
  });

  it('--on-error skip drops the record and reports it on stderr', () => {
    const r = run(['stats', 'bad.csv', '--schema', 'machine:i32,duration:f64', '--on-error', 'skip', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, errors: { count: 1, skippedRecords: 1 } });
    expect(r.stderr).toBe('typed-csv: 1 bad records (1 records skipped); first: bad.csv:3: column "duration": invalid f64 "oops"\n');
  });

  it('--on-error null reads the bad value as null', () => {
    const r = run(['head', 'bad.csv', '--schema', 'machine:i32,duration:f64', '--on-error', 'null', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toBe('{"machine":2,"duration":null}');
  });
});

describe('typed-csv schema', () => {
  it('prints a TypeScript literal and the --schema string that round-trips', () => {
    const r = run(['schema', 'small.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("const schema = {\n  machine: 'i32',\n  duration: { type: 'f64', nullable: true },\n  name: 'string',\n  big: 'i64',\n} as const;");
    const spec = /--schema '([^']+)'/.exec(r.stdout)![1];
    expect(spec).toBe('machine:i32,duration:f64?,name:string,big:i64');
    expect(run(['stats', 'small.csv', '--schema', spec]).code).toBe(0);
  });

  it('sniffs the delimiter and says how to pass it', () => {
    file('semi.csv', 'a;b\n1;x\n2;y\n');
    const r = run(['schema', 'semi.csv', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ delimiter: ';', header: true, spec: 'a:i32,b:string' });
    expect(run(['schema', 'semi.csv']).stdout).toContain("--delimiter ';'");
    expect(run(['count', 'semi.csv']).stdout).toBe('2\n');
  });
});

describe('typed-csv head', () => {
  it('prints the first rows as a table, numbers right-aligned (the first column too), null as —', () => {
    const r = run(['head', 'small.csv', '-n', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'machine   duration   name                     big',
      '───────   ────────   ─────   ────────────────────',
      '      1        0.5   alpha    9223372036854775807',
      '      2        1.5   be,ta   -9223372036854775808',
      '      3          —   alpha                     12',
      '',
    ]);
  });

  it('--json prints NDJSON with exact 64-bit integers', () => {
    const r = run(['head', 'small.csv', '--json']);
    expect(r.stdout).toBe(
      '{"machine":1,"duration":0.5,"name":"alpha","big":9223372036854775807}\n' +
        '{"machine":2,"duration":1.5,"name":"be,ta","big":-9223372036854775808}\n' +
        '{"machine":3,"duration":null,"name":"alpha","big":12}\n' +
        '{"machine":4,"duration":2.5,"name":"gamma","big":13}\n',
    );
  });

  it('--no-header names the columns column1, column2, …', () => {
    file('nohead.csv', '1,x\n2,y\n');
    expect(run(['head', 'nohead.csv', '--no-header', '--json', '-q']).stdout).toBe('{"column1":1,"column2":"x"}\n{"column1":2,"column2":"y"}\n');
  });
});

describe('typed-csv count', () => {
  it('counts records as the parser reads them: quoted line breaks, blank lines, CRLF, no final newline, BOM', () => {
    const cases = [
      'a,b\n1,2\n3,4\n',
      'a,b\n1,2\n3,4',
      'a,b\r\n1,2\r\n\r\n3,4\r\n',
      '\ufeffa,b\n"x\ny",2\n\n\n"",""\n',
      'a,b\n1,"he said ""hi""\n, twice"\n2,x"y\n3,"\r\n"\n',
      'a\n\n\n1\n\n',
      'a,b\n1,"a""\n""b"\n',
    ];
    for (const [k, text] of cases.entries()) {
      const rows = parse(text, { schema: { a: 'string' } }).rowCount;
      expect(run(['count', file(`count${k}.csv`, text)]).stdout, JSON.stringify(text)).toBe(`${rows}\n`);
    }
  });

  it('gives the same count whatever the chunk boundaries', () => {
    const rand = prng(7);
    const pieces = ['x', '"', '""', ',', '\n', '\r\n', '"a\nb"', ' ', 'é'];
    for (let t = 0; t < 200; t++) {
      let body = 'h1,h2\n';
      for (let i = 0; i < 30; i++) {
        const field = () => (rand() < 0.3 ? `"${pieces[Math.floor(rand() * pieces.length)].replace(/"/g, '""')}x"` : ['1', 'ab', ''][Math.floor(rand() * 3)]);
        body += rand() < 0.1 ? '\n' : `${field()},${field()}\n`;
      }
      const bytes = new TextEncoder().encode(body);
      const whole = new RecordScanner(44, 34);
      whole.feed(bytes, true);
      const expected = whole.finish().records;
      expect(expected - 1).toBe(parse(bytes, { schema: { h1: 'string', h2: 'string' } }).rowCount);
      const at = 1 + Math.floor(rand() * (bytes.length - 2));
      const at2 = at + Math.floor(rand() * (bytes.length - at));
      const split = new RecordScanner(44, 34);
      split.feed(bytes.subarray(0, at), true);
      split.feed(bytes.subarray(at, at2), false);
      split.feed(bytes.subarray(at2), false);
      expect(split.finish().records).toBe(expected);
    }
  });

  it('an unterminated quote exits 1 with its line', () => {
    const r = run(['count', file('unterminated.csv', 'a\n1\n"x\n2\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unterminated\.csv:3: quoted field is never closed\n$/);
  });
});

describe('typed-csv convert', () => {
  it('writes NDJSON that keeps 64-bit integers exact, to a file or to stdout', () => {
    const out = join(dir, 'small.ndjson');
    const r = run(['convert', 'small.csv', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote 4 rows to ${out}`);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('{"machine":1,"duration":0.5,"name":"alpha","big":9223372036854775807}');
    expect(run(['convert', 'small.csv', '-o', '-', '-q']).stdout).toBe(text);
  });

  it('writes Parquet that DuckDB reads back with the same values and types', async () => {
    const out = join(dir, 'small.parquet');
    const r = run(['convert', 'small.csv', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const rows = (await con.runAndReadAll(`SELECT * FROM '${out}'`)).getRowObjectsJson();
    expect(rows).toEqual([
      { machine: 1, duration: 0.5, name: 'alpha', big: '9223372036854775807' },
      { machine: 2, duration: 1.5, name: 'be,ta', big: '-9223372036854775808' },
      { machine: 3, duration: null, name: 'alpha', big: '12' },
      { machine: 4, duration: 2.5, name: 'gamma', big: '13' },
    ]);
    const types = (await con.runAndReadAll(`SELECT column_name, column_type, "null" FROM (DESCRIBE SELECT * FROM '${out}')`)).getRowObjectsJson();
    expect(types.map((t) => t.column_type)).toEqual(['INTEGER', 'DOUBLE', 'VARCHAR', 'BIGINT']);
    // every width and kind of integer, in several row groups
    const n = 300_000;
    let text = 'a,b,c,d,e\n';
    for (let i = 0; i < n; i++) text += `${(i % 256) - 128},${i % 65536},${4294967295 - i},${18446744073709551615n - BigInt(i)},${i % 7 === 0 ? '' : i / 4}\n`;
    const big = join(dir, 'ints.parquet');
    expect(run(['convert', file('ints.csv', text), '-o', big, '--schema', 'a:i8,b:u16,c:u32,d:u64,e:f32?']).code).toBe(0);
    const sums = (await con.runAndReadAll(`SELECT count(*)::VARCHAR n, sum(a)::VARCHAR a, sum(b)::VARCHAR b, max(c)::VARCHAR c, min(c)::VARCHAR c0, max(d)::VARCHAR d, min(d)::VARCHAR d0, count(e)::VARCHAR e FROM '${big}'`)).getRowObjectsJson()[0];
    let sa = 0;
    let sb = 0;
    let nonNull = 0;
    for (let i = 0; i < n; i++) {
      sa += (i % 256) - 128;
      sb += i % 65536;
      if (i % 7 !== 0) nonNull++;
    }
    expect(sums).toEqual({ n: String(n), a: String(sa), b: String(sb), c: '4294967295', c0: String(4294967295 - n + 1), d: '18446744073709551615', d0: String(18446744073709551615n - BigInt(n - 1)), e: String(nonNull) });
    con.closeSync();
  });

  it('writes bool, date, timestamp and category columns to Parquet that DuckDB reads as such', async () => {
    const text = 'k,ok,day,at\nred,true,2024-03-01,2024-03-01T10:00:00.123Z\nblue,false,,1969-12-31T23:59:59.999Z\nred,yes,1970-01-01,2024-03-02 00:00:00.5\n';
    const out = join(dir, 'types.parquet');
    expect(run(['convert', file('types.csv', text), '-o', out, '--schema', 'k:category,ok:bool,day:date?,at:timestamp']).code).toBe(0);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const rows = (await con.runAndReadAll(`SELECT k, ok, day::VARCHAR AS day, epoch_ms("at")::VARCHAR AS at FROM '${out}'`)).getRowObjectsJson();
    expect(rows).toEqual([
      { k: 'red', ok: true, day: '2024-03-01', at: String(Date.parse('2024-03-01T10:00:00.123Z')) },
      { k: 'blue', ok: false, day: null, at: '-1' },
      { k: 'red', ok: true, day: '1970-01-01', at: String(Date.parse('2024-03-02T00:00:00.500Z')) },
    ]);
    const types = (await con.runAndReadAll(`SELECT column_type FROM (DESCRIBE SELECT * FROM '${out}')`)).getRowObjectsJson();
    expect(types.map((t) => t.column_type)).toEqual(['VARCHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP WITH TIME ZONE']);
    // The timestamp column's min and max statistics, which DuckDB's filters trust to skip row groups.
    const stats = (await con.runAndReadAll(`SELECT stats_min_value AS min, stats_max_value AS max FROM parquet_metadata('${out}') WHERE path_in_schema = 'at'`)).getRowObjectsJson();
    expect(stats).toEqual([{ min: '1969-12-31 23:59:59.999+00', max: '2024-03-02 00:00:00.5+00' }]);
    const before1970 = (await con.runAndReadAll(`SELECT count(*)::INT AS n FROM '${out}' WHERE "at" < TIMESTAMPTZ '1970-01-01 00:00:00+00'`)).getRowObjectsJson();
    expect(before1970).toEqual([{ n: 1 }]);
    con.closeSync();
  });

  it("records string columns' byte-order min and max in Parquet statistics, so DuckDB's filters find every row", async () => {
    // u: all distinct (plain encoding), r: three values (dictionary); 東京's UTF-8 bytes sort after ASCII
    const us = Array.from({ length: 40 }, (_, i) => (i === 17 ? '東京' : i === 23 ? '' : `v${(i * 7) % 40}`));
    const rs = Array.from({ length: 40 }, (_, i) => ['m', 'b', 'x'][i % 3]);
    const out = join(dir, 'minmax.parquet');
    expect(run(['convert', file('minmax.csv', `u,r\n${us.map((u, i) => `${u},${rs[i]}`).join('\n')}\n`), '-o', out, '--schema', 'u:string,r:string']).code).toBe(0);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const stats = (await con.runAndReadAll(`SELECT path_in_schema AS c, stats_min_value AS min, stats_max_value AS max FROM parquet_metadata('${out}') ORDER BY c`)).getRowObjectsJson();
    expect(stats).toEqual([{ c: 'r', min: 'b', max: 'x' }, { c: 'u', min: '', max: '東京' }]);
    const counts = (await con.runAndReadAll(`SELECT count(*) FILTER (u = '東京')::INT AS top, count(*) FILTER (u = '')::INT AS empty, count(*) FILTER (r = 'x')::INT AS x FROM '${out}'`)).getRowObjectsJson();
    expect(counts).toEqual([{ top: 1, empty: 1, x: 13 }]);
    con.closeSync();
  });

  it('converts the request log (quoted commas, "", UTF-8) to Parquet that matches NDJSON row for row', async () => {
    const wide = findWorkload('wide');
    const csv = join(dir, 'requests.csv');
    ensureWorkload(wide, 5_000, csv);
    const pq = join(dir, 'requests.parquet');
    const nd = join(dir, 'requests.ndjson');
    expect(run(['convert', csv, '-o', pq, '-q']).code).toBe(0);
    expect(run(['convert', csv, '-o', nd, '-q']).code).toBe(0);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    // ts is sniffed as a timestamp: compared as epoch milliseconds (DuckDB prints its own text)
    const fromParquet = (await con.runAndReadAll(`SELECT * REPLACE (epoch_ms(ts)::VARCHAR AS ts) FROM '${pq}'`)).getRowObjectsJson();
    const fromNdjson = readFileSync(nd, 'utf8').trim().split('\n').map((l) => ({ ...JSON.parse(l), ts: String(Date.parse(JSON.parse(l).ts)) }));
    expect(fromParquet.length).toBe(5_000);
    expect(fromParquet).toEqual(fromNdjson);
    con.closeSync();
  });
});

describe('standard input', () => {
  it('FILE "-" reads a pipe: count, stats, head, convert', () => {
    const pipe = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, input: SMALL, encoding: 'utf8', env: CHILD_ENV, timeout: HANG_MS });
    expect(pipe(['count', '-']).stdout).toBe('4\n');
    expect(JSON.parse(pipe(['stats', '-', '--json', '-q']).stdout).columns[3]).toMatchObject({ name: 'big', p99: 9223372036854775807 });
    expect(pipe(['head', '-', '-n', '1', '--json']).stdout).toBe('{"machine":1,"duration":0.5,"name":"alpha","big":9223372036854775807}\n');
    expect(pipe(['convert', '-', '-o', '-', '-q']).stdout).toBe(readFileSync(join(dir, 'small.ndjson'), 'utf8'));
    const bad = spawnSync(process.execPath, [cli, 'stats', '-', '--schema', 'a:i32'], { cwd: dir, input: 'a\n1\nx\n', encoding: 'utf8', env: CHILD_ENV, timeout: HANG_MS });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('typed-csv: <stdin>:3: column "a": invalid i32 "x"\n');
  });
});

describe('--threads 2: the command works on one thread while the other parses', () => {
  let mid: string;
  beforeAll(() => {
    const rand = prng(2002);
    let text = 'ts,method,path,status,bytes,duration\n';
    for (let i = 0; i < 60_000; i++) {
      const ms = 1709251200000 + i * 977 + Math.floor(rand() * 900);
      text += `${new Date(ms).toISOString()},${['GET', 'POST', 'PUT'][i % 3]},"/p/${Math.floor(rand() * 5000)},x",${[200, 404, 500][i % 7 % 3]},${Math.floor(rand() * 1e6)},${(rand() * 2).toFixed(3)}\n`;
    }
    mid = file('mid.csv', text);
  });
  const SPEC = 'ts:timestamp,method:category,path:string,status:u16,bytes:u32,duration:f64';

  it('is what --threads auto means for stats and convert on a file of 64 MiB or more, on any machine of 2 cores or more', () => {
    const cores = availableParallelism();
    expect(commandThreads('auto', { file: 'big.csv', bytes: 64 * 2 ** 20 })).toBe(Math.min(cores, 65));
    expect(commandThreads('auto', { file: 'small.csv', bytes: 64 * 2 ** 20 - 1 })).toBe(0); // the library's own choice
    expect(commandThreads('auto', { file: '-', bytes: 0 })).toBe(1);
    expect(commandThreads(3, { file: 'small.csv', bytes: 10 })).toBe(3);
    expect(commandThreads(2, { file: '-', bytes: 0 })).toBe(1);
  });

  it('stats gives the same output, byte for byte, as on one thread', () => {
    for (const extra of [[], ['--json']]) {
      const one = run(['stats', mid, '--schema', SPEC, '--threads', '1', ...extra]);
      const two = run(['stats', mid, '--schema', SPEC, '--threads', '2', ...extra]);
      expect(two.code, two.stderr).toBe(0);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
    }
  });

  it('convert writes the same Parquet and NDJSON files, byte for byte, as on one thread, and on 3 (pieces cut where the workers cut)', () => {
    for (const ext of ['parquet', 'ndjson']) {
      const out = (t: string) => join(dir, `mid-${t}.${ext}`);
      // On 3 threads the file is cut into 64 KiB splits (an internal knob), so the workers' pieces are ~700 rows each.
      for (const t of ['1', '2', '3']) expect(run(['convert', mid, '--schema', SPEC, '--threads', t, '-o', out(t), '-q'], t === '3' ? { TYPED_CSV_SPLIT_BYTES: '65536' } : {}).code).toBe(0);
      expect(readFileSync(out('2')).equals(readFileSync(out('1'))), ext).toBe(true);
      expect(readFileSync(out('3')).equals(readFileSync(out('1'))), `${ext} on 3 threads`).toBe(true);
    }
    // Nulls in runs that start and end inside row groups and pieces, and bad values made null.
    let k = 0;
    const holes = file('mid-nulls.csv', readFileSync(mid, 'utf8').replace(/,(\d\.\d{3})\n/g, (m, d: string) => (++k % 5000 < 700 ? ',\n' : k % 997 === 0 ? ',x\n' : `,${d}\n`)));
    const out = (t: string) => join(dir, `mid-nulls-${t}.parquet`);
    for (const t of ['1', '3']) expect(run(['convert', holes, '--schema', SPEC.replace('duration:f64', 'duration:f64?'), '--on-error', 'null', '--threads', t, '-o', out(t), '-q'], { TYPED_CSV_SPLIT_BYTES: '65536' }).code).toBe(0);
    expect(readFileSync(out('3')).equals(readFileSync(out('1'))), 'nulls on 3 threads').toBe(true);
  });

  it('bad data: the same located error and exit 1, and the same tallies under skip', () => {
    const bad = file('mid-bad.csv', readFileSync(mid, 'utf8').replace(/\n([^\n]*),200,/, '\n$1,2OO,'));
    for (const t of ['1', '2']) {
      const r = run(['stats', bad, '--schema', SPEC, '--threads', t]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^typed-csv: .*mid-bad\.csv:\d+: column "status": invalid u16 "2OO"\n$/);
    }
    const skip = ['1', '2'].map((t) => run(['stats', bad, '--schema', SPEC, '--threads', t, '--on-error', 'skip', '--json']));
    expect(skip[1].stdout).toBe(skip[0].stdout);
    expect(skip[1].stderr).toBe(skip[0].stderr);
  });
});

describe('a terminal and Ctrl-C', () => {
  let big: string;
  beforeAll(() => {
    big = join(dir, 'seed.csv');
    let text = 'machine,duration\n';
    for (let i = 0; i < 300_000; i++) text += `${i % 1000},${(i % 977) / 1000}\n`;
    writeFileSync(big, text);
  });

  it('draws a progress bar (bytes, rows, MB/s, ETA) on stderr only when it is a terminal', () => {
    // python3's pty module gives the child a real terminal on stderr; stdout stays a pipe
    const script = `import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=s)
os.close(s)
err = b''
while True:
    try:
        chunk = os.read(m, 65536)
    except OSError:
        break
    if not chunk:
        break
    err += chunk
sys.stdout.buffer.write(p.stdout + b'\\n--stderr--\\n' + err)
sys.exit(p.returncode)`;
    const r = spawnSync('python3', ['-c', script, process.execPath, cli, 'stats', big, '--schema', 'machine:i32,duration:f64'], {
      encoding: 'utf8',
      env: { ...CHILD_ENV, TYPED_CSV_PROGRESS_DELAY_MS: '0' },
      timeout: HANG_MS,
    });
    expect(r.status, r.stderr).toBe(0);
    const [stdout, stderr] = r.stdout.split('\n--stderr--\n');
    expect(stdout).toContain('300,000 rows');
    expect(stdout).not.toContain('\r');
    expect(stderr).toMatch(/stats [█░]+ +\d+%  [\d.]+ (MB|GB)\/[\d.]+ (MB|GB)  [\d.kM]+ rows  \d+ MB\/s  ETA \d+s/);
    expect(stderr).toContain('\r\x1b[2K'); // the bar erases itself
    // the same through pipes: no bar, no control characters
    const piped = run(['stats', big, '--schema', 'machine:i32,duration:f64'], { TYPED_CSV_PROGRESS_DELAY_MS: '0' });
    expect(piped.stderr).toBe('');
  });

  it.each([['1'], ['2']])('Ctrl-C (SIGINT) stops cleanly with exit 130 and leaves no partial output (--threads %s)', async (threads) => {
    // NDJSON to a pipe nobody reads: the conversion blocks on the full pipe, then gets SIGINT
    const child = spawn(process.execPath, [cli, 'convert', big, '-o', '-', '--schema', 'machine:i32,duration:f64', '--threads', threads], { cwd: dir, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pause();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toBe('typed-csv: interrupted\n');
  });
});

describe('npm start', () => {
  it('is still the demo: no command runs the typed-csv vs plain JS comparison', () => {
    const r = run(['--rows', '1000', '--no-compare']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Seed workload: 1,000 lines');
    expect(r.stdout).toContain('typed-csv');
  });
});
