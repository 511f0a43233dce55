// The timestamp contract, proved on generated texts: for every text with at most millisecond
// precision, the stored value equals Date.parse of the same instant written with Z. Each case is an
// instant (years 0000-9999, often a leap day, a year's end or start, or near midnight) written in
// a random time zone (so offsets cross midnight and year boundaries), with T, t or a space, with or
// without seconds, a fraction of 1-9 digits (the ones past the millisecond zero), Z, z, ±hh:mm,
// ±hhmm, ±hh or no offset. The oracle is Date.parse of new Date(instant).toISOString(), the
// YYYY-MM-DDTHH:MM:SS.mmmZ form (±YYYYYY years where needed): the library's own arithmetic is not
// used to make it. A million cases in the release, simd and js projects; fewer under the debug
// build's assertions.
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { prng } from './support/prng.js';

const COUNT = process.env.TYPED_CSV_EXPECT_BUILD === 'debug' ? 200_000 : 1_000_000;
const DAY = 86_400_000;
/** 0000-01-01T00:00Z and 9999-12-31T23:59:59.999Z. */
const MIN = Date.parse('0000-01-01T00:00:00.000Z');
const MAX = Date.parse('9999-12-31T23:59:59.999Z');
const SPECIAL_DAYS = ['0000-01-01', '0000-02-29', '0004-02-29', '0100-02-28', '0400-02-29', '1600-02-29', '1899-12-31', '1900-03-01',
  '1969-12-31', '1970-01-01', '1999-12-31', '2000-01-01', '2000-02-29', '2024-02-29', '2024-12-31', '2100-02-28', '2100-03-01',
  '9999-12-31'].map((d) => Date.parse(d + 'T00:00:00.000Z'));

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

interface Generated {
  text: string;
  /** The instant's Z form, for the failure message. */
  zForm: string;
}

function generator(seed: number): () => Generated | undefined {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  return () => {
    // The instant, in whole milliseconds.
    let t: number;
    const r = random();
    if (r < 0.5) t = MIN + Math.floor(random() * (MAX - MIN));
    else t = SPECIAL_DAYS[int(SPECIAL_DAYS.length)] + (random() < 0.5 ? int(DAY) : int(4 * 3_600_000) - 2 * 3_600_000 + (random() < 0.5 ? 0 : DAY));
    // How precisely it is written: a bare date, minutes, seconds, or 1-9 fraction digits.
    const shape = int(12);
    const digits = shape >= 3 ? 1 + int(9) : 0;
    const unit = shape === 0 ? DAY : shape === 1 ? 60_000 : shape === 2 || digits === 0 ? 1000 : 10 ** Math.max(0, 3 - digits);
    // The zone: minutes east of UTC, and how it is written.
    const zoneForm = shape === 0 ? 0 : int(6); // 0 none, 1 Z, 2 z, 3 ±hh:mm, 4 ±hhmm, 5 ±hh
    let offset = zoneForm >= 3 ? int(24 * 60 * 2 - 1) - (24 * 60 - 1) : 0;
    if (zoneForm === 5) offset = Math.trunc(offset / 60) * 60;
    // Round the local time (not the instant) down to what the text can say.
    let local = t + offset * 60_000;
    local -= ((local % unit) + unit) % unit;
    t = local - offset * 60_000;
    if (local < MIN || local > MAX || t < MIN - DAY || t > MAX + DAY) return undefined;
    const iso = new Date(local).toISOString(); // UTC fields of the local time: its wall clock
    const date = iso.slice(0, 10);
    if (shape === 0) return { text: date, zForm: new Date(t).toISOString() };
    const sep = ['T', 'T', ' ', 't'][int(4)];
    let time = iso.slice(11, 16);
    if (shape >= 2) time += iso.slice(16, 19);
    if (digits > 0) time += '.' + (iso.slice(20, 23) + '000000').slice(0, digits);
    const sign = offset < 0 ? '-' : '+';
    const a = Math.abs(offset);
    const zone = ['', 'Z', 'z', `${sign}${pad(Math.trunc(a / 60))}:${pad(a % 60)}`, `${sign}${pad(Math.trunc(a / 60))}${pad(a % 60)}`, `${sign}${pad(Math.trunc(a / 60))}`][zoneForm];
    return { text: `${date}${sep}${time}${zone}`, zForm: new Date(t).toISOString() };
  };
}

describe('timestamps agree with Date.parse', () => {
  it(`on ${COUNT.toLocaleString('en')} generated texts with at most millisecond precision: leap days, year ends, offsets across midnight, fractions of 1-9 digits, years 0000-9999`, () => {
    const next = generator(0x5eed);
    const texts: string[] = [];
    const expected = new Float64Array(COUNT);
    const zForms: string[] = [];
    while (texts.length < COUNT) {
      const g = next();
      if (g === undefined) continue;
      expected[texts.length] = Date.parse(g.zForm);
      texts.push(g.text);
      zForms.push(g.zForm);
    }
    // The oracle really has the extended years it needs (-000001, +010000) and parses them all.
    expect(zForms.some((z) => z.startsWith('-'))).toBe(true);
    expect(zForms.some((z) => z.startsWith('+'))).toBe(true);
    expect(expected.every((v) => Number.isFinite(v))).toBe(true);
    const t = parse('ts\n' + texts.join('\n') + '\n', { schema: { ts: 'timestamp' } });
    const got = t.columns.ts;
    expect(got.length).toBe(COUNT);
    let wrong = 0;
    let first = '';
    for (let i = 0; i < COUNT; i++) {
      if (got[i] !== expected[i]) {
        if (wrong++ === 0) first = `${texts[i]} -> ${got[i]}, Date.parse(${zForms[i]}) = ${expected[i]}`;
      }
    }
    expect(wrong, first).toBe(0);
  }, 120_000);

  it('and so does every form Date.parse itself reads (T, seconds, Z or ±hh:mm), on the same generator', () => {
    const next = generator(7);
    let checked = 0;
    const texts: string[] = [];
    const expected: number[] = [];
    while (checked < 10_000) {
      const g = next();
      if (g === undefined || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?(Z|[+-]\d\d:\d\d)$/.test(g.text)) continue;
      texts.push(g.text);
      expected.push(Date.parse(g.text));
      checked++;
    }
    const t = parse('ts\n' + texts.join('\n') + '\n', { schema: { ts: 'timestamp' } });
    expect(Array.from(t.columns.ts)).toEqual(expected);
  });
});
