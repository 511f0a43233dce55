// `typed-csv convert FILE -o OUT.arrow`: an Arrow IPC file that apache-arrow reads back with the
// same names, types, nullability and values, written batch by batch. Runs the built dist/cli.js.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHILD_ENV } from './support/cli-child-env.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const dir = join(root, 'test', 'artifacts', `cli-arrow-${process.env.TYPED_CSV_ENGINE ?? 'auto'}-${process.env.TYPED_CSV_EXPECT_BUILD ?? 'any'}`);

function convert(csv: string, out: string, args: string[] = []): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'convert', join(dir, csv), '-o', join(dir, out), '-q', ...args], { encoding: 'utf8', env: CHILD_ENV });
  return { code: r.status, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
});

describe('typed-csv convert to Arrow IPC', () => {
  it('keeps names, types, nullability and values, 64-bit integers exact', () => {
    writeFileSync(join(dir, 'small.csv'), 'machine,duration,name,big\n1,0.5,alpha,9223372036854775807\n2,,"be,ta",-9223372036854775808\n');
    expect(convert('small.csv', 'small.arrow', ['--schema', 'machine:i16,duration:f64?,name:string,big:i64'])).toEqual({ code: 0, stderr: '' });
    const t = tableFromIPC(readFileSync(join(dir, 'small.arrow')));
    expect(t.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ['machine', 'Int16', false],
      ['duration', 'Float64', true],
      ['name', 'Utf8', false],
      ['big', 'Int64', false],
    ]);
    expect(t.getChild('machine')!.toArray()).toEqual(Int16Array.of(1, 2));
    expect(t.getChild('duration')!.get(1)).toBeNull();
    expect(t.getChild('name')!.get(1)).toBe('be,ta');
    expect(t.getChild('big')!.toArray()).toEqual(BigInt64Array.of(2n ** 63n - 1n, -(2n ** 63n)));
  });

  it('writes every batch of a large file, and a header-only file with its schema', () => {
    let text = 'a,b\n';
    let sum = 0;
    for (let i = 0; i < 300_000; i++) {
      text += `${i},${i % 3 === 0 ? '' : 'x' + (i % 10)}\n`;
      sum += i;
    }
    writeFileSync(join(dir, 'big.csv'), text);
    expect(convert('big.csv', 'big.feather', ['--schema', 'a:i32,b:string?']).code).toBe(0);
    const t = tableFromIPC(readFileSync(join(dir, 'big.feather')));
    expect(t.numRows).toBe(300_000);
    expect(t.batches.length).toBeGreaterThan(1);
    let s = 0;
    for (const v of t.getChild('a')!.toArray() as Int32Array) s += v;
    expect(s).toBe(sum);
    expect(t.getChild('b')!.nullCount).toBe(100_000);

    writeFileSync(join(dir, 'empty.csv'), 'a,b\n');
    expect(convert('empty.csv', 'empty.arrow', ['--schema', 'a:i32,b:string']).code).toBe(0);
    const e = tableFromIPC(readFileSync(join(dir, 'empty.arrow')));
    expect(e.numRows).toBe(0);
    expect(e.schema.fields.map((f) => String(f.type))).toEqual(['Int32', 'Utf8']);
  });

  it('writes bool, date, timestamp and category columns; a category dictionary that grows goes out as deltas', () => {
    let text = 'k,ok,day,at\n';
    const counts: Record<string, number> = {};
    for (let i = 0; i < 300_000; i++) {
      const k = i > 200_000 && i % 3 === 0 ? `late${i % 50}` : ['red', 'green', 'blue'][i % 3];
      counts[k] = (counts[k] ?? 0) + 1;
      text += `${k},${i % 2 === 0},2024-03-${String(1 + (i % 28)).padStart(2, '0')},2024-03-01T10:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z\n`;
    }
    writeFileSync(join(dir, 'types.csv'), text);
    expect(convert('types.csv', 'types.arrow', ['--schema', 'k:category,ok:bool,day:date,at:timestamp'])).toEqual({ code: 0, stderr: '' });
    const t = tableFromIPC(readFileSync(join(dir, 'types.arrow')));
    expect(t.schema.fields.map((f) => String(f.type))).toEqual(['Dictionary<Int32, Utf8>', 'Bool', 'Date32<DAY>', 'Timestamp<MILLISECOND, UTC>']);
    expect(t.batches.length).toBeGreaterThan(1);
    const k = t.getChild('k')!;
    const seen: Record<string, number> = {};
    for (let i = 0; i < t.numRows; i++) seen[k.get(i)] = (seen[k.get(i)] ?? 0) + 1;
    expect(seen).toEqual(counts);
    expect([t.getChild('ok')!.get(0), t.getChild('ok')!.get(1)]).toEqual([true, false]);
    expect(t.getChild('day')!.get(27)).toBe(Date.UTC(2024, 2, 28));
    expect(t.getChild('at')!.get(61)).toBe(Date.parse('2024-03-01T10:00:01.061Z'));
  });

  it('under --on-error null every batch shares one schema with nullable fields', () => {
    let text = 'a\n';
    for (let i = 0; i < 200_000; i++) text += i === 150_000 ? 'oops\n' : `${i}\n`;
    writeFileSync(join(dir, 'late-bad.csv'), text);
    const r = convert('late-bad.csv', 'late-bad.arrow', ['--schema', 'a:i32', '--on-error', 'null']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('late-bad.csv:150002: column "a": invalid i32 "oops"');
    const t = tableFromIPC(readFileSync(join(dir, 'late-bad.arrow')));
    expect(t.schema.fields[0].nullable).toBe(true);
    expect(t.getChild('a')!.nullCount).toBe(1);
    expect(t.getChild('a')!.get(150_000)).toBeNull();
  });
});
