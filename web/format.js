// Numbers, sizes and shares as the demo page writes them, and `el`, its one DOM helper.

export const intFmt = new Intl.NumberFormat('en-US');
export const fmtInt = (n) => intFmt.format(n);
export function fmtNum(v) {
  if (typeof v === 'bigint') return intFmt.format(v);
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e9 || a < 1e-4)) return v.toExponential(3);
  if (Number.isInteger(v)) return fmtInt(v);
  return v.toLocaleString('en-US', { maximumSignificantDigits: 6 });
}
export function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
export function fmtMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** A share as a percentage: 43.1%, and 100% / 0% without a decimal at the ends. */
export const pct = (share) => (Number.isFinite(share) ? `${(share * 100).toFixed(share >= 0.995 || share < 0.001 ? 0 : 1)}%` : '—');
