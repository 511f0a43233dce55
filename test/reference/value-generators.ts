/**
 * Generated texts for bool, date, timestamp and category columns (mostly valid, sometimes near
 * misses), and the column settings the differential fuzz declares for them (custom bool words,
 * formats, timestamp units, small maxCategories).
 */
import fc from 'fast-check';
import type { ValueSettings } from './reference-values.js';

const weighted = <T>(...pairs: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> =>
  fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The settings a column of each new type may declare in the fuzz. */
export function settingsFor(type: string): fc.Arbitrary<ValueSettings> {
  switch (type) {
    case 'bool':
      return weighted([4, fc.constant({})], [1, fc.constant({ true: ['on', 'Oui'], false: ['OFF', 'non', '0'] })]);
    case 'date':
      return weighted([4, fc.constant({})], [1, fc.constant({ format: '%d/%m/%Y' })], [1, fc.constant({ format: '%Y%m%d' })]);
    case 'timestamp':
      return fc.record({
        unit: fc.constantFrom(undefined, undefined, 'ms' as const, 'us' as const, 'ns' as const),
        format: fc.constantFrom(undefined, undefined, undefined, '%d/%b/%Y:%H:%M:%S %z', '%Y-%m-%d %H:%M:%S.%f'),
      }).map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as ValueSettings);
    case 'category':
      return weighted([4, fc.constant({})], [1, fc.constantFrom({ maxCategories: 1 }, { maxCategories: 2 }, { maxCategories: 3 })]);
    default:
      return fc.constant({});
  }
}

const boolText = (s: ValueSettings) => {
  const words = [...(s.true ?? ['true', '1', 't', 'yes', 'y']), ...(s.false ?? ['false', '0', 'f', 'no', 'n'])];
  return weighted(
    [8, fc.tuple(fc.constantFrom(...words), fc.constantFrom('lower', 'upper', 'title')).map(([w, c]) => (c === 'upper' ? w.toUpperCase() : c === 'title' ? w[0].toUpperCase() + w.slice(1) : w))],
    [1, fc.constantFrom('maybe', '2', 'tru', 'yess', 'true ', ' t', 'on', 'off', 'TRUE1', 'ÿes', 'false,')],
  );
};

/** A civil date: any year 0000-9999 (often near the ends, 1970, and leap days). */
const dateParts = weighted(
  [6, fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))],
  [2, fc.tuple(fc.constantFrom(0, 1, 4, 100, 400, 1600, 1900, 1970, 2000, 2024, 2100, 9996, 9999), fc.constantFrom(1, 2, 12), fc.constantFrom(1, 28, 29, 30, 31))],
  [1, fc.tuple(fc.integer({ min: 1677, max: 2262 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))],
);

const isoDate = dateParts.map(([y, m, d]) => `${pad4(y)}-${pad2(m)}-${pad2(d)}`);

const dateText = (s: ValueSettings) => {
  if (s.format === '%d/%m/%Y') return dateParts.map(([y, m, d]) => `${d}/${pad2(m)}/${pad4(y)}`);
  if (s.format === '%Y%m%d') return dateParts.map(([y, m, d]) => `${pad4(y)}${pad2(m)}${pad2(d)}`);
  return weighted(
    [8, isoDate],
    [1, fc.constantFrom('2024-1-01', '20240101', '2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-01T00:00', '2024/01/01', '+2024-01-01', '2024-01-01 ')],
  );
};

const fraction = fc.integer({ min: 1, max: 9 }).chain((n) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n }));
const zone = weighted(
  [3, fc.constant('')],
  [2, fc.constantFrom('Z', 'z')],
  [3, fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(':', '', 'h')).map(([sg, h, m, sep]) => (sep === 'h' ? `${sg}${pad2(h)}` : `${sg}${pad2(h)}${sep}${pad2(m)}`))],
);
const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }));

const timestampText = (s: ValueSettings) => {
  if (s.format === '%d/%b/%Y:%H:%M:%S %z') {
    return fc.tuple(dateParts, clock, zone.filter((z) => z !== ''), fc.boolean()).map(([[y, mo, d], [h, mi, sc], z, upper]) => {
      const month = upper ? MONTHS[mo - 1].toUpperCase() : MONTHS[mo - 1];
      return `${pad2(d)}/${month}/${pad4(y)}:${pad2(h)}:${pad2(mi)}:${pad2(sc)} ${z}`;
    });
  }
  if (s.format === '%Y-%m-%d %H:%M:%S.%f') {
    return fc.tuple(dateParts, clock, fraction).map(([[y, mo, d], [h, mi, sc], f]) => `${pad4(y)}-${mo}-${d} ${h}:${pad2(mi)}:${pad2(sc)}.${f}`);
  }
  const full = fc.tuple(isoDate, fc.constantFrom('T', 'T', ' ', 't'), clock, fc.constantFrom('hm', 'hms', 'hms', 'frac', 'frac'), fraction, zone)
    .map(([date, sep, [h, mi, sc], shape, f, z]) => {
      const time = shape === 'hm' ? `${pad2(h)}:${pad2(mi)}` : `${pad2(h)}:${pad2(mi)}:${pad2(sc)}`;
      return `${date}${sep}${time}${shape === 'frac' ? '.' + f : ''}${z}`;
    });
  return weighted(
    [6, full],
    [1, isoDate],
    [1, fc.constantFrom(
      '2024-01-01T24:00', '2024-01-01T12:60', '2024-01-01T12:00:60', '2024-01-01T12:00:00.', '2024-01-01T12:00:00.1234567890',
      '2024-01-01T12:00+24:00', '2024-01-01T12:00+05:60', '2024-01-01Z', '2024-01-01T1:00', '2024-01-01T12:00:00,5', '2024-01-01T12',
      '2024-01-01T12:00+5', '2024-01-01T12:00+05:3', '2024-02-30T00:00', 'now',
    )],
  );
};

const categoryText = weighted(
  [8, fc.constantFrom('GET', 'POST', 'PUT', 'get', 'DELETE', 'é', 'a,b', 'q"t', ' GET', '')],
  [1, fc.string({ maxLength: 4 })],
);

/** Texts for a column of a new type with its settings. */
export function valueText(type: string, s: ValueSettings): fc.Arbitrary<string> {
  if (type === 'bool') return boolText(s);
  if (type === 'date') return dateText(s);
  if (type === 'timestamp') return timestampText(s);
  return categoryText;
}
