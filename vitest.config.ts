import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            '{lib,components,hooks,app}/**/*.test.{ts,tsx}',
            'devstack/src/**/*.test.ts',
            'devstack/test/unit/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'devstack',
          include: ['devstack/test/conformance/**/*.test.ts'],
          globalSetup: ['devstack/test/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // One devstack serves the suite; files run in parallel workers against it.
          fileParallelism: true,
        },
      },
      {
        test: {
          name: 'db',
          include: ['tests/db/**/*.test.ts'],
          globalSetup: ['tests/db/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
