// Worker: the plain JavaScript baseline (strings first, Number() afterwards), in its own process
// so its peak RSS is its own.
import { convertRows, readRowsAsStrings } from './naive.js';
import { bigintStats, numberStats, stringStats } from './stats.js';
import { columnType, type ColumnStats } from './types.js';
import { peakRssMB, readRequest, reply, replyError } from './worker-common.js';

try {
  const req = readRequest();
  const names = Object.keys(req.schema);
  const baseRssMB = peakRssMB();
  const t0 = performance.now();
  const table = readRowsAsStrings(req.file, req.header, req.delimiter, names);
  convertRows(table.rows, req.schema);
  const parseMs = performance.now() - t0;
  const peak = peakRssMB();

  const rows = table.rows;
  const stats: ColumnStats[] = [];
  for (const name of names) {
    const type = columnType(req.schema[name]);
    if (type === 'string') {
      stats.push(stringStats(name, rows.length, (i) => (rows[i][name] ?? null) as string | null));
    } else if (type === 'i64' || type === 'u64') {
      const vals = rows.map((r) => (r[name] ?? 0n) as bigint);
      stats.push(bigintStats(name, type, vals, (i) => rows[i][name] !== null));
    } else {
      const factor = req.scale?.column === name ? req.scale.factor : 1;
      const vals = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const v = rows[i][name];
        vals[i] = typeof v === 'number' ? (type === 'f32' ? Math.fround(v) : v) * factor : NaN;
      }
      const unit = req.scale?.column === name ? req.scale.unit : undefined;
      stats.push(numberStats(name, type, vals, (i) => rows[i][name] !== null, unit));
    }
  }
  reply({ ok: true, rows: rows.length, parseMs, peakRssMB: peak, baseRssMB, stats });
} catch (err) {
  replyError(err);
}
