// How a typed column value reads as text and as JSON, by column type: dates as YYYY-MM-DD,
// timestamps as ISO 8601 UTC, booleans as true/false, 64-bit integers exactly.
const MS_PER_DAY = 86_400_000;

/** Text of a value of column type `type` (null → null). `unit` is a timestamp column's unit. */
export function valueText(type: string, v: number | bigint | null, unit?: string): string | null {
  if (v === null) return null;
  if (type === 'date' && typeof v === 'number') return isoDate(v);
  if (type === 'timestamp') return isoTimestamp(v, unit);
  if (type === 'bool' && typeof v === 'number') return v === 0 ? 'false' : 'true';
  return String(v);
}

/** A value for JSON output: numbers stay numbers (BigInt included), dates and times become text. */
export function valueJson(type: string, v: number | bigint | null, unit?: string): number | bigint | string | boolean | null {
  if (v === null) return null;
  if (type === 'date' || type === 'timestamp') return valueText(type, v, unit);
  if (type === 'bool' && typeof v === 'number') return v !== 0;
  return v;
}

export function isoDate(days: number): string {
  const d = new Date(days * MS_PER_DAY);
  return Number.isNaN(d.getTime()) ? String(days) : d.toISOString().slice(0, 10);
}

/** Milliseconds (a double, possibly fractional) or us/ns (BigInt) since the epoch, as ISO 8601 UTC. */
export function isoTimestamp(v: number | bigint, unit = 'ms'): string {
  if (typeof v === 'number') {
    const ms = Math.floor(v);
    const d = new Date(ms);
    if (Number.isNaN(d.getTime())) return String(v);
    const iso = d.toISOString();
    const frac = v - ms;
    // keep a sub-millisecond part the double holds, to the microsecond
    return frac > 0 ? `${iso.slice(0, -1)}${String(Math.round(frac * 1000)).padStart(3, '0').replace(/0+$/, '')}Z` : iso;
  }
  const perMs = unit === 'ns' ? 1_000_000n : unit === 'us' ? 1000n : 1n;
  let ms = v / perMs;
  let rest = v % perMs;
  if (rest < 0n) {
    rest += perMs;
    ms -= 1n;
  }
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return String(v);
  const iso = d.toISOString();
  if (rest === 0n) return iso;
  const digits = unit === 'ns' ? 6 : 3;
  return `${iso.slice(0, -1)}${rest.toString().padStart(digits, '0').replace(/0+$/, '')}Z`;
}
