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
          // real servers: started once by the integration project's globalSetup
          exclude: [...configDefaults.exclude, 'test/integration/**'],
        },
      },
      './vitest.integration.config.ts',
    ],
  },
});
