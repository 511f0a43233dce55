// The typed-csv demo page: pick, drop or generate a CSV; guess a schema from its first rows; parse
// it in a Web Worker with parseInWorker; show rows, time, throughput, per-column statistics and a
// histogram. Plain ES modules served as they are: no bundler, no dependencies.

import { parseInWorker } from '../dist/index.js';

const TYPES = ['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'string'];
const SNIFF_BYTES = 1 << 20;
const SNIFF_ROWS = 1000;

const $ = (id) => document.getElementById(id);
const state = {
  /** The file being worked on: { blob, name }. */
  source: null,
  /** Sniffed columns: [{ name, type, nullable, include, samples }]. */
  columns: [],
  controller: null,
  generator: null,
  table: null,
  stats: null,
};

function setState(name) {
  document.body.dataset.state = name;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const intFmt = new Intl.NumberFormat('en-US');
const fmtInt = (n) => intFmt.format(n);
function fmtNum(v) {
  if (typeof v === 'bigint') return v.toString();
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e9 || a < 1e-4)) return v.toExponential(3);
  if (Number.isInteger(v)) return fmtInt(v);
  return v.toLocaleString('en-US', { maximumSignificantDigits: 6 });
}
function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
function fmtMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

// ---------------------------------------------------------------------------------------------
// Choosing a source

function setupSource() {
  const drop = $('drop');
  const input = $('file');
  $('pick').addEventListener('click', () => input.click());
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') input.click();
  });
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    if (file) void useSource(file, file.name);
  });
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) void useSource(file, file.name);
  });
  $('generate').addEventListener('click', () => generate(Number($('gen-rows').value)));
}

function generate(rows) {
  cancelAll();
  setState('generating');
  showProgress(`Generating ${fmtInt(rows)} rows…`);
  const worker = new Worker(new URL('./generate-worker.js', import.meta.url), { type: 'module' });
  state.generator = worker;
  const started = performance.now();
  worker.onmessage = (event) => {
    const m = event.data;
    if (m.type === 'progress') {
      setBar(m.rows / m.total);
      $('progress-text').textContent = `${fmtInt(m.rows)} of ${fmtInt(m.total)} rows`;
    } else {
      worker.terminate();
      state.generator = null;
      if (m.type === 'done') {
        const label = rows % 1e6 === 0 ? `${rows / 1e6}M` : String(rows);
        void useSource(m.blob, `seed-${label}.csv`, `generated in ${fmtMs(performance.now() - started)}`);
      } else {
        hideProgress();
        showPlainError(`Generating failed: ${m.message}`);
      }
    }
  };
  worker.onerror = (event) => {
    worker.terminate();
    state.generator = null;
    hideProgress();
    showPlainError(`Generating failed: ${event.message || 'the generator worker did not start'}`);
  };
  worker.postMessage({ rows });
}

