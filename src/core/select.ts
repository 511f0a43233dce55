// Engine selection: which Core a parse runs on.
//
// - engine: 'wasm' → the WebAssembly core (an error where it can't run).
// - engine: 'js'   → the pure-JavaScript core (same results, runs anywhere).
// - engine: 'auto' → wasm where WebAssembly exists and the module compiles, else js. The environment
//   variable TYPED_CSV_ENGINE ('wasm' or 'js') decides 'auto' instead, so a whole test suite or an
//   application can be switched to one engine without touching its calls.

import { invalidOption } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Core } from './layout.js';
import { acquireJsCore, releaseJsCore } from './js-core.js';
import { acquireWasmCore, hasWebAssembly, releaseWasmCore, wasmUsable } from './wasm.js';

export type EngineName = 'wasm' | 'js';

/** TYPED_CSV_ENGINE, read defensively: browsers have no `process`, and some bundlers stub it. */
function engineFromEnvironment(): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TYPED_CSV_ENGINE;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined; // a process.env proxy that throws (some sandboxes): as if unset
  }
}

/** The engine a parse with `engine` runs on. */
export function resolveEngine(engine: 'auto' | 'wasm' | 'js'): EngineName {
  if (engine !== 'auto') return engine;
  const forced = engineFromEnvironment();
  if (forced !== undefined) {
    // A typo must not silently test (or run) the other engine.
    if (forced !== 'wasm' && forced !== 'js') throw invalidOption(`the environment variable TYPED_CSV_ENGINE must be 'wasm' or 'js'; got ${JSON.stringify(forced)}`);
    return forced;
  }
  return wasmUsable() ? 'wasm' : 'js';
}

/** The parse core the options ask for, and how to give it back. */
export function acquireCore(opts: ResolvedOptions): { core: Core; release: (core: Core) => void } {
  const engine = resolveEngine(opts.engine);
  if (engine === 'js') return { core: acquireJsCore(), release: releaseJsCore };
  if (!hasWebAssembly()) throw invalidOption("engine 'wasm' needs WebAssembly, which this JavaScript environment lacks; use engine: 'auto' or 'js'");
  return { core: acquireWasmCore(), release: releaseWasmCore };
}
