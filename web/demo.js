// The typed-csv demo page: pick, drop or generate a CSV; guess a schema with the library's sniff;
// parse it in a Web Worker with parseInWorker; show rows, time, throughput, per-column statistics,
// top values and a histogram (a timeline for dates and times). Plain ES modules served as they are:
// no bundler, no dependencies.

import { parseInWorker, sniff } from '../dist/index.js';
import { sniffInput } from './sample.js';
import { el, fmtBytes, fmtInt, fmtMs, fmtNum, pct } from './format.js';
import { drawHistogram } from './histogram.js';
import { columnsBytes, computeStats } from './stats.js';
import { isoDate, isoTime } from './time-axis.js';

/** The schema editor's choices: a value per option, `type` or `type:unit`. */
const TYPES = [
  ...['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64'].map((t) => ({ value: t, label: t })),
  { value: 'bool', label: 'bool' },
  { value: 'date', label: 'date' },
  { value: 'timestamp', label: 'timestamp (ms)' },
  { value: 'timestamp:us', label: 'timestamp (µs)' },
  { value: 'timestamp:ns', label: 'timestamp (ns)' },
  { value: 'category', label: 'category' },
  { value: 'string', label: 'string' },
];
const typeValue = (col) => (col.unit && col.unit !== 'ms' ? `${col.type}:${col.unit}` : col.type);

