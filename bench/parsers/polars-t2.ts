// nodejs-polars readCSV on two threads (POLARS_MAX_THREADS=2 for this child), for typed-csv-t2.
import { polarsParser } from './polars.js';

export const parser = polarsParser('polars-t2', 2);
