// Dates and times for the demo page: epoch values to ISO text, and a time axis (ticks on whole seconds, minutes, hours, days, months or years, labelled to suit the step). All UTC, as typed-csv reads times.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Steps a time axis may use, finest first: fixed lengths, then calendar months and years. */
const STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ unit: 'second', n, ms: n * SECOND })),
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ unit: 'minute', n, ms: n * MINUTE })),
  ...[1, 2, 3, 6, 12].map((n) => ({ unit: 'hour', n, ms: n * HOUR })),
  ...[1, 2, 3, 7, 14].map((n) => ({ unit: 'day', n, ms: n * DAY })),
  ...[1, 2, 3, 6].map((n) => ({ unit: 'month', n, ms: n * 30.44 * DAY })),
  ...[1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].map((n) => ({ unit: 'year', n, ms: n * 365.25 * DAY })),
];

/** Milliseconds since the epoch of a column value: days for dates, the column's unit for timestamps. */
export function toEpochMs(value, type, unit) {
  if (type === 'date') return Number(value) * DAY;
  if (typeof value === 'bigint') return Number(value) / (unit === 'ns' ? 1e6 : 1e3);
  return Number(value);
}

/** Date.UTC without its quirk: years 0–99 stay years 0–99 (typed-csv reads dates from year 0000). */
function utc(year, month, day) {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d.getTime();
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** `2024-03-01` for a day number. */
export function isoDate(days) {
  return new Date(Number(days) * DAY).toISOString().slice(0, 10);
}

/**
 * ISO 8601 UTC text of a timestamp value, exact: µs and ns values (BigInts) keep every digit, and
 * whole seconds or milliseconds are written without trailing zeros beyond them.
 */
export function isoTime(value, unit = 'ms') {
  if (typeof value !== 'bigint') {
    if (!Number.isFinite(value)) return String(value);
    const ms = Math.round(value); // a mean or quantile of ms values may have a fraction
    const iso = new Date(ms).toISOString();
    return ms % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso;
  }
  const per = unit === 'ns' ? 1_000_000n : 1000n;
  let ms = value / per;
  let rest = value % per;
  if (rest < 0n) {
    ms -= 1n;
    rest += per;
  }
  const iso = new Date(Number(ms)).toISOString();
  if (rest === 0n) return Number(ms) % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso;
  return `${iso.slice(0, -1)}${pad(rest, unit === 'ns' ? 6 : 3)}Z`;
}

/** The start of the UTC calendar step at or after `t`. */
function ceilTo(t, step) {
  if (step.unit === 'month' || step.unit === 'year') {
    const d = new Date(t);
    let y = d.getUTCFullYear();
    let m = step.unit === 'year' ? 0 : d.getUTCMonth();
    if (step.unit === 'year') y = Math.ceil(y / step.n) * step.n;
    else m = Math.ceil(m / step.n) * step.n;
    let c = utc(y, m, 1);
    if (c < t) c = step.unit === 'year' ? utc(y + step.n, 0, 1) : utc(y, m + step.n, 1);
    return c;
  }
  if (step.unit === 'day' && step.n < 7) {
    // Days 1, 1 + n, 1 + 2n… of each month, so ticks fall on the same dates every month.
    let d = Math.ceil(t / DAY) * DAY;
    while ((new Date(d).getUTCDate() - 1) % step.n !== 0) d += DAY;
    return d;
  }
  // Weeks start on Monday (1970-01-05); other steps on multiples from the epoch, which in UTC are whole days.
  const origin = step.unit === 'day' && step.n === 7 ? 4 * DAY : 0;
  return Math.ceil((t - origin) / step.ms) * step.ms + origin;
}

function next(t, step) {
  if (step.unit === 'month' || step.unit === 'year') {
    const d = new Date(t);
    return step.unit === 'year' ? utc(d.getUTCFullYear() + step.n, 0, 1) : utc(d.getUTCFullYear(), d.getUTCMonth() + step.n, 1);
  }
  if (step.unit === 'day' && step.n < 7) {
    // Past the month's end: its first day (a short last stretch, as on a calendar).
    const from = new Date(t);
    return new Date(t + step.ms).getUTCMonth() === from.getUTCMonth() ? t + step.ms : utc(from.getUTCFullYear(), from.getUTCMonth() + 1, 1);
  }
  return t + step.ms;
}

function label(t, step, first) {
  const d = new Date(t);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  switch (step.unit) {
    case 'second':
      return first || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) ? `${day} ${hm}:${pad(d.getUTCSeconds())}` : `${hm}:${pad(d.getUTCSeconds())}`;
    case 'minute':
    case 'hour':
      // The day where it changes (and on the first tick), the time alone elsewhere.
      return first || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0) ? `${day} ${hm}` : hm;
    case 'day':
      return first || (d.getUTCMonth() === 0 && d.getUTCDate() === 1) ? `${day}, ${d.getUTCFullYear()}` : day;
    case 'month':
      return first || d.getUTCMonth() === 0 ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : MONTHS[d.getUTCMonth()];
    default:
      return String(d.getUTCFullYear());
  }
}

/**
 * Ticks for a time axis over [lo, hi] (epoch ms): the finest step giving at most `most` ticks, so
 * about 6–10 for the usual `most` of 10. Returns the step's name (`1 hour`, `3 months`) and the ticks,
 * `{ t, label }`.
 */
export function timeTicks(lo, hi, most = 10) {
  const span = Math.max(hi - lo, 1);
  const step = STEPS.find((s) => span / s.ms <= most - 1) ?? STEPS[STEPS.length - 1];
  const ticks = [];
  for (let t = ceilTo(lo, step); t <= hi && ticks.length <= most + 2; t = next(t, step)) ticks.push({ t, label: label(t, step, ticks.length === 0) });
  return { step: `${step.n} ${step.unit}${step.n > 1 ? 's' : ''}`, unit: step.unit, ticks };
}
