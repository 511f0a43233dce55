// Plain-text table and number formatting for the CLI report.

/**
 * Renders rows as an aligned table; columns whose cells look numeric are right-aligned, unless
 * `align` says per column ('r' right, 'l' left).
 */
export function renderTable(header: string[], rows: string[][], indent = '  ', align?: ('l' | 'r')[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = header.map(
    (_, c) =>
      align?.[c] === 'r' ||
      (align === undefined && rows.length > 0 && rows.every((r) => /^[-+]?[\d,.]+(e[-+]?\d+)?( ?[a-zA-Z/×%]+)?$|^—$|^-?Infinity$|^NaN$/.test(r[c] ?? ''))),
  );
  const line = (cells: string[]): string =>
    indent +
    cells
      .map((cell, c) => (numeric[c] && (c > 0 || align) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('   ')
      .trimEnd();
  const rule = indent + widths.map((w) => '─'.repeat(w)).join('   ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Integer with thousands separators. */
export function fmtInt(n: number): string {
  // not toLocaleString: its first call loads locale data, ~50 ms of a short command's run
  const r = Math.round(n);
  return Number.isFinite(r) ? String(r).replace(/\B(?=(\d{3})+$)/g, ',') : String(r);
}

/** A statistic: integers exactly, other values to 4 significant decimals at most. */
export function fmtStat(v: number | string | null): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v.replace(/\B(?=(\d{3})+$)/g, ','); // exact 64-bit decimal strings
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return fmtInt(v);
  const abs = Math.abs(v);
  if (abs >= 1e12 || abs < 1e-3) return v.toPrecision(4);
  if (abs >= 1000) return v.toFixed(1).replace(/\.0$/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ','); // not toLocaleString: see fmtInt
  const decimals = abs >= 100 ? 2 : abs >= 1 ? 3 : 4;
  return v.toFixed(decimals);
}

export function fmtSeconds(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function fmtMB(bytes: number): string {
  if (bytes < 1e5) return `${(bytes / 1e3).toFixed(1)} kB`;
  const mb = bytes / 1e6;
  return `${mb >= 100 ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}

export function fmtRatio(r: number): string {
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}
