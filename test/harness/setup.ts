// npm run setup: everything the tests need that is not an npm package.
//   - etcd, kube-apiserver and kubectl built from the Go modules (cached by input hash)
//   - moto and cfn-lint in .venv (cached by requirements hash)
//   - the PSS oracle (build-pss-oracle.ts, cached the same way)
//   - Debian's chromium for the HTML report's browser test, when /usr/bin/chromium is missing (setup-chromium.ts)
// Not the Kubernetes 1.24 binaries: only the integration-v124 tests need them, and they build them
// in the background of the test run (kube-1.24/ensure-binaries.ts; run it directly to build ahead).
// Safe to run repeatedly; a run with nothing to do takes about a second.

import { ensurePssOracle } from './build-pss-oracle.ts';
import { ensureChromium } from './setup-chromium.ts';
import { ETCD_BUILD, KUBE_BUILD, ensureGoBinaries } from './setup-go.ts';
import { ensureCfnLint, ensureMoto } from './setup-moto.ts';

const started = performance.now();
const log = (line: string): void => console.log(`[setup] ${line}`);

// pip is mostly network and disk, the Go builds are CPU: run them side by side. The two pip
// installs share .venv: one after the other.
const moto = (async () => {
  await ensureMoto(log);
  await ensureCfnLint(log);
})();
const chromium = ensureChromium(log);
const goBuilds = (async () => {
  await ensureGoBinaries(ETCD_BUILD, log);
  await ensureGoBinaries(KUBE_BUILD, log);
  await ensurePssOracle(log);
})();

const results = await Promise.allSettled([moto, chromium, goBuilds]);
const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
for (const failure of failures) console.error(failure.reason);
if (failures.length > 0) process.exit(1);
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
