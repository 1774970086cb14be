// Vitest configuration: one copy of graphql for ESM tests and CommonJS Apollo packages, generous timeouts for stack tests.
import { defineConfig } from 'vitest/config';

/** Tests that measure latency under injected faults: they run after the rest, alone on the machine. */
const TIMING = ['test/e2e/faults.test.ts'];

export default defineConfig({
  resolve: {
    // Apollo's CommonJS packages load graphql's CJS build; make test files load the same copy.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['{test,subgraphs,gateway,simulator,runtime,schema,scripts,bench}/**/*.test.ts'],
          exclude: TIMING,
          // Stack tests each start a whole system; two at a time fit this 2-core machine.
          maxWorkers: 2,
        },
      },
      { extends: true, test: { name: 'timing', include: TIMING, fileParallelism: false } },
    ],
  },
});
