import { defineConfig } from 'vitest/config';

// Three projects: pure-logic unit tests, end-to-end tests that drive real
// Chromium with the built extension, and the school endpoint's tests. E2E
// files run one at a time: managed policy files are machine-wide, and two
// browsers reading them would race. Server files may run in parallel: each
// starts its own endpoint on port 0 with its own temp data directory.
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
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['test/server/harness/global-setup.ts'],
        },
      },
    ],
  },
});
