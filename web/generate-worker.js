// Generates the seed workload in the browser: `machine,duration` rows, machine uniform in 1..1000,
// duration log-normal (median 45 ms, sigma 0.6) in seconds with exactly three decimals. Same
// generator and seed as the CLI's seed file (src/cli/seed-data.ts), so the bytes are identical
// (test/browser.test.ts checks that). Rows are written as bytes into 4 MiB parts, and the parts
// become one Blob: 10 million rows never exist as strings.

const PART = 4 << 20;
const MAX_ROW = 40;

/** sfc32 seeded through splitmix32, as in src/cli/seed-data.ts. */
function makeRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = next(), b = next(), c = next(), d = next();
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) u32();
  const float = () => u32() / 4294967296;
  let spare = NaN;
  const normal = () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    let u = float();
    while (u === 0) u = float();
    const v = float();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { int: (lo, hi) => lo + Math.floor(float() * (hi - lo + 1)), normal };
}

function putUint(buf, pos, n) {
  let len = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
  const end = pos + len;
  for (let i = end - 1; i >= pos; i--) {
    const q = Math.floor(n / 10);
    buf[i] = 48 + (n - q * 10);
    n = q;
  }
  return end;
}

function generate(rows, seed) {
  const rng = makeRng(seed);
  const mu = Math.log(0.045);
  const parts = [];
  let buf = new Uint8Array(PART + MAX_ROW);
  let pos = 0;
  for (const ch of 'machine,duration\n') buf[pos++] = ch.charCodeAt(0);
  const progressEvery = Math.max(1, Math.floor(rows / 100));
  for (let r = 0; r < rows; r++) {
    pos = putUint(buf, pos, rng.int(1, 1000));
    buf[pos++] = 44; // ','
    const ms = Math.round(Math.exp(mu + 0.6 * rng.normal()) * 1000);
    const whole = Math.floor(ms / 1000);
    pos = putUint(buf, pos, whole);
    buf[pos++] = 46; // '.'
    let frac = ms - whole * 1000;
    for (let i = pos + 2; i >= pos; i--) {
      const q = Math.floor(frac / 10);
      buf[i] = 48 + (frac - q * 10);
      frac = q;
    }
    pos += 3;
    buf[pos++] = 10; // '\n'
    if (pos >= PART) {
      parts.push(buf.subarray(0, pos));
      buf = new Uint8Array(PART + MAX_ROW);
      pos = 0;
    }
    if (r % progressEvery === 0) postMessage({ type: 'progress', rows: r, total: rows });
  }
  parts.push(buf.subarray(0, pos));
  return new Blob(parts, { type: 'text/csv' });
}

self.onmessage = (event) => {
  const { rows, seed = 0x5eed } = event.data;
  try {
    const blob = generate(rows, seed);
    postMessage({ type: 'done', blob });
  } catch (err) {
    postMessage({ type: 'error', message: String(err && err.message ? err.message : err) });
  }
};
