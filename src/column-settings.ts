// The settings of bool, date, timestamp and category columns: checked, defaulted, and encoded for
// the parse cores (layout.ts D_PARAM parameter blocks).

import { invalidOption } from './errors.js';
import type { ColumnInfo, ColumnType, TimeUnit } from './schema.js';

export const DEFAULT_TRUE_WORDS: readonly string[] = ['true', '1', 't', 'yes', 'y'];
export const DEFAULT_FALSE_WORDS: readonly string[] = ['false', '0', 'f', 'no', 'n'];
export const DEFAULT_MAX_CATEGORIES = 65536;
/** Most bytes in a bool word (the core stores its length in a byte). */
const MAX_WORD_BYTES = 255;

type Settings = Pick<ColumnInfo, 'unit' | 'format' | 'trueWords' | 'falseWords' | 'maxCategories'>;

const encoder = new TextEncoder();
const lower = (w: string) => w.replace(/[A-Z]/g, (c) => c.toLowerCase());

function words(name: string, which: 'true' | 'false', value: unknown, fallback: readonly string[]): readonly string[] {
  if (value === undefined) return fallback;
  const example = `{ type: 'bool', true: ['yes', 'on'], false: ['no', 'off'] }`;
  if (!Array.isArray(value) || value.length === 0 || value.some((w) => typeof w !== 'string')) {
    throw invalidOption(`column "${name}": ${which} must be a non-empty list of words, as in ${example}; got ${JSON.stringify(value)}`);
  }
  for (const w of value as string[]) {
    if (w === '') throw invalidOption(`column "${name}": "" can't be a ${which} word: an empty field is a null (declare the column nullable)`);
    if (encoder.encode(w).length > MAX_WORD_BYTES) throw invalidOption(`column "${name}": the ${which} word ${JSON.stringify(w.slice(0, 40))}… is longer than ${MAX_WORD_BYTES} bytes`);
  }
  return [...(value as string[])];
}

/** Directives a format may use, per type. */
const DATE_DIRECTIVES = 'Ymdb%';
const TIMESTAMP_DIRECTIVES = 'YmdbHMSfz%';

function format(name: string, type: 'date' | 'timestamp', value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const example = type === 'date' ? `'%d/%m/%Y'` : `'%d/%b/%Y:%H:%M:%S %z'`;
  if (typeof value !== 'string' || value === '') throw invalidOption(`column "${name}": format must be a strptime pattern such as ${example}; got ${JSON.stringify(value)}`);
  const allowed = type === 'date' ? DATE_DIRECTIVES : TIMESTAMP_DIRECTIVES;
  const seen = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') continue;
    const d = value[i + 1];
    if (d === undefined || !allowed.includes(d)) {
      const list = [...allowed].map((c) => `%${c}`).join(' ');
      throw invalidOption(`column "${name}": format ${JSON.stringify(value)} has ${d === undefined ? 'a lone % at its end' : `%${d}`}, which a ${type} format can't use; it may use ${list} and literal characters`);
    }
    i++;
    if (d === '%') continue;
    const key = d === 'b' ? 'm' : d;
    if (seen.has(key)) throw invalidOption(`column "${name}": format ${JSON.stringify(value)} reads the ${key === 'm' ? 'month' : `%${d}`} part twice`);
    seen.add(key);
  }
  const missing = ['Y', 'm', 'd'].filter((k) => !seen.has(k));
  if (missing.length) {
    throw invalidOption(`column "${name}": format ${JSON.stringify(value)} has no ${missing.map((k) => (k === 'm' ? '%m or %b' : `%${k}`)).join(', ')}; a ${type} needs year, month and day`);
  }
  return value;
}

/** The checked settings of a column of `type`, from its declaration object (empty for a type name). */
export function columnSettings(name: string, type: ColumnType, spec: Record<string, unknown>): Settings {
  switch (type) {
    case 'bool': {
      const trueWords = words(name, 'true', spec.true, DEFAULT_TRUE_WORDS);
      const falseWords = words(name, 'false', spec.false, DEFAULT_FALSE_WORDS);
      const seen = new Map<string, string>();
      for (const [list, which] of [[trueWords, 'true'], [falseWords, 'false']] as const) {
        for (const w of list) {
          const other = seen.get(lower(w));
          if (other !== undefined && other !== which) {
            throw invalidOption(`column "${name}": ${JSON.stringify(w)} is both a true and a false word (case is ignored); give each word one meaning`);
          }
          seen.set(lower(w), which);
        }
      }
      return { trueWords, falseWords };
    }
    case 'date':
      return { format: format(name, 'date', spec.format) };
    case 'timestamp': {
      const unit = spec.unit ?? 'ms';
      if (unit !== 'ms' && unit !== 'us' && unit !== 'ns') {
        throw invalidOption(`column "${name}": unit must be 'ms' (Float64Array), 'us' or 'ns' (BigInt64Array); got ${JSON.stringify(unit)}`);
      }
      return { unit: unit as TimeUnit, format: format(name, 'timestamp', spec.format) };
    }
    case 'category': {
      const max = spec.maxCategories ?? DEFAULT_MAX_CATEGORIES;
      if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 0x4000_0000) {
        throw invalidOption(`column "${name}": maxCategories must be a whole number from 1 to ${0x4000_0000}, such as maxCategories: 1000000; got ${JSON.stringify(max)}`);
      }
      return { maxCategories: max };
    }
    default:
      return {};
  }
}

/**
 * The parameter block a bool, date or timestamp column's core reads (layout.ts D_PARAM), or
 * undefined when the type has none (timestamps and dates in ISO 8601).
 */
export function encodeParams(info: ColumnInfo): Uint8Array | undefined {
  if (info.type === 'bool') {
    const parts: number[] = [];
    for (const [list, value] of [[info.trueWords ?? DEFAULT_TRUE_WORDS, 1], [info.falseWords ?? DEFAULT_FALSE_WORDS, 0]] as const) {
      for (const w of list) {
        const bytes = encoder.encode(lower(w));
        parts.push(bytes.length, value, ...bytes);
      }
    }
    parts.push(0);
    return Uint8Array.from(parts);
  }
  if ((info.type === 'date' || info.type === 'timestamp') && info.format !== undefined) {
    const bytes = encoder.encode(info.format);
    const out = new Uint8Array(4 + bytes.length);
    new DataView(out.buffer).setUint32(0, bytes.length, true);
    out.set(bytes, 4);
    return out;
  }
  return undefined;
}
