import { defineConfig } from 'vitest/config';

// Two projects: pure-logic unit tests, and end-to-end tests that drive real
// Chromium with the built extension. E2E files run one at a time: managed
// policy files are machine-wide, and two browsers reading them would race.
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
    ],
  },
});
