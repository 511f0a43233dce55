import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const build = (name: string) => fileURLToPath(new URL(`./build/${name}`, import.meta.url));
/** Resolves the core module `from` (core-release.js or core-simd.js) to build/`to` instead. */
const coreAlias = (from: string, to: string) => ({ find: new RegExp(`^.*/build/${from.replace('.', '\\.')}$`), replacement: build(to) });

// Tests whose work never depends on the project: the CLI's tests run the command in child processes,
// which load the package as users do (the SIMD build where it runs, whatever the project's alias),
// so the simd and debug projects would repeat the release project's run; the js and threads
// projects do pass their environment (engine, threads) on to the children.
const childProcessTests = ['test/cli.test.ts', 'test/cli-arrow.test.ts'];
// Tests that never reach the parallel path (no parseFile, no parseBatches over a file, no CLI): under
// the threads project they would repeat the simd project's run exactly.
const oneThreadTests = [
  'test/chunk-boundary.test.ts', 'test/column-growth.test.ts', 'test/conformance.test.ts', 'test/differential.test.ts',
  'test/engines.test.ts', 'test/float.test.ts', 'test/gather.test.ts', 'test/serve-web.test.ts', 'test/timestamp-oracle.test.ts', 'test/utf8.test.ts',
  'test/value-types.test.ts', 'test/wide.test.ts', 'test/worker-protocol.test.ts',
];

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
      { extends: true, test: { name: 'simd', env: { TYPED_CSV_EXPECT_BUILD: 'simd' }, exclude: [...configDefaults.exclude, ...childProcessTests] } },
      {
        extends: true,
        test: { name: 'debug', env: { FUZZ_RUNS: '15000', TYPED_CSV_EXPECT_BUILD: 'debug' }, exclude: [...configDefaults.exclude, ...childProcessTests] },
        resolve: { alias: [coreAlias('core-release.js', 'core-debug.js'), coreAlias('core-simd.js', 'core-debug.js')] },
      },
      // The pure-JavaScript engine: TYPED_CSV_ENGINE makes engine 'auto' (every test that doesn't
      // name an engine) run on it, so the whole suite checks it against the same expectations.
      {
        extends: true,
        test: { name: 'js', env: { TYPED_CSV_ENGINE: 'js', TYPED_CSV_EXPECT_BUILD: 'release', FUZZ_RUNS: '15000' } },
        resolve: { alias: [coreAlias('core-simd.js', 'core-release.js')] },
      },
      // The parallel path everywhere: every parseFile with threads 'auto' (the default) runs on 3
      // worker threads over splits of 64 bytes (internal knobs, src/threads/plan.ts), so every test
      // file that can reach that path checks that threads change nothing. Its workers load the
      // SIMD build of the core.
      {
        extends: true,
        test: {
          name: 'threads',
          env: { TYPED_CSV_THREADS: '3', TYPED_CSV_SPLIT_BYTES: '64', TYPED_CSV_EXPECT_BUILD: 'simd' },
          exclude: [...configDefaults.exclude, ...oneThreadTests],
        },
      },
    ],
  },
});