const $ = (id) => document.getElementById(id);
const state = {
  /** The file being worked on: { blob, name }. */
  source: null,
  /** What sniff reads: the file's bytes, or samples of its head, middle and tail. */
  sniffInput: null,
  /** The last sniff's result. */
  sniffed: null,
  /** Schema editor rows, one per file column: [{ name, type, unit, nullable, include, samples, why }]. */
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
    state.sniffInput = await sniffInput(blob, (head) => sniff(head));
    const { delimiter, quote } = state.sniffInput;
    applySniff(sniff(state.sniffInput.input, delimiter ? { delimiter, quote } : {}));
    await runParse();
  } catch (err) {
    showPlainError(`Could not read the file: ${err && err.message ? err.message : err}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The schema, as sniffed and then edited

/** Takes a sniff's dialect and columns into the editor. */
function applySniff(sniffed) {
  state.sniffed = sniffed;
  $('delimiter').value = sniffed.delimiter;
  $('header').checked = sniffed.header;
  const names = sniffed.header ? headerNames(state.sniffInput.input, sniffed) : [];
  const byIndex = new Map(sniffed.columns.map((c) => [c.index, c]));
  const width = Math.max(names.length, ...sniffed.columns.map((c) => c.index + 1));
  state.columns = Array.from({ length: width }, (_, i) => {
    const c = byIndex.get(i);
    if (c) return { name: c.name, type: c.type, unit: c.unit, nullable: c.nullable, include: true, samples: c.examples, why: c.why };
    // A name the header repeats: the sniffer leaves it out, and so does the parse unless renamed.
    return { name: names[i] ?? `column${i + 1}`, type: 'string', nullable: true, include: false, samples: [], why: 'the header repeats this name: left out, since a schema cannot tell the columns apart' };
  });
  renderSchema();
}

/** The header record's fields (quotes undone): the names of columns the sniffer left out. */
function headerNames(input, { delimiter, quote }) {
  let text = typeof input === 'string' ? input.slice(0, 64 * 1024) : new TextDecoder().decode(input.subarray(0, 64 * 1024));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const names = [];
  let field = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === quote && field === '') {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf(quote, j);
        if (q < 0) return [...names, field + text.slice(j)];
        field += text.slice(j, q);
        if (text[q + 1] === quote) {
          field += quote;
          j = q + 2;
        } else {
          i = q;
          break;
        }
      }
    } else if (c === delimiter) {
      names.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      break;
    } else field += c;
  }
  names.push(field);
  return names;
}

function renderSchema() {
  $('schema-card').hidden = false;
  const header = $('header').checked;
  const body = $('schema').tBodies[0];
  body.replaceChildren(
    ...state.columns.map((col, i) => {
      const type = el('select', { 'aria-label': `Type of ${col.name}`, title: col.why }, ...TYPES.map((t) => el('option', { value: t.value, selected: t.value === typeValue(col) }, t.label)));
      type.dataset.column = col.name;
      type.addEventListener('change', () => {
        const [t, unit] = type.value.split(':');
        col.type = t;
        col.unit = unit;
        schemaEdited();
      });
      const nullable = el('input', { type: 'checkbox', checked: col.nullable, 'aria-label': `${col.name} may be empty` });
      nullable.addEventListener('change', () => {
        col.nullable = nullable.checked;
        schemaEdited();
      });
      const include = el('input', { type: 'checkbox', checked: col.include, disabled: !header, 'aria-label': `Parse ${col.name}` });
      include.addEventListener('change', () => {
        col.include = include.checked;
        schemaEdited();
      });
      return el(
        'tr',
        { dataset: { column: col.name, index: String(i), why: col.why } },
        el('td', { className: 'name', title: col.why }, col.name === '' ? '(empty name)' : col.name),
        el('td', {}, type),
        el('td', { className: 'center' }, nullable),
        el('td', { className: 'center' }, include),
        el('td', { className: 'sample', title: col.samples.join(' | ') }, col.samples.join(', ')),
      );
    }),
  );
  const sniffed = state.sniffed;
  const notes = [];
  if (sniffed) notes.push(`Sniffed ${fmtInt(sniffed.rowsSampled)} rows from ${state.sniffInput.places}; hover a type to see why.`);
  if (!header) notes.push('Without a header every column is parsed, in file order.');
  $('schema-note').textContent = notes.join(' ');
  const warnings = sniffed ? sniffed.warnings : [];
  $('sniff-warnings').hidden = warnings.length === 0;
  $('sniff-warnings').replaceChildren(...warnings.map((w) => el('li', {}, w)));
  $('schema-code').textContent = sniffed ? sniffed.code : '';
  $('schema-code').dataset.edited = 'false';
}

/** After an edit, the code shown is the edited schema (the sniffer's was for its own guess). */
function schemaEdited() {
  $('schema-code').textContent = schemaCode(currentSchema());
  $('schema-code').dataset.edited = 'true';
}

function currentSchema() {
  const header = $('header').checked;
  const schema = {};
  for (const col of state.columns) {
    if (header && !col.include) continue;
    const unit = col.type === 'timestamp' && col.unit && col.unit !== 'ms' ? col.unit : undefined;
    // defineProperty: a column named __proto__ must be a column, not the object's prototype.
    const spec = col.nullable || unit ? { type: col.type, ...(unit ? { unit } : {}), ...(col.nullable ? { nullable: true } : {}) } : col.type;
    Object.defineProperty(schema, col.name, { value: spec, enumerable: true, writable: true, configurable: true });
  }
  return schema;
}

/** The schema as TypeScript source, in the form sniff's `code` has: one column a line, `as const`. */
function schemaCode(schema) {
  const quote = (t) => `'${t.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
  const key = (name) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name));
  const spec = (s) => (typeof s === 'string' ? quote(s) : `{ ${Object.entries(s).map(([k, v]) => `${k}: ${typeof v === 'string' ? quote(v) : v}`).join(', ')} }`);
  const entries = Object.entries(schema);
  return entries.length ? `{\n${entries.map(([n, s]) => `  ${key(n)}: ${spec(s)},`).join('\n')}\n} as const` : '{} as const';
}

