// Integration tests against a real Kubernetes v1.24.17 apiserver (PodSecurityPolicy served, its
// admission on), for the PSP-removal findings. The binaries are built only for this project
// (test/harness/kube-1.24): its globalSetup starts the build in the background without waiting, and
// the project runs after the unit and integration projects (groupOrder), so they never wait for it.
// Each test file starts its own v1.24 servers once the build is there.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'integration-v124',
    include: ['test/integration-v124/**/*.test.ts'],
    globalSetup: ['test/harness/kube-1.24/vitest-global-setup.ts'],
    fileParallelism: false,
    // Last, after unit (1) and integration (2): the build has their run time to progress.
    sequence: { groupOrder: 3 },
    testTimeout: 60_000,
    // beforeAll waits for a cold build that started with the run (~4 min alone on 2 cores, more
    // beside the other tests).
    hookTimeout: 20 * 60_000,
  },
});
