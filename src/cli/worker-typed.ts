// Worker: typed-csv itself, in its own process so its peak RSS is its own.
import { parseFile } from '../index.js';
import { bigintStats, numberStats, stringStats, type NumberArray } from './stats.js';
import { columnType, type ColumnStats } from './types.js';
import { peakRssMB, readRequest, reply, replyError } from './worker-common.js';

interface StringColumnLike {
  length: number;
  get(i: number): string | null;
}

try {
  const req = readRequest();
  const options = {
    schema: req.schema,
    header: req.header,
    delimiter: req.delimiter,
    ...(req.engine ? { engine: req.engine } : {}),
    ...(req.progress ? { onProgress: progressReporter() } : {}),
  } as unknown as Parameters<typeof parseFile>[1];
  const baseRssMB = peakRssMB();
  const t0 = performance.now();
  const table = await parseFile(req.file, options);
  const parseMs = performance.now() - t0;
  const peak = peakRssMB();

  const columns = table.columns as unknown as Record<string, unknown>;
  const validity = validityOf(table);
  const stats: ColumnStats[] = [];
  for (const name of Object.keys(req.schema)) {
    const type = columnType(req.schema[name]);
    const col = columns[name];
    const bitmap = validity(name);
    const valid = bitmap ? (i: number) => (bitmap[i >> 3] & (1 << (i & 7))) !== 0 : undefined;
    if (type === 'string') {
      const sc = col as StringColumnLike;
      stats.push(stringStats(name, sc.length, (i) => sc.get(i)));
    } else if (type === 'i64' || type === 'u64') {
      stats.push(bigintStats(name, type, col as BigInt64Array | BigUint64Array, valid));
    } else {
      const values = col as NumberArray;
      let unit: string | undefined;
      if (req.scale?.column === name) {
        // seconds → milliseconds in place: the column is ours, and a copy would add a whole
        // column to peak memory on multi-GB files
        const factor = req.scale.factor;
        for (let i = 0; i < values.length; i++) values[i] *= factor;
        unit = req.scale.unit;
      }
      stats.push(numberStats(name, type, values, valid, unit));
    }
  }
  reply({ ok: true, rows: table.rowCount, parseMs, peakRssMB: peak, baseRssMB, stats });
} catch (err) {
  replyError(err);
}

/** Progress lines for the parent's bar, at most one per percent so the parse is not slowed. */
function progressReporter(): (p: { bytes: number; totalBytes: number | undefined }) => void {
  let last = -1;
  return (p) => {
    if (!p.totalBytes) return;
    const pct = Math.floor((p.bytes / p.totalBytes) * 100);
    if (pct === last) return;
    last = pct;
    process.stderr.write(`@progress ${p.bytes} ${p.totalBytes}\n`);
  };
}

/** Finds the validity bitmap of a nullable column wherever the Table exposes it (Arrow layout). */
function validityOf(table: unknown): (name: string) => Uint8Array | undefined {
  const t = table as { validity?: Record<string, Uint8Array | null | undefined> };
  return (name) => t.validity?.[name] ?? undefined;
}
