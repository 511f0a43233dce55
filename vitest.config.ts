import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const build = (name: string) => fileURLToPath(new URL(`./build/${name}`, import.meta.url));
/** Resolves the core module `from` (core-release.js or core-simd.js) to build/`to` instead. */
const coreAlias = (from: string, to: string) => ({ find: new RegExp(`^.*/build/${from.replace('.', '\\.')}$`), replacement: build(to) });

// The whole suite runs against each build of the core: the SIMD build users get where the engine
// has WebAssembly SIMD, the scalar release build (-O3 --noAssert) everyone else gets, and the debug
// build, whose assertions and bounds checks turn a silent bug into an abort; and against the
// pure-JavaScript engine. src/core/wasm.ts picks SIMD or scalar at load time; the release, debug and
// js projects take that choice away by aliasing.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'release', env: { TYPED_CSV_EXPECT_BUILD: 'release' } },
        resolve: { alias: [coreAlias('core-simd.js', 'core-release.js')] },
      },
      { extends: true, test: { name: 'simd', env: { TYPED_CSV_EXPECT_BUILD: 'simd' } } },
      {
        extends: true,
        test: { name: 'debug', env: { FUZZ_RUNS: '30000', TYPED_CSV_EXPECT_BUILD: 'debug' } },
        resolve: { alias: [coreAlias('core-release.js', 'core-debug.js'), coreAlias('core-simd.js', 'core-debug.js')] },
      },
      // The pure-JavaScript engine: TYPED_CSV_ENGINE makes engine 'auto' (every test that doesn't
      // name an engine) run on it, so the whole suite checks it against the same expectations.
      {
        extends: true,
        test: { name: 'js', env: { TYPED_CSV_ENGINE: 'js', TYPED_CSV_EXPECT_BUILD: 'release', FUZZ_RUNS: '30000' } },
        resolve: { alias: [coreAlias('core-simd.js', 'core-release.js')] },
      },
      // The parallel path everywhere: every parseFile with threads 'auto' (the default) runs on 3
      // worker threads over splits of 64 bytes (internal knobs, src/threads/plan.ts), so the whole
      // suite checks that threads change nothing. Its workers load the SIMD build of the core.
      { extends: true, test: { name: 'threads', env: { TYPED_CSV_THREADS: '3', TYPED_CSV_SPLIT_BYTES: '64', TYPED_CSV_EXPECT_BUILD: 'simd', FUZZ_RUNS: '2000' } } },
    ],
  },
});
