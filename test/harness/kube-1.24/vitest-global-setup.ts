// vitest globalSetup of the integration-v124 project: starts the Kubernetes 1.24 build in the
// background and returns at once.
//
// Vitest runs the globalSetup of every project in the run, one after another, before the first test
// of any project starts (vitest 5, Vitest.initializeGlobalSetup): awaiting a cold build here (~4-6
// minutes) would hold up the unit and integration tests too. Instead the build runs at the lowest
// CPU priority while the other projects' tests run (the project runs last: sequence.groupOrder in
// vitest.integration-v124.config.ts), and each test file waits for it through the same lock
// (ensureKube124Binaries). A failed build fails those tests: they run the build again and get its
// error; nothing is skipped.

import { ensureKube124Binaries } from './ensure-binaries.ts';

export default function setup(): () => Promise<void> {
  const log = (line: string): void => console.log(`[kube-1.24] ${line}`);
  log('checking the 1.24 binaries in the background (low CPU priority)');
  const build = ensureKube124Binaries({ lowPriority: true }).then(
    (binaries) => {
      if (binaries.output !== '') console.log(binaries.output);
      log(`binaries current after ${binaries.seconds.toFixed(1)} s`);
    },
    (error: unknown) => {
      log(`background build failed; the v1.24 tests build again and report the error (${String(error).split('\n')[0] ?? ''})`);
    },
  );
  // No compiler outlives the run; when the tests ran, they have waited for the build already.
  return async () => {
    await build;
  };
}
