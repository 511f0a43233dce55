// One serializer for Tables, run unchanged in Node and in a browser page (it is kept as source text
// so page.evaluate can rebuild it): every numeric column as the hex of its exact bytes (so NaN
// payloads, -0 and i64 values compare exactly), string columns as their UTF-8 data, offsets and
// decoded values, and every validity bitmap.

/** Plain, JSON-safe form of a Table. */
export interface TableSnapshot {
  className: string;
  rowCount: number;
  schema: { name: string; type: string; nullable: boolean }[];
  /** [name, column] pairs, not an object: a column may be called "__proto__". */
  columns: [string, Record<string, unknown>][];
  validity: [string, string][];
  errors: Record<string, unknown>[];
  errorCount: number | undefined;
  skippedRecords: number | undefined;
  firstRow: number | undefined;
}

export const SNAPSHOT_SOURCE = String.raw`(table) => {
  const hex = (v) => {
    const b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    let s = '';
    for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return s;
  };
  const out = { className: table.constructor.name, rowCount: table.rowCount, schema: [], columns: [], validity: [] };
  for (const c of table.schema) {
    out.schema.push({ name: c.name, type: c.type, nullable: c.nullable });
    const col = Object.prototype.hasOwnProperty.call(table.columns, c.name) ? table.columns[c.name] : undefined;
    if (c.type === 'string') {
      out.columns.push([c.name, {
        kind: col.constructor.name, length: col.length, data: hex(col.data), offsets: hex(col.offsets),
        values: col.toArray(), validity: col.validity ? hex(col.validity) : null,
      }]);
    } else if (c.type === 'category') {
      const d = col.dictionary;
      out.columns.push([c.name, {
        kind: col.constructor.name, length: col.length, codes: hex(col.codes), dictionary: hex(d.data), dictionaryOffsets: hex(d.offsets),
        values: col.toArray(), validity: col.validity ? hex(col.validity) : null,
      }]);
    } else {
      out.columns.push([c.name, { kind: col.constructor.name, length: col.length, bytes: hex(col) }]);
    }
    const v = Object.prototype.hasOwnProperty.call(table.validity, c.name) ? table.validity[c.name] : undefined;
    if (v) out.validity.push([c.name, hex(v)]);
  }
  // The error policies' record of what went wrong (absent on tables from before them).
  out.errors = (table.errors || []).map((e) => ({
    name: e.name, code: e.code, line: e.line, row: e.row, column: e.column, columnIndex: e.columnIndex,
    byteOffset: e.byteOffset, text: e.text, message: e.message,
  }));
  out.errorCount = table.errorCount;
  out.skippedRecords = table.skippedRecords;
  out.firstRow = table.firstRow;
  return out;
}`;

/** The serializer, for Node. */
export const snapshot = new Function(`return ${SNAPSHOT_SOURCE}`)() as (table: unknown) => TableSnapshot;
