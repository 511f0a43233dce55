// Progress on stderr: a redrawn bar on a terminal, a few plain lines otherwise (logs, CI, pipes),
// so stdout stays clean for the results table.
export interface Progress {
  update(done: number, total: number): void;
  done(message?: string): void;
}

export function createProgress(
  label: string,
  opts: { unit?: 'rows' | 'bytes'; stream?: NodeJS.WriteStream } = {},
): Progress {
  const stream = opts.stream ?? process.stderr;
  const fmt = opts.unit === 'bytes' ? fmtBytes : fmtCount;
  const unit = opts.unit === 'bytes' ? '' : ' rows';
  const tty = stream.isTTY === true;
  const start = performance.now();
  let lastQuarter = -1;
  let lastDraw = 0;
  return {
    update(done, total) {
      const frac = total > 0 ? Math.min(1, done / total) : 1;
      if (tty) {
        const now = performance.now();
        if (now - lastDraw < 80 && frac < 1) return; // redraw at ~12 Hz, not per call
        lastDraw = now;
        const width = 30;
        const filled = Math.round(frac * width);
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        stream.write(`\r${label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}%  ${fmt(done)}/${fmt(total)}`);
      } else {
        const quarter = Math.floor(frac * 4);
        if (quarter > lastQuarter && quarter < 4) {
          lastQuarter = quarter;
          stream.write(`${label}: ${quarter * 25}% (${fmt(done)} of ${fmt(total)}${unit})\n`);
        }
      }
    },
    done(message) {
      const secs = ((performance.now() - start) / 1000).toFixed(1);
      const text = `${label}: done in ${secs} s${message ? ` — ${message}` : ''}`;
      stream.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}

function fmtBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(0)} MB`;
}

function fmtCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return String(n);
}

/** The subcommands' bar: bytes, rows, MB/s and ETA, redrawn in place. */
export interface ParseProgress {
  update(bytes: number, totalBytes: number, rows: number): void;
  /** Erases the bar (the result goes to stdout, which may be the same terminal). */
  clear(): void;
}

/**
 * A bar on stderr only when stderr is a terminal and the work has run for `delayMs` (short runs
 * stay silent; pipes and logs never get control characters). TYPED_CSV_PROGRESS_DELAY_MS
 * overrides the delay, for tests.
 */
export function createParseProgress(label: string, opts: { enabled?: boolean; stream?: NodeJS.WriteStream; delayMs?: number } = {}): ParseProgress {
  const stream = opts.stream ?? process.stderr;
  const envDelay = Number(process.env.TYPED_CSV_PROGRESS_DELAY_MS);
  const delayMs = opts.delayMs ?? (Number.isFinite(envDelay) && process.env.TYPED_CSV_PROGRESS_DELAY_MS !== '' ? envDelay : 1000);
  const active = opts.enabled !== false && stream.isTTY === true;
  const start = performance.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(bytes, totalBytes, rows) {
      if (!active) return;
      const now = performance.now();
      const elapsed = now - start;
      if (elapsed < delayMs || now - lastDraw < 100) return;
      lastDraw = now;
      const frac = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
      const width = 24;
      const filled = Math.round(frac * width);
      const rate = bytes / 1e6 / (elapsed / 1000);
      const eta = frac > 0 && frac < 1 ? (elapsed / 1000) * (1 / frac - 1) : 0;
      const text =
        totalBytes > 0
          ? `${label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${(frac * 100).toFixed(0).padStart(3)}%  ` +
            `${fmtBytes(bytes)}/${fmtBytes(totalBytes)}  ${fmtCount(rows)} rows  ${rate.toFixed(0)} MB/s  ETA ${fmtEta(eta)}`
          : `${label} ${fmtBytes(bytes)}  ${fmtCount(rows)} rows  ${rate.toFixed(0)} MB/s`; // size unknown (stdin)
      const columns = stream.columns || 100; // a pseudo-terminal may report 0
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, columns - 1))}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

function fmtEta(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
