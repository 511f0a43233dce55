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
