// DuckDB read_csv with SET threads=2, for typed-csv-t2.
import { duckdbParser } from './duckdb.js';

export const parser = duckdbParser('duckdb-t2', 2);
