// Resources over many parses in one process: 10,000 small parses leave RSS flat; 20 parseFile
// calls at once on different files give correct, independent tables; and an error, an abort, a
// throwing callback or a refused huge record in one parse leaves the next one (and the ones
// running beside it) correct. Pooled cores must come back clean whatever happened to them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvError, parse, parseBatches, parseFile, parseStream } from '../src/index.js';
import { prng } from './reference/generators.js';

// A full collection before each RSS reading, so that garbage not yet collected isn't taken for a
// leak. --expose-gc at run time, without a special vitest setup: the flag only has to be set
// before a new context asks for gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function rssAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().rss;
}

async function* oneChunk(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

const SCHEMA = { id: 'u32', v: 'f64', s: 'string', n: { type: 'i16', nullable: true } } as const;

/** A seeded file of `rows` records and the values it holds, to check a table against. */
function makeFile(seed: number, rows: number) {
  const random = prng(seed);
  const ids: number[] = [];
  const vs: number[] = [];
  const ss: string[] = [];
  const ns: (number | null)[] = [];
  const lines = ['id,skip,v,s,n'];
  for (let i = 0; i < rows; i++) {
    const id = seed * 1_000_000 + i;
    const v = Math.round(random() * 1e6) / 1000;
    const s = random() < 0.2 ? `q,"${i}"\n${seed}` : `s${seed}-${i}`;
    const n = random() < 0.1 ? null : Math.floor(random() * 60000) - 30000;
    ids.push(id);
    vs.push(v);
    ss.push(s);
    ns.push(n);
    lines.push(`${id},x,${v},${/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s},${n ?? ''}`);
  }
  return { text: lines.join('\r\n') + '\r\n', ids, vs, ss, ns };
}

type Made = ReturnType<typeof makeFile>;

/** The first way `t` differs from what `made` holds, or undefined. */
function difference(t: { rowCount: number; columns: Record<string, unknown>; isNull(name: string, i: number): boolean }, made: Made): string | undefined {
  if (t.rowCount !== made.ids.length) return `rowCount ${t.rowCount} != ${made.ids.length}`;
  const id = t.columns.id as Uint32Array;
  const v = t.columns.v as Float64Array;
  const s = t.columns.s as { get(i: number): string | null };
  const n = t.columns.n as Int16Array;
  for (let i = 0; i < t.rowCount; i++) {
    if (id[i] !== made.ids[i]) return `id[${i}] ${id[i]} != ${made.ids[i]}`;
    if (v[i] !== made.vs[i]) return `v[${i}] ${v[i]} != ${made.vs[i]}`;
    if (s.get(i) !== made.ss[i]) return `s[${i}] ${s.get(i)} != ${made.ss[i]}`;
    const nv = t.isNull('n', i) ? null : n[i];
    if (nv !== made.ns[i]) return `n[${i}] ${nv} != ${made.ns[i]}`;
  }
  return undefined;
}

let dir: string;
const files: { path: string; made: Made }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'typed-csv-resources-'));
  for (let k = 0; k < 20; k++) {
    const made = makeFile(k + 1, 5_000 + k * 1_500); // 0.2 to 1.5 MB each, all different
    const path = join(dir, `f${k}.csv`);
    writeFileSync(path, made.text);
    files.push({ path, made });
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('memory over many parses', () => {
  it('10,000 small parses (tables, errors, every policy) leave RSS flat', async () => {
    const small = makeFile(99, 20);
    const bad = small.text.replace(/\r\n(\d+),x,/, '\r\n$1,x,oops');
    const one = async (i: number) => {
      switch (i % 5) {
        case 0: return parse(small.text, { schema: SCHEMA }).rowCount;
        case 1: try { parse(bad, { schema: SCHEMA }); } catch (e) { return (e as CsvError).code; } return 'no error';
        case 2: return parse(bad, { schema: SCHEMA, onError: i % 2 ? 'skip' : 'null' }).errorCount;
        case 3: return parse(bad, { schema: SCHEMA, onError: () => 'skip', chunkSize: 64 }).skippedRecords;
        default: return (await parseStream(oneChunk(small.text), { schema: SCHEMA })).rowCount;
      }
    };
    for (let i = 0; i < 1_000; i++) await one(i); // warm-up: pools, JIT, caches
    const before = rssAfterGc();
    const seen = new Set<unknown>();
    for (let i = 0; i < 10_000; i++) seen.add(await one(i));
    const grown = rssAfterGc() - before;
    expect([...seen].sort()).toEqual([1, 20, 'INVALID_NUMBER'].sort());
    expect(grown / 2 ** 20, 'MB of RSS growth over 10,000 parses').toBeLessThan(30);
  });
});

describe('concurrent parses', () => {
  it('20 parseFile calls at once on different files give correct, independent tables', async () => {
    // Small chunks, so the 20 parses take turns many times.
    const tables = await Promise.all(files.map((f) => parseFile(f.path, { schema: SCHEMA, chunkSize: 16_384 })));
    tables.forEach((t, k) => expect(difference(t, files[k].made), `file ${k}`).toBeUndefined());
  });

  it('parseFile, parseStream and parseBatches mixed, 20 at once', async () => {
    const runs = files.map(async (f, k) => {
      if (k % 3 === 0) return parseFile(f.path, { schema: SCHEMA, chunkSize: 8192 });
      if (k % 3 === 1) return parseStream(createReadStream(f.path, { highWaterMark: 5000 }), { schema: SCHEMA });
      // Batches joined back: ids only, which must run on without gaps.
      const ids: number[] = [];
      for await (const b of parseBatches(pathToFileURL(f.path), { schema: SCHEMA, batchRows: 777, chunkSize: 10_000 })) ids.push(...b.columns.id);
      return ids;
    });
    const out = await Promise.all(runs);
    out.forEach((t, k) => {
      if (Array.isArray(t)) expect(t, `file ${k} (batches)`).toEqual(files[k].made.ids);
      else expect(difference(t, files[k].made), `file ${k}`).toBeUndefined();
    });
  });
});

describe('one parse going wrong leaves the next ones correct', () => {
  const f = () => files[7];
  const next = async (what: string) => {
    expect(difference(parse(f().made.text, { schema: SCHEMA }), f().made), `parse() after ${what}`).toBeUndefined();
    expect(difference(await parseFile(f().path, { schema: SCHEMA, chunkSize: 4096 }), f().made), `parseFile() after ${what}`).toBeUndefined();
  };

  it('an error thrown in the middle of a file', async () => {
    const text = f().made.text;
    const cut = text.indexOf('\r\n', text.length >> 1);
    const bad = text.slice(0, cut) + '\r\n1,x,1.5,s,99999' + text.slice(cut);
    for (let i = 0; i < 3; i++) {
      await expect(async () => parse(bad, { schema: SCHEMA, chunkSize: 4096 })).rejects.toMatchObject({ code: 'OUT_OF_RANGE' });
      await next('an OUT_OF_RANGE');
    }
  });

  it('an abort in the middle of a stream', async () => {
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const started = parseStream(createReadStream(f().path, { highWaterMark: 1024 }), {
        schema: SCHEMA, chunkSize: 2048, signal: controller.signal, onProgress: (p) => { if (p.rows > 100) controller.abort(); },
      });
      setTimeout(() => controller.abort(), 5);
      await expect(started).rejects.toMatchObject({ code: 'ABORTED' });
      await next('an abort');
    }
  });

  it('a callback that throws its own exception, and one that answers garbage', async () => {
    const bad = f().made.text.replace(/\r\n(\d+),x,/, '\r\n$1,x,oops');
    expect(() => parse(bad, { schema: SCHEMA, onError: () => { throw new RangeError('mine'); } })).toThrow(RangeError);
    await next('a throwing callback');
    expect(() => parse(bad, { schema: SCHEMA, onError: () => 'later' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    await next('a callback answering garbage');
    expect(() => parse(f().made.text, { schema: SCHEMA, onProgress: () => { throw new SyntaxError('progress'); } })).toThrow(SyntaxError);
    await next('a throwing onProgress');
  });

  it('a record refused as too large (the core that grew for it must not poison the pool)', async () => {
    const huge = 'id,skip,v,s,n\r\n1,x,1,"' + 'z'.repeat(3 << 20);
    await expect(async () => parse(huge, { schema: SCHEMA, maxRecordBytes: 1 << 20, chunkSize: 65_536 })).rejects.toMatchObject({ code: 'RECORD_TOO_LARGE' });
    await next('RECORD_TOO_LARGE');
  });

  it('a parse inside an onError callback (the outer parse holds a core meanwhile)', () => {
    const bad = f().made.text.replace(/\r\n(\d+),x,/, '\r\n$1,x,oops');
    let inner: string | undefined = 'not called';
    const outer = parse(bad, {
      schema: SCHEMA, chunkSize: 4096, onError: () => {
        inner = difference(parse(f().made.text, { schema: SCHEMA, chunkSize: 2048 }), f().made);
        return 'skip';
      },
    });
    expect(inner, 'the inner parse').toBeUndefined();
    expect([outer.rowCount, outer.skippedRecords]).toEqual([f().made.ids.length - 1, 1]);
  });

  it('failures and aborts among 20 concurrent parses leave the others correct', async () => {
    const controllers = files.map(() => new AbortController());
    const runs = files.map((file, k) => {
      if (k % 5 === 1) {
        setTimeout(() => controllers[k].abort(), 1 + k);
        return parseFile(file.path, { schema: SCHEMA, chunkSize: 4096, signal: controllers[k].signal });
      }
      if (k % 5 === 3) return parseFile(file.path, { schema: { ...SCHEMA, id: 'u8' }, chunkSize: 4096 }); // ids overflow u8
      return parseFile(file.path, { schema: SCHEMA, chunkSize: 4096 });
    });
    const settled = await Promise.allSettled(runs);
    settled.forEach((r, k) => {
      if (k % 5 === 3) expect(r.status === 'rejected' && (r.reason as CsvError).code, `file ${k}`).toBe('OUT_OF_RANGE');
      else if (k % 5 === 1) {
        // Aborted, unless it was done before its timer fired; then it must be right.
        if (r.status === 'rejected') expect((r.reason as CsvError).code, `file ${k}`).toBe('ABORTED');
        else expect(difference(r.value, files[k].made), `file ${k}`).toBeUndefined();
      } else {
        expect(r.status, `file ${k}`).toBe('fulfilled');
        if (r.status === 'fulfilled') expect(difference(r.value, files[k].made), `file ${k}`).toBeUndefined();
      }
    });
    await next('20 concurrent parses with failures');
  });
});
