// A type for one column from its sampled values, by the ladder bool → integer → f64 → date → timestamp → category → string, with the reasons.
import type { ColumnType } from '../schema.js';
import { hasLeadingZero, hasOffset, isBool, isDate, isFloat, isInteger, timestampDigits } from './grammar.js';
import type { Field } from './records.js';

/** The types the sniffer suggests: the numeric ones it picks (`i32`, `i64`, `u64`, `f64`), `string`, and `bool`, `date`, `timestamp`, `category`. */
export type SniffedType = ColumnType | 'bool' | 'date' | 'timestamp' | 'category';

/**
 * A category is a string column with few distinct values: at most this many in the sample…
 * (a dictionary this size costs nothing; past it, a category is rarely what the data is).
 */
export const CATEGORY_MAX_DISTINCT = 1000;
/** …and at most one distinct value per this many values (so a short sample of names is not a category). */
export const CATEGORY_VALUES_PER_DISTINCT = 10;

/** Texts that mean "missing" in many exports; typed-csv reads only an empty field as null. */
const NULL_TOKENS = new Set(['na', 'n/a', 'nan', 'null', 'none', 'nil', '-', '?', '#n/a']);

export interface ColumnGuess {
  type: SniffedType;
  /** For `timestamp`: `'us'`/`'ns'` when the sample has finer fractions than milliseconds. */
  unit?: 'us' | 'ns';
  nullable: boolean;
  /** Why this type, in a sentence, with the evidence (ranges, counts). */
  why: string;
  /** Non-empty values sampled. */
  values: number;
  /** Empty values sampled (unquoted empty fields and `""`). */
  empty: number;
  /** Distinct non-empty values sampled, counted up to CATEGORY_MAX_DISTINCT + 1. */
  distinct: number;
  /** Up to three distinct sampled values, in order of appearance. */
  examples: string[];
  /** Things about this column a user should know before parsing (without the column's name). */
  warnings: string[];
  /** The distinct values, when there were no more than CATEGORY_MAX_DISTINCT (to test a header against). */
  distinctValues: ReadonlySet<string> | undefined;
}

