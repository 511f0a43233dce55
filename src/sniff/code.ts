// A sniffed schema written as TypeScript source to paste into a program.
import type { ColumnSpec, Schema } from '../schema.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `{ name: 'i32', 'user agent': { type: 'string', nullable: true } } as const`, one column a line.
 * `as const` keeps the type names literal when the object is first put in a variable, so
 * `parse(text, { schema })` still infers each column's array type.
 */
export function schemaCode(schema: Schema): string {
  const entries = Object.entries(schema);
  if (entries.length === 0) return '{} as const';
  const lines = entries.map(([name, spec]) => `  ${key(name)}: ${specCode(spec)},`);
  return `{\n${lines.join('\n')}\n} as const`;
}

function specCode(spec: ColumnSpec): string {
  if (typeof spec === 'string') return quote(spec);
  const parts = Object.entries(spec).map(([k, v]) => `${k}: ${typeof v === 'string' ? quote(v) : String(v)}`);
  return `{ ${parts.join(', ')} }`;
}

/** A property name: bare when it is an identifier, else a quoted string. */
export function key(name: string): string {
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** A single-quoted TypeScript string literal of any text. */
export function quote(text: string): string {
  let out = "'";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + "'";
}
