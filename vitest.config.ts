import { defineConfig } from 'vitest/config';

/**
 * Three projects, each paying only for the setup its tests use: `unit` needs none and starts at once;
 * `api` tests against both store backends, prepared once per run; `e2e` also loads the built web
 * client in a browser. `vitest run` runs all three, `vitest run --project unit` one.
 */
const STORES = 'test/support/stores-setup.ts';
const CLIENT = 'test/support/client-build.ts';

export default defineConfig({
  test: {
    // Each file opens its own copy of a store; PostGIS in WebAssembly wants memory and a core.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        // Pure functions, no store and no global state: processes that keep the modules one file imported
        // for the next. Not threads: geotiff's worker shim takes any worker thread for one of its own.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], pool: 'forks', isolate: false },
      },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'], globalSetup: [STORES] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: [CLIENT, STORES] } },
    ],
  },
});
