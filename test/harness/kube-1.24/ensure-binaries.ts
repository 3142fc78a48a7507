// Builds kube-apiserver-1.24 and kubectl-1.24 (KUBE_1_24_BUILD: k8s.io/kubernetes v1.24.17, the
// last release serving PodSecurityPolicy) for the tests that need them, and only for those: it is
// not part of `npm run setup`, so a cold build (~6 min on 2 cores) delays nothing else. The
// integration-v124 project's globalSetup starts it in the background at the start of a run; its
// test files wait for it (ensureKube124Binaries) before starting servers.
//
// Every caller runs this file under `flock` on one lock file, so parallel processes share one
// build and later ones only re-hash. flock(1) rather than a lock directory: the kernel releases
// the lock when its holder dies, so a killed build leaves nothing stale behind to wait out.
//
// Usage as a script: `node test/harness/kube-1.24/ensure-binaries.ts` (prints the binary paths).

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool, ToolError } from '../run-tool.ts';
import { BIN_DIR, binaryPath, ensureGoBinaries, KUBE_1_24_BUILD } from '../setup-go.ts';

export const KUBE_1_24_APISERVER = binaryPath('kube-apiserver-1.24');
export const KUBE_1_24_KUBECTL = binaryPath('kubectl-1.24');

const LOCK_FILE = binaryPath('kube-1.24.lock');
const THIS_FILE = fileURLToPath(import.meta.url);
/** The argument that marks the copy of this script running under the lock. */
const LOCKED = '--locked';
const LOW_PRIORITY = '--low-priority';

export class Kube124BuildError extends Error {
  override readonly name = 'Kube124BuildError';
}

export interface Kube124Binaries {
  readonly apiserver: string;
  readonly kubectl: string;
  /** What the locked build printed (empty when the binaries were current). */
  readonly output: string;
  /** Wall time of the call, waiting for another process's build included. */
  readonly seconds: number;
}

/**
 * Returns the 1.24 binaries once they are current, building them first when needed, or waiting
 * for the process that is building them. A failed build rejects with the Go compiler's output.
 */
export async function ensureKube124Binaries(options: { lowPriority?: boolean } = {}): Promise<Kube124Binaries> {
  const started = performance.now();
  await mkdir(BIN_DIR, { recursive: true });
  const args = [LOCK_FILE, process.execPath, THIS_FILE, LOCKED, ...(options.lowPriority === true ? [LOW_PRIORITY] : [])];
  try {
    const { stdout } = await runTool('flock', args, { what: `building ${KUBE_1_24_BUILD.binaries.map((b) => b.name).join(', ')}` });
    return { apiserver: KUBE_1_24_APISERVER, kubectl: KUBE_1_24_KUBECTL, output: stdout.trim(), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const detail = error instanceof ToolError ? error.stderr.trim() || error.stdout.trim() : String(error);
    throw new Kube124BuildError(`the Kubernetes 1.24 binaries could not be built (${KUBE_1_24_BUILD.moduleDir}):\n${detail}`, {
      cause: error,
    });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === THIS_FILE) {
  const log = (line: string): void => console.log(`[kube-1.24] ${line}`);
  try {
    if (process.argv.includes(LOCKED)) {
      // Under the lock: another process may have just built them, in which case this only hashes.
      await ensureGoBinaries(KUBE_1_24_BUILD, log, { lowPriority: process.argv.includes(LOW_PRIORITY) });
    } else {
      const binaries = await ensureKube124Binaries();
      if (binaries.output !== '') console.log(binaries.output);
      console.log(`${binaries.apiserver}\n${binaries.kubectl}\n(${binaries.seconds.toFixed(1)} s)`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
