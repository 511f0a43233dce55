// DuckDB (@duckdb/node-api) with SET threads=1: read_csv with the schema's column types, streamed
// chunk by chunk into JS columns (typed arrays for numbers, arrays for strings). Creating the
// in-memory database is one-time setup and not timed.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ParseInput, Parser } from '../types.js';
import { columnType, type ColumnType } from '../../src/cli/types.js';

const SQL_TYPE: Record<ColumnType, string> = {
  i8: 'TINYINT', i16: 'SMALLINT', i32: 'INTEGER', i64: 'BIGINT',
  u8: 'UTINYINT', u16: 'USMALLINT', u32: 'UINTEGER', u64: 'UBIGINT',
  f32: 'FLOAT', f64: 'DOUBLE', string: 'VARCHAR',
};
const ARRAY: Record<ColumnType, (n: number) => { length: number; [i: number]: unknown; slice?: unknown }> = {
  i8: (n) => new Int8Array(n), i16: (n) => new Int16Array(n), i32: (n) => new Int32Array(n),
  i64: (n) => new BigInt64Array(n), u8: (n) => new Uint8Array(n), u16: (n) => new Uint16Array(n),
  u32: (n) => new Uint32Array(n), u64: (n) => new BigUint64Array(n), f32: (n) => new Float32Array(n),
  f64: (n) => new Float64Array(n), string: (n) => new Array<string>(n),
};

function quoteSql(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

let conn: DuckDBConnection | undefined;

export const parser: Parser = {
  name: 'duckdb',
  async setup() {
    const db = await DuckDBInstance.create(':memory:', { threads: '1' });
    conn = await db.connect();
    await conn.run('SET threads=1');
  },
  async parse(input: ParseInput) {
    if (!conn) throw new Error('setup() not run');
    const names = input.names;
    const types = names.map((n) => columnType(input.schema[n]));
    const columnsSql = `{${names.map((n, i) => `${quoteSql(n)}: ${quoteSql(SQL_TYPE[types[i]])}`).join(', ')}}`;
    const sql =
      `SELECT * FROM read_csv(${quoteSql(input.file)}, header = ${input.header}, delim = ${quoteSql(input.delimiter)}, ` +
      `quote = '"', escape = '"', columns = ${columnsSql})`;
    const result = await conn.stream(sql);
    let cap = 1 << 16;
    let cols = types.map((t) => ARRAY[t](cap));
    let n = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.rowCount;
      if (n + rows > cap) {
        // grow ×2, copying what is there (typed arrays cannot grow in place)
        while (n + rows > cap) cap *= 2;
        cols = cols.map((old, c) => {
          const next = ARRAY[types[c]](cap);
          if (Array.isArray(old)) for (let i = 0; i < n; i++) next[i] = old[i];
          else (next as unknown as Float64Array).set(old as unknown as Float64Array);
          return next;
        });
      }
      for (let c = 0; c < cols.length; c++) {
        const vec = chunk.getColumnVector(c);
        const col = cols[c];
        for (let i = 0; i < rows; i++) col[n + i] = vec.getItem(i);
      }
      n += rows;
    }
    const out = new Map(names.map((name, c) => [name, trim(cols[c], n)]));
    return { rowCount: n, column: (name) => ({ kind: 'values', values: out.get(name) ?? [] }) };
  },
};

function trim(col: { length: number; [i: number]: unknown }, n: number): ArrayLike<unknown> {
  if (Array.isArray(col)) {
    col.length = n;
    return col;
  }
  return (col as unknown as Float64Array).subarray(0, n) as unknown as ArrayLike<unknown>;
}
