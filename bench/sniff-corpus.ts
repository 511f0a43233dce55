// A corpus of varied, real-looking CSV files with the schema a careful person would declare for each, to measure the sniffer against (written to a directory; never committed as data).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SniffResult } from '../src/index.js';
import { prng } from '../test/support/prng.js';

/** What a careful person would declare for a column (the sniffer is right when it says the same). */
export interface ExpectedColumn {
  type: string;
  nullable?: boolean;
  unit?: 'us' | 'ns';
}

export interface CorpusFile {
  name: string;
  path: string;
  /** What the file looks like, in a few words. */
  about: string;
  delimiter: string;
  header: boolean;
  /** In file order; without a header the names are column1, column2… */
  columns: Record<string, ExpectedColumn>;
}

type Rand = () => number;

interface Col {
  name: string;
  expect: ExpectedColumn;
  /** The field's text for row i (already quoted if it needs to be). */
  value: (i: number, r: Rand) => string;
}

interface Spec {
  name: string;
  about: string;
  rows: number;
  delimiter?: string;
  header?: boolean;
  crlf?: boolean;
  bom?: boolean;
  columns: Col[];
}

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
/** Empty in about `p` of rows. */
const sometimes = (p: number, f: (i: number, r: Rand) => string) => (i: number, r: Rand): string => (r() < p ? '' : f(i, r));
/** RFC 4180 quoting when the text needs it. */
function q(text: string, delimiter = ','): string {
  return text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') ? `"${text.replaceAll('"', '""')}"` : text;
}

const T0 = Date.UTC(2024, 0, 1);
function iso(ms: number, opts: { sep?: string; frac?: number; offsetMin?: number; offsetStyle?: 'colon' | 'plain' | 'hours' | 'Z' | 'none'; seconds?: boolean } = {}): string {
  const off = opts.offsetMin ?? 0;
  const d = new Date(ms + off * 60_000);
  let s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${opts.sep ?? 'T'}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (opts.seconds !== false) s += `:${pad(d.getUTCSeconds())}`;
  if (opts.frac) {
    const finer = opts.frac > 3 ? String((ms * 7919) % 10 ** (opts.frac - 3)).padStart(opts.frac - 3, '0') : '';
    s += '.' + (pad(ms % 1000, 3) + finer).slice(0, opts.frac);
  }
  const style = opts.offsetStyle ?? 'Z';
  if (style === 'Z') s += 'Z';
  else if (style !== 'none') {
    const sign = off < 0 ? '-' : '+';
    const a = Math.abs(off);
    s += style === 'colon' ? `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}` : style === 'plain' ? `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}` : `${sign}${pad(Math.floor(a / 60))}`;
  }
  return s;
}
function day(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const FIRST = ['Ann', 'Bob', 'Chen', 'Dana', 'Eve', 'Femi', 'Gita', 'Hugo', 'Ines', 'Jon', 'Kai', 'Lena', 'Mo', 'Noor', 'Omar', 'Pia', 'Quinn', 'Raj', 'Sara', 'Tom', 'Uma', 'Vik', 'Wen', 'Xia', 'Yusuf', 'Zoe'];
const LAST = ['Smith', 'Müller', 'García', 'Rossi', "O'Brien", 'Nakamura', 'Kowalski', 'Dubois', 'Silva', 'Jensen', 'Novak', 'Öztürk', 'Lee', 'Khan', 'Ivanova', 'Costa'];
const CITIES = ['Paris', 'Berlin', 'Madrid', 'Rome', 'Lisbon', 'Vienna', 'Prague', 'Oslo', 'Dublin', 'Athens', 'Warsaw', 'Zürich', 'São Paulo', 'New York, NY', 'Austin, TX'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'IN', 'BR', 'JP', 'CN', 'ES', 'IT', 'NL', 'SE', 'PL', 'CA', 'AU', 'MX', 'KR', 'TR', 'AR', 'ZA'];
const WORDS = ['great', 'slow', 'service', 'price', 'quality', 'would', 'recommend', 'never', 'again', 'okay', 'delivery', 'late', 'friendly', 'staff', 'clean', 'noisy'];
const PATHS = ['/', '/api/users', '/api/orders', '/search?q=a,b', '/static/app.js', '/login', '/api/items/42', '/cart', '/checkout'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) Safari/605.1', 'curl/8.4.0', 'python-requests/2.31', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)'];
const PRODUCTS = Array.from({ length: 40 }, (_, k) => `${pick(() => (k * 0.137) % 1, ['Blue', 'Red', 'Steel', 'Oak', 'Mini', 'Pro'])} ${['Widget', 'Lamp', 'Chair', 'Mug', 'Desk', 'Cable', 'Phone case', 'Kettle'][k % 8]} ${k}`);

const name = (r: Rand) => `${pick(r, FIRST)} ${pick(r, LAST)}`;
const sentence = (r: Rand, n: number) => Array.from({ length: n }, () => pick(r, WORDS)).join(' ');
const money = (r: Rand, lo: number, hi: number) => (lo + r() * (hi - lo)).toFixed(2);

function specs(): Spec[] {
  return [
    {
      name: 'requests', about: 'web request log: ISO timestamps with ms and Z, methods, quoted paths with commas, status, bytes, durations, cache flag', rows: 6000,
      columns: [
        { name: 'ts', expect: { type: 'timestamp' }, value: (i) => iso(T0 + i * 1234, { frac: 3 }) },
        { name: 'method', expect: { type: 'category' }, value: (_, r) => pick(r, ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD']) },
        { name: 'path', expect: { type: 'string' }, value: (i, r) => q(`${pick(r, PATHS)}${r() < 0.5 ? `?id=${i}` : ''}`) },
        { name: 'status', expect: { type: 'i32' }, value: (_, r) => pick(r, ['200', '200', '200', '201', '204', '301', '304', '400', '404', '500', '503']) },
        { name: 'bytes', expect: { type: 'i32' }, value: (_, r) => String(int(r, 0, 5_000_000)) },
        { name: 'duration', expect: { type: 'f64' }, value: (_, r) => (r() * 2).toFixed(3) },
        { name: 'cached', expect: { type: 'bool' }, value: (_, r) => (r() < 0.3 ? 'true' : 'false') },
      ],
    },
    {
      name: 'requests_offsets', about: 'request log with local times and ±hh:mm offsets, space separator, user agents with commas and semicolons', rows: 4000,
      columns: [
        { name: 'time', expect: { type: 'timestamp' }, value: (i, r) => iso(T0 + i * 60_000, { sep: ' ', offsetMin: pick(r, [0, 60, 120, -300, -420, 330]), offsetStyle: 'colon' }) },
        { name: 'client_ip', expect: { type: 'string' }, value: (_, r) => `${int(r, 1, 223)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}` },
        { name: 'user_agent', expect: { type: 'string' }, value: (i, r) => q(`${pick(r, AGENTS)} build ${i % 997}`) },
        { name: 'status', expect: { type: 'i32' }, value: (_, r) => pick(r, ['200', '404', '500']) },
        { name: 'latency_ms', expect: { type: 'f64' }, value: (_, r) => (r() * 900).toFixed(1) },
      ],
    },
    {
      name: 'sales', about: 'sales ledger: dates, regions, products, quantities, prices, an optional discount, paid Y/N', rows: 8000,
      columns: [
        { name: 'order_id', expect: { type: 'i32' }, value: (i) => String(100000 + i) },
        { name: 'order_date', expect: { type: 'date' }, value: (i) => day(T0 + Math.floor(i / 40) * 86_400_000) },
        { name: 'region', expect: { type: 'category' }, value: (_, r) => pick(r, ['North', 'South', 'East', 'West', 'Central']) },
        { name: 'product', expect: { type: 'category' }, value: (_, r) => q(pick(r, PRODUCTS)) },
        { name: 'quantity', expect: { type: 'i32' }, value: (_, r) => String(int(r, 1, 20)) },
        { name: 'unit_price', expect: { type: 'f64' }, value: (_, r) => money(r, 1, 500) },
        { name: 'discount', expect: { type: 'f64', nullable: true }, value: sometimes(0.6, (_, r) => (r() * 0.3).toFixed(2)) },
        { name: 'paid', expect: { type: 'bool' }, value: (_, r) => (r() < 0.8 ? 'Y' : 'N') },
      ],
    },
    {
      name: 'sensors', about: 'sensor readings: station ids, timestamps without offset, temperatures with negatives, optional humidity, battery percent', rows: 10000,
      columns: [
        { name: 'station', expect: { type: 'category' }, value: (i) => `ST-${pad(i % 24, 3)}` },
        { name: 'reading_time', expect: { type: 'timestamp' }, value: (i) => iso(T0 + Math.floor(i / 24) * 300_000, { offsetStyle: 'none' }) },
        { name: 'temperature_c', expect: { type: 'f64' }, value: (_, r) => (r() * 50 - 20).toFixed(2) },
        { name: 'humidity', expect: { type: 'f64', nullable: true }, value: sometimes(0.05, (_, r) => (r() * 100).toFixed(1)) },
        { name: 'battery', expect: { type: 'i32' }, value: (_, r) => String(int(r, 0, 100)) },
      ],
    },
    {
      name: 'survey', about: 'survey answers: Y/N questions, optional age, Likert 1-5, free text comments with quotes and newlines', rows: 3000,
      columns: [
        { name: 'respondent', expect: { type: 'i32' }, value: (i) => String(i + 1) },
        { name: 'age', expect: { type: 'i32', nullable: true }, value: sometimes(0.1, (_, r) => String(int(r, 18, 90))) },
        { name: 'gender', expect: { type: 'category', nullable: true }, value: sometimes(0.05, (_, r) => pick(r, ['female', 'male', 'non-binary', 'prefer not to say'])) },
        { name: 'smoker', expect: { type: 'bool' }, value: (_, r) => (r() < 0.2 ? 'Y' : 'N') },
        { name: 'would_recommend', expect: { type: 'bool', nullable: true }, value: sometimes(0.1, (_, r) => pick(r, ['yes', 'no', 'Yes', 'No'])) },
        { name: 'satisfaction', expect: { type: 'i32' }, value: (_, r) => String(int(r, 1, 5)) },
        { name: 'comment', expect: { type: 'string', nullable: true }, value: sometimes(0.4, (_, r) => q(r() < 0.2 ? `${sentence(r, 4)}\n"${sentence(r, 2)}", she said` : sentence(r, int(r, 2, 12)))) },
      ],
    },
    {
      name: 'european', about: 'a ";" export from a European spreadsheet: quoted names with ";", decimal commas, cities', rows: 3000, delimiter: ';',
      columns: [
        { name: 'Kunde', expect: { type: 'string' }, value: (_, r) => q(`${name(r)}; ${pick(r, ['GmbH', 'AG', 'KG', 'e.V.'])}`, ';') },
        { name: 'Betrag', expect: { type: 'string' }, value: (_, r) => money(r, 1, 9000).replace('.', ',') },
        { name: 'Stadt', expect: { type: 'category' }, value: (_, r) => q(pick(r, CITIES), ';') },
        { name: 'Anzahl', expect: { type: 'i32' }, value: (_, r) => String(int(r, 1, 99)) },
        { name: 'Datum', expect: { type: 'date' }, value: (i) => day(T0 + (i % 365) * 86_400_000) },
      ],
    },
    {
      name: 'european_dot', about: 'a ";" file with dot decimals and CRLF line ends', rows: 2000, delimiter: ';', crlf: true,
      columns: [
        { name: 'artikel', expect: { type: 'string' }, value: (i, r) => q(`${pick(r, PRODUCTS)} / ${i}`, ';') },
        { name: 'preis', expect: { type: 'f64' }, value: (_, r) => money(r, 1, 300) },
        { name: 'lager', expect: { type: 'i32' }, value: (_, r) => String(int(r, -5, 500)) },
      ],
    },
    {
      name: 'genes', about: 'a TSV of genomic intervals: positions past 2^31, chromosomes, scores in exponent form', rows: 5000, delimiter: '\t',
      columns: [
        { name: 'gene', expect: { type: 'string' }, value: (i) => `GENE${i}` },
        { name: 'chrom', expect: { type: 'category' }, value: (_, r) => `chr${pick(r, ['1', '2', '3', '7', '12', 'X', 'Y'])}` },
        { name: 'start', expect: { type: 'i64' }, value: (i) => String(2_000_000_000 + i * 150_000) },
        { name: 'end', expect: { type: 'i64' }, value: (i) => String(2_000_000_000 + i * 150_000 + 999) },
        { name: 'pvalue', expect: { type: 'f64' }, value: (_, r) => (r() * 1e-3).toExponential(3) },
      ],
    },
    {
      name: 'pipes', about: 'a "|" file from a database dump, with empty numeric fields', rows: 3000, delimiter: '|',
      columns: [
        { name: 'id', expect: { type: 'i32' }, value: (i) => String(i) },
        { name: 'name', expect: { type: 'string' }, value: (_, r) => name(r) },
        { name: 'balance', expect: { type: 'f64', nullable: true }, value: sometimes(0.1, (_, r) => money(r, -1000, 1000)) },
        { name: 'active', expect: { type: 'bool' }, value: (_, r) => pick(r, ['t', 'f']) },
      ],
    },
    {
      name: 'no_header_numbers', about: 'no header: three numeric columns', rows: 3000, header: false,
      columns: [
        { name: 'column1', expect: { type: 'i32' }, value: (_, r) => String(int(r, 1, 1000)) },
        { name: 'column2', expect: { type: 'f64' }, value: (_, r) => (r() * 10).toFixed(3) },
        { name: 'column3', expect: { type: 'i32' }, value: (_, r) => String(int(r, -50, 50)) },
      ],
    },
    {
      name: 'no_header_mixed', about: 'no header: ids, names and amounts', rows: 2000, header: false,
      columns: [
        { name: 'column1', expect: { type: 'i32' }, value: (i) => String(i + 1) },
        { name: 'column2', expect: { type: 'string' }, value: (_, r) => name(r) },
        { name: 'column3', expect: { type: 'f64' }, value: (_, r) => money(r, 0, 100) },
      ],
    },
    {
      name: 'no_header_text', about: 'no header, every column text: a first row whose values recur below', rows: 2000, header: false,
      columns: [
        { name: 'column1', expect: { type: 'category' }, value: (i) => pick(() => ((i * 0.618) % 1), COUNTRIES) },
        { name: 'column2', expect: { type: 'category' }, value: (i) => ['low', 'medium', 'high'][i % 3] },
      ],
    },
    {
      name: 'empties', about: 'a sparse file: most columns often empty', rows: 3000,
      columns: [
        { name: 'id', expect: { type: 'i32' }, value: (i) => String(i) },
        { name: 'a', expect: { type: 'i32', nullable: true }, value: sometimes(0.7, (_, r) => String(int(r, 0, 9))) },
        { name: 'b', expect: { type: 'f64', nullable: true }, value: sometimes(0.5, (_, r) => r().toFixed(4)) },
        { name: 'c', expect: { type: 'string', nullable: true }, value: sometimes(0.5, (_, r) => sentence(r, 3)) },
        { name: 'd', expect: { type: 'date', nullable: true }, value: sometimes(0.3, (i) => day(T0 + i * 86_400_000)) },
        { name: 'e', expect: { type: 'string', nullable: true }, value: () => '' },
      ],
    },
    {
      name: 'int_widths', about: 'integers of every width: small, past i32 late in the file, past i64 (unsigned), beyond 64 bits', rows: 20000,
      columns: [
        { name: 'small', expect: { type: 'i32' }, value: (_, r) => String(int(r, -100, 100)) },
        { name: 'grows', expect: { type: 'i64' }, value: (i) => String(i < 19000 ? i * 1000 : 3_000_000_000 + i) },
        { name: 'hash', expect: { type: 'u64' }, value: (i) => String(9_300_000_000_000_000_000n + BigInt(i) * 12_345_678_901n) },
        { name: 'huge', expect: { type: 'f64' }, value: (i) => `${1 + (i % 9)}${'0'.repeat(25)}` },
        { name: 'negative64', expect: { type: 'i64' }, value: (i) => String(-5_000_000_000 - i) },
      ],
    },
    {
      name: 'ints_then_floats', about: 'an amount column of whole numbers for 1000 rows, then decimals', rows: 60000,
      columns: [
        { name: 'seq', expect: { type: 'i32' }, value: (i) => String(i) },
        { name: 'amount', expect: { type: 'f64' }, value: (i, r) => (i < 1000 ? String(int(r, 1, 500)) : money(r, 1, 500)) },
      ],
    },
    {
      name: 'late_floats', about: 'a 3 MB file whose value column turns fractional only in its last rows, and an id column past i32 only there', rows: 200000,
      columns: [
        { name: 'id', expect: { type: 'i64' }, value: (i) => String(i < 195000 ? i : 2 ** 32 + i) },
        { name: 'value', expect: { type: 'f64' }, value: (i, r) => (i < 195000 ? String(int(r, 0, 99999)) : (r() * 1000).toFixed(2)) },
        { name: 'kind', expect: { type: 'category' }, value: (_, r) => pick(r, ['a', 'b', 'c']) },
      ],
    },
    {
      name: 'zip_codes', about: 'US zip codes and phone numbers with leading zeros, beside real numbers', rows: 3000,
      columns: [
        { name: 'zip', expect: { type: 'string' }, value: (_, r) => pad(int(r, 501, 99950), 5) },
        { name: 'phone', expect: { type: 'string' }, value: (_, r) => `0${int(r, 100000000, 999999999)}` },
        { name: 'population', expect: { type: 'i32' }, value: (_, r) => String(int(r, 100, 90000)) },
      ],
    },
    {
      name: 'flags', about: '0/1 indicator columns (integers), true/false and TRUE/FALSE words', rows: 3000,
      columns: [
        { name: 'clicked', expect: { type: 'i32' }, value: (_, r) => (r() < 0.1 ? '1' : '0') },
        { name: 'converted', expect: { type: 'bool' }, value: (_, r) => (r() < 0.5 ? 'TRUE' : 'FALSE') },
        { name: 'mobile', expect: { type: 'bool' }, value: (_, r) => (r() < 0.5 ? 'True' : 'False') },
        { name: 'visits', expect: { type: 'i32' }, value: (_, r) => String(int(r, 0, 40)) },
      ],
    },
    {
      name: 'fine_timestamps', about: 'timestamps with microsecond and nanosecond fractions, hhmm and hh offsets', rows: 3000,
      columns: [
        { name: 'us_time', expect: { type: 'timestamp', unit: 'us' }, value: (i) => iso(T0 + i * 777, { frac: 6, offsetMin: 60, offsetStyle: 'plain' }) },
        { name: 'ns_time', expect: { type: 'timestamp', unit: 'ns' }, value: (i) => iso(T0 + i * 777, { frac: 9, offsetStyle: 'Z' }) },
        { name: 'hour_offset', expect: { type: 'timestamp' }, value: (i) => iso(T0 + i * 3_600_000, { offsetMin: -180, offsetStyle: 'hours' }) },
        { name: 'minutes', expect: { type: 'timestamp' }, value: (i) => iso(T0 + i * 60_000, { seconds: false, offsetStyle: 'none' }) },
      ],
    },
    {
      name: 'dates', about: 'dates across leap years and a date column with one bare-date-looking timestamp column', rows: 3000,
      columns: [
        { name: 'birthday', expect: { type: 'date' }, value: (_, r) => day(Date.UTC(1940, 0, 1) + int(r, 0, 25000) * 86_400_000) },
        { name: 'leap', expect: { type: 'date' }, value: (i) => (i % 4 === 0 ? '2024-02-29' : day(T0 + i * 86_400_000)) },
        { name: 'mixed_when', expect: { type: 'timestamp' }, value: (i) => (i % 2 ? day(T0 + i * 86_400_000) : iso(T0 + i * 86_400_000 + 3_600_000)) },
        { name: 'not_a_date', expect: { type: 'string' }, value: (i) => (i === 1500 ? '2023-02-29' : day(T0 + i * 86_400_000)) },
      ],
    },
    {
      name: 'quoted_numbers', about: 'every field quoted, numbers included (a quoted number is a number)', rows: 3000,
      columns: [
        { name: 'id', expect: { type: 'i32' }, value: (i) => `"${i}"` },
        { name: 'price', expect: { type: 'f64' }, value: (_, r) => `"${money(r, 0, 99)}"` },
        { name: 'label', expect: { type: 'string' }, value: (i, r) => `"${name(r)} #${i}"` },
      ],
    },
    {
      name: 'bom_crlf', about: 'an Excel export: UTF-8 BOM, CRLF, quoted header names with spaces', rows: 2000, bom: true, crlf: true,
      columns: [
        { name: 'Customer Name', expect: { type: 'string' }, value: (_, r) => q(`${pick(r, LAST)}, ${pick(r, FIRST)}`) },
        { name: 'Order Total ($)', expect: { type: 'f64' }, value: (_, r) => money(r, 5, 900) },
        { name: 'Ship Date', expect: { type: 'date', nullable: true }, value: sometimes(0.05, (i) => day(T0 + i * 3_600_000)) },
      ],
    },
    {
      name: 'na_tokens', about: 'an R export: numbers with NA for missing values (text to typed-csv), and a clean column', rows: 3000,
      columns: [
        { name: 'x', expect: { type: 'string' }, value: (_, r) => (r() < 0.05 ? 'NA' : r().toFixed(3)) },
        { name: 'y', expect: { type: 'f64' }, value: (_, r) => r().toFixed(3) },
      ],
    },
    {
      name: 'people', about: 'all text with a header: names, emails, cities, countries', rows: 4000,
      columns: [
        { name: 'full_name', expect: { type: 'string' }, value: (_, r) => name(r) },
        { name: 'email', expect: { type: 'string' }, value: (i, r) => `${pick(r, FIRST).toLowerCase()}.${i}@example.com` },
        { name: 'city', expect: { type: 'category' }, value: (_, r) => q(pick(r, CITIES)) },
        { name: 'country', expect: { type: 'category' }, value: (_, r) => pick(r, COUNTRIES) },
      ],
    },
    {
      name: 'wide', about: 'a wide analytics export: 40 columns of mixed types', rows: 1500,
      columns: Array.from({ length: 40 }, (_, k): Col => {
        const kind = k % 5;
        if (kind === 0) return { name: `m${k}_count`, expect: { type: 'i32' }, value: (_, r) => String(int(r, 0, 10000)) };
        if (kind === 1) return { name: `m${k}_rate`, expect: { type: 'f64' }, value: (_, r) => r().toFixed(5) };
        if (kind === 2) return { name: `d${k}_segment`, expect: { type: 'category' }, value: (_, r) => pick(r, ['a', 'b', 'c', 'd']) };
        if (kind === 3) return { name: `d${k}_flag`, expect: { type: 'bool' }, value: (_, r) => pick(r, ['yes', 'no']) };
        return { name: `d${k}_note`, expect: { type: 'string', nullable: true }, value: sometimes(0.3, (_, r) => sentence(r, 3)) };
      }),
    },
    {
      name: 'single_column', about: 'one column of numbers with a header', rows: 3000,
      columns: [{ name: 'value', expect: { type: 'f64' }, value: (_, r) => (r() * 100).toFixed(2) }],
    },
    {
      name: 'scientific', about: 'floats in every notation: exponents, signs, nan and inf', rows: 3000,
      columns: [
        { name: 'x', expect: { type: 'f64' }, value: (_, r) => pick(r, [(r() * 1e10).toExponential(4), '-' + r().toFixed(6), '.5', '5.', '+1e-300', 'NaN', 'inf', '-Infinity', String(int(r, 0, 9))]) },
        { name: 'n', expect: { type: 'i32' }, value: (_, r) => (r() < 0.5 ? '+' : '-') + String(int(r, 0, 99999)) },
      ],
    },
    {
      name: 'stocks', about: 'daily stock prices: date, symbol, OHLC, volume', rows: 6000,
      columns: [
        { name: 'Date', expect: { type: 'date' }, value: (i) => day(T0 + Math.floor(i / 12) * 86_400_000) },
        { name: 'Symbol', expect: { type: 'category' }, value: (i) => ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'META', 'NVDA', 'TSLA', 'IBM', 'ORCL', 'SAP', 'ASML', 'TSM'][i % 12] },
        { name: 'Open', expect: { type: 'f64' }, value: (_, r) => money(r, 50, 900) },
        { name: 'High', expect: { type: 'f64' }, value: (_, r) => money(r, 50, 900) },
        { name: 'Low', expect: { type: 'f64' }, value: (_, r) => money(r, 50, 900) },
        { name: 'Close', expect: { type: 'f64' }, value: (_, r) => money(r, 50, 900) },
        { name: 'Volume', expect: { type: 'i32' }, value: (_, r) => String(int(r, 100_000, 90_000_000)) },
      ],
    },
    {
      name: 'web_sessions', about: 'analytics sessions: hex session ids, user agents, countries, mobile flag, pageviews', rows: 5000,
      columns: [
        { name: 'session_id', expect: { type: 'string' }, value: (i, r) => (i * 2654435761 + int(r, 0, 1e6)).toString(16).padStart(12, 'a') },
        { name: 'user_agent', expect: { type: 'category' }, value: (_, r) => q(pick(r, AGENTS)) },
        { name: 'country', expect: { type: 'category', nullable: true }, value: sometimes(0.02, (_, r) => pick(r, COUNTRIES)) },
        { name: 'is_mobile', expect: { type: 'bool' }, value: (_, r) => pick(r, ['true', 'false']) },
        { name: 'pageviews', expect: { type: 'i32' }, value: (_, r) => String(int(r, 1, 80)) },
        { name: 'started', expect: { type: 'timestamp' }, value: (i) => iso(T0 + i * 17_000, { sep: ' ', offsetStyle: 'none' }) },
      ],
    },
    {
      name: 'transactions', about: 'bank transactions: timestamps with -0500 offsets, signed amounts, currencies, memo text', rows: 5000,
      columns: [
        { name: 'posted_at', expect: { type: 'timestamp' }, value: (i) => iso(T0 + i * 91_000, { offsetMin: -300, offsetStyle: 'plain' }) },
        { name: 'amount', expect: { type: 'f64' }, value: (_, r) => money(r, -2000, 2000) },
        { name: 'currency', expect: { type: 'category' }, value: (_, r) => pick(r, ['USD', 'EUR', 'GBP']) },
        { name: 'memo', expect: { type: 'string', nullable: true }, value: sometimes(0.2, (i, r) => q(`${pick(r, ['POS', 'ATM', 'ACH', 'WIRE'])} ${name(r)}, ref ${i}`)) },
      ],
    },
    {
      name: 'multiline_semicolon', about: 'a ";" file of support tickets whose quoted bodies hold newlines and ";"', rows: 2500, delimiter: ';',
      columns: [
        { name: 'ticket', expect: { type: 'i32' }, value: (i) => String(5000 + i) },
        { name: 'opened', expect: { type: 'timestamp' }, value: (i) => iso(T0 + i * 600_000, { offsetStyle: 'Z' }) },
        { name: 'priority', expect: { type: 'category' }, value: (_, r) => pick(r, ['low', 'normal', 'high', 'urgent']) },
        { name: 'body', expect: { type: 'string' }, value: (_, r) => `"${sentence(r, 5)};\n${sentence(r, 6)}\n-- ${name(r).replaceAll('"', '""')}"` },
      ],
    },
    {
      name: 'apostrophes', about: 'text full of apostrophes with " quoting: the quote is ", not \'', rows: 2000,
      columns: [
        { name: 'id', expect: { type: 'i32' }, value: (i) => String(i) },
        { name: 'quote', expect: { type: 'string' }, value: (_, r) => `"'${sentence(r, 3)}', said ${pick(r, LAST)}, 'it's ${pick(r, WORDS)}'"` },
        { name: 'score', expect: { type: 'f64' }, value: (_, r) => r().toFixed(2) },
      ],
    },
    {
      name: 'no_header_unique_text', about: 'hard: no header, every column text with unique values (nothing tells the first row from data)', rows: 1000, header: false,
      columns: [
        { name: 'column1', expect: { type: 'string' }, value: (i, r) => `${name(r)} ${i}` },
        { name: 'column2', expect: { type: 'string' }, value: (i) => `user${i}@example.com` },
      ],
    },
    {
      name: 'rare_exceptions', about: 'hard: 4 MB where one row in the middle has a decimal and another an empty field (sampling can miss single rows; the parser then says where)', rows: 200000,
      columns: [
        { name: 'id', expect: { type: 'i32' }, value: (i) => String(i) },
        { name: 'qty', expect: { type: 'f64' }, value: (i, r) => (i === 123_457 ? '2.5' : String(int(r, 1, 9))) },
        { name: 'code', expect: { type: 'i32', nullable: true }, value: (i, r) => (i === 77_777 ? '' : String(int(r, 100, 999))) },
      ],
    },
    {
      name: 'small', about: 'a ten-row file: too few rows for categories', rows: 10,
      columns: [
        { name: 'name', expect: { type: 'string' }, value: (_, r) => name(r) },
        { name: 'team', expect: { type: 'string' }, value: (i) => ['red', 'blue'][i % 2] },
        { name: 'points', expect: { type: 'i32' }, value: (_, r) => String(int(r, 0, 30)) },
      ],
    },
  ];
}

