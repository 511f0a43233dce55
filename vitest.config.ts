import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const build = (name: string) => fileURLToPath(new URL(`./build/${name}`, import.meta.url));

// The whole suite runs against each build of the core: the release build users get (-O3 --noAssert)
// and the debug build, whose assertions and bounds checks turn a silent bug into an abort; and
// against the pure-JavaScript engine.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'release', env: { TYPED_CSV_EXPECT_BUILD: 'release' } } },
      {
        extends: true,
        test: { name: 'debug', env: { FUZZ_RUNS: '30000', TYPED_CSV_EXPECT_BUILD: 'debug' } },
        resolve: { alias: [{ find: /^.*\/build\/core-release\.js$/, replacement: build('core-debug.js') }] },
      },
      // The pure-JavaScript engine: TYPED_CSV_ENGINE makes engine 'auto' (every test that doesn't
      // name an engine) run on it, so the whole suite checks it against the same expectations.
      {
        extends: true,
        test: { name: 'js', env: { TYPED_CSV_ENGINE: 'js', TYPED_CSV_EXPECT_BUILD: 'release', FUZZ_RUNS: '30000' } },
      },
    ],
  },
});
