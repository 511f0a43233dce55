// The text each column type accepts, as the sniffer tests it: the parser's grammars (README "Types", DESIGN "More types"), so a sniffed schema parses what was sampled.

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:nan|inf|infinity)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// YYYY-MM-DD[T| ]hh:mm[:ss[.f{1,9}]][Z|±hh[:mm]|±hhmm], or a bare date (midnight).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

/** The default bool words, lower case (matched case-insensitively). */
export const BOOL_WORDS: ReadonlySet<string> = new Set(['true', 'false', '1', '0', 't', 'f', 'yes', 'no', 'y', 'n']);

export function isInteger(text: string): boolean {
  return INT.test(text);
}

/** An integer written with a leading zero (`007`, `02134`): an identifier, whose zeros a number would lose. */
export function hasLeadingZero(text: string): boolean {
  const digits = text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45 ? text.slice(1) : text;
  return digits.length > 1 && digits.charCodeAt(0) === 48;
}

export function isFloat(text: string): boolean {
  return FLOAT.test(text);
}

export function isBool(text: string): boolean {
  return text.length <= 5 && BOOL_WORDS.has(text.toLowerCase());
}

/** True for a real calendar date `YYYY-MM-DD` (years 0000–9999, leap years right). */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && validDate(+m[1], +m[2], +m[3]);
}

/**
 * For an ISO 8601 timestamp the parser accepts: how many fraction digits it has (0 for none); -1
 * when the text is not one.
 */
export function timestampDigits(text: string): number {
  const m = TIMESTAMP.exec(text);
  if (m === null || !validDate(+m[1], +m[2], +m[3])) return -1;
  if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59))) return -1;
  if (m[8] !== undefined && (+m[8] > 23 || (m[9] !== undefined && +m[9] > 59))) return -1;
  return m[7]?.length ?? 0;
}

/** True when a timestamp text carries a UTC offset or Z. */
export function hasOffset(text: string): boolean {
  return /(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(text) && text.length > 10;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}
