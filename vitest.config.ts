import { defineConfig } from 'vitest/config';

// Four projects: pure-logic unit tests, end-to-end tests that drive real
// Chromium with the built extension, and the school endpoint's tests, twice:
// on SQLite and on PostgreSQL (the same files; the harness reads the engine
// from SCHOOL_ENDPOINT_TEST_ENGINE). E2E files run one at a time: managed
// policy files are machine-wide, and two browsers reading them would race.
// Server files may run in parallel: each starts its own endpoint on port 0
// with its own temp data directory and database.
const serverTests = {
  include: ['test/server/**/*.test.ts'],
  environment: 'node' as const,
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
          globalSetup: ['test/e2e/harness/global-setup.ts'],
        },
      },
      {
        test: {
          ...serverTests,
          name: 'server',
          // *.postgres.test.ts check what only PostgreSQL has (its schema beside SQLite's): each file says why.
          exclude: ['test/server/**/*.postgres.test.ts'],
          globalSetup: ['test/server/harness/global-setup.ts'],
        },
      },
      {
        test: {
          ...serverTests,
          name: 'server-postgres',
          // *.sqlite.test.ts check what only SQLite has (its query planner's plans): each file says why.
          exclude: ['test/server/**/*.sqlite.test.ts'],
          env: { SCHOOL_ENDPOINT_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/server/harness/global-setup.ts', 'test/server/harness/postgres-setup.ts'],
        },
      },
    ],
  },
});
