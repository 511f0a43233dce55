// One benchmark measurement in a fresh process: load one parser, parse one file end to end
// (timed inside this process, from before the file is read to values ready in JS), read the
// peak RSS, then reduce the output to checksums and print one JSON line.
import { checksum, type Checksum } from './checksum.js';
import { SkipParser, type ParseInput, type Parser } from './types.js';

export interface ChildRequest {
  parser: string;
  input: ParseInput;
}

export type ChildResult =
  | {
      status: 'ok';
      ms: number;
      /** Peak RSS of the process after parsing, MB (10^6 bytes). */
      peakRssMB: number;
      /** Peak RSS after loading the parser and its setup, before reading the file. */
      loadedRssMB: number;
      /** Peak RSS of a bare process before loading the parser. */
      startRssMB: number;
      checksum: Checksum;
      checksumMs: number;
      notes: string[];
    }
  | { status: 'skip'; reason: string }
  | { status: 'error'; reason: string };

const rssMB = (): number => (process.resourceUsage().maxRSS * 1024) / 1e6;

function emit(result: ChildResult): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '') as ChildRequest;
  const startRssMB = rssMB();
  const mod = (await import(`./parsers/${req.parser}.js`)) as { parser: Parser };
  const parser = mod.parser;
  await parser.setup?.(req.input);
  const loadedRssMB = rssMB();

  const t0 = performance.now();
  const output = await parser.parse(req.input);
  const ms = performance.now() - t0;
  const peakRssMB = rssMB();

  const c0 = performance.now();
  const sum = checksum(output, req.input.schema);
  emit({
    status: 'ok',
    ms,
    peakRssMB,
    loadedRssMB,
    startRssMB,
    checksum: sum,
    checksumMs: performance.now() - c0,
    notes: parser.notes?.(req.input) ?? [],
  });
}

main().catch((err: unknown) => {
  if (err instanceof SkipParser) emit({ status: 'skip', reason: err.message });
  else emit({ status: 'error', reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
});
