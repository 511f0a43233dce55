// JSON text for the CLI's machine output. Unlike JSON.stringify it writes a BigInt as a JSON
// number from its exact decimal text (2^63−1 stays 9223372036854775807, not 9223372036854776000),
// and a non-finite float as null (JSON has no NaN or Infinity).

export function toJson(value: unknown, indent = ''): string {
  return write(value, indent, '');
}

function write(v: unknown, indent: string, at: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  const inner = at + indent;
  const nl = indent === '' ? '' : '\n';
  const sep = indent === '' ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${nl}${v.map((x) => inner + write(x, indent, inner)).join(`,${nl}`)}${nl}${at}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{${nl}${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}${sep}${write(x, indent, inner)}`).join(`,${nl}`)}${nl}${at}}`;
}
