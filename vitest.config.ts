import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'lambdas/**/*.test.ts', 'infra/**/*.test.ts', 'test/**/*.test.ts'],
          // real servers: the integration projects start them
          exclude: [...configDefaults.exclude, 'test/integration/**', 'test/integration-v124/**', 'test/e2e/**'],
          // Projects run group by group: unit (1), integration (2), integration-v124 (3), whose files
          // may wait for a build. Explicit, because vitest puts every project that runs one file at
          // a time with groupOrder 0 (unit too, on 2 cores) in one group after all the others.
          sequence: { groupOrder: 1 },
        },
      },
      './vitest.integration.config.ts',
      './vitest.integration-v124.config.ts',
    ],
  },
});
