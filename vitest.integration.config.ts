// Integration tests against real servers (kube-apiserver + etcd, moto), started once for the run
// by test/harness/vitest-global-setup.ts. `npx vitest run --project integration` runs only these.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'integration',
    // test/e2e: the whole flow through the Lambda handlers; it starts its own servers beside these.
    include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    globalSetup: ['test/harness/vitest-global-setup.ts'],
    // One file at a time: the files share one apiserver and some start their own; on a 2-core
    // machine running them side by side is slower and makes start-up timings noisy.
    fileParallelism: false,
    // After the unit project, before integration-v124 (see vitest.config.ts).
    sequence: { groupOrder: 2 },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
