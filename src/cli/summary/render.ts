// `typed-csv stats` output: an aligned table for people, JSON for programs.
import { fmtInt, fmtStat, renderTable } from '../format.js';
import { toJson } from '../json.js';
import { valueJson, valueText } from '../values.js';
import type { ColumnSummary } from './accumulate.js';

export interface StatsReport {
  file: string;
  rows: number;
  bytes: number;
  columns: (ColumnSummary & { unit?: string })[];
  errors?: { count: number; skippedRecords: number };
}

const DASH = '—';

function cut(text: string, width = 24): string {
  const flat = text.replace(/[\r\n\t]/g, ' ');
  return flat.length > width ? flat.slice(0, width - 1) + '…' : flat;
}

/** One statistic of a column as the table shows it. */
function cell(s: StatsReport['columns'][number], v: number | bigint | string | null, what: 'value' | 'mean' | 'spread'): string {
  if (v === null) return DASH;
  if (s.kind === 'text') return typeof v === 'string' ? cut(v) : DASH;
  if (what === 'spread') {
    if (s.type === 'date') return `${fmtStat(v as number)} days`;
    if (s.type === 'timestamp') return fmtDuration((v as number) / (s.unit === 'ns' ? 1e6 : s.unit === 'us' ? 1e3 : 1));
    return fmtStat(v as number);
  }
  if (what === 'mean' && typeof v === 'number') {
    if (s.type === 'date') return valueText('date', Math.round(v)) ?? DASH;
    if (s.type === 'timestamp') return valueText('timestamp', typeof s.min === 'bigint' ? BigInt(Math.round(v)) : v, s.unit) ?? DASH;
    return fmtStat(v);
  }
  if (s.type === 'date' || s.type === 'timestamp' || s.type === 'bool') return valueText(s.type, v as number | bigint, s.unit) ?? DASH;
  if (typeof v === 'bigint') return fmtStat(v.toString());
  // a value of the column reads as written when that is short; long fractions get rounded
  const plain = String(v);
  return Number.isInteger(v) || plain.length > 10 ? fmtStat(v as number) : plain;
}

/** A spread of times in the largest unit that keeps it above 1: 3.2 days, 5.1 h, 12 min, 840 ms. */
function fmtDuration(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'days'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  for (const [size, name] of units) if (Math.abs(ms) >= size) return `${fmtStat(ms / size)} ${name}`;
  return `${fmtStat(ms)} ms`;
}

export function renderStats(report: StatsReport): string {
  const cols = report.columns;
  const anyNaN = cols.some((c) => c.nan > 0);
  const header = ['column', 'type', 'count', 'nulls', ...(anyNaN ? ['NaN'] : []), 'min', 'max', 'mean', 'stddev', 'p50', 'p99', 'distinct'];
  const rows = cols.map((s) => {
    const approx = s.percentilesExact ? '' : '≈';
    const pct = (v: number | bigint | null): string => (v === null ? DASH : approx + cell(s, v, 'value'));
    return [
      s.name,
      s.type + (s.nullable ? '?' : ''),
      fmtInt(s.count),
      fmtInt(s.nulls),
      ...(anyNaN ? [fmtInt(s.nan)] : []),
      cell(s, s.min, 'value'),
      cell(s, s.max, 'value'),
      cell(s, s.mean, 'mean'),
      cell(s, s.stddev, 'spread'),
      pct(s.p50),
      pct(s.p99),
      s.distinct === null ? DASH : (s.distinctExact ? '' : '≥') + fmtInt(s.distinct),
    ];
  });
  const out = [renderTable(header, rows, '', header.map((_, c) => (c < 2 ? 'l' : 'r')))];
  // Top values say something for repeated values; for near-unique columns (ids, timestamps) they
  // are noise in the table (JSON still has them).
  const texts = cols.filter((c) => c.kind === 'text' && c.top && c.top.length > 0 && c.distinct !== null && c.distinct <= c.count / 2);
  if (texts.length > 0) {
    out.push('', 'top values');
    const topRows: string[][] = [];
    for (const s of texts) {
      for (const [i, t] of s.top!.entries()) {
        topRows.push([i === 0 ? s.name : '', JSON.stringify(cut(t.value, 40)), fmtInt(t.count), s.count > 0 ? `${((t.count / s.count) * 100).toFixed(1)}%` : DASH]);
      }
    }
    out.push(renderTable(['column', 'value', 'count', 'share'], topRows, ''));
  }
  const notes: string[] = [];
  if (cols.some((c) => !c.percentilesExact)) notes.push('≈ p50/p99 estimated from a uniform sample: the values did not fit the memory budget (--memory)');
  if (cols.some((c) => !c.distinctExact)) notes.push('≥ more distinct values than are tracked exactly; top values are among those tracked');
  if (notes.length > 0) out.push('', ...notes);
  out.push('', `${fmtInt(report.rows)} rows${report.errors && report.errors.count > 0 ? `, ${fmtInt(report.errors.count)} bad records (${fmtInt(report.errors.skippedRecords)} skipped)` : ''}`);
  return out.join('\n') + '\n';
}

export function statsJson(report: StatsReport): string {
  const columns = report.columns.map((s) => {
    const v = (x: number | bigint | string | null): unknown => (s.kind === 'text' ? x : valueJson(s.type, x as number | bigint | null, s.unit));
    const meanJson = s.mean === null ? null : s.type === 'date' || s.type === 'timestamp' ? cell(s, s.mean, 'mean') : s.mean;
    return {
      name: s.name,
      type: s.type,
      nullable: s.nullable,
      count: s.count,
      nulls: s.nulls,
      ...(s.kind === 'number' && s.nan > 0 ? { nan: s.nan } : {}),
      min: v(s.min),
      max: v(s.max),
      ...(s.kind === 'text'
        ? { distinct: s.distinct, distinctExact: s.distinctExact, top: s.top }
        : { mean: meanJson, stddev: s.stddev, p50: v(s.p50), p99: v(s.p99), percentilesExact: s.percentilesExact }),
    };
  });
  return toJson({ file: report.file, bytes: report.bytes, rows: report.rows, ...(report.errors ? { errors: report.errors } : {}), columns }, '  ') + '\n';
}
