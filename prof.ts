import { sniffFile, sniff } from './src/index.ts';
import { readFileSync } from 'node:fs';
const f = '/tmp/typed-csv-seed-10M.csv';
for (let k = 0; k < 3; k++) await sniffFile(f);
let t = performance.now(); for (let k = 0; k < 10; k++) await sniffFile(f); console.log('sniffFile', (performance.now() - t) / 10);
const buf = readFileSync(f).subarray(0, 500_000);
t = performance.now(); for (let k = 0; k < 10; k++) sniff(buf); console.log('sniff 500KB whole', (performance.now() - t) / 10);
