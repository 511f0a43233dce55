/**
 * The reference parser's bool, date and timestamp values: regular expressions for the grammars, the
 * JavaScript Date for the calendar (is it a real date, which day number is it) and BigInt
 * nanoseconds for the instant. Shares no code with the library (its cores use a hand-written
 * grammar and Hinnant's day arithmetic).
 *
 * Rules (README "Value semantics"):
 * - bool: the field, ASCII letters folded to lower case, is one of the column's true or false words
 *   (also folded); defaults true/1/t/yes/y and false/0/f/no/n.
 * - date: `YYYY-MM-DD`, or the column's strptime format (date directives only); a real calendar date.
 * - timestamp: ISO 8601 `YYYY-MM-DD[(T|t| )hh:mm[:ss[.f{1,9}]][Z|z|±hh[:mm]|±hhmm]]` or the format;
 *   hours 0-23, minutes and seconds 0-59, offsets up to ±23:59; no offset = UTC. The value is the
 *   instant in unit 'ms' (the double nearest to the exact milliseconds), 'us' (floor) or 'ns'
 *   (OUT_OF_RANGE outside i64).
 * - Format directives read as the library's cores read them: %Y exactly 4 digits; %m %d %H %M %S 1-2
 *   digits taken greedily (never given back); %f 1-9 digits and no digit after them; %z Z, or ±hh
 *   then `:mm`, or two digits, or nothing (but not a lone digit before more text, nor `:` without
 *   two digits); %b three letters naming a month in any case.
 */

export type TimeUnit = 'ms' | 'us' | 'ns';

export interface ValueSettings {
  unit?: TimeUnit;
  format?: string;
  true?: readonly string[];
  false?: readonly string[];
  maxCategories?: number;
}

const DEFAULT_TRUE = ['true', '1', 't', 'yes', 'y'];
const DEFAULT_FALSE = ['false', '0', 'f', 'no', 'n'];
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** 1, 0, or undefined for a word that is neither. */
export function refBool(text: string, s: ValueSettings): number | undefined {
  const t = fold(text);
  if ((s.true ?? DEFAULT_TRUE).some((w) => fold(w) === t)) return 1;
  if ((s.false ?? DEFAULT_FALSE).some((w) => fold(w) === t)) return 0;
  return undefined;
}

/** Days since 1970-01-01 of a real calendar date, else undefined (Date as the calendar). */
function civilDays(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.getTime() / 86_400_000;
}

interface Parts {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** Nanoseconds from the fraction digits. */
  ns: number;
  /** Offset east of UTC in minutes. */
  offset: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function zoneMinutes(z: string | undefined): number | undefined {
  if (z === undefined || z === 'Z' || z === 'z') return 0;
  const h = Number(z.slice(1, 3));
  const m = z.length > 3 ? Number(z.slice(-2)) : 0;
  if (h > 23 || m > 59) return undefined;
  return (z[0] === '-' ? -1 : 1) * (h * 60 + m);
}

const fractionNs = (f: string | undefined) => (f === undefined ? 0 : Number(f.padEnd(9, '0')));

/** A format as a regular expression with named parts; greedy parts are made atomic with (?=(x))\k. */
function formatRegex(format: string): { re: RegExp; parts: string[] } {
  let src = '^';
  const parts: string[] = [];
  let group = 0;
  const atomic = (x: string) => {
    group++;
    return `(?=(${x}))\\${group}`;
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      src += c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
      continue;
    }
    const k = format[++i];
    if (k === '%') { src += '%'; continue; }
    parts.push(k);
    if (k === 'Y') { group++; src += '(\\d{4})'; }
    else if (k === 'f') { group++; src += '(\\d{1,9})(?!\\d)'; }
    else if (k === 'b') { group++; src += '([A-Za-z]{3})'; }
    else if (k === 'z') src += atomic('[Zz]|[+-]\\d{2}(?::\\d{2}|\\d{2}|(?!:)(?!\\d[\\s\\S]))');
    else src += atomic('\\d{1,2}');
  }
  return { re: new RegExp(src + '$'), parts };
}

const formats = new Map<string, { re: RegExp; parts: string[] }>();

function parse(text: string, s: ValueSettings, withTime: boolean): Parts | undefined {
  if (s.format === undefined) {
    const m = (withTime ? ISO : ISO_DATE).exec(text);
    if (!m) return undefined;
    const offset = zoneMinutes(m[8]);
    if (offset === undefined) return undefined;
    return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), h: Number(m[4] ?? 0), mi: Number(m[5] ?? 0), s: Number(m[6] ?? 0), ns: fractionNs(m[7]), offset };
  }
  let f = formats.get(s.format);
  if (!f) formats.set(s.format, (f = formatRegex(s.format)));
  const m = f.re.exec(text);
  if (!m) return undefined;
  const p: Parts = { y: 0, m: 0, d: 0, h: 0, mi: 0, s: 0, ns: 0, offset: 0 };
  f.parts.forEach((k, i) => {
    const v = m[i + 1];
    if (k === 'Y') p.y = Number(v);
    else if (k === 'm') p.m = Number(v);
    else if (k === 'b') p.m = MONTHS.indexOf(v.toLowerCase()) + 1;
    else if (k === 'd') p.d = Number(v);
    else if (k === 'H') p.h = Number(v);
    else if (k === 'M') p.mi = Number(v);
    else if (k === 'S') p.s = Number(v);
    else if (k === 'f') p.ns = fractionNs(v);
    else if (k === 'z') p.offset = zoneMinutes(v) ?? NaN;
  });
  return Number.isNaN(p.offset) ? undefined : p;
}

/** Days since 1970-01-01, or undefined for text that is not a date. */
export function refDate(text: string, s: ValueSettings): number | undefined {
  const p = parse(text, s, false);
  return p === undefined ? undefined : civilDays(p.y, p.m, p.d);
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** The timestamp in its unit; undefined for text that is not one; 'range' outside i64 nanoseconds. */
export function refTimestamp(text: string, s: ValueSettings): number | bigint | 'range' | undefined {
  const p = parse(text, s, true);
  if (p === undefined || p.h > 23 || p.mi > 59 || p.s > 59) return undefined;
  const days = civilDays(p.y, p.m, p.d);
  if (days === undefined) return undefined;
  const seconds = BigInt(days) * 86400n + BigInt(p.h * 3600 + p.mi * 60 + p.s - p.offset * 60);
  const ns = seconds * 1_000_000_000n + BigInt(p.ns);
  const unit = s.unit ?? 'ms';
  if (unit === 'ns') return ns < I64_MIN || ns > I64_MAX ? 'range' : ns;
  if (unit === 'us') {
    const q = ns / 1000n;
    return ns < 0n && q * 1000n !== ns ? q - 1n : q; // floor
  }
  if (ns % 1_000_000n === 0n) return Number(ns / 1_000_000n);
  // The nearest double to ns / 10^6: Number() of the exact decimal (V8 rounds correctly).
  const neg = ns < 0n;
  const abs = neg ? -ns : ns;
  return Number(`${neg ? '-' : ''}${abs / 1_000_000n}.${String(abs % 1_000_000n).padStart(6, '0')}`);
}
