// Hook for the core-only measurement: bytes already in wasm linear memory → columns, no file
// reading, no JS-side chunk driver. The lead fills this in; while `coreHook` is undefined the
// runner shows no core row.
//
// Contract: coreHook(input) does all untimed preparation (read input.file, instantiate the core,
// copy the bytes into linear memory) and returns a function that runs the core over those bytes
// once and returns the columns (`ParseOutput`, see types.ts; checksummed like every parser, so it
// must deliver the same values). The harness calls it once to warm up, then times one call.
// Import library internals with `importDist('core/whatever.js')`, which works from bench/ under
// tsx and from the compiled bench/.out/ alike.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ParseInput, ParseOutput } from './types.js';

export type CoreHook = (input: ParseInput) => Promise<() => ParseOutput | Promise<ParseOutput>>;

export const coreHook: CoreHook | undefined = undefined;

/** Imports a module from the built package's dist/ by path relative to dist/. */
export async function importDist<T = unknown>(relative: string): Promise<T> {
  const pkg = createRequire(import.meta.url).resolve('typed-csv/package.json');
  return (await import(pathToFileURL(join(dirname(pkg), 'dist', relative)).href)) as T;
}