async function useSource(blob, name, note) {
  cancelAll();
  state.source = { blob, name };
  const info = $('source-info');
  info.hidden = false;
  info.replaceChildren(el('strong', {}, name), ` · ${fmtBytes(blob.size)}${note ? ` · ${note}` : ''}`);
  setState('sniffing');
  try {
    const sniffed = await sniff(blob);
    $('delimiter').value = sniffed.delimiter;
    $('header').checked = true;
    state.sniffText = sniffed.text;
    state.columns = guessColumns(sniffed.text, sniffed.delimiter, true, sniffed.truncated);
    renderSchema();
    await runParse();
  } catch (err) {
    showPlainError(`Could not read the file: ${err && err.message ? err.message : err}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Guessing the schema from the first rows

async function sniff(blob) {
  const head = blob.slice(0, SNIFF_BYTES);
  let text = await head.text();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const truncated = blob.size > SNIFF_BYTES;
  return { text, truncated, delimiter: guessDelimiter(text) };
}

/** Records of `text` (RFC 4180 quotes), blank lines skipped; at most `max`. */
function splitRecords(text, delimiter, max, dropLast) {
  const records = [];
  let record = [];
  let field = '';
  let i = 0;
  const n = text.length;
  while (i < n && records.length < max) {
    if (text[i] === '"' && field === '') {
      // Quoted field: up to a quote not followed by another.
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      continue;
    }
    const c = text[i];
    if (c === delimiter) {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      field = '';
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      const next = text.slice(i).search(/[\r\n"]|[,;\t|]/);
      const stop = next < 0 ? n : i + Math.max(1, next);
      const chunk = text.slice(i, stop);
      const d = chunk.indexOf(delimiter);
      if (d > 0) {
        field += chunk.slice(0, d);
        i += d;
      } else {
        field += chunk;
        i = stop;
      }
    }
  }
  if (i >= n && records.length < max && !dropLast) {
    if (field !== '' || record.length > 0) {
      record.push(field);
      records.push(record);
    }
  }
  return records;
}

function guessDelimiter(text) {
  let best = ',';
  let bestScore = 0;
  for (const d of [',', '\t', ';', '|']) {
    const records = splitRecords(text.slice(0, 64 * 1024), d, 30, true);
    if (records.length === 0) continue;
    const width = records[0].length;
    if (width < 2) continue;
    const consistent = records.filter((r) => r.length === width).length / records.length;
    const score = consistent * width;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$/i;
const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function guessColumns(text, delimiter, header, truncated) {
  const records = splitRecords(text, delimiter, SNIFF_ROWS + 1, truncated);
  const width = records.length ? Math.max(...records.slice(0, 50).map((r) => r.length)) : 0;
  const names = header ? records[0] || [] : Array.from({ length: width }, (_, i) => `column${i + 1}`);
  const data = header ? records.slice(1) : records;
  const seen = new Set();
  return names.map((name, c) => {
    let ints = true;
    let floats = true;
    let nullable = false;
    let any = false;
    let fitsI32 = true;
    let fitsI64 = true;
    const samples = [];
    for (const r of data) {
      const v = r[c];
      if (v === undefined || v === '') {
        nullable = true;
        continue;
      }
      any = true;
      if (samples.length < 4) samples.push(v);
      if (ints && INT.test(v)) {
        const n = Number(v);
        if (n < I32_MIN || n > I32_MAX) fitsI32 = false;
        if (!fitsI32) {
          const b = BigInt(v);
          if (b < I64_MIN || b > I64_MAX) fitsI64 = false;
        }
      } else ints = false;
      if (floats && !FLOAT.test(v)) floats = false;
    }
    let type = 'string';
    if (any && ints && fitsI32) type = 'i32';
    else if (any && ints && fitsI64) type = 'i64';
    else if (any && floats) type = 'f64';
    // A repeated header name can't be told apart by name: parse the first one only.
    const include = !seen.has(name);
    seen.add(name);
    return { name, type, nullable, include, samples };
  });
}

function renderSchema() {
  $('schema-card').hidden = false;
  const header = $('header').checked;
  const body = $('schema').tBodies[0];
  body.replaceChildren(
    ...state.columns.map((col, i) => {
      const type = el('select', { 'aria-label': `Type of ${col.name}` }, ...TYPES.map((t) => el('option', { value: t, selected: t === col.type }, t)));
      type.dataset.column = col.name;
      type.addEventListener('change', () => (col.type = type.value));
      const nullable = el('input', { type: 'checkbox', checked: col.nullable, 'aria-label': `${col.name} may be empty` });
      nullable.addEventListener('change', () => (col.nullable = nullable.checked));
      const include = el('input', { type: 'checkbox', checked: col.include, disabled: !header, 'aria-label': `Parse ${col.name}` });
      include.addEventListener('change', () => (col.include = include.checked));
      return el(
        'tr',
        { dataset: { column: col.name, index: String(i) } },
        el('td', { className: 'name' }, col.name === '' ? '(empty name)' : col.name),
        el('td', {}, type),
        el('td', { className: 'center' }, nullable),
        el('td', { className: 'center' }, include),
        el('td', { className: 'sample', title: col.samples.join(' | ') }, col.samples.join(', ')),
      );
    }),
  );
  $('schema-note').textContent = header ? '' : 'Without a header every column is parsed, in file order.';
}

function currentSchema() {
  const header = $('header').checked;
  const schema = {};
  for (const col of state.columns) {
    if (header && !col.include) continue;
    schema[col.name] = col.nullable ? { type: col.type, nullable: true } : col.type;
  }
  return schema;
}

function setupSchemaControls() {
  const resniff = () => {
    if (!state.sniffText) return;
    state.columns = guessColumns(state.sniffText, $('delimiter').value, $('header').checked, state.source.blob.size > SNIFF_BYTES);
    renderSchema();
  };
  $('delimiter').addEventListener('change', resniff);
  $('header').addEventListener('change', resniff);
  $('parse').addEventListener('click', () => void runParse());
  $('cancel').addEventListener('click', () => cancelAll());
}

// ---------------------------------------------------------------------------------------------
// Parsing

function cancelAll() {
  // The running parse rejects with ABORTED and tidies up after itself (see runParse).
  if (state.controller) state.controller.abort(new Error('cancelled'));
  if (state.generator) {
    state.generator.terminate();
    state.generator = null;
    hideProgress();
    setState('idle');
  }
}

function showProgress(title) {
  $('progress-card').hidden = false;
  $('progress-title').textContent = title;
  $('progress-text').textContent = '';
  setBar(0);
}
function hideProgress() {
  $('progress-card').hidden = true;
}
function setBar(fraction) {
  const pct = Math.max(0, Math.min(100, fraction * 100));
  $('bar-fill').style.width = `${pct}%`;
  document.querySelector('.bar').setAttribute('aria-valuenow', pct.toFixed(0));
}

async function runParse() {
  if (!state.source) return;
  if (state.controller) state.controller.abort(new Error('superseded'));
  const controller = new AbortController();
  state.controller = controller;
  const { blob, name } = state.source;
  const schema = currentSchema();
  $('error').hidden = true;
  $('results').hidden = true;
  state.table = null; // let the previous columns go before the next ones arrive
  if (Object.keys(schema).length === 0) {
    showPlainError('Pick at least one column to parse.');
    return;
  }
  setState('parsing');
  showProgress(`Parsing ${name}…`);
  $('parse').disabled = true;
  const started = performance.now();
  try {
    const table = await parseInWorker(blob, {
      schema,
      header: $('header').checked,
      delimiter: $('delimiter').value,
      signal: controller.signal,
      onProgress({ bytes, totalBytes, rows }) {
        const total = totalBytes ?? blob.size;
        setBar(bytes / total);
        const seconds = (performance.now() - started) / 1000;
        $('progress-text').textContent = `${fmtBytes(bytes)} of ${fmtBytes(total)} · ${fmtInt(rows)} rows · ${Math.round(bytes / 1e6 / seconds)} MB/s`;
      },
    });
    const ms = performance.now() - started;
    if (state.controller !== controller) return;
    setBar(1);
    $('progress-title').textContent = 'Computing statistics…';
    // Let the page paint the full bar before the statistics' few hundred milliseconds.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    state.table = table;
    showResults(table, ms, blob.size);
    hideProgress();
    setState('done');
  } catch (err) {
    if (state.controller !== controller) return; // superseded by a newer parse
    hideProgress();
    if (err && err.code === 'ABORTED') {
      $('source-info').append(' · cancelled');
      setState('cancelled');
    } else {
      showCsvError(err, blob);
    }
  } finally {
    if (state.controller === controller) {
      state.controller = null;
      $('parse').disabled = false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

function showPlainError(message) {
  $('error').hidden = false;
  $('error-code').textContent = '';
  for (const id of ['error-line', 'error-column', 'error-row', 'error-byte', 'error-text', 'error-context', 'error-hint']) $(id).textContent = '';
  $('error-message').textContent = message;
  setState('error');
}

const HINTS = {
  EMPTY_VALUE: (e) => `Tick “Nullable” for ${e.column} to read empty fields as nulls, then parse again.`,
  INVALID_NUMBER: (e) => {
    const col = state.columns.find((c) => c.name === e.column);
    return col && (col.type === 'f64' || col.type === 'f32')
      ? `This is not a number: correct it in the file, or read ${e.column} as string.`
      : `Change the type of ${e.column} (f64 for decimals, string for text), then parse again.`;
  },
  OUT_OF_RANGE: (e) => `The value does not fit the type of ${e.column}; pick a wider one (i64, u64 or f64).`,
  FIELD_COUNT: () => 'This record has a different number of fields than the header. Check the delimiter, or the quoting on the line before.',
  MISSING_COLUMN: () => 'The schema names a column the header does not have. Check “First row is a header” and the delimiter.',
};

async function showCsvError(err, blob) {
  $('error').hidden = false;
  $('error-code').textContent = err.code || err.name || 'Error';
  $('error-line').textContent = err.line !== undefined ? fmtInt(err.line) : '—';
  $('error-column').textContent = err.column !== undefined ? err.column : '—';
  $('error-row').textContent = err.row !== undefined ? fmtInt(err.row) : '—';
  $('error-byte').textContent = err.byteOffset !== undefined ? fmtInt(err.byteOffset) : '—';
  $('error-text').textContent = err.text !== undefined ? JSON.stringify(err.text) : '—';
  $('error-message').textContent = err.message;
  $('error-hint').textContent = HINTS[err.code] ? HINTS[err.code](err) : '';
  $('error-context').replaceChildren();
  setState('error');
  if (err.byteOffset !== undefined && err.line !== undefined) await showErrorLine(blob, err);
}

/** The line of the file around the error, with the bad field marked. */
async function showErrorLine(blob, err) {
  const from = Math.max(0, err.byteOffset - 400);
  const bytes = new Uint8Array(await blob.slice(from, err.byteOffset + 400).arrayBuffer());
  const at = err.byteOffset - from;
  let start = at;
  while (start > 0 && bytes[start - 1] !== 10) start--;
  let end = at;
  while (end < bytes.length && bytes[end] !== 10 && bytes[end] !== 13) end++;
  // The field ends at the next delimiter (or its closing quote, when quoted).
  const delimiter = $('delimiter').value.charCodeAt(0);
  let fieldEnd = at;
  if (bytes[at] === 34) {
    fieldEnd = at + 1;
    while (fieldEnd < end && !(bytes[fieldEnd] === 34 && bytes[fieldEnd + 1] !== 34)) fieldEnd += bytes[fieldEnd] === 34 ? 2 : 1;
    fieldEnd = Math.min(end, fieldEnd + 1);
  } else {
    while (fieldEnd < end && bytes[fieldEnd] !== delimiter) fieldEnd++;
  }
  if (err.column === undefined) fieldEnd = end; // a record-level error: the whole record
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const mark = el('mark', {}, decode(at, fieldEnd) || '\u2002');
  $('error-context').replaceChildren(
    el('span', { className: 'lineno' }, `line ${fmtInt(err.line)}`),
    (start > 0 || from === 0 ? '' : '…') + decode(start, at),
    mark,
    decode(fieldEnd, end) + (end === bytes.length ? '…' : ''),
  );
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** k-th smallest of a[lo..hi] (inclusive), in place: afterwards a[lo..k-1] ≤ a[k] ≤ a[k+1..hi]. */
function select(a, k, lo, hi) {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot: sorted or clustered data stays O(n).
    let x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Nearest-rank index of quantile q among n sorted values. */
const rank = (q, n) => Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));

function isValid(validity, i) {
  return validity === undefined || ((validity[i >> 3] >> (i & 7)) & 1) === 1;
}

function numericStats(values, validity) {
  const big = typeof values[0] === 'bigint' || values instanceof BigInt64Array || values instanceof BigUint64Array;
  const n = values.length;
  const copy = new Float64Array(n);
  let m = 0;
  let nulls = 0;
  let nans = 0;
  let sum = 0;
  let min;
  let max;
  for (let i = 0; i < n; i++) {
    if (!isValid(validity, i)) {
      nulls++;
      continue;
    }
    const raw = values[i];
    if (big) {
      if (min === undefined || raw < min) min = raw;
      if (max === undefined || raw > max) max = raw;
    }
    const v = big ? Number(raw) : raw;
    if (v !== v) {
      nans++;
      continue;
    }
    if (!big) {
      if (min === undefined || v < min) min = v;
      if (max === undefined || v > max) max = v;
    }
    copy[m++] = v;
    sum += v;
  }
  const stats = { count: m + nans, nulls, nans, min, max, mean: m ? sum / m : NaN, p50: NaN, p99: NaN, lo: NaN, hi: NaN };
  if (m > 0) {
    // Successive selections on shrinking ranges: each finds its quantile among values already
    // split around the previous one.
    const k50 = rank(0.5, m);
    const k001 = rank(0.001, m);
    const k99 = rank(0.99, m);
    const k999 = rank(0.999, m);
    stats.p50 = select(copy, k50, 0, m - 1);
    stats.lo = select(copy, k001, 0, k50);
    stats.p99 = select(copy, k99, k50, m - 1);
    stats.hi = select(copy, k999, k99, m - 1);
  }
  return stats;
}

function computeStats(table) {
  const out = [];
  for (const info of table.schema) {
    const column = table.columns[info.name];
    if (info.type === 'string') {
      let nulls = 0;
      for (let i = 0; i < column.length; i++) if (column.isNull(i)) nulls++;
      out.push({ info, count: column.length - nulls, nulls, text: true });
    } else {
      out.push({ info, ...numericStats(column, table.validity[info.name]) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Results

function columnsBytes(table) {
  let total = 0;
  for (const info of table.schema) {
    const c = table.columns[info.name];
    total += info.type === 'string' ? c.data.byteLength + c.offsets.byteLength : c.byteLength;
    const v = table.validity[info.name];
    if (v) total += v.byteLength;
  }
  return total;
}

function metric(id, value, sub, raw) {
  const node = $(id);
  node.replaceChildren(value, ...(sub ? [el('span', { className: 'sub' }, sub)] : []));
  node.dataset.value = String(raw);
}

function showResults(table, ms, bytes) {
  state.stats = computeStats(table);
  metric('metric-rows', fmtInt(table.rowCount), '', table.rowCount);
  metric('metric-time', fmtMs(ms), '', ms);
  const mbps = bytes / 1e6 / (ms / 1000);
  metric('metric-speed', `${fmtInt(Math.round(mbps))}`, 'MB/s', mbps);
  const memory = columnsBytes(table);
  metric('metric-memory', fmtBytes(memory), `file ${fmtBytes(bytes)}`, memory);

  const cell = (stat, v) => el('td', { dataset: { stat, value: v === undefined ? '' : String(v) } }, fmtNum(v));
  $('summary').tBodies[0].replaceChildren(
    ...state.stats.map((s) =>
      el(
        'tr',
        { dataset: { column: s.info.name } },
        el('td', { className: 'name' }, s.info.name),
        el('td', {}, el('span', { className: 'type-tag' }, s.info.type + (s.info.nullable ? '?' : ''))),
        cell('count', s.count),
        cell('nulls', s.nulls),
        ...(s.text
          ? ['min', 'max', 'mean', 'p50', 'p99'].map((k) => cell(k, undefined))
          : [cell('min', s.min), cell('max', s.max), cell('mean', s.mean), cell('p50', s.p50), cell('p99', s.p99)]),
      ),
    ),
  );

  const numeric = state.stats.filter((s) => !s.text && s.count > 0);
  const select = $('hist-column');
  select.replaceChildren(...numeric.map((s) => el('option', { value: s.info.name }, s.info.name)));
  const preferred = numeric.find((s) => s.info.type === 'f64' || s.info.type === 'f32') || numeric[0];
  $('results').hidden = false;
  if (preferred) {
    select.value = preferred.info.name;
    drawHistogram(preferred.info.name);
  } else {
    clearHistogram('No numeric column to chart.');
  }
}

function clearHistogram(note) {
  const canvas = $('histogram');
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  $('hist-note').textContent = note;
}

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

function drawHistogram(name) {
  const s = state.stats.find((x) => x.info.name === name);
  const table = state.table;
  if (!s || !table) return;
  const values = table.columns[name];
  const validity = table.validity[name];
  const big = values instanceof BigInt64Array || values instanceof BigUint64Array;
  const integer = !['f32', 'f64'].includes(s.info.type);
  // The 0.1–99.9 percentile range: one extreme value would otherwise squash every bar into one.
  let lo = s.lo;
  let hi = s.hi;
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

  const canvas = $('histogram');
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
  for (const t of ticks(lo, hi, Math.max(2, Math.floor(plotW / 90)))) {
    const x = left + ((t - lo) / (hi - lo)) * plotW;
    if (x < left - 1 || x > left + plotW + 1) continue;
    g.fillRect(Math.round(x), top + plotH, 1, 4);
    g.fillText(fmtNum(t), x, top + plotH + 8);
  }
  const range = `${fmtNum(lo)} to ${fmtNum(perValue ? hi - 1 : hi)}`;
  $('hist-note').textContent = `${name}: ${fmtInt(s.count - s.nans - outside)} values in ${bins} bins, ${range}` +
    (outside ? ` (the 0.1% at each end, ${fmtInt(outside)} values, left out)` : '');
  canvas.dataset.column = name;
  canvas.dataset.bins = String(bins);
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

function setupHistogram() {
  $('hist-column').addEventListener('change', (e) => drawHistogram(e.target.value));
  let pending = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      const name = $('hist-column').value;
      if (name && state.table) drawHistogram(name);
    });
  });
}

setupSource();
setupSchemaControls();
setupHistogram();
setState('ready');