function setupSchemaControls() {
  const resniff = () => {
    if (!state.sniffInput) return;
    applySniff(sniff(state.sniffInput.input, { delimiter: $('delimiter').value, header: $('header').checked }));
  };
  $('delimiter').addEventListener('change', resniff);
  $('header').addEventListener('change', resniff);
  $('parse').addEventListener('click', () => void runParse());
  $('cancel').addEventListener('click', () => cancelAll());
  $('copy-code').addEventListener('click', async (e) => {
    e.preventDefault(); // the button sits in the <summary>: a click would also fold the code away
    const text = $('schema-code').textContent;
    try {
      await navigator.clipboard.writeText(text);
      $('copy-code').textContent = 'Copied';
    } catch {
      // No clipboard (an http page, a denied permission): select the text for Ctrl+C instead.
      getSelection().selectAllChildren($('schema-code'));
      $('copy-code').textContent = 'Selected: press Ctrl+C';
    }
    setTimeout(() => ($('copy-code').textContent = 'Copy'), 1600);
  });
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
      ...(state.sniffed && state.sniffed.quote !== '"' ? { quote: state.sniffed.quote } : {}),
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
  INVALID_VALUE: (e) => `This text is not a value of the type of ${e.column}: correct it in the file, or read ${e.column} as string.`,
  TOO_MANY_CATEGORIES: (e) => `${e.column} has more distinct values than a category allows: read it as string.`,
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
// Results

function metric(id, value, sub, raw) {
  const node = $(id);
  node.replaceChildren(value, ...(sub ? [el('span', { className: 'sub' }, sub)] : []));
  node.dataset.value = String(raw);
}

/** ISO text that wraps, if at all, only between its date and its time (textContent stays the ISO text). */
function splitIso(iso) {
  const t = iso.indexOf('T');
  if (t < 0) return iso;
  const frag = document.createDocumentFragment();
  frag.append(el('span', { className: 'nowrap' }, iso.slice(0, t + 1)), el('span', { className: 'nowrap' }, iso.slice(t + 1)));
  return frag;
}

/** The summary's cells for one column: [stat, raw value, text shown]. */
function summaryCells(s) {
  const blank = (k) => [k, undefined, ''];
  const unit = s.info.unit;
  switch (s.kind) {
    case 'bool':
      return [
        ['min', undefined, s.count === 0 ? '—' : s.trues < s.count ? 'false' : 'true'],
        ['max', undefined, s.count === 0 ? '—' : s.trues > 0 ? 'true' : 'false'],
        ['mean', s.share, `${pct(s.share)} true`],
        blank('p50'), blank('p99'),
      ];
    case 'date':
      return ['min', 'max', 'mean', 'p50', 'p99'].map((k) => [k, s[k], s.count ? isoDate(k === 'mean' ? Math.round(s[k]) : s[k]) : '—']);
    case 'timestamp':
      return ['min', 'max', 'mean', 'p50', 'p99'].map((k) => {
        // The mean of µs/ns BigInts is a Number of the unit: back to a BigInt for exact-looking text.
        const v = k === 'mean' && typeof s.min === 'bigint' && Number.isFinite(s[k]) ? BigInt(Math.round(s[k])) : s[k];
        return [k, s[k], s.count ? splitIso(isoTime(v, unit)) : '—'];
      });
    case 'category':
    case 'string':
      return [['min', undefined, ''], ['max', undefined, ''], blank('mean'), blank('p50'), blank('p99')];
    default:
      return ['min', 'max', 'mean', 'p50', 'p99'].map((k) => [k, s[k], fmtNum(s[k])]);
  }
}

function showResults(table, ms, bytes) {
  state.stats = computeStats(table);
  metric('metric-rows', fmtInt(table.rowCount), '', table.rowCount);
  metric('metric-time', fmtMs(ms), '', ms);
  const mbps = bytes / 1e6 / (ms / 1000);
  metric('metric-speed', `${fmtInt(Math.round(mbps))}`, 'MB/s', mbps);
  const memory = columnsBytes(table);
  metric('metric-memory', fmtBytes(memory), `file ${fmtBytes(bytes)}`, memory);

  const cell = (stat, v, text = fmtNum(v)) => el('td', { dataset: { stat, value: v === undefined ? '' : String(v) } }, text);
  $('summary').tBodies[0].replaceChildren(
    ...state.stats.map((s) => {
      const typeName = s.info.type + (s.info.type === 'timestamp' && s.info.unit && s.info.unit !== 'ms' ? `(${s.info.unit})` : '') + (s.info.nullable ? '?' : '');
      return el(
        'tr',
        { dataset: { column: s.info.name, kind: s.kind } },
        el('td', { className: 'name' }, s.info.name),
        el('td', {}, el('span', { className: 'type-tag' }, typeName)),
        cell('count', s.count),
        cell('nulls', s.nulls),
        cell('distinct', s.distinct, s.distinct === undefined ? '' : fmtInt(s.distinct)),
        ...summaryCells(s).map(([k, v, text]) => cell(k, v, text)),
      );
    }),
  );
  // The distinct column only when some column has distinct values counted.
  $('summary').classList.toggle('no-distinct', state.stats.every((s) => s.distinct === undefined));
  showTopValues(state.stats.filter((s) => s.kind === 'category' || s.kind === 'string'));

  const chartable = state.stats.filter((s) => ['number', 'date', 'timestamp'].includes(s.kind) && s.count > 0);
  const select = $('hist-column');
  select.replaceChildren(...chartable.map((s) => el('option', { value: s.info.name }, `${s.info.name}${s.kind === 'number' ? '' : ` (${s.kind})`}`)));
  const preferred = chartable.find((s) => s.info.type === 'f64' || s.info.type === 'f32') || chartable.find((s) => s.kind === 'timestamp') || chartable[0];
  $('results').hidden = false;
  if (preferred) {
    select.value = preferred.info.name;
    showChart(preferred.info.name);
  } else {
    clearHistogram('No numeric, date or timestamp column to chart.');
  }
}

/** For each category (and string) column, its most frequent values: value, count, share as a bar. */
function showTopValues(columns) {
  const card = $('top-card');
  card.hidden = columns.length === 0;
  $('top-values').replaceChildren(
    ...columns.map((s) => {
      const title = el('h3', {}, s.info.name, ' ', el('span', { className: 'type-tag' }, s.info.type));
      if (!s.top) return el('div', { className: 'top-list', dataset: { column: s.info.name } }, title, el('p', { className: 'muted small' }, `Top values: ${s.topNote}.`));
      const rows = s.top.map((t) =>
        el(
          'tr',
          { dataset: { value: t.value } },
          el('td', { className: 'value', title: t.value }, t.value === '' ? '(empty text)' : t.value),
          el('td', { dataset: { stat: 'count', value: String(t.count) } }, fmtInt(t.count)),
          el('td', { dataset: { stat: 'share', value: String(t.share) } }, el('span', { className: 'share-bar', style: `width:${Math.max(1, Math.round(t.share * 60))}px` }), pct(t.share)),
        ),
      );
      const rest = s.distinct > s.top.length ? el('p', { className: 'muted small' }, `${fmtInt(s.distinct - s.top.length)} more distinct values`) : '';
      return el('div', { className: 'top-list', dataset: { column: s.info.name } }, title, el('table', { className: 'grid top-table' }, el('tbody', {}, ...rows)), rest);
    }),
  );
}

/** Charts the column called `name` of the table shown. */
function showChart(name) {
  const s = state.stats && state.stats.find((x) => x.info.name === name);
  if (!s || !state.table) return;
  const { title, note } = drawHistogram($('histogram'), s, state.table);
  $('hist-title').textContent = title;
  $('hist-note').textContent = note;
}

function clearHistogram(note) {
  const canvas = $('histogram');
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  $('hist-note').textContent = note;
}

function setupHistogram() {
  $('hist-column').addEventListener('change', (e) => showChart(e.target.value));
  let pending = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      const name = $('hist-column').value;
      if (name && state.table) showChart(name);
    });
  });
}

setupSource();
setupSchemaControls();
setupHistogram();
setState('ready');
