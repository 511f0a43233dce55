// Writes one workload file of any size: `tsx bench/generate.ts --workload seed --rows 500000000 --out big.csv`
// (a 5 GB seed-shaped file is about 500M rows). Deterministic: the same arguments give the same bytes.
import { parseArgs } from 'node:util';
import { createProgress } from '../src/cli/progress.js';
import { ensureWorkload, findWorkload, WORKLOADS } from './workloads.js';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'seed' },
    rows: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(
    `Usage: tsx bench/generate.ts [--workload NAME] [--rows N] [--out PATH]\n` +
      `Workloads: ${WORKLOADS.map((w) => `${w.name} (${w.description})`).join('\n           ')}\n` +
      `Without --out the file goes to the benchmark cache in the temp directory. An existing file is kept.\n`,
  );
  process.exit(0);
}

const workload = findWorkload(values.workload ?? 'seed');
const rows = values.rows === undefined ? workload.rows.full : Number(values.rows.replace(/_/g, ''));
if (!Number.isSafeInteger(rows) || rows < 1) {
  process.stderr.write(`--rows must be a positive integer\n`);
  process.exit(2);
}
const progress = createProgress(`${workload.name} ${rows.toLocaleString('en-US')} rows`);
const result = ensureWorkload(workload, rows, values.out ?? workload.path(rows), {
  onProgress: (d, t) => progress.update(d, t),
});
if (result.generated) progress.done();
process.stdout.write(`${result.path}\t${result.bytes} bytes${result.generated ? '' : ' (already there)'}\n`);