const I32_MIN = -(2n ** 31n);
const I32_MAX = 2n ** 31n - 1n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** Infers a column's type from its sampled values (null = an unquoted empty field). */
export function inferColumn(values: readonly Field[]): ColumnGuess {
  let empty = 0;
  let unquotedEmpty = 0;
  let n = 0;
  let allBool = true;
  let allZeroOne = true;
  let allInt = true;
  let leadingZero: string | undefined;
  let allFloat = true;
  let allDate = true;
  let allTimestamp = true;
  let fraction = 0;
  let offsets = 0;
  let decimalCommas = 0;
  let nullTokens = 0;
  let nonNumeric: string | undefined;
  let minN = Infinity;
  let maxN = -Infinity;
  let minB = 0n;
  let maxB = 0n;
  let longSeen = false;
  const distinct = new Set<string>();
  let distinctCount = 0;
  const examples: string[] = [];
  for (const v of values) {
    if (v === null || v === '') {
      empty++;
      if (v === null) unquotedEmpty++;
      continue;
    }
    n++;
    if (distinctCount <= CATEGORY_MAX_DISTINCT && !distinct.has(v)) {
      distinct.add(v);
      distinctCount++;
      if (examples.length < 3) examples.push(v);
    }
    if (allBool && !isBool(v)) allBool = false;
    if (allZeroOne && v !== '0' && v !== '1') allZeroOne = false;
    if (allInt || allFloat) {
      if (isInteger(v)) {
        if (leadingZero === undefined && hasLeadingZero(v)) leadingZero = v;
        if (allInt) {
          // Numbers are exact to 15 digits; BigInt only for the long ones (it is slow).
          if (v.length <= 15) {
            const x = +v;
            if (x < minN) minN = x;
            if (x > maxN) maxN = x;
          } else {
            const b = BigInt(v);
            if (!longSeen || b < minB) minB = b;
            if (!longSeen || b > maxB) maxB = b;
            longSeen = true;
          }
        }
      } else {
        allInt = false;
        if (allFloat && !isFloat(v)) {
          allFloat = false;
          nonNumeric = v;
        }
      }
    }
    if (!allFloat) {
      if (/^[+-]?\d+,\d+$/.test(v)) decimalCommas++;
      else if (NULL_TOKENS.has(v.toLowerCase())) nullTokens++;
    }
    if (allDate && !isDate(v)) allDate = false;
    if (allTimestamp) {
      const digits = timestampDigits(v);
      if (digits < 0) allTimestamp = false;
      else {
        if (digits > fraction) fraction = digits;
        if (hasOffset(v)) offsets++;
      }
    }
  }

  const guess = (type: SniffedType, why: string, nullable = empty > 0): ColumnGuess => ({
    type, nullable, why, values: n, empty, distinct: distinctCount, examples, warnings, distinctValues: distinctCount <= CATEGORY_MAX_DISTINCT ? distinct : undefined,
  });
  const warnings: string[] = [];
  const emptyNote = empty > 0 ? `; ${empty} empty (nullable)` : '';

  if (n === 0 && empty === 0) return guess('string', 'no values sampled: nothing to type by, so string');
  if (n === 0) return guess('string', `every sampled value is empty${unquotedEmpty > 0 ? ' (nullable)' : ''}: nothing to type by, so string`, unquotedEmpty > 0);
  if (allBool && !allZeroOne) return guess('bool', `${n} values, all bool words (${examples.join(', ')})${emptyNote}`);
  if (allInt && leadingZero === undefined) {
    let min = minN === Infinity ? minB : BigInt(minN);
    let max = maxN === -Infinity ? maxB : BigInt(maxN);
    if (longSeen && minB < min) min = minB;
    if (longSeen && maxB > max) max = maxB;
    const range = `integers ${min}..${max}`;
    if (min >= I32_MIN && max <= I32_MAX) return guess('i32', `${n} ${range} fit i32 (not narrower: data grows)${emptyNote}`);
    if (min >= I64_MIN && max <= I64_MAX) return guess('i64', `${n} ${range} need 64 bits: i64 (a BigInt64Array)${emptyNote}`);
    if (min >= 0n && max <= U64_MAX) return guess('u64', `${n} ${range} pass i64's range but are not negative: u64 (a BigUint64Array)${emptyNote}`);
    return guess('f64', `${n} ${range} pass 64 bits: f64 (inexact past 2^53)${emptyNote}`);
  }
  if (allFloat && leadingZero === undefined) return guess('f64', `${n} numbers with a fraction or exponent (e.g. ${examples.join(', ')})${emptyNote}`);
  if (allDate) return guess('date', `${n} dates YYYY-MM-DD${emptyNote}`);
  if (allTimestamp) {
    const zone = offsets === n ? 'all with an offset or Z' : offsets === 0 ? 'no offsets: read as UTC' : `${offsets} of them with an offset, the rest read as UTC`;
    const g = guess('timestamp', `${n} ISO 8601 timestamps (${zone})${emptyNote}`);
    if (fraction > 6) g.unit = 'ns';
    else if (fraction > 3) g.unit = 'us';
    if (g.unit !== undefined) g.why += `; fractions of ${fraction} digits: unit '${g.unit}' keeps them exactly`;
    return g;
  }

  // Text. Say why a column that looks numeric is not.
  if (leadingZero !== undefined && (allInt || allFloat)) warnings.push(`numbers with leading zeros (${leadingZero}) kept as text, which keeps the zeros`);
  else if (decimalCommas > 0 && decimalCommas + nullTokens === n - countNumeric(values)) warnings.push(`decimal commas (e.g. ${firstMatching(values, /^[+-]?\d+,\d+$/)}) are not numbers to typed-csv, which reads "." only; kept as text`);
  else if (paddedNumbers(values)) warnings.push(`numbers with spaces around them (e.g. ${JSON.stringify(firstMatching(values, (v) => v !== v.trim()))}) are text unless parsed with trim: true; with it, declare the column as a number`);
  else if (nullTokens > 0 && nullTokens === n - countNumeric(values)) warnings.push(`numbers with ${nullTokens} missing-value words (e.g. ${firstMatching(values, (v) => NULL_TOKENS.has(v.toLowerCase()))}); typed-csv reads only an empty field as null, so this is text`);

  const nullable = unquotedEmpty > 0;
  const emptyText = unquotedEmpty > 0 ? `; ${unquotedEmpty} empty (nullable)` : '';
  if (distinctCount <= CATEGORY_MAX_DISTINCT && distinctCount * CATEGORY_VALUES_PER_DISTINCT <= n) {
    return guess('category', `${n} texts with only ${distinctCount} distinct values (e.g. ${examples.join(', ')})${emptyText}`, nullable);
  }
  const why = nonNumeric !== undefined && leadingZero === undefined && (decimalCommas > 0 || nullTokens > 0) ? `text (e.g. ${nonNumeric})` : `text (e.g. ${examples.join(', ')})`;
  return guess('string', `${n} values, ${distinctCount > CATEGORY_MAX_DISTINCT ? `over ${CATEGORY_MAX_DISTINCT}` : distinctCount} distinct: ${why}${emptyText}`, nullable);
}

/** True when `text` is a value the guessed type accepts (for telling a header from data). */
export function accepts(guess: ColumnGuess, text: string): boolean {
  switch (guess.type) {
    case 'bool': return isBool(text);
    case 'i32': case 'i64': case 'u64': return isInteger(text);
    case 'f64': return isFloat(text);
    case 'date': return isDate(text);
    case 'timestamp': return timestampDigits(text) >= 0;
    default: return true;
  }
}

/** True when every value is a number once spaces and tabs around it are cut, and some have them. */
function paddedNumbers(values: readonly Field[]): boolean {
  let padded = false;
  for (const v of values) {
    if (v === null || v === '') continue;
    const t = v.replace(/^[ \t]+|[ \t]+$/g, '');
    if (!isFloat(t)) return false;
    if (t !== v) padded = true;
  }
  return padded;
}

function countNumeric(values: readonly Field[]): number {
  let k = 0;
  for (const v of values) if (v !== null && v !== '' && isFloat(v)) k++;
  return k;
}

function firstMatching(values: readonly Field[], test: RegExp | ((v: string) => boolean)): string {
  for (const v of values) if (v !== null && (typeof test === 'function' ? test(v) : test.test(v))) return v;
  return '';
}
