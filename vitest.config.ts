import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const build = (name: string) => fileURLToPath(new URL(`./build/${name}`, import.meta.url));

// The whole suite runs against each build of the core: the release build users get (-O3 --noAssert)
// and the debug build, whose assertions and bounds checks turn a silent bug into an abort.
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
    ],
  },
});
