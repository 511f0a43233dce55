// Deterministic sample CSVs for the source, abort and browser tests: every column type, quoted
// fields with delimiters and newlines, multi-byte UTF-8 (2, 3 and 4 bytes) and empty fields.
export { prng } from './prng.js';
import { prng } from './prng.js';

const WORDS = ['alpha', 'Zürich', 'naïve café', '€uro', '中文字', '😀 smile', 'a,b', 'say "hi"', 'two\nlines', 'crlf\r\nhere', ''];

function quote(s: string): string {
  return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

export const MIXED_SCHEMA = {
  id: 'u32',
  name: 'string',
  score: 'f64',
  big: 'i64',
  small: { type: 'i16', nullable: true },
  ratio: { type: 'f32', nullable: true },
  note: { type: 'string', nullable: true },
} as const;

/** `rows` records of MIXED_SCHEMA's columns (plus a skipped column), CRLF line ends. */
export function mixedCsv(rows: number, seed = 1): string {
  const rnd = prng(seed);
  const lines = ['id,name,skipped,score,big,small,ratio,note'];
  for (let i = 0; i < rows; i++) {
    const name = WORDS[Math.floor(rnd() * WORDS.length)] + (i % 7 === 0 ? '😀' : '');
    const score = ((rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 4)).toPrecision(1 + Math.floor(rnd() * 17));
    const big = (BigInt(Math.floor(rnd() * 2 ** 31)) * BigInt(Math.floor(rnd() * 2 ** 31)) * (rnd() < 0.5 ? -1n : 1n)).toString();
    const small = rnd() < 0.1 ? '' : String(Math.floor(rnd() * 65536) - 32768);
    const ratio = rnd() < 0.1 ? '' : (rnd() * 3).toFixed(5);
    const note = rnd() < 0.15 ? '' : rnd() < 0.1 ? '""' : quote(WORDS[Math.floor(rnd() * WORDS.length)]);
    lines.push([i, quote(name), quote('x' + i), score, big, small, ratio, note].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export const SEED_LIKE_SCHEMA = { machine: 'i32', duration: 'f64' } as const;

/** `machine,duration` rows like the seed workload (machine 1..1000, seconds with 3 decimals). */
export function seedLikeCsv(rows: number, seed = 7): string {
  const rnd = prng(seed);
  const parts: string[] = ['machine,duration\n'];
  for (let i = 0; i < rows; i++) {
    const ms = Math.round(Math.exp(Math.log(45) + 0.6 * (rnd() + rnd() + rnd() - 1.5) * 2) );
    parts.push(`${1 + Math.floor(rnd() * 1000)},${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}\n`);
  }
  return parts.join('');
}
