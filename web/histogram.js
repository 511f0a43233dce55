// The demo page's chart of one column on a canvas: a histogram of a numeric column, a timeline of a date or timestamp column.
import { fmtInt, fmtNum } from './format.js';
import { isValid } from './stats.js';
import { isoDate, isoTime, timeTicks, toEpochMs } from './time-axis.js';

/** Round numbers for axis ticks between lo and hi. */
function ticks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= step0) || 10 * mag;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * Draws column `s` (an entry of computeStats) of `table` on `canvas`: a histogram of numbers, a
 * timeline of dates and timestamps. Returns the chart's title and a sentence about it; the canvas's
 * dataset says what was drawn (column, kind, bins, ticks and their labels, the time step, the total).
 */
export function drawHistogram(canvas, s, table) {
  const chart = s.kind === 'date' || s.kind === 'timestamp' ? timelineBins(s, table) : numberBins(s, table);
  drawBars(canvas, s.info.name, chart);
  return { title: chart.kind === 'timeline' ? 'Timeline' : 'Distribution', note: typeof chart.note === 'function' ? chart.note() : chart.note };
}

/** Bins of a numeric column over its 0.1–99.9 percentile range, with round-number ticks. */
function numberBins(s, table) {
  const name = s.info.name;
  const values = table.columns[name];
  const validity = table.validity[name];
  const big = values instanceof BigInt64Array || values instanceof BigUint64Array;
  const integer = !['f32', 'f64'].includes(s.info.type);
  // The 0.1–99.9 percentile range: one extreme value would otherwise squash every bar into one.
  let lo = Number(s.lo);
  let hi = Number(s.hi);
  if (!(hi > lo)) {
    lo = Number(s.min);
    hi = Number(s.max);
  }
  let bins = 60;
  // Integers over a short range: one bin per value, [k, k + 1).
  let perValue = false;
  if (integer) {
    lo = Math.floor(lo);
    hi = Math.ceil(hi);
    if (hi - lo + 1 <= 60) {
      perValue = true;
      bins = hi - lo + 1;
      hi += 1;
    }
  }
  // Values written with few decimals (seconds to the millisecond) sit on a grid. Bins are then a
  // whole number of grid points wide, and values are binned by their grid index: with float
  // edges, points on an edge land on either side by rounding and the bars form a comb.
  const step = integer ? 0 : gridStep(values, validity);
  let perBin = 0;
  let gridLo = 0;
  if (step > 0 && hi > lo) {
    gridLo = Math.round(lo / step);
    const points = Math.round(hi / step) - gridLo + 1;
    perBin = Math.max(1, Math.ceil(points / bins));
    bins = Math.ceil(points / perBin);
    lo = gridLo * step;
    hi = (gridLo + bins * perBin) * step;
  }
  if (!(hi > lo)) hi = lo + 1;
  const counts = new Float64Array(bins);
  const scale = bins / (hi - lo);
  const inv = step > 0 ? 1 / step : 0;
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    if (validity !== undefined && !isValid(validity, i)) continue;
    const v = big ? Number(values[i]) : values[i];
    if (v !== v) continue;
    const b = perBin ? Math.floor((Math.round(v * inv) - gridLo) / perBin) : Math.floor((v - lo) * scale);
    if (b >= 0 && b < bins) counts[b]++;
    else if (v === hi && b === bins) counts[bins - 1]++;
    else outside++;
  }

  const range = `${fmtNum(lo)} to ${fmtNum(perValue ? hi - 1 : hi)}`;
  const note = `${name}: ${fmtInt(s.count - s.nans - outside)} values in ${bins} bins, ${range}` +
    (outside ? ` (the 0.1% at each end, ${fmtInt(outside)} values, left out)` : '');
  return { counts, lo, hi, kind: 'histogram', note, xTicks: (count) => ticks(lo, hi, count).map((t) => ({ t, label: fmtNum(t) })) };
}

/**
 * Bins of a date or timestamp column over its whole range (a timeline: a stray 1970 is news, not
 * noise to hide): one per day for dates over up to 120 days, else 60; ticks on whole time steps.
 */
