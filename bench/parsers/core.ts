// Adapter for the core-only row: delegates to bench/core.ts, skipped while that has no hook.
import { coreHook } from '../core.js';
import { SkipParser, type ParseOutput, type Parser } from '../types.js';

let run: (() => ParseOutput | Promise<ParseOutput>) | undefined;

export const parser: Parser = {
  name: 'core',
  async setup(input) {
    if (!coreHook) throw new SkipParser('bench/core.ts exports no coreHook yet');
    run = await coreHook(input);
    await run(); // warm-up: the core is measured warm, as in DESIGN.md's known results
  },
  notes() {
    return [
      'bytes copied into linear memory before timing (1 MiB core calls, values copied out to columns); ' +
        'its peak RSS holds the file twice (JS Buffer + wasm copy), so compare its time, not its memory',
    ];
  },
  parse() {
    if (!run) throw new SkipParser('bench/core.ts exports no coreHook yet');
    return run();
  },
};