/** Writes the corpus into `dir` (deterministic: the same bytes every run) and returns what each file should sniff as. */
export function writeCorpus(dir: string, seed = 11): CorpusFile[] {
  mkdirSync(dir, { recursive: true });
  return specs().map((spec, k) => {
    const r = prng(seed * 1000 + k);
    const delimiter = spec.delimiter ?? ',';
    const eol = spec.crlf ? '\r\n' : '\n';
    const lines: string[] = [];
    if (spec.header !== false) lines.push(spec.columns.map((c) => q(c.name, delimiter)).join(delimiter));
    for (let i = 0; i < spec.rows; i++) lines.push(spec.columns.map((c) => c.value(i, r)).join(delimiter));
    const path = join(dir, `${spec.name}.csv`);
    writeFileSync(path, (spec.bom ? '\ufeff' : '') + lines.join(eol) + eol);
    return {
      name: spec.name,
      path,
      about: spec.about,
      delimiter,
      header: spec.header !== false,
      columns: Object.fromEntries(spec.columns.map((c) => [c.name, c.expect])),
    };
  });
}

export interface FileScore {
  file: CorpusFile;
  result: SniffResult;
  dialectRight: boolean;
  headerRight: boolean;
  right: number;
  total: number;
  misses: string[];
}

/** Compares a sniff with what the corpus file should give. */
export function score(file: CorpusFile, result: SniffResult): FileScore {
  const misses: string[] = [];
  const dialectRight = result.delimiter === file.delimiter && result.quote === '"';
  const headerRight = result.header === file.header;
  if (!dialectRight) misses.push(`delimiter ${JSON.stringify(result.delimiter)} quote ${JSON.stringify(result.quote)}`);
  if (!headerRight) misses.push(`header ${result.header}`);
  let right = 0;
  let total = 0;
  for (const [name, e] of Object.entries(file.columns)) {
    total++;
    const c = result.columns.find((col) => col.name === name);
    if (c !== undefined && c.type === e.type && c.nullable === (e.nullable ?? false) && c.unit === e.unit) right++;
    else misses.push(`\`${name}\`: expected ${show(e.type, e.nullable, e.unit)}, got ${c === undefined ? 'no such column' : `${show(c.type, c.nullable, c.unit)} (${c.why})`}`);
  }
  return { file, result, dialectRight, headerRight, right, total, misses };
}

function show(type: string, nullable?: boolean, unit?: string): string {
  return `${type}${unit ? `(${unit})` : ''}${nullable ? ' nullable' : ''}`;
}
