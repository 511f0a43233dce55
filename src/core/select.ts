import { invalidOption } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Core } from './layout.js';
import { acquireWasmCore, releaseWasmCore } from './wasm.js';

/** The parse core the options ask for, and how to give it back. */
export function acquireCore(opts: ResolvedOptions): { core: Core; release: (core: Core) => void } {
  if (opts.engine === 'js') throw invalidOption("engine 'js' is not available in this version; use 'wasm' or 'auto'");
  return { core: acquireWasmCore(), release: releaseWasmCore };
}