function timelineBins(s, table) {
  const name = s.info.name;
  const values = table.columns[name];
  const validity = table.validity[name];
  const { type, unit } = s.info;
  const DAY = 86_400_000;
  let lo = toEpochMs(s.min, type, unit);
  let hi = toEpochMs(s.max, type, unit);
  let bins = 60;
  if (type === 'date') {
    const days = Math.round((hi - lo) / DAY) + 1;
    if (days <= 120) bins = days;
    hi += DAY; // a date is the whole day
  }
  if (!(hi > lo)) hi = lo + 1000;
  const counts = new Float64Array(bins);
  const scale = bins / (hi - lo);
  const big = values instanceof BigInt64Array;
  const per = unit === 'ns' ? 1e6 : 1e3;
  for (let i = 0; i < values.length; i++) {
    if (validity !== undefined && !isValid(validity, i)) continue;
    const v = type === 'date' ? values[i] * DAY : big ? Number(values[i]) / per : values[i];
    const b = Math.floor((v - lo) * scale);
    counts[b < bins ? b : bins - 1]++;
  }
  let step = '';
  const xTicks = (count) => {
    const axis = timeTicks(lo, hi, Math.min(10, count));
    step = axis.step;
    return axis.ticks;
  };
  const first = type === 'date' ? isoDate(s.min) : isoTime(s.min, unit);
  const last = type === 'date' ? isoDate(s.max) : isoTime(s.max, unit);
  const width = (hi - lo) / bins;
  const binText = type === 'date' && width === DAY ? 'one bar a day' : `bars of ${fmtDuration(width)}`;
  return { counts, lo, hi, kind: 'timeline', note: () => `${name}: ${fmtInt(s.count)} ${type === 'date' ? 'dates' : 'times'} from ${first} to ${last} (UTC), ${binText}; ticks every ${step}`, xTicks, step: () => step };
}

function fmtDuration(ms) {
  const units = [['year', 365.25 * 86_400_000], ['day', 86_400_000], ['hour', 3_600_000], ['min', 60_000], ['s', 1000], ['ms', 1]];
  const [name, size] = units.find(([, size]) => ms >= size) ?? units[units.length - 1];
  const n = ms / size;
  return `${n >= 10 ? Math.round(n) : Number(n.toPrecision(2))} ${name}${name.length > 3 && n >= 1.5 ? 's' : ''}`;
}

function drawBars(canvas, name, chart) {
  const { counts, lo, hi } = chart;
  const bins = counts.length;
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 900;
  const height = canvas.clientHeight || 280;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, height);
  const left = 58, right = 14, top = 12, bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  let peak = 0;
  for (const c of counts) peak = Math.max(peak, c);
  const yTicks = ticks(0, peak || 1, 4);
  const yMax = Math.max(peak, yTicks[yTicks.length - 1] || 1);

  g.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  g.fillStyle = '#667085';
  g.strokeStyle = '#eef0f3';
  g.lineWidth = 1;
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (const t of yTicks) {
    const y = top + plotH - (t / yMax) * plotH;
    g.beginPath();
    g.moveTo(left, Math.round(y) + 0.5);
    g.lineTo(left + plotW, Math.round(y) + 0.5);
    g.stroke();
    g.fillText(compact.format(t), left - 8, y);
  }
  const barW = plotW / bins;
  g.fillStyle = '#3b82f6';
  for (let b = 0; b < bins; b++) {
    const h = (counts[b] / yMax) * plotH;
    g.fillRect(left + b * barW + (barW > 4 ? 0.5 : 0), top + plotH - h, Math.max(1, barW - (barW > 4 ? 1 : 0)), h);
  }
  g.strokeStyle = '#c5ccd6';
  g.beginPath();
  g.moveTo(left, top + plotH + 0.5);
  g.lineTo(left + plotW, top + plotH + 0.5);
  g.stroke();
  g.fillStyle = '#667085';
  g.textAlign = 'center';
  g.textBaseline = 'top';
  const xTicks = chart.xTicks(Math.max(2, Math.floor(plotW / (chart.kind === 'timeline' ? 110 : 90))));
  let drawn = 0;
  for (const { t, label } of xTicks) {
    const x = left + ((t - lo) / (hi - lo)) * plotW;
    if (x < left - 1 || x > left + plotW + 1) continue;
    g.fillRect(Math.round(x), top + plotH, 1, 4);
    g.fillText(label, x, top + plotH + 8);
    drawn++;
  }
  Object.assign(canvas.dataset, {
    column: name, bins: String(bins), kind: chart.kind, ticks: String(drawn), labels: xTicks.map((x) => x.label).join('|'),
    step: chart.step ? chart.step() : '', total: String(counts.reduce((a, b) => a + b, 0)),
  });
}

/** 10^-d when the first values all have at most d decimals (d ≤ 6), else 0. */
function gridStep(values, validity) {
  const sample = [];
  for (let i = 0; i < values.length && sample.length < 2000; i++) {
    if (validity === undefined || isValid(validity, i)) {
      const v = values[i];
      if (Number.isFinite(v)) sample.push(v);
    }
  }
  if (sample.length === 0) return 0;
  for (let d = 0; d <= 6; d++) {
    const f = 10 ** d;
    if (sample.every((v) => Math.abs(v * f - Math.round(v * f)) < 1e-6 * Math.max(1, Math.abs(v * f)))) return 1 / f;
  }
  return 0;
}
